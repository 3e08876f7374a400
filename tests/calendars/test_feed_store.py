"""Rendered VEVENTs shared by every process through the database (``planner.calendars.store``):
a process that starts serves its first feed from what another process rendered, sees every
change at once, never reuses text of another site or of other code, and stores alongside
other processes without failing; beat forgets the rows no longer read."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder

from planner.calendars import service, store, views
from planner.calendars.models import RenderedComponent
from planner.calendars.service import Feed, component_cache, render_feed, site_from_config
from planner.calendars.tasks import forget_stale_components
from planner.db import utcnow
from planner.events.models import Event
from planner.extensions import db
from planner.members.models import Membership, Organisation
from tests.conftest import event_payload, make_app, row_count
from tests.support.meetings import feed_path
from tests.support.queries import counted_statements

PUBLIC = "/calendar/public.ics"


def published(api, count: int) -> list[dict]:
    events = []
    for n in range(count):
        event = api.post("/events", event_payload(title=f"Seminar {n}")).json
        assert api.post(f"/events/{event['id']}/publish").status_code == 200
        events.append(event)
    return events


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The ids of the meetings rendered (not read from a cache or the store)."""
    rendered: list[int] = []
    render = service._render

    def counted(event, meeting, site, with_sessions):
        rendered.append(meeting.id)
        return render(event, meeting, site, with_sessions)

    monkeypatch.setattr(service, "_render", counted)
    return rendered


def another_process(app, tmp_path, **config):
    """An app on the same database, as a new worker or host starts: nothing cached."""
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, **config)


def test_a_new_process_serves_what_another_rendered_without_rendering(
    app, api, meeting, tmp_path, renders
):
    published(api, 2)
    client = app.test_client()
    public = client.get(PUBLIC).data
    delegate_path = feed_path(api, meeting["delegates"][0])
    personal = client.get(delegate_path).data
    assert len(renders) == 4  # three public meetings, and one with its sessions
    assert row_count(RenderedComponent) == 4  # three public meetings, and one with sessions
    renders.clear()

    other = another_process(app, tmp_path)
    with other.app_context():
        assert other.test_client().get(PUBLIC).data == public
        served = other.test_client().get(delegate_path).data
    assert served == personal and served.count(b"BEGIN:VEVENT") == 3  # with its 2 sessions
    assert renders == []


def test_after_a_deploy_warm_feeds_leaves_no_first_render_to_a_reader(
    app, api, meeting, tmp_path, renders, monkeypatch
):
    published(api, 2)
    delegate_path = feed_path(api, meeting["delegates"][0])
    monkeypatch.setattr(store, "rendering_version", lambda: "the code just deployed")
    cli = app.test_cli_runner()

    warmed = cli.invoke(args=["planner", "warm-feeds"])
    assert warmed.exit_code == 0, warmed.output
    # three public meetings; the one with delegates also as their feeds show it
    assert "4 meeting(s) rendered, 0 stored already" in warmed.output
    assert len(renders) == 4
    assert (
        "0 meeting(s) rendered, 4 stored already"
        in cli.invoke(args=["planner", "warm-feeds"]).output
    )
    renders.clear()

    other = another_process(app, tmp_path)
    with other.app_context():
        public = other.test_client().get(PUBLIC).data
        personal = other.test_client().get(delegate_path).data
    assert renders == []
    assert public.count(b"BEGIN:VEVENT") == 3
    assert personal.count(b"BEGIN:VEVENT") == 3  # the meeting and its two sessions


def test_a_change_is_seen_at_once_by_a_process_that_starts_after_it(app, api, tmp_path, renders):
    first, _second = published(api, 2)
    assert b"Seminar 0" in app.test_client().get(PUBLIC).data
    api.patch(f"/events/{first['id']}", {"title": "Renamed seminar"})
    renders.clear()

    other = another_process(app, tmp_path)
    with other.app_context():
        body = other.test_client().get(PUBLIC).data
    assert b"Renamed seminar" in body and b"Seminar 0" not in body and b"Seminar 1" in body
    assert renders == [first["id"]]  # the other meeting's text came from the store


def test_another_site_or_other_code_renders_its_own_text(app, api, tmp_path, renders, monkeypatch):
    published(api, 2)
    ours = app.test_client().get(PUBLIC).data
    renders.clear()

    elsewhere = another_process(app, tmp_path, PLANNER_BASE_URL="https://calendar.example.org")
    with elsewhere.app_context():
        theirs = elsewhere.test_client().get(PUBLIC).data
    assert len(renders) == 2 and b"@calendar.example.org" in theirs
    assert b"@calendar.example.org" not in ours

    renders.clear()
    monkeypatch.setattr(store, "rendering_version", lambda: "code deployed later")
    other = another_process(app, tmp_path)
    with other.app_context():
        assert other.test_client().get(PUBLIC).data == ours
    assert len(renders) == 2
    assert row_count(RenderedComponent) == 6


