"""64 writers at once against real servers: every request answered as expected, none a 500.

Each write once took a second pooled connection (for the data version) while holding its
own, so 16 at once left every slot waiting for another and the server stalled for the pool's
30 s timeout. The servers here run as deployed: ``flask run`` on SQLite (``make run``) and
gunicorn with threads on PostgreSQL. How long the answers take is ``bench/concurrent_writes.py``'s
measure, not a test's.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

import pytest

from bench.concurrent_writes import GUNICORN_THREADS, fire, load
from bench.support import flask_run, gunicorn
from planner.auth.models import UserRole
from planner.auth.service import create_user, issue_token
from planner.extensions import db
from tests.conftest import PASSWORD, make_app, throwaway_postgres


def _organiser_token(database_url: str, tmp_path) -> str:
    """An empty database with an organiser whose bearer token the writers use."""
    app = make_app(database_url, tmp_path)
    with app.app_context():
        db.create_all()
        user = create_user("organiser@load.example", PASSWORD, UserRole.ORGANISER)
        token, _ = issue_token(user, timedelta(hours=1))
        db.session.commit()
        db.engine.dispose()
    return token


def _server_environment(database_url: str, tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test",
        "PLANNER_INSTANCE_PATH": str(tmp_path),
        "CELERY_BROKER_URL": "memory://",
    }


def _assert_all_answered(base: str, token: str) -> None:
    outcomes = fire(base, token, load())
    unexpected = Counter(
        (outcome.request.kind, outcome.status) for outcome in outcomes if not outcome.as_expected
    )
    assert not unexpected, f"(kind, status): count of unexpected answers: {dict(unexpected)}"
    # All sign-ins come from one address: they take turns, and exactly the limit is checked.
    checked = sum(1 for outcome in outcomes if outcome.status == 401)
    assert checked == 5


def test_make_run_on_sqlite_answers_every_concurrent_writer(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'load.db'}"
    token = _organiser_token(database_url, tmp_path)
    with flask_run(_server_environment(database_url, tmp_path)) as base:
        _assert_all_answered(base, token)


@pytest.mark.postgres
def test_gunicorn_on_postgres_answers_every_concurrent_writer(tmp_path):
    assert GUNICORN_THREADS > 15  # more requests at once than a worker's pool has connections
    with throwaway_postgres("planner_load") as database_url:
        token = _organiser_token(database_url, tmp_path)
        with gunicorn("wsgi:app", _server_environment(database_url, tmp_path),
                      threads=GUNICORN_THREADS) as base:  # fmt: skip
            _assert_all_answered(base, token)
