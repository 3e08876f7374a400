"""Nothing grows without bound: every list a client sends is capped (in the API document and
in the services), a meeting has one bulk pack run at a time, and a run's files are deleted
after the retention period, the job then saying so."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from planner.auth.models import UserRole
from planner.errors import Invalid
from planner.events import service as events
from planner.events.models import Event
from planner.extensions import db
from planner.packs import jobs
from planner.packs.models import PackJob
from tests.support.api_helpers import assert_error, row_counts
from tests.support.pack_fixtures import start_pack_run
from tests.support.pages import signed_in_client

# Capped lists ---------------------------------------------------------------------------------


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _arrays(document: dict, schema: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every array a client may send inside ``schema``: (its path of property names, itself)."""
    schema = _resolve(document, schema)
    found = []
    for name, prop in schema.get("properties", {}).items():
        prop = _resolve(document, prop)
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "array":
            found.append(((*path, name), prop))
            found += _arrays(document, prop["items"], (*path, name, 0))
        elif prop.get("type") == "object" or "properties" in prop:
            found += _arrays(document, prop, (*path, name))
    return found


def _request_arrays(document: dict) -> list[tuple[str, str, tuple, dict]]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                for field, array in _arrays(document, media["schema"]):
                    found.append((method.upper(), path, field, array))
    return found


def _example(document: dict, schema: dict, index: int) -> Any:
    """A valid item, different for each index (list items may have to be unique)."""
    schema = _resolve(document, schema)
    if schema.get("type") == "integer":
        return index + 1
    if schema.get("type") == "object":
        return {"name": f"Room {index}"}
    return "ko"


def test_every_array_a_client_sends_has_max_items(app, api):
    document = api.get("/openapi.json").json
    arrays = _request_arrays(document)
    assert arrays, "the document names no array at all"
    uncapped = [(m, p, f) for m, p, f, array in arrays if "maxItems" not in array]
    assert not uncapped, uncapped


def test_one_item_over_the_cap_is_422_naming_the_field(app, api, venue, event, delegate):
    document = api.get("/openapi.json").json
    ids = {"event_id": event["id"], "venue_id": venue["id"]}
    session = api.post(f"/events/{event['id']}/sessions", {
        "title": "Plenary", "kind": "plenary",
        "starts_at": event["starts_at"], "ends_at": event["ends_at"],
    }).json  # fmt: skip
    ids["session_id"] = session["id"]
    before = row_counts()
    for method, path, field, array in _request_arrays(document):
        items = [_example(document, array["items"], i) for i in range(array["maxItems"] + 1)]
        body: Any = items
        for name in reversed(field):
            body = {name: body}
        response = api.request(method, path.removeprefix("/api/v1").format(**ids), body)
        assert_error(response, 422, field=field[0])
    assert row_counts() == before


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda ids: events.create_event({
            "kind": "seminar", "title": "Seminar", "timezone": "UTC",
            "starts_at": datetime(2027, 1, 1, tzinfo=UTC),
            "ends_at": datetime(2027, 1, 2, tzinfo=UTC), "languages": ["ko"] * 21,
        }), "languages"),
        (lambda ids: events.create_venue({
            "name": "Hall", "timezone": "UTC",
            "rooms": [{"name": f"Room {i}"} for i in range(101)],
        }), "rooms"),
        (lambda ids: events.add_session(db.session.get(Event, ids["event"]), {
            "title": "Panel", "kind": "panel", "speaker_ids": list(range(1, 102)),
        }), "speaker_ids"),
    ],
    ids=["languages", "rooms", "speakers"],
)  # fmt: skip
def test_the_services_cap_lists_too(app, event, call, field):
    before = row_counts()
    with pytest.raises(Invalid) as refused:
        call({"event": event["id"]})
    assert "at most" in refused.value.fields[field][0]
    db.session.rollback()
    assert row_counts() == before


# One run at a time ----------------------------------------------------------------------------


