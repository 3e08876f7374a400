"""The arrivals board (by day and hour in the meeting's zone, pick-up runs per airport within
a window), the rooming lists, their CSV and XLSX files and the dashboard's counts."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planner.events.models import Event
from planner.extensions import db
from planner.travel import queries
from tests.support.meetings import person
from tests.support.queries import counted_statements
from tests.travel.conftest import put_travel, seoul


def _add_delegates(api, meeting, organisation, count: int, first: int = 0) -> list[dict]:
    participants = []
    for n in range(first, first + count):
        someone = person(api, organisation["id"], f"=Guest {n}", f"손님 {n}",
                         f"guest{n}@example.org", "Asia/Bangkok")  # fmt: skip
        participants.append(api.post(
            f"/events/{meeting['id']}/participants",
            {"delegate_id": someone["id"], "role": "guest"},
        ).json)  # fmt: skip
    return participants


@pytest.fixture
def arrivals(api, meeting, hotels) -> dict:
    """Arrivals over three days: a cluster at Incheon, one at Gimpo, one without pick-up,
    one declined (off the board)."""
    people = meeting["participants"]
    event_id = meeting["id"]
    plans = [
        (people[0], seoul(10, 14, 5), "KE652", "ICN", True, {"hotel_block_id": hotels[0]["id"]}),
        (people[1], seoul(10, 14, 50), "AF264", "ICN", True, {"hotel_block_id": hotels[0]["id"]}),
        (people[2], seoul(10, 14, 20), "OZ1085", "GMP", True, {"other_hotel": "Hotel Soo"}),
    ]
    for participant, at, flight, airport, pickup, hotel in plans:
        response = put_travel(
            api, event_id, participant["id"], arrival_at=at, arrival_flight=flight,
            arrival_airport=airport, needs_pickup=pickup, departure_at=seoul(12, 20), **hotel,
        )  # fmt: skip
        assert response.status_code == 200, response.json
    return {"event_id": event_id}


def test_the_board_groups_arrivals_by_day_and_hour_in_the_meetings_zone(api, meeting, arrivals):
    board = api.get(f"/events/{meeting['id']}/arrivals").json
    assert board["timezone"] == "Asia/Seoul"
    [day] = board["days"]
    assert day["day"] == "2027-05-10"
    [hour] = day["hours"]
    assert hour["hour"] == 14  # Seoul time, not 05 UTC
    assert [a["arrival_flight"] for a in hour["arrivals"]] == ["KE652", "OZ1085", "AF264"]
    assert hour["arrivals"][0]["native_name"] == "สมชาย ใจดี"


def test_pickup_runs_take_the_flights_of_one_airport_within_the_window(api, meeting, arrivals):
    runs = api.get(f"/events/{meeting['id']}/arrivals").json["runs"]
    assert [(r["airport"], r["flights"]) for r in runs] == [
        ("ICN", ["AF264", "KE652"]),  # 14:05 and 14:50: within an hour
        ("GMP", ["OZ1085"]),  # the same hour at the other airport: its own car
    ]
    narrow = api.get(f"/events/{meeting['id']}/arrivals?window=30").json["runs"]
    assert [(r["airport"], r["flights"]) for r in narrow] == [
        ("ICN", ["KE652"]), ("GMP", ["OZ1085"]), ("ICN", ["AF264"])
    ]  # fmt: skip
    assert api.get(f"/events/{meeting['id']}/arrivals?window=0").status_code == 422


def test_declined_and_unmet_arrivals_stay_out_of_what_they_do_not_belong_to(
    api, meeting, organisation, arrivals
):
    [late, declined] = _add_delegates(api, meeting, organisation, 2)
    put_travel(api, meeting["id"], late["id"], arrival_at=seoul(11, 23, 30),
               arrival_airport="ICN", needs_pickup=False)  # fmt: skip
    put_travel(api, meeting["id"], declined["id"], arrival_at=seoul(10, 14, 10),
               arrival_airport="ICN", needs_pickup=True)  # fmt: skip
    api.patch(f"/events/{meeting['id']}/participants/{declined['id']}", {"status": "declined"})
    board = api.get(f"/events/{meeting['id']}/arrivals").json
    shown = [a["participant_id"] for d in board["days"] for h in d["hours"] for a in h["arrivals"]]
    assert late["id"] in shown and declined["id"] not in shown
    assert [d["day"] for d in board["days"]] == ["2027-05-10", "2027-05-11"]
    in_runs = {pid for run in board["runs"] for pid in run["participant_ids"]}
    assert late["id"] not in in_runs  # no pick-up asked for


def test_rooming_lists_are_per_hotel_block_then_other_hotels(api, meeting, hotels, arrivals):
    lists = api.get(f"/events/{meeting['id']}/rooming").json["items"]
    assert [(r["hotel_block"] and r["hotel_block"]["name"], len(r["guests"])) for r in lists] == [
        ("Koreana Hotel", 0), ("Lotte Hotel Seoul", 2), (None, 1)
    ]  # fmt: skip
    assert lists[2]["guests"][0]["other_hotel"] == "Hotel Soo"


def test_the_board_costs_the_same_statements_for_3_or_30_arrivals(
    app, api, meeting, organisation, arrivals
):
    event = db.session.get(Event, meeting["id"])

    def statements() -> int:
        db.session.expire_all()
        with counted_statements() as seen:
            board = queries.arrivals_board(event)
            queries.rooming_lists(event)
            assert board.arrivals
        return len(seen)

    few = statements()
    for n, participant in enumerate(_add_delegates(api, meeting, organisation, 27)):
        put_travel(api, meeting["id"], participant["id"], arrival_at=seoul(9 + n % 3, n % 24),
                   arrival_airport="ICN", needs_pickup=True)  # fmt: skip
    assert statements() == few


def test_the_files_carry_both_scripts_local_times_and_no_formula(api, meeting, organisation,
                                                                  arrivals):  # fmt: skip
    [guest] = _add_delegates(api, meeting, organisation, 1)
    put_travel(api, meeting["id"], guest["id"], arrival_at=seoul(11, 8), arrival_flight="KE1")
    response = api.get(f"/events/{meeting['id']}/arrivals.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Arrival (Asia/Seoul)"
    assert rows[1][:5] == ["2027-05-10 14:05", "KE652", "ICN", "yes", "1"]
    assert rows[1][5:7] == ["Somchai Jaidee", "สมชาย ใจดี"]
    assert rows[-1][5:7] == ["'=Guest 0", "손님 0"]
    workbook = load_workbook(io.BytesIO(api.get(f"/events/{meeting['id']}/rooming.xlsx").data))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Hotel", "Hotel (own script)"]
    assert values[1][:4] == ["Lotte Hotel Seoul", "롯데호텔 서울", "Somchai Jaidee", "สมชาย ใจดี"]
    assert values[1][6:8] == ["2027-05-10", "2027-05-12"]
    assert values[-1][0] == "Hotel Soo"


def test_dashboard_counts(meeting, arrivals):
    counts = queries.travel_counts([meeting["id"]])[meeting["id"]]
    assert (counts.arrivals, counts.pickups, counts.in_blocks) == (3, 3, 2)
