"""Travel in the browser (Flask test client): a delegate's own form through their link, the
input it refuses with nothing written; the arrivals board, rooming lists and hotel blocks for
organisers, read-only for viewers, closed to everyone else; the dashboard's counts."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.events.models import Participation
from planner.extensions import db
from planner.travel.models import HotelBlock, Travel
from tests.conftest import row_count
from tests.support.meetings import remove_after_invitation
from tests.support.pages import signed_in_client
from tests.support.queries import counted_statements
from tests.travel.conftest import put_travel, seoul


def _link(participant: dict) -> str:
    return f"/rsvp/{db.session.get(Participation, participant['id']).rsvp_token}/travel"


def _form(hotel: str = "", **overrides) -> dict:
    data = {
        "arrival_date": "2027-05-10", "arrival_time": "14:05", "arrival_flight": "ke 652",
        "arrival_airport": "ICN", "needs_pickup": "y",
        "departure_date": "2027-05-12", "departure_time": "19:30", "departure_flight": "KE651",
        "departure_airport": "ICN", "hotel": hotel, "other_hotel": "",
    }  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def organiser(app):
    return signed_in_client(app, UserRole.ORGANISER)


@pytest.fixture
def viewer(app):
    return signed_in_client(app, UserRole.VIEWER)


def test_the_rsvp_page_leads_to_the_travel_form(app, meeting):
    participant = meeting["participants"][0]
    page = app.test_client().get(_link(participant).removesuffix("/travel")).get_data(True)
    assert _link(participant) in page


def test_a_delegate_gives_their_travel_in_the_meetings_time(app, meeting, hotels):
    client, link = app.test_client(), _link(meeting["participants"][0])
    page = client.get(link).get_data(True)
    assert "Lotte Hotel Seoul" in page and "롯데호텔 서울" in page
    assert client.post(link, data=_form(hotel=str(hotels[0]["id"]))).status_code == 302
    travel = db.session.query(Travel).one()
    assert travel.arrival_at.isoformat() == "2027-05-10T05:05:00+00:00"  # 14:05 in Seoul
    assert (travel.arrival_flight, travel.needs_pickup) == ("KE652", True)
    assert travel.hotel_block_id == hotels[0]["id"]
    again = client.get(link).get_data(True)
    assert 'value="14:05"' in again and 'value="KE652"' in again
    other = client.post(link, data=_form(hotel="other", other_hotel="Hotel Soo", needs_pickup=None))
    assert other.status_code == 302
    db.session.expire_all()
    assert (travel.hotel_block_id, travel.other_hotel, travel.needs_pickup) == (
        None, "Hotel Soo", False
    )  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"departure_date": "2027-05-09"}, "the departure must be after the arrival"),
        ({"arrival_flight": "Korean Air"}, "not a flight number"),
        ({"departure_flight": "KE12345"}, "not a flight number"),
        ({"arrival_time": ""}, "Give both the date and the time"),
        ({"arrival_date": "0001-01-01"}, "must lie between the years"),
    ],
)
def test_bad_travel_is_refused_beside_its_field_with_nothing_written(
    app, meeting, overrides, message
):
    response = app.test_client().post(_link(meeting["participants"][0]), data=_form(**overrides))
    assert response.status_code == 422
    page = response.get_data(True)
    assert message in page and 'aria-invalid="true"' in page
    assert row_count(Travel) == 0


def test_a_delegates_link_shows_their_own_travel_only(app, api, meeting):
    first, second = meeting["participants"][:2]
    put_travel(api, meeting["id"], second["id"], arrival_flight="AF264")
    assert "AF264" not in app.test_client().get(_link(first)).get_data(True)
    assert "AF264" in app.test_client().get(_link(second)).get_data(True)


def test_a_removed_delegate_or_a_made_up_link_reaches_nothing(app, api, meeting):
    participant = meeting["participants"][1]
    link = _link(participant)
    remove_after_invitation(api, meeting, participant)
    client = app.test_client()
    assert client.get(link).status_code == 404
    assert client.post(link, data=_form()).status_code == 404
    assert client.get("/rsvp/not-a-secret-link/travel").status_code == 404
    assert row_count(Travel) == 0


def test_a_delegate_who_declined_is_told_to_answer_first(app, meeting):
    client, link = app.test_client(), _link(meeting["participants"][0])
    assert client.post(link.removesuffix("/travel"), data={"answer": "declined"}).status_code < 400
    page = client.get(link).get_data(True)
    assert "You declined this meeting" in page and 'name="arrival_flight"' not in page
    assert "Your travel" not in client.get(link.removesuffix("/travel")).get_data(True)
    refused = client.post(link, data=_form())  # a form opened before they declined
    assert refused.status_code == 409 and "You declined this meeting" in refused.get_data(True)
    assert row_count(Travel) == 0
    client.post(link.removesuffix("/travel"), data={"answer": "tentative"})
    assert client.post(link, data=_form()).status_code == 302
    assert row_count(Travel) == 1


def test_organisers_read_the_board_and_rooming_lists(organiser, api, meeting, hotels):
    put_travel(api, meeting["id"], meeting["participants"][0]["id"], arrival_at=seoul(10, 14, 5),
               arrival_flight="KE652", arrival_airport="ICN", needs_pickup=True,
               hotel_block_id=hotels[0]["id"])  # fmt: skip
    board = organiser.get(f"/meetings/{meeting['id']}/arrivals").get_data(True)
    assert "KE652" in board and "14:05" in board and "สมชาย ใจดี" in board
    assert f"/api/v1/events/{meeting['id']}/arrivals.xlsx?window=60" in board
    assert organiser.get(f"/meetings/{meeting['id']}/arrivals?window=1").status_code == 422
    rooming = organiser.get(f"/meetings/{meeting['id']}/rooming").get_data(True)
    assert "Somchai Jaidee" in rooming and "Add a hotel block" in rooming


def test_organisers_add_and_delete_hotel_blocks(organiser, api, meeting, hotels):
    url = f"/meetings/{meeting['id']}"
    block = {"name": "Shilla", "native_name": "신라호텔", "rooms": "12",
             "check_in": "2027-05-10", "check_out": "2027-05-12"}  # fmt: skip
    assert organiser.post(f"{url}/hotels", data=block).status_code == 303
    backwards = organiser.post(
        f"{url}/hotels", data={**block, "name": "B", "check_out": "2027-05-09"}
    )
    assert backwards.status_code == 422 and "must be after the check-in day" in backwards.get_data(
        True
    )
    assert organiser.post(f"{url}/hotels", data=block).status_code == 409
    assert row_count(HotelBlock) == 3
    put_travel(api, meeting["id"], meeting["participants"][0]["id"], hotel_block_id=hotels[0]["id"])
    assert organiser.post(f"{url}/hotels/{hotels[0]['id']}/delete").status_code == 409
    assert organiser.post(f"{url}/hotels/{hotels[1]['id']}/delete").status_code == 303
    assert row_count(HotelBlock) == 2


def test_viewers_read_and_change_nothing(viewer, meeting, hotels):
    url = f"/meetings/{meeting['id']}"
    assert viewer.get(f"{url}/arrivals").status_code == 200
    rooming = viewer.get(f"{url}/rooming").get_data(True)
    assert "Koreana Hotel" in rooming and "Add a hotel block" not in rooming
    block = {"name": "X", "rooms": "1", "check_in": "2027-05-10", "check_out": "2027-05-11"}
    assert viewer.post(f"{url}/hotels", data=block).status_code == 403
    assert viewer.post(f"{url}/hotels/{hotels[0]['id']}/delete").status_code == 403
    assert row_count(HotelBlock) == 2


def test_no_one_signed_out_reaches_the_organisers_pages(app, meeting, hotels):
    client, url = app.test_client(), f"/meetings/{meeting['id']}"
    for path in (f"{url}/arrivals", f"{url}/rooming"):
        assert client.get(path).status_code == 302
    assert client.post(f"{url}/hotels/{hotels[0]['id']}/delete").status_code == 302
    assert row_count(HotelBlock) == 2


def test_the_dashboard_counts_arrivals_and_pickups(organiser, api, meeting, hotels):
    for participant in meeting["participants"][:2]:
        put_travel(api, meeting["id"], participant["id"], arrival_at=seoul(10, 9),
                   needs_pickup=True, hotel_block_id=hotels[1]["id"])  # fmt: skip
    page = organiser.get("/dashboard").get_data(True)
    assert f"/meetings/{meeting['id']}/arrivals" in page
    assert "airport pick-ups: <strong>2</strong>" in page


def test_the_board_page_costs_the_same_statements_for_more_arrivals(organiser, api, meeting):
    def statements() -> int:
        with counted_statements() as seen:
            assert organiser.get(f"/meetings/{meeting['id']}/arrivals").status_code == 200
        return len(seen)

    put_travel(api, meeting["id"], meeting["participants"][0]["id"], arrival_at=seoul(10, 9),
               arrival_airport="GMP", needs_pickup=True)  # fmt: skip
    one = statements()
    for hour, participant in enumerate(meeting["participants"][1:]):
        put_travel(api, meeting["id"], participant["id"], arrival_at=seoul(11, hour),
                   arrival_airport="ICN", needs_pickup=True)  # fmt: skip
    assert statements() == one
