"""Health checks of the services a process depends on, each answered within a few seconds.

``/healthz`` runs all of them (database, broker, file storage): a monitor's question, "can
this host do its work?". ``/readyz`` asks only what decides whether a load balancer should
send it requests: the database answers, and its schema is the one this code was written for
(a web process started before the migration job finished is not ready).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from celery import Celery
from flask import current_app

from planner.extensions import db
from planner.uploads.service import storage

log = logging.getLogger(__name__)
#: Seconds the broker check waits for a connection.
BROKER_TIMEOUT = 3.0


@dataclass(frozen=True)
class Outcome:
    """One check: whether it passed, how long it took, and if not, what kind of failure (the
    exception's class only: its text can name hosts and addresses, which go to the log)."""

    name: str
    ok: bool
    milliseconds: float
    error: str | None = None

    def as_json(self) -> dict:
        answer: dict = {"ok": self.ok, "ms": round(self.milliseconds, 1)}
        if self.error:
            answer["error"] = self.error
        return answer


def _timed(name: str, check: Callable[[], None]) -> Outcome:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # any failure is the answer, not a 500
        log.warning("health check %s failed: %r", name, error)
        return Outcome(name, False, (time.perf_counter() - started) * 1000, type(error).__name__)
    return Outcome(name, True, (time.perf_counter() - started) * 1000)


def _database() -> None:
    db.session.execute(sa.text("SELECT 1"))
    db.session.rollback()


def _broker() -> None:
    celery: Celery = current_app.extensions["celery"]
    with celery.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)


def _storage() -> None:
    """A file written, read back and deleted: what an upload or a pack run will need."""
    where, key, data = storage(), f"healthz{secrets.token_hex(8)}", b"ok"
    where.write(key, data)
    try:
        with where.open(key) as stored:
            if stored.read() != data:
                raise OSError("storage returned other bytes than were written")
    finally:
        where.delete(key)


def health() -> list[Outcome]:
    return [
        _timed("database", _database),
        _timed("broker", _broker),
        _timed("storage", _storage),
    ]


@cache
def expected_revision(migrations: str) -> str | None:
    """The newest migration this code carries (its Alembic head)."""
    script = ScriptDirectory(migrations)
    return script.get_current_head()


def readiness() -> list[Outcome]:
    """The database answers and is at this code's migration."""
    migrations = str(Path(__file__).resolve().parents[1] / "migrations")

    def schema() -> None:
        try:
            found = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        except sa.exc.DBAPIError:
            found = None  # never migrated
        finally:
            db.session.rollback()
        expected = expected_revision(migrations)
        if found != expected:
            raise SchemaNotCurrent(f"database at {found}, code at {expected}")

    return [_timed("database", _database), _timed("schema", schema)]


class SchemaNotCurrent(Exception):
    """The database's migration is not this code's: ``flask db upgrade`` has not run (yet)."""
