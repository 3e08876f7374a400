"""Nothing grows without bound: every list a client sends is capped, in the API document and
in the services (one bulk pack run per meeting at a time, and a run's files deleted after
the retention period: tests/packs/test_jobs.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from planner.errors import Invalid
from planner.events import service as events
from planner.events.models import Event
from planner.extensions import db
from tests.support.api_helpers import assert_error, row_counts

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
    # The body is refused before any lookup: ids of nothing are enough for the rest.
    ids.update(vote_id=1, item_id=1, token="not-a-link")
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
