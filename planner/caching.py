"""Rendered responses kept per process and keyed by the database's data version.

Any committed change to any table gives the database a new random *data version*; a reader
fetches the current one with a single-row query and reuses what it rendered under the same
version. Both happen on the connection the request already holds: a writer bumps the version
as the last statement of its own transaction (so the version changes exactly when its data
does), and a reader in a transaction reads it there. Taking a second pooled connection
instead, while holding one, let 15 concurrent writers each hold one connection and wait for
another until the pool's timeout (500s for everyone, issue 11). The version row is then
locked from a writer's bump to its commit, one round trip, which concurrent writers queue
on; entries also expire after ``MAX_AGE`` as a bound on anything missed.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections import OrderedDict
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from planner.db import UTCDateTime, listen_once, utcnow
from planner.extensions import Model, db

MAX_AGE = 300.0  # seconds
MAX_ENTRIES = 512
_CHANGED = "planner.data_changed"
_BUMPED = "planner.data_version_bumped"


class DataVersion(Model):
    """One row: the version of everything; a fresh random token after each committed write,
    and when that was (the Last-Modified of everything rendered from it)."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Version(NamedTuple):
    token: str
    changed_at: datetime


def read_data_version() -> Version | None:
    """None when no write has been recorded yet: then nothing may be cached.

    Inside the request's transaction when it has one (never a second connection at once);
    otherwise in autocommit, which on PostgreSQL is one round trip instead of BEGIN, SELECT
    and ROLLBACK, most of the cost of a cached answer.
    """
    query = sa.select(DataVersion.token, DataVersion.changed_at).where(DataVersion.name == "all")
    if db.session().in_transaction():
        row = db.session.execute(query).first()
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            row = connection.execute(query).first()
    return Version(*row) if row else None


# Per engine: (the version read, when it was read).
_recent: dict[sa.Engine, tuple[Version | None, float]] = {}


def recent_data_version(max_age: float) -> Version | None:
    """The data version as read at most ``max_age`` seconds ago by this process.

    For answers whose readers tolerate that delay from writes made by *other* processes
    (calendar clients poll hourly); this process's own commits are seen at once, since they
    forget what was read.
    """
    engine = db.engine
    version, read_at = _recent.get(engine, (None, -max_age - 1.0))
    if time.monotonic() - read_at > max_age:
        version = read_data_version()
        _recent[engine] = (version, time.monotonic())
    return version


def forget_recent_versions() -> None:
    """Read the version afresh next time (after writes that bypassed the session)."""
    _recent.clear()


def current_data_version() -> str | None:
    version = read_data_version()
    return version.token if version else None


def _bump_statement(dialect: Any) -> sa.Insert:
    """INSERT … ON CONFLICT of the version row, in ``dialect``'s words."""
    statement = dialect.insert(DataVersion).values(
        name="all", token=sa.bindparam("token"), changed_at=sa.bindparam("changed_at")
    )
    return statement.on_conflict_do_update(
        index_elements=["name"],
        set_={"token": statement.excluded.token, "changed_at": statement.excluded.changed_at},
    )


# Built once per dialect: every write commits one.
_BUMPS = {"sqlite": _bump_statement(sqlite), "postgresql": _bump_statement(postgresql)}


def bump_data_version(connection: sa.Connection) -> None:
    """A new version, in the transaction of ``connection``; the row is created by the first
    writer (INSERT … ON CONFLICT, so two first writers at once cannot collide)."""
    # Whole seconds: HTTP dates (Last-Modified, If-Modified-Since) carry no fraction.
    values = {"token": secrets.token_hex(16), "changed_at": utcnow().replace(microsecond=0)}
    connection.execute(_BUMPS[connection.dialect.name], values)


# Models that no cached answer is rendered from.
_UNCACHED: set[type] = set()


def not_cached(model: type) -> type:
    """Class decorator: writes to this model leave the data version alone (sign-in attempts,
    which anyone can send by the thousand, then evict no cache and queue on no row)."""
    _UNCACHED.add(model)
    return model


def _note_flushed_changes(session: Session, _context: Any) -> None:
    changed = itertools.chain(session.new, session.dirty, session.deleted)
    if any(type(row) not in _UNCACHED for row in changed):
        session.info[_CHANGED] = True


def _note_bulk_changes(state: Any) -> None:
    mapper = state.bind_mapper  # None for a statement on a bare table
    if (state.is_update or state.is_delete) and (mapper is None or mapper.class_ not in _UNCACHED):
        state.session.info[_CHANGED] = True


def track_changes() -> None:
    """Every session's commit renews the data version when it changed cached rows (called
    by create_app)."""
    listen_once(Session, "after_flush", _note_flushed_changes)
    listen_once(Session, "do_orm_execute", _note_bulk_changes)
    listen_once(Session, "before_commit", _bump_before_commit)
    listen_once(Session, "after_commit", _forget_recent_after_commit)
    listen_once(Session, "after_rollback", _forget_rolled_back)


def note_change(session: Session) -> None:
    """For bulk INSERTs that may write nothing (ON CONFLICT DO NOTHING): their caller says
    when rows were written, so a pass that wrote none leaves every cache valid."""
    session.info[_CHANGED] = True


def _bump_before_commit(session: Session) -> None:
    """The last statement of a transaction that changed something: flush what is pending
    (commit would), then bump the version on the same connection."""
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump_data_version(session.connection())
        session.info[_BUMPED] = True


def _forget_recent_after_commit(session: Session) -> None:
    """Once committed, this process reads the new version at its next request (not after
    ``recent_data_version``'s delay)."""
    if session.info.pop(_BUMPED, False):
        bind = session.get_bind()
        # Versions are kept per engine; a session bound to a connection has none to forget.
        if isinstance(bind, sa.Engine):
            _recent.pop(bind, None)


def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)
    session.info.pop(_BUMPED, None)


class LruCache:
    """A small per-process LRU whose entries also expire; keys carry the data version."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()

    def get(self, key: tuple) -> Any | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] > self.max_age:
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: tuple, value: Any) -> None:
        self._entries[key] = (time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