def test_a_second_run_while_one_is_under_way_answers_that_run(app, api, assembly):
    event_id = assembly["event"]["id"]
    first = start_pack_run(api, event_id)
    again = api.post(f"/events/{event_id}/packs")
    assert again.status_code == 200, again.json
    assert again.json["id"] == first["id"] and again.json["state"] == "queued"
    assert again.headers["Location"].endswith(f"/api/v1/jobs/{first['id']}")
    browser = signed_in_client(app, UserRole.ORGANISER)
    page = browser.post(f"/meetings/{event_id}/packs", data={"paper": "a4"})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"job={first['id']}")
    assert db.session.query(PackJob).count() == 1


def test_two_runs_asked_for_at_once_make_one(app, api, assembly):
    event_id = assembly["event"]["id"]
    barrier = threading.Barrier(4)
    answers: list = []

    def start() -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(
                f"/api/v1/events/{event_id}/packs", headers={"Authorization": f"Bearer {api.token}"}
            )
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [200, 200, 200, 202], answers
    assert len({body["id"] for _, body in answers}) == 1
    db.session.expire_all()
    assert db.session.query(PackJob).count() == 1


def test_a_new_run_may_start_once_the_last_one_finished(app, api, assembly):
    event_id = assembly["event"]["id"]
    first = start_pack_run(api, event_id)
    jobs.fail(first["id"], "test")
    assert start_pack_run(api, event_id)["id"] != first["id"]


# Retention ------------------------------------------------------------------------------------


def _expire_pack_runs(app) -> None:
    """What beat runs, as this app's worker would."""
    app.extensions["celery"].tasks["tasks.packs.expire_pack_runs"]()


def _finished_run(api, assembly) -> str:
    job_id = start_pack_run(api, assembly["event"]["id"])["id"]
    jobs.make_badge_sheet(job_id)
    for part in jobs.chunks(job_id):
        jobs.make_packs(job_id, part)
    jobs.assemble(job_id)
    return job_id


def test_run_files_are_deleted_after_the_retention_and_the_job_says_so(app, api, assembly):
    job_id = _finished_run(api, assembly)
    folder = jobs.job_dir(job_id)
    files = sorted(path.name for path in folder.iterdir())
    assert files == ["badges.pdf", "packs-print.pdf", "packs.zip"]
    assert api.get(f"/jobs/{job_id}/files/packs.zip").status_code == 200

    _expire_pack_runs(app)  # a fresh run is kept
    assert folder.is_dir() and api.get(f"/jobs/{job_id}").json["state"] == "done"

    retention = app.config["PACK_RUN_RETENTION_DAYS"]
    job = db.session.get(PackJob, job_id)
    job.finished_at = datetime.now(UTC) - timedelta(days=retention, minutes=1)
    db.session.commit()
    _expire_pack_runs(app)

    assert not folder.exists()
    report = api.get(f"/jobs/{job_id}").json
    assert report["state"] == "expired" and report["result"] is None
    for name in files:
        error = assert_error(api.get(f"/jobs/{job_id}/files/{name}"), 410, code="gone")
        assert "deleted" in error["message"]
    page = signed_in_client(app, UserRole.ORGANISER).get(
        f"/meetings/{assembly['event']['id']}/packs"
    )
    html = page.get_data(as_text=True)
    assert "files deleted" in html and f"deleted {retention} days after" in html
    assert "packs.zip" not in html


def test_a_run_no_worker_finished_stops_holding_the_meeting(app, api, assembly):
    event_id = assembly["event"]["id"]
    stuck = start_pack_run(api, event_id)["id"]
    _expire_pack_runs(app)  # a run just queued is left alone
    assert api.post(f"/events/{event_id}/packs").json["id"] == stuck
    job = db.session.get(PackJob, stuck)
    job.created_at -= timedelta(minutes=app.config["PACK_RUN_TIMEOUT_MINUTES"] + 1)
    db.session.commit()
    _expire_pack_runs(app)
    assert api.get(f"/jobs/{stuck}").json["state"] == "failed"
    assert start_pack_run(api, event_id)["id"] != stuck


def test_beat_expires_runs_by_calling_the_service(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert any(entry["task"] == "tasks.packs.expire_pack_runs" for entry in schedule.values())
    assert app.config["PACK_RUN_RETENTION_DAYS"] == 7
