"""Fixtures: the app on SQLite and on PostgreSQL, an API client with a token, factories.

Every test that uses ``app`` runs twice, once per database. PostgreSQL is found through
``TEST_POSTGRES_URL`` (or a ``postgresql`` ``DATABASE_URL``, or the local default); when it
cannot be reached the PostgreSQL half is skipped, unless ``REQUIRE_SERVICES=1`` (CI), where
that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import stamp

from planner import create_app
from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.caching import forget_recent_versions
from planner.extensions import db

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
# The compose stack's scenario takes minutes and a Docker daemon: `make compose-test` runs it
# by name (pytest tests/compose), the whole suite leaves it out.
collect_ignore = ["compose"]
PASSWORD = "correct horse battery staple"


def _postgres_admin_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/test"
    return url.replace("postgresql+psycopg://", "postgresql://")


def service_missing(what: str, error: Exception) -> None:
    """Skip, or fail when CI requires every service."""
    message = f"{what} unavailable: {error}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def throwaway_postgres(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (its SQLAlchemy URL), dropped afterwards."""
    admin_url = _postgres_admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        service_missing("PostgreSQL", error)
    base = admin_url.rpartition("/")[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The PostgreSQL database of this test run's session-wide app."""
    with throwaway_postgres("planner_test") as url:
        yield url


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with its profile for tests: real hashing in a fraction of a millisecond, where
    the production cost (a quarter of a second here) would weigh on every test that signs
    someone in."""
    from planner.auth import service

    production = service._hasher
    service._hasher = PasswordHasher.from_parameters(CHEAPEST)
    yield
    service._hasher = production


# Apps made by tests (not the session-wide ``app``): their pooled connections are closed when
# the test ends, rather than left to the garbage collector.
_made_apps: list[Flask] = []


class ClosingClient(FlaskClient):
    """A test client that reads each answer whole and closes it, as a WSGI server does: a file
    sent with ``send_file`` is closed at once rather than when the response is collected."""

    def open(self, *args: Any, buffered: bool = True, **kwargs: Any):
        return super().open(*args, buffered=buffered, **kwargs)


def make_app(database_url: str, tmp_path, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "CELERY_BROKER_URL": "memory://",
        "PLANNER_BASE_URL": "https://planner.example",
        "INSTANCE_PATH": str(tmp_path),
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    application = create_app(config)
    application.test_client_class = ClosingClient
    _made_apps.append(application)
    return application


@pytest.fixture(autouse=True)
def _dispose_apps_made_by_the_test() -> Iterator[None]:
    yield
    while _made_apps:
        with _made_apps.pop().app_context():
            db.engine.dispose()


DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests of a module marked ``storage`` also run with their files in an S3 bucket (the
    app's "s3" parameter), unless they choose their apps themselves."""
    chosen = any(
        "app" in str(mark.args[0]) for mark in metafunc.definition.iter_markers("parametrize")
    )
    if "app" in metafunc.fixturenames and not chosen:
        s3 = [pytest.param("s3", marks=pytest.mark.s3)]
        storage = metafunc.definition.get_closest_marker("storage") is not None
        metafunc.parametrize(
            "app", DATABASES + (s3 if storage else []), indirect=True, scope="session"
        )


@pytest.fixture(scope="session")
def app(request, tmp_path_factory) -> Iterator[Flask]:
    """The app on SQLite or PostgreSQL with files in local folders, or ("s3") on SQLite with
    files in a bucket of a moto S3 server."""
    tmp = tmp_path_factory.mktemp(f"app-{request.param}")
    storage: dict[str, Any] = {}
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_database")
    else:
        url = f"sqlite:///{tmp / 'test.db'}"
    if request.param == "s3":
        from tests.support.s3 import new_bucket, s3_settings  # a plugin: registered first

        endpoint = request.getfixturevalue("s3_endpoint")
        storage = s3_settings(endpoint, new_bucket(endpoint), prefix="planner/")
    application = make_app(url, tmp, **storage)
    _made_apps.remove(application)  # lives as long as the session; disposed below
    with application.app_context():
        db.create_all()
        stamp()  # the tables made are the newest migration's: ready (/readyz) as after upgrade
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context_and_clean_tables(request) -> Iterator[None]:
    """Tests that use the app run in its context and leave every table empty."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        yield
        db.session.rollback()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        forget_recent_versions()  # those deletes went round the session
        db.session.remove()


class ApiClient:
    """The Flask test client, speaking JSON to /api/v1 with a bearer token."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client = client
        self.token = token

    def request(self, method: str, path: str, json: Any = None, headers=None, **kwargs):
        all_headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        all_headers.update(headers or {})
        return self.client.open(
            f"/api/v1{path}", method=method, json=json, headers=all_headers, **kwargs
        )

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs):
        return self.request("POST", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs):
        return self.request("PATCH", path, json, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)


def _token_for(app: Flask, email: str, role: UserRole) -> str:
    create_user(email, PASSWORD, role)
    db.session.commit()
    response = app.test_client().post(
        "/api/v1/auth/token", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 201, response.json
    return response.json["token"]


@pytest.fixture
def api(app) -> ApiClient:
    """Signed in as an organiser."""
    return ApiClient(
        app.test_client(), _token_for(app, "organiser@test.example", UserRole.ORGANISER)
    )


@pytest.fixture
def viewer_api(app) -> ApiClient:
    return ApiClient(app.test_client(), _token_for(app, "viewer@test.example", UserRole.VIEWER))


@pytest.fixture
def anonymous_api(app) -> ApiClient:
    return ApiClient(app.test_client(), None)


# Factories: through the API, as a client would.

SEOUL_MORNING = datetime(2027, 5, 11, 1, 0, tzinfo=UTC)  # 10:00 in Seoul


@pytest.fixture
def organisation(api) -> dict:
    response = api.post(
        "/organisations",
        {
            "slug": "seoul",
            "name": "Seoul Metropolitan Government",
            "native_name": "서울특별시",
            "country": "KR",
            "city": "Seoul",
            "timezone": "Asia/Seoul",
            "membership": "full",
        },
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def delegate(api, organisation) -> dict:
    response = api.post(
        "/delegates",
        {
            "full_name": "Kim Min-jun",
            "native_name": "김민준",
            "email": "minjun.kim@seoul.example",
            "organisation_id": organisation["id"],
            "language": "ko",
        },
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def venue(api) -> dict:
    response = api.post(
        "/venues",
        {
            "name": "Seoul City Hall",
            "native_name": "서울특별시청",
            "timezone": "Asia/Seoul",
            "address": "110 Sejong-daero, Jung-gu",
            "country": "KR",
            "rooms": [{"name": "Multipurpose Hall", "capacity": 400}, {"name": "Room 2"}],
        },
    )
    assert response.status_code == 201, response.json
    return response.json


def event_payload(**overrides: Any) -> dict:
    payload = {
        "kind": "seminar",
        "title": "Seminar on resilient cities",
        "starts_at": SEOUL_MORNING.isoformat(),
        "ends_at": (SEOUL_MORNING + timedelta(hours=7)).isoformat(),
        "timezone": "Asia/Seoul",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def event(api, venue) -> dict:
    response = api.post("/events", event_payload(venue_id=venue["id"]))
    assert response.status_code == 201, response.json
    return response.json


def row_count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


pytest_plugins = [
    "tests.support.s3",  # first: other plugins import it
    "tests.support.meetings",
    "tests.support.pack_fixtures",
    "tests.support.web_fixtures",
    "tests.support.browser",
    "tests.support.worker_fixtures",
    "tests.support.votes",
    "tests.support.minutes",
]
