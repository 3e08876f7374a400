"""The API of dues, standing and voting rules: every bad input a clear error naming the field,
with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime

from planner.extensions import db
from planner.members.models import Body, Dues
from tests.conftest import row_count
from tests.support.api_helpers import assert_error


def _put(api, path, json):
    return api.request("PUT", path, json)


def test_dues_are_recorded_listed_replaced_and_deleted(api, organisation):
    dues = f"/organisations/{organisation['id']}/dues"
    created = api.post(dues, {"year": 2025, "status": "paid", "amount": 2000})
    assert created.status_code == 201, created.json
    assert created.json == {"year": 2025, "status": "paid", "amount": 2000, "currency": "USD",
                            "reason": None}  # fmt: skip
    # POST for a year that has a record: 409 naming the year; PUT replaces it.
    assert_error(api.post(dues, {"year": 2025, "status": "outstanding"}), 409, field="year")
    replaced = _put(api, f"{dues}/2025", {"status": "waived", "reason": "Typhoon damage"})
    assert replaced.status_code == 200, replaced.json
    assert replaced.json["status"] == "waived"
    assert _put(api, f"{dues}/2024", {"status": "outstanding", "amount": 2000}).status_code == 200
    listed = api.get(dues).json
    assert listed["total"] == 2
    assert [d["year"] for d in listed["items"]] == [2025, 2024]
    standing = api.get(f"/organisations/{organisation['id']}/standing?on=2026-05-01").json
    assert standing["in_good_standing"] is False
    assert standing["shortfalls"] == ["dues-outstanding"]
    assert standing["outstanding_years"] == [2024]
    assert api.delete(f"{dues}/2024").status_code == 204
    assert_error(api.delete(f"{dues}/2024"), 404)
    standing = api.get(f"/organisations/{organisation['id']}/standing?on=2026-05-01").json
    assert (standing["in_good_standing"], standing["dues_year"]) == (True, 2025)


def test_bad_dues_are_refused_naming_the_field_and_nothing_is_written(api, organisation):
    dues = f"/organisations/{organisation['id']}/dues"
    next_year = datetime.now(UTC).year + 1
    for payload, field in (
        ({"year": next_year, "status": "paid"}, "year"),
        ({"year": 2025, "status": "paid", "amount": -5}, "amount"),
        ({"year": 2025, "status": "waived"}, "reason"),
        ({"year": 2025, "status": "waived", "reason": " "}, "reason"),
        ({"year": 2025, "status": "late"}, "status"),
        ({"year": "2025", "status": "paid"}, "year"),
        ({"year": 2025, "status": "paid", "currency": "dollars"}, "currency"),
    ):
        assert_error(api.post(dues, payload), 422, field=field)
    assert_error(_put(api, f"{dues}/{next_year}", {"status": "paid"}), 422, field="year")
    assert_error(_put(api, f"{dues}/2025", {"status": "paid", "amount": -1}), 422, field="amount")
    assert row_count(Dues) == 0
    assert_error(api.post("/organisations/999999/dues", {"year": 2025, "status": "paid"}), 404)
    assert_error(api.get("/organisations/999999/dues"), 404)
    assert_error(api.get("/organisations/999999/standing"), 404)


def test_viewers_read_anonymous_nothing(api, viewer_api, anonymous_api, organisation):
    dues = f"/organisations/{organisation['id']}/dues"
    assert api.post(dues, {"year": 2025, "status": "paid"}).status_code == 201
    assert viewer_api.get(dues).status_code == 200
    assert viewer_api.get(f"/organisations/{organisation['id']}/standing").status_code == 200
    assert_error(viewer_api.post(dues, {"year": 2024, "status": "paid"}), 403)
    assert_error(_put(viewer_api, f"{dues}/2025", {"status": "outstanding"}), 403)
    assert_error(viewer_api.delete(f"{dues}/2025"), 403)
    assert_error(viewer_api.patch("/bodies/x", {"voting_rule": "current-seats"}), 403)
    assert_error(anonymous_api.get(dues), 401)
    assert_error(anonymous_api.post(dues, {"year": 2024, "status": "paid"}), 401)
    assert row_count(Dues) == 1


def test_a_bodys_voting_rule_is_read_and_changed(api):
    db.session.add(Body(slug="general-assembly", name="General Assembly"))
    db.session.commit()
    assert api.get("/bodies/general-assembly").json["voting_rule"] == "good-standing"
    changed = api.patch("/bodies/general-assembly", {"voting_rule": "current-seats"})
    assert changed.status_code == 200, changed.json
    assert api.get("/bodies/general-assembly").json["voting_rule"] == "current-seats"
    assert_error(api.patch("/bodies/general-assembly", {"voting_rule": "all"}), 422,
                 field="voting_rule")  # fmt: skip
    assert_error(api.patch("/bodies/nobody", {"voting_rule": "current-seats"}), 404)
