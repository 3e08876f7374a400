"""Travel through the API: hotel blocks, a participant's travel (and the input it refuses,
with nothing written), who may read and write it."""

from __future__ import annotations

import pytest

from planner.errors import Invalid
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.travel.models import HotelBlock, Travel
from planner.travel.service import flight_number
from tests.conftest import row_count
from tests.support.api_helpers import assert_error
from tests.support.meetings import remove_after_invitation
from tests.travel.conftest import put_travel, seoul


@pytest.mark.parametrize(
    ("typed", "number"),
    [("KE17", "KE17"), ("ke 652", "KE652"), ("7C1101", "7C1101"), ("KAL017", "KAL017"),
     ("OZ 1085A", "OZ1085A"), ("LJ0201", "LJ0201")],
)  # fmt: skip
def test_flight_numbers_are_read_as_airlines_print_them(typed, number):
    assert flight_number(typed, "arrival_flight") == number


@pytest.mark.parametrize(
    "typed", ["17", "KE", "KE12345", "12345", "KE-17", "KE17AB", "KOREAN17", "KE 17 ✈"]
)
def test_what_is_not_a_flight_number_is_refused_naming_the_field(typed):
    with pytest.raises(Invalid) as refused:
        flight_number(typed, "departure_flight")
    assert "departure_flight" in refused.value.fields


def test_organisers_manage_hotel_blocks(api, meeting, hotels):
    listed = api.get(f"/events/{meeting['id']}/hotels").json
    assert [h["name"] for h in listed["items"]] == ["Koreana Hotel", "Lotte Hotel Seoul"]
    lotte = hotels[0]
    changed = api.patch(f"/events/{meeting['id']}/hotels/{lotte['id']}", {"rooms": 45})
    assert changed.status_code == 200 and changed.json["rooms"] == 45
    same_name = api.post(f"/events/{meeting['id']}/hotels", {
        "name": "Koreana Hotel", "rooms": 3, "check_in": "2027-05-10", "check_out": "2027-05-11",
    })  # fmt: skip
    assert_error(same_name, 409, field="name")
    backwards = api.patch(
        f"/events/{meeting['id']}/hotels/{lotte['id']}", {"check_out": "2027-05-10"}
    )
    assert_error(backwards, 422, field="check_out")
    assert db.session.get(HotelBlock, lotte["id"]).check_out.isoformat() == "2027-05-12"
    assert api.delete(f"/events/{meeting['id']}/hotels/{lotte['id']}").status_code == 204
    assert row_count(HotelBlock) == 1


def test_a_hotel_block_a_delegate_chose_is_not_deleted(api, meeting, hotels):
    participant = meeting["participants"][0]
    saved = put_travel(api, meeting["id"], participant["id"], hotel_block_id=hotels[1]["id"])
    assert saved.status_code == 200, saved.json
    assert_error(api.delete(f"/events/{meeting['id']}/hotels/{hotels[1]['id']}"), 409)
    assert row_count(HotelBlock) == 2


def test_a_participants_travel_is_given_and_read_back(api, meeting, hotels):
    participant = meeting["participants"][0]
    assert (
        api.get(f"/events/{meeting['id']}/participants/{participant['id']}/travel").json[
            "arrival_at"
        ]
        is None
    )
    saved = put_travel(
        api, meeting["id"], participant["id"],
        arrival_at=seoul(10, 14, 5), arrival_flight="tg 658", arrival_airport="ICN",
        departure_at=seoul(12, 19), departure_flight="TG659", departure_airport="ICN",
        hotel_block_id=hotels[0]["id"], needs_pickup=True,
    )  # fmt: skip
    assert saved.status_code == 200, saved.json
    read = api.get(f"/events/{meeting['id']}/participants/{participant['id']}/travel").json
    assert read["arrival_flight"] == "TG658"
    assert read["arrival_at"].startswith("2027-05-10T05:05")  # stored as UTC
    assert (read["hotel_block_id"], read["needs_pickup"]) == (hotels[0]["id"], True)
    # A PUT replaces the whole: what it leaves out is cleared.
    again = put_travel(api, meeting["id"], participant["id"], other_hotel="A friend's flat")
    assert again.json["arrival_at"] is None and again.json["hotel_block_id"] is None
    assert row_count(Travel) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"arrival_at": seoul(12, 9), "departure_at": seoul(10, 9)}, "departure_at"),
        ({"arrival_at": seoul(12, 9), "departure_at": seoul(12, 9)}, "departure_at"),
        ({"arrival_flight": "K1"}, "arrival_flight"),
        ({"departure_flight": "KE12345"}, "departure_flight"),
        ({"arrival_airport": "NRT"}, "arrival_airport"),
        ({"hotel_block_id": 999999}, "hotel_block_id"),
        ({"other_hotel": "x" * 201}, "other_hotel"),
    ],
)
def test_bad_travel_is_refused_with_nothing_written(api, meeting, fields, field):
    participant = meeting["participants"][0]
    assert_error(put_travel(api, meeting["id"], participant["id"], **fields), 422, field=field)
    assert row_count(Travel) == 0


