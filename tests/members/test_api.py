"""The member directory over the API: organisations, bodies, delegates, venues and rooms."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from planner.events.models import Room, Venue
from planner.extensions import db
from planner.links import token_hash
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Membership,
    Organisation,
    SeatRole,
)
from tests.conftest import row_count
from tests.support.api_helpers import assert_error, row_counts

ORGANISATION_FIELDS = {
    "id", "slug", "name", "native_name", "country", "city", "timezone", "membership",
}  # fmt: skip
DELEGATE_FIELDS = {
    "id", "full_name", "native_name", "email", "organisation_id", "language", "timezone",
    "calendar_url",
}  # fmt: skip


def _organisation(api, slug: str, **fields) -> dict:
    payload = {
        "slug": slug,
        "name": slug.title(),
        "country": "KR",
        "timezone": "Asia/Seoul",
        "membership": "full",
    }
    payload.update(fields)
    response = api.post("/organisations", payload)
    assert response.status_code == 201, response.json
    return response.json


def _add_organisations(count: int) -> None:
    """Many rows at once, straight into the database (pagination needs more than a few)."""
    db.session.add_all(
        Organisation(
            slug=f"city-{n:03d}",
            name=f"City {n:03d}",
            country="JP",
            timezone="Asia/Tokyo",
            membership=Membership.ASSOCIATE,
        )
        for n in range(count)
    )
    db.session.commit()


# Organisations --------------------------------------------------------------------------------


def test_create_and_read_an_organisation(api, organisation):
    assert set(organisation) >= ORGANISATION_FIELDS
    assert organisation["slug"] == "seoul"
    assert organisation["native_name"] == "서울특별시"
    assert organisation["has_voting_right"] is True
    assert organisation["status"] == "active"

    response = api.get(f"/organisations/{organisation['id']}")

    assert response.status_code == 200
    assert response.json == organisation


def test_patch_an_organisation(api, organisation):
    response = api.patch(
        f"/organisations/{organisation['id']}", {"city": "Jung-gu", "status": "suspended"}
    )

    assert response.status_code == 200
    assert response.json["city"] == "Jung-gu"
    assert response.json["has_voting_right"] is False  # suspended members do not vote
    assert response.json["name"] == organisation["name"]  # untouched fields stay
    assert api.get(f"/organisations/{organisation['id']}").json["status"] == "suspended"


def test_organisation_slugs_are_unique(api, organisation):
    busan = _organisation(api, "busan")

    assert_error(api.post("/organisations", {**_payload(organisation)}), 409, "conflict", "slug")
    response = api.patch(f"/organisations/{busan['id']}", {"slug": "seoul"})
    assert_error(response, 409, "conflict", "slug")
    assert api.get(f"/organisations/{busan['id']}").json["slug"] == "busan"
    # Re-sending its own slug is no conflict.
    assert api.patch(f"/organisations/{busan['id']}", {"slug": "busan"}).status_code == 200


def _payload(organisation: dict) -> dict:
    return {k: organisation[k] for k in ORGANISATION_FIELDS - {"id"}}


def test_delete_an_organisation_without_delegates(api):
    busan = _organisation(api, "busan")

    assert api.delete(f"/organisations/{busan['id']}").status_code == 204
    assert_error(api.get(f"/organisations/{busan['id']}"), 404, "not_found")
    assert_error(api.delete(f"/organisations/{busan['id']}"), 404)


def test_an_organisation_with_delegates_cannot_be_deleted(api, organisation, delegate):
    response = api.delete(f"/organisations/{organisation['id']}")

    error = assert_error(response, 409, "conflict")
    assert "delegates" in error["message"]
    assert api.get(f"/organisations/{organisation['id']}").status_code == 200
    assert row_count(Organisation) == 1
    # Once its delegate is gone, it can go.
    assert api.delete(f"/delegates/{delegate['id']}").status_code == 204
    assert api.delete(f"/organisations/{organisation['id']}").status_code == 204


def test_an_organisation_with_a_seat_cannot_be_deleted(api, organisation):
    body = Body(slug="executive-committee", name="Executive Committee")
    body.seats.append(
        BodySeat(
            organisation_id=organisation["id"], role=SeatRole.MEMBER, term_start=date(2026, 1, 1)
        )
    )
    db.session.add(body)
    db.session.commit()

    assert_error(api.delete(f"/organisations/{organisation['id']}"), 409, "conflict")
    assert row_count(Organisation) == 1


def test_list_organisations_is_a_page_with_a_total(api, organisation):
    response = api.get("/organisations")

    assert response.status_code == 200
    assert set(response.json) == {"items", "total"}
    assert response.json["total"] == 1
    assert response.json["items"] == [organisation]


def test_organisations_are_paginated(api):
    _add_organisations(7)

    pages = [api.get(f"/organisations?per_page=3&page={n}").json for n in (1, 2, 3, 4)]

    assert [page["total"] for page in pages] == [7, 7, 7, 7]
    assert [len(page["items"]) for page in pages] == [3, 3, 1, 0]
    slugs = [item["slug"] for page in pages for item in page["items"]]
    assert slugs == [f"city-{n:03d}" for n in range(7)]  # stable order, no repeats


def test_per_page_goes_up_to_500(api):
    _add_organisations(501)

    full = api.get("/organisations?per_page=500")
    assert full.status_code == 200
    assert (len(full.json["items"]), full.json["total"]) == (500, 501)
    assert len(api.get("/organisations").json["items"]) == 50  # the default page size

    for query in ("per_page=501", "per_page=0", "page=0", "page=-1", "per_page=ten"):
        field = query.partition("=")[0]
        assert_error(api.get(f"/organisations?{query}"), 422, "validation_error", field)


def test_organisation_filters(api, organisation):
    _organisation(api, "yokohama", name="City of Yokohama", native_name="横浜市", country="JP",
                  timezone="Asia/Tokyo", membership="associate")  # fmt: skip
    _organisation(api, "lyon", name="Métropole de Lyon", country="FR", timezone="Europe/Paris",
                  membership="partner")  # fmt: skip
    _organisation(api, "percent", name="100% Green Town", country="FR",
                  timezone="Europe/Paris", membership="partner")  # fmt: skip

    def slugs(query: str) -> list[str]:
        response = api.get(f"/organisations?{query}")
        assert response.status_code == 200, response.json
        assert response.json["total"] == len(response.json["items"])
        return sorted(item["slug"] for item in response.json["items"])

    assert slugs("membership=associate") == ["yokohama"]
    assert slugs("membership=partner") == ["lyon", "percent"]
    assert slugs("country=FR") == ["lyon", "percent"]
    assert slugs("country=FR&membership=full") == []
    assert slugs("q=YOKO") == ["yokohama"]  # any case
    assert slugs("q=横浜") == ["yokohama"]  # the native name too
    assert slugs("q=métropole") == ["lyon"]
    assert slugs("q=%25") == ["percent"]  # % is a character, not a wildcard
    assert slugs("q=_") == []
    assert slugs("unknown=1") == ["lyon", "percent", "seoul", "yokohama"]  # ignored


# Bodies ---------------------------------------------------------------------------------------


@pytest.fixture
def committee(organisation) -> Body:
    body = Body(slug="executive-committee", name="Executive Committee", native_name="집행위원회")
    body.seats = [
        BodySeat(organisation_id=organisation["id"], role=SeatRole.PRESIDENT,
                 term_start=date(2025, 1, 1), term_end=date(2028, 12, 31)),
    ]  # fmt: skip
    db.session.add_all([body, Body(slug="general-assembly", name="General Assembly")])
    db.session.commit()
    return body


def test_list_bodies(api, committee):
    response = api.get("/bodies")

    assert response.status_code == 200
    assert response.json["total"] == 2
    assert [body["slug"] for body in response.json["items"]] == [
        "executive-committee",
        "general-assembly",
    ]
    assert "seats" not in response.json["items"][0]


def test_a_body_with_its_seats(api, committee, organisation):
    response = api.get("/bodies/executive-committee")

    assert response.status_code == 200
    assert response.json["native_name"] == "집행위원회"
    assert response.json["quorum_rule"] == "majority"
    (seat,) = response.json["seats"]
    assert seat["organisation"] == "seoul"
    assert seat["organisation_id"] == organisation["id"]
    assert (seat["role"], seat["votes"]) == ("president", True)
    assert (seat["term_start"], seat["term_end"]) == ("2025-01-01", "2028-12-31")


@pytest.mark.parametrize("slug", ["no-such-body", "Executive-Committee", "a%00b", "x" * 300])
def test_an_unknown_body_is_404(api, committee, slug):
    assert_error(api.get(f"/bodies/{slug}"), 404, "not_found")


# Delegates ------------------------------------------------------------------------------------


def test_create_and_read_a_delegate(api, delegate, organisation):
    assert set(delegate) >= DELEGATE_FIELDS
    assert delegate["native_name"] == "김민준"
    assert delegate["organisation_id"] == organisation["id"]
    assert delegate["timezone"] == "Asia/Seoul"  # the organisation's, by default
    assert delegate["calendar_url"].startswith("https://planner.example/calendar/delegates/")
    assert delegate["calendar_url"].endswith(".ics")

    assert api.get(f"/delegates/{delegate['id']}").json == delegate


def test_a_delegate_keeps_an_explicit_timezone_and_language(api, organisation):
    response = api.post("/delegates", {
        "full_name": "Marie Dupont", "email": "marie@lyon.example", "language": "fr",
        "organisation_id": organisation["id"], "timezone": "Europe/Paris",
        "needs_visa_letter": True,
    })  # fmt: skip

    assert response.status_code == 201, response.json
    assert (response.json["timezone"], response.json["language"]) == ("Europe/Paris", "fr")
    assert response.json["needs_visa_letter"] is True


def test_patch_a_delegate(api, delegate):
    other = _organisation(api, "busan")

    response = api.patch(
        f"/delegates/{delegate['id']}",
        {"position": "Director of Urban Planning", "organisation_id": other["id"]},
    )

    assert response.status_code == 200
    assert response.json["position"] == "Director of Urban Planning"
    assert response.json["organisation_id"] == other["id"]
    assert response.json["full_name"] == delegate["full_name"]
    assert response.json["calendar_url"] == delegate["calendar_url"]


def test_a_new_calendar_token_changes_the_feed_url(api, delegate):
    response = api.post(f"/delegates/{delegate['id']}/calendar-token")

    assert response.status_code == 200
    new_url = response.json["calendar_url"]
    assert new_url != delegate["calendar_url"]
    assert new_url.startswith("https://planner.example/calendar/delegates/")
    assert api.get(f"/delegates/{delegate['id']}").json["calendar_url"] == new_url
    stored = db.session.scalar(sa.select(Delegate.calendar_token_hash))
    assert stored == token_hash(new_url.rsplit("/", 1)[1].removesuffix(".ics"))


def test_delete_a_delegate(api, delegate):
    assert api.delete(f"/delegates/{delegate['id']}").status_code == 204
    assert_error(api.get(f"/delegates/{delegate['id']}"), 404, "not_found")
    assert row_count(Delegate) == 0


def test_a_delegate_who_takes_part_cannot_be_deleted(api, delegate, event):
    added = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "observer"}
    )
    assert added.status_code == 201

    response = api.delete(f"/delegates/{delegate['id']}")

    error = assert_error(response, 409, "conflict")
    assert "participations" in error["message"]
    assert api.get(f"/delegates/{delegate['id']}").status_code == 200
    assert api.get(f"/events/{event['id']}/participants").json["total"] == 1


def test_list_and_filter_delegates(api, delegate, organisation):
    other = _organisation(api, "busan")
    api.post("/delegates", {
        "full_name": "Park Ji-woo", "native_name": "박지우", "email": "jiwoo.park@busan.example",
        "organisation_id": other["id"],
    })  # fmt: skip

    def names(query: str = "") -> list[str]:
        response = api.get(f"/delegates?{query}")
        assert response.status_code == 200, response.json
        assert set(response.json) == {"items", "total"}
        return [item["full_name"] for item in response.json["items"]]

    assert names() == ["Kim Min-jun", "Park Ji-woo"]
    assert names(f"organisation_id={organisation['id']}") == ["Kim Min-jun"]
    assert names("q=박지") == ["Park Ji-woo"]
    assert names("q=SEOUL.EXAMPLE") == ["Kim Min-jun"]  # the e-mail too
    assert names("per_page=1&page=2") == ["Park Ji-woo"]
    assert names("organisation_id=2147483647") == []


# Venues ---------------------------------------------------------------------------------------


def test_create_and_read_a_venue_with_rooms(api, venue):
    assert venue["native_name"] == "서울특별시청"
    assert [(room["name"], room["capacity"]) for room in venue["rooms"]] == [
        ("Multipurpose Hall", 400),
        ("Room 2", None),
    ]
    assert all(isinstance(room["id"], int) for room in venue["rooms"])

    assert api.get(f"/venues/{venue['id']}").json == venue
    listed = api.get("/venues").json
    assert (listed["total"], listed["items"]) == (1, [venue])


def test_patch_a_venue_keeps_renames_and_removes_rooms(api, venue):
    hall, room_2 = venue["rooms"]

    response = api.patch(f"/venues/{venue['id']}", {
        "city": "Seoul",
        "rooms": [{"name": "Multipurpose Hall", "capacity": 450}, {"name": "Seoul Hall"}],
    })  # fmt: skip

    assert response.status_code == 200, response.json
    rooms = {room["name"]: room for room in response.json["rooms"]}
    assert set(rooms) == {"Multipurpose Hall", "Seoul Hall"}
    assert rooms["Multipurpose Hall"]["id"] == hall["id"]  # kept, matched by name
    assert rooms["Multipurpose Hall"]["capacity"] == 450
    assert response.json["city"] == "Seoul"
    assert db.session.get(Room, room_2["id"]) is None
    # Without "rooms", the rooms stay as they are.
    again = api.patch(f"/venues/{venue['id']}", {"name": "Seoul City Hall (new)"})
    assert again.json["rooms"] == response.json["rooms"]


def test_a_room_in_use_cannot_be_removed(api, venue, event):
    hall = venue["rooms"][0]
    session = api.post(f"/events/{event['id']}/sessions", {
        "title": "Opening plenary", "kind": "plenary", "room_id": hall["id"],
        "starts_at": event["starts_at"], "ends_at": event["ends_at"],
    })  # fmt: skip
    assert session.status_code == 201, session.json
    before = row_counts()

    response = api.patch(f"/venues/{venue['id']}", {"name": "Renamed", "rooms": [{"name": "B"}]})

    assert_error(response, 409, "conflict", "rooms")
    assert row_counts() == before
    assert api.get(f"/venues/{venue['id']}").json == venue


def test_rooms_in_a_patch_need_their_names(api, venue):
    response = api.patch(f"/venues/{venue['id']}", {"rooms": [{"capacity": 20}]})

    error = assert_error(response, 422, "validation_error", "rooms")
    assert "name" in error["fields"]["rooms"]["0"]
    assert row_count(Room) == 2


def test_room_names_are_unique_within_a_venue(api):
    response = api.post("/venues", {
        "name": "Hall", "timezone": "Asia/Seoul", "rooms": [{"name": "A"}, {"name": "A"}],
    })  # fmt: skip
    assert_error(response, 422, "validation_error", "rooms")
    assert row_count(Venue) == 0


def test_an_unknown_venue_is_404(api):
    assert_error(api.get("/venues/999999"), 404, "not_found")
    assert_error(api.patch("/venues/999999", {"name": "X"}), 404, "not_found")
