"""Cached API answers are reused until any committed change, from any process."""

from __future__ import annotations

import sqlalchemy as sa

from planner.auth.models import User
from planner.auth.service import create_user
from planner.caching import current_data_version
from planner.events.models import Event
from planner.extensions import db
from tests.conftest import PASSWORD, event_payload, make_app
from tests.support.queries import counted_statements


def test_repeated_list_is_served_from_cache_until_a_write(api):
    created = api.post("/events", event_payload(title="Before")).json
    first = api.get("/events")
    with counted_statements() as statements:
        again = api.get("/events")
    assert again.data == first.data
    # The token check and the data version; no event query.
    assert not any("FROM events" in s for s in statements)

    api.patch(f"/events/{created['id']}", {"title": "After"})
    assert api.get("/events").json["items"][0]["title"] == "After"


def test_a_write_outside_the_api_invalidates_too(api):
    created = api.post("/events", event_payload(title="Before")).json
    assert api.get("/events").json["items"][0]["title"] == "Before"
    version = current_data_version()

    # Another process (the worker, a script) changes the row through its own session.
    db.session.execute(sa.update(Event).where(Event.id == created["id"]).values(title="Moved"))
    db.session.commit()

    assert current_data_version() != version
    assert api.get("/events").json["items"][0]["title"] == "Moved"


def test_a_rolled_back_change_keeps_the_version(api):
    api.post("/events", event_payload())
    version = current_data_version()
    db.session.execute(sa.update(Event).values(title="Never"))
    db.session.rollback()
    assert current_data_version() == version


def test_a_request_needs_one_connection_to_write_and_read_the_version(app, tmp_path):
    """The bump after a write and a read of the version while the request holds its
    connection once each took a second one: 15 concurrent writers emptied the pool."""
    one_connection = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.5}
    served = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, SQLALCHEMY_ENGINE_OPTIONS=one_connection
    )
    with served.app_context():
        create_user("someone@test.example", PASSWORD)
        db.session.commit()
        db.session.scalar(sa.select(User.id))  # the request's connection, held
        assert current_data_version() is not None
        db.session.remove()
        db.engine.dispose()


def test_sign_in_attempts_leave_every_cache_valid(api):
    """Anyone can send them by the thousand: each once made every cached answer stale."""
    version = current_data_version()
    wrong = {"email": "organiser@test.example", "password": "not the password"}
    assert api.client.post("/api/v1/auth/token", json=wrong).status_code == 401
    right = {"email": "organiser@test.example", "password": PASSWORD}
    assert api.client.post("/api/v1/auth/token", json=right).status_code == 201
    assert current_data_version() != version  # a new token is a change
    version = current_data_version()
    assert api.client.post("/api/v1/auth/token", json=wrong).status_code == 401
    assert current_data_version() == version