def test_a_hotel_block_of_another_meeting_is_refused(api, meeting, hotels, event):
    elsewhere = api.post(f"/events/{event['id']}/hotels", {
        "name": "Elsewhere", "rooms": 3, "check_in": "2027-05-10", "check_out": "2027-05-11",
    }).json  # fmt: skip
    participant = meeting["participants"][0]
    refused = put_travel(api, meeting["id"], participant["id"], hotel_block_id=elsewhere["id"])
    assert_error(refused, 422, field="hotel_block_id")
    both = put_travel(
        api, meeting["id"], participant["id"], hotel_block_id=hotels[0]["id"], other_hotel="Inn"
    )
    assert_error(both, 422, field="other_hotel")
    assert row_count(Travel) == 0


def test_a_removed_participants_travel_is_not_written(api, meeting):
    participant = meeting["participants"][1]
    remove_after_invitation(api, meeting, participant)
    refused = put_travel(api, meeting["id"], participant["id"], arrival_flight="KE17")
    assert_error(refused, 409)
    assert row_count(Travel) == 0


def test_a_participant_who_declined_gives_no_travel(app, api, meeting):
    participant = meeting["participants"][0]
    db.session.get(Participation, participant["id"]).status = ParticipantStatus.DECLINED
    db.session.commit()
    refused = put_travel(api, meeting["id"], participant["id"], arrival_flight="KE17")
    assert "declined" in assert_error(refused, 409)["message"]
    assert row_count(Travel) == 0


def test_viewers_read_travel_and_change_nothing(api, viewer_api, meeting, hotels):
    event_id, participant = meeting["id"], meeting["participants"][0]
    path = f"/events/{event_id}/participants/{participant['id']}/travel"
    for read in (path, f"/events/{event_id}/hotels", f"/events/{event_id}/arrivals",
                 f"/events/{event_id}/rooming", f"/events/{event_id}/arrivals.csv"):  # fmt: skip
        assert viewer_api.get(read).status_code == 200, read
    assert_error(put_travel(viewer_api, event_id, participant["id"], needs_pickup=True), 403)
    added = viewer_api.post(f"/events/{event_id}/hotels", {
        "name": "Viewer Inn", "rooms": 3, "check_in": "2027-05-10", "check_out": "2027-05-11",
    })  # fmt: skip
    assert_error(added, 403)
    assert_error(viewer_api.delete(f"/events/{event_id}/hotels/{hotels[0]['id']}"), 403)
    assert (row_count(Travel), row_count(HotelBlock)) == (0, 2)


def test_no_one_signed_out_reads_or_writes_travel(anonymous_api, meeting, hotels):
    event_id, participant = meeting["id"], meeting["participants"][0]
    for path in (f"/events/{event_id}/participants/{participant['id']}/travel",
                 f"/events/{event_id}/hotels", f"/events/{event_id}/arrivals",
                 f"/events/{event_id}/rooming", f"/events/{event_id}/rooming.xlsx"):  # fmt: skip
        assert_error(anonymous_api.get(path), 401)
    assert_error(put_travel(anonymous_api, event_id, participant["id"], needs_pickup=True), 401)
    assert row_count(Travel) == 0


def test_a_participant_of_another_meeting_is_not_found(api, meeting, event):
    participant = meeting["participants"][0]
    assert_error(api.get(f"/events/{event['id']}/participants/{participant['id']}/travel"), 404)
