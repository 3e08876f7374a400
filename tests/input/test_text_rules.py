"""One set of rules for text and dates, whatever the way in: the API, the organisers' pages,
the RSVP page and direct service calls (as the demo loader and imports make) all refuse line
breaks in one-line text, control characters anywhere, years outside 1900-2999 and names made
only of invisible characters; and each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.auth.models import UserRole
from planner.errors import Invalid
from planner.events import service as events
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.members import service as members
from planner.members.models import Delegate
from tests.conftest import event_payload
from tests.support.api_helpers import assert_error, row_counts
from tests.support.pages import meeting_form, signed_in_client

#: One-line text that is not one line, or carries a control character.
BAD_LINES = {
    "CR LF": "Seminar\r\nBcc: x@evil.example",
    "LF": "Seminar\nTwo",
    "NUL": "Sem\x00inar",
    "ESC": "Seminar\x1b[31m",
    "VT": "Seminar\x0bTwo",
}
#: Free text may hold line breaks, but never a control character.
BAD_TEXTS = {"NUL": "Agen\x00da", "ESC": "Agenda\x1b[2J", "VT": "Agen\x0bda"}
#: Names that show nothing: zero-width space, joiners, byte-order mark, Hangul filler.
INVISIBLE_NAMES = {"ZWSP": "\u200b", "joiners": "\u200c\u200d", "BOM": "\ufeff", "filler": "\u3164"}
BAD_YEARS = {"year 1": 1, "year 9999": 9999}
#: Longer than the column: the pages had their own limits (20,000 for a description).
TOO_LONG = {"title": "x" * 201, "description": "x" * 10_001}


# The API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [*BAD_LINES.values(), *INVISIBLE_NAMES.values()],
                         ids=[*BAD_LINES, *INVISIBLE_NAMES])  # fmt: skip
def test_the_api_refuses_bad_titles(api, title):
    before = row_counts()
    assert_error(api.post("/events", event_payload(title=title)), 422, field="title")
    assert row_counts() == before


@pytest.mark.parametrize("name", INVISIBLE_NAMES.values(), ids=INVISIBLE_NAMES.keys())
def test_the_api_refuses_invisible_names(api, organisation, name):
    before = row_counts()
    body = {"full_name": name, "email": "x@y.example", "organisation_id": organisation["id"]}
    assert_error(api.post("/delegates", body), 422, field="full_name")
    assert_error(api.post("/venues", {"name": name, "timezone": "UTC"}), 422, field="name")
    assert row_counts() == before


@pytest.mark.parametrize("year", BAD_YEARS.values(), ids=BAD_YEARS.keys())
def test_the_api_refuses_years_out_of_range(api, year):
    before = row_counts()
    starts = datetime(year, 6, 1, 12, tzinfo=UTC).isoformat()
    assert_error(api.post("/events", event_payload(starts_at=starts)), 422, field="starts_at")
    assert row_counts() == before


# The organisers' pages ----------------------------------------------------------------------


@pytest.fixture
def organiser(app):
    return signed_in_client(app, UserRole.ORGANISER)


@pytest.fixture
def meeting(api, venue) -> dict:
    return api.post("/events", event_payload(venue_id=venue["id"])).json


def _refused_beside(response, field: str) -> None:
    assert response.status_code == 422, response.status_code
    assert f'id="{field}-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("title", [*BAD_LINES.values(), *INVISIBLE_NAMES.values()],
                         ids=[*BAD_LINES, *INVISIBLE_NAMES])  # fmt: skip
def test_the_meeting_form_refuses_bad_titles(organiser, meeting, title):
    before = row_counts()
    _refused_beside(organiser.post("/meetings/new", data=meeting_form(title=title)), "title")
    edited = organiser.post(
        f"/meetings/{meeting['id']}/edit", data=meeting_form(title=title, version="1")
    )
    _refused_beside(edited, "title")
    assert row_counts() == before
    db.session.expire_all()
    assert db.session.get(Event, meeting["id"]).title == meeting["title"]


@pytest.mark.parametrize("text", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_the_meeting_form_refuses_control_characters_in_the_description(organiser, text):
    before = row_counts()
    _refused_beside(
        organiser.post("/meetings/new", data=meeting_form(description=text)), "description"
    )
    assert row_counts() == before


@pytest.mark.parametrize("field, text", TOO_LONG.items(), ids=TOO_LONG.keys())
def test_the_meeting_form_keeps_the_services_lengths(organiser, field, text):
    before = row_counts()
    _refused_beside(organiser.post("/meetings/new", data=meeting_form(**{field: text})), field)
    assert row_counts() == before


@pytest.mark.parametrize("year", ["0001", "9999"])
@pytest.mark.parametrize("zone", ["Asia/Seoul", "America/New_York"])
def test_the_meeting_form_refuses_years_out_of_range(organiser, year, zone):
    before = row_counts()
    data = meeting_form(
        timezone=zone, starts_at=f"{year}-01-01T00:00", ends_at=f"{year}-12-31T23:00"
    )
    _refused_beside(organiser.post("/meetings/new", data=data), "starts_at")
    assert row_counts() == before


@pytest.mark.parametrize("title", [*BAD_LINES.values(), *INVISIBLE_NAMES.values()],
                         ids=[*BAD_LINES, *INVISIBLE_NAMES])  # fmt: skip
def test_the_session_form_refuses_bad_titles(organiser, meeting, title):
    before = row_counts()
    response = organiser.post(f"/meetings/{meeting['id']}/sessions/new", data={
        "title": title, "kind": "plenary",
        "starts_at": "2027-05-11T10:00", "ends_at": "2027-05-11T11:00",
    })  # fmt: skip
    _refused_beside(response, "title")
    assert row_counts() == before


# The RSVP page ------------------------------------------------------------------------------


@pytest.mark.parametrize("needs", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_the_rsvp_form_refuses_bad_needs_and_saves_no_answer(app, invitation, needs):
    response = app.test_client().post(
        f"/rsvp/{invitation.rsvp_token}", data={"answer": "accepted", "dietary_needs": needs}
    )
    _refused_beside(response, "dietary_needs")
    db.session.expire_all()
    participation = db.session.get(Participation, invitation.id)
    assert participation.status.value == "invited"
    assert db.session.get(Delegate, participation.delegate_id).dietary_needs is None


# The services, as the demo loader and imports call them ----------------------------------------


def _organisation_data(**fields) -> dict:
    return {"slug": "busan", "name": "Busan", "country": "KR", "timezone": "Asia/Seoul",
            "membership": "full", **fields}  # fmt: skip


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: members.create_organisation(_organisation_data(name="\u200b")), "name"),
        (lambda: members.create_organisation(_organisation_data(city="Bu\r\nsan")), "city"),
        (lambda: events.create_venue({"name": "Hall\x00", "timezone": "UTC"}), "name"),
        (
            lambda: events.create_venue(
                {"name": "Hall", "timezone": "UTC", "rooms": [{"name": "\ufeff"}]}
            ),
            "rooms",
        ),
        (
            lambda: events.create_event(
                {
                    "kind": "seminar",
                    "title": "Seminar",
                    "timezone": "UTC",
                    "starts_at": datetime(1, 1, 1, tzinfo=UTC),
                    "ends_at": datetime(2027, 1, 1, tzinfo=UTC),
                }
            ),
            "starts_at",
        ),
        (
            lambda: events.create_event(
                {
                    "kind": "seminar",
                    "title": "Seminar",
                    "timezone": "UTC",
                    "description": "Agenda\x1b[2J",
                    "starts_at": datetime(2027, 1, 1, tzinfo=UTC),
                    "ends_at": datetime(2027, 1, 2, tzinfo=UTC),
                }
            ),
            "description",
        ),
    ],
    ids=["invisible name", "city over two lines", "NUL", "invisible room", "year 1", "ESC"],
)
def test_the_services_refuse_what_the_api_refuses(app, call, field):
    before = row_counts()
    with pytest.raises(Invalid) as refused:
        call()
    assert field in refused.value.fields
    db.session.rollback()
    assert row_counts() == before


def test_a_service_update_is_checked_too(app, api, meeting, delegate):
    event = db.session.get(Event, meeting["id"])
    with pytest.raises(Invalid) as refused:
        events.update_event(event, {"title": "One\r\nTwo"}, None)
    assert "title" in refused.value.fields
    person = db.session.get(Delegate, delegate["id"])
    with pytest.raises(Invalid) as refused:
        members.update_delegate(person, {"position": "Mayor\x0b"})
    assert "position" in refused.value.fields
    db.session.rollback()