def test_the_reader_has_the_feed_before_it_is_stored(app, api):
    """As a WSGI server serves it: the body is sent, then the response closed; the rows are
    written only then, so the reader of a first render does not wait for the write."""
    published(api, 2)
    statuses: list[str] = []
    environ = EnvironBuilder(path=PUBLIC).get_environ()
    served = app.wsgi_app(environ, lambda status, headers: statuses.append(status))
    body = b"".join(served)
    assert statuses == ["200 OK"] and body.count(b"BEGIN:VEVENT") == 2
    assert row_count(RenderedComponent) == 0
    served.close()  # type: ignore[attr-defined]
    assert row_count(RenderedComponent) == 2


def test_a_store_that_cannot_commit_is_logged_after_the_feed_was_served(
    app, api, caplog, monkeypatch
):
    published(api, 1)

    def lost(*args, **kwargs):
        raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(db.session, "commit", lost)
    with caplog.at_level(logging.WARNING, logger=views.__name__):
        response = app.test_client().get(PUBLIC)
    assert response.status_code == 200 and response.data.count(b"BEGIN:VEVENT") == 1
    assert "not stored" in caplog.text


def test_statements_do_not_grow_with_the_meetings(app, api):
    site = site_from_config(app.config)
    feed = Feed("public", "public", "Network meetings")
    counts = []
    for added, count in ((2, 2), (4, 6)):
        published(api, added)
        db.session.execute(sa.delete(RenderedComponent))
        db.session.commit()
        with counted_statements() as cold:
            assert (
                render_feed(feed, site, components=component_cache()).count(b"BEGIN:VEVENT")
                == count
            )
            db.session.commit()
        with counted_statements() as fresh:
            render_feed(feed, site, components=component_cache())
        db.session.commit()
        assert row_count(RenderedComponent) == count
        counts.append((len(cold), len(fresh)))
    assert counts[0] == counts[1]
    cold_statements, fresh_statements = counts[0]
    assert fresh_statements < cold_statements


def test_a_failed_store_is_logged_and_leaves_the_transaction_usable(app, api, caplog):
    (event,) = published(api, 1)
    listed = db.session.get(Event, event["id"])
    db.session.add(
        Organisation(slug="busan", name="Busan", country="KR", city="Busan",
                     timezone="Asia/Seoul", membership=Membership.FULL)
    )  # fmt: skip
    db.session.flush()
    good = store.Stored("a" * 64, listed.id, listed.updated_at, (b"BEGIN:VEVENT\r\n", []))
    broken = store.Stored("b" * 64, listed.id, listed.updated_at, (None, []))  # NOT NULL
    with caplog.at_level(logging.WARNING, logger=store.__name__):
        store.store([good, broken])
    assert "not stored" in caplog.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
    db.session.commit()  # what the transaction did before the store is kept
    assert row_count(Organisation) == 1 and row_count(RenderedComponent) == 0


@pytest.mark.parametrize(
    "app", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_processes_storing_the_same_meetings_at_once_both_succeed(app, api, caplog):
    events = [db.session.get(Event, e["id"]) for e in published(api, 3)]
    rows = [
        store.Stored(f"{n:064d}", e.id, e.updated_at, (f"event {e.id}".encode(), []))
        for n, e in enumerate(events)
    ]
    failures: list[BaseException] = []

    def second_process() -> None:
        try:
            with app.app_context():
                store.store(reversed(rows))
                db.session.commit()
        except BaseException as error:  # reported by the test's thread
            failures.append(error)

    caplog.set_level(logging.WARNING, logger=store.__name__)
    store.store(rows)  # not committed yet: the other waits on these rows' locks
    other = threading.Thread(target=second_process)
    other.start()
    waiting = sa.text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    deadline = time.monotonic() + 60  # a bound on a busy machine, not a measurement
    with db.engine.connect() as watcher:
        while other.is_alive() and not watcher.execute(waiting).scalar():
            assert time.monotonic() < deadline, "the second store neither waited nor ended"
            time.sleep(0.02)
    db.session.commit()
    other.join(timeout=60)
    assert not other.is_alive() and failures == []
    assert [r for r in caplog.records if r.name == store.__name__] == []
    stored = db.session.scalars(sa.select(RenderedComponent.vevent).order_by("key")).all()
    assert stored == [f"event {e.id}".encode() for e in events]


def test_beat_forgets_rows_of_changed_or_deleted_meetings_and_old_ones(app, api):
    first, second = (db.session.get(Event, e["id"]) for e in published(api, 2))
    now = utcnow()

    def row(key: str, event_id: int, updated_at, created_at) -> RenderedComponent:
        return RenderedComponent(
            key=key, event_id=event_id, event_updated_at=updated_at, vevent=b"x",
            created_at=created_at,
        )  # fmt: skip

    db.session.add_all([
        row("current", first.id, first.updated_at, now),
        row("current, with sessions", second.id, second.updated_at, now - timedelta(days=29)),
        row("changed since", first.id, first.updated_at - timedelta(minutes=1), now),
        row("deleted meeting", 999_999, first.updated_at, now),
        row("too old", second.id, second.updated_at, now - store.KEEP - timedelta(hours=1)),
    ])  # fmt: skip
    db.session.commit()
    assert forget_stale_components.apply().get() == 3
    kept = db.session.scalars(sa.select(RenderedComponent.key).order_by("key")).all()
    assert kept == ["current", "current, with sessions"]
    beat = app.extensions["celery"].conf.beat_schedule.values()
    assert "tasks.calendars.forget_stale_components" in {entry["task"] for entry in beat}
