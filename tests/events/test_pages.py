"""The meetings area in the browser's terms (Flask test client): the list and the month
calendar, the meeting form with times typed in the meeting's zone, optimistic concurrency,
publishing and cancelling that say first who will be told, timetable editing with clash
warnings, and the meeting page (calendar links, the timetable with its clashes flagged, the
participants); viewers read only, bad input writes nothing, statements do not grow with rows.
A meeting's participants and packs pages: test_participants_pages.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Event, EventStatus, ParticipantRole, Participation, Session
from planner.extensions import db
from planner.members.models import Delegate, Membership, Organisation
from planner.notifications.models import MessageKind, OutboxMessage
from tests.conftest import SEOUL_MORNING, event_payload, make_app, row_count
from tests.support.pages import PASSWORD, csrf_token, meeting_form, signed_in_client
from tests.support.queries import counted_statements

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def organiser(app):
    return signed_in_client(app, UserRole.ORGANISER)


@pytest.fixture
def viewer(app):
    return signed_in_client(app, UserRole.VIEWER)


def _session_form(**overrides) -> dict:
    data = {"title": "Opening", "kind": "plenary", "starts_at": "2027-05-11T10:00",
            "ends_at": "2027-05-11T11:00"}  # fmt: skip
    data.update(overrides)
    return data


def _event(event_id: int) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event_id)


def _people(api, organisation, event_id: int, count: int, first: int = 0) -> list[int]:
    ids = []
    for n in range(first, first + count):
        delegate = api.post("/delegates", {
            "full_name": f"Park Ji-woo {n}", "native_name": f"박지우 {n}",
            "email": f"p{n}@seoul.example", "organisation_id": organisation["id"],
        }).json  # fmt: skip
        response = api.post(f"/events/{event_id}/participants",
                            {"delegate_id": delegate["id"], "role": "guest"})  # fmt: skip
        assert response.status_code == 201, response.json
        ids.append(delegate["id"])
    return ids


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/meetings", "/meetings/month", "/meetings/new"])
def test_the_pages_need_a_login(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_list_shows_upcoming_meetings_first_filters_and_escapes(api, organiser, venue):
    api.post("/events", event_payload(title="Later", starts_at="2099-06-01T01:00:00+00:00",
                                      ends_at="2099-06-01T03:00:00+00:00"))  # fmt: skip
    sooner = api.post("/events", event_payload(
        title=SCRIPT, venue_id=venue["id"], starts_at="2099-05-01T01:00:00+00:00",
        ends_at="2099-05-01T03:00:00+00:00")).json  # fmt: skip
    api.post("/events", event_payload(title="Long ago", kind="workshop",
                                      starts_at="2001-05-01T01:00:00+00:00",
                                      ends_at="2001-05-01T03:00:00+00:00"))  # fmt: skip
    api.post(f"/events/{sooner['id']}/publish")
    html = organiser.get("/meetings").get_data(as_text=True)
    assert ESCAPED in html and SCRIPT not in html
    assert html.index(ESCAPED) < html.index("Later") and "Long ago" not in html
    assert "2099-05-01 10:00 – 12:00" in html and "Asia/Seoul, UTC+09:00" in html
    assert "New meeting" in html and "scheduled" in html
    past = organiser.get("/meetings?when=past").get_data(as_text=True)
    assert "Long ago" in past and "Later" not in past
    drafts = organiser.get("/meetings?status=draft").get_data(as_text=True)
    assert "Later" in drafts and ESCAPED not in drafts
    workshops = organiser.get("/meetings?when=past&kind=workshop").get_data(as_text=True)
    assert "Long ago" in workshops
    assert organiser.get("/meetings?kind=nonsense&status=x&page=-3").status_code == 200


def test_a_viewer_reads_the_list_without_change_controls(api, viewer, event):
    html = viewer.get("/meetings").get_data(as_text=True)
    assert "Seminar on resilient cities" in html and "New meeting" not in html
    page = viewer.get(f"/meetings/{event['id']}").get_data(as_text=True)
    assert "/edit" not in page and "Add a session" not in page and "/publish" not in page


def test_the_month_shows_a_meeting_on_each_local_day_it_covers(api, organiser):
    # 23:00 on 30 April to 01:00 on 2 May in Seoul: three days there, though UTC says 30 April
    # to 1 May only.
    api.post("/events", event_payload(title=SCRIPT, starts_at="2027-04-30T14:00:00+00:00",
                                      ends_at="2027-05-01T16:00:00+00:00"))  # fmt: skip
    html = organiser.get("/meetings/month?month=2027-05").get_data(as_text=True)
    assert "May 2027" in html and "Meetings in May 2027" in html
    assert html.count(ESCAPED) == 3 and SCRIPT not in html  # 30 April, 1 and 2 May
    assert "month=2027-04" in html and "month=2027-06" in html
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in html  # en: Monday first
    korean = organiser.get("/meetings/month?month=2027-05&lang=ko").get_data(as_text=True)
    assert "2027년 5월" in korean
    for odd in ("0001-01", "9999-12", "2027-13"):
        assert organiser.get(f"/meetings/month?month={odd}").status_code == 200
    american = organiser.get("/meetings/month?month=nonsense", headers={"Accept-Language": "en-US"})
    assert american.status_code == 200 and 'aria-current="date"' in american.get_data(as_text=True)


def _statements(client, url: str) -> tuple[list[str], str]:
    """The statements one page costs, the signed-in user's load included (not kept over)."""
    db.session.expire_all()
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements, response.get_data(as_text=True)


def _assert_flat(client, url: str, add_rows, expected: str) -> None:
    """The page costs as many statements after ``add_rows`` as before (and shows them)."""
    client.get(url)  # warm-up
    few, _ = _statements(client, url)
    add_rows()
    many, html = _statements(client, url)
    assert expected in html
    assert len(many) == len(few), (few, many)


def _meetings(count: int, first: int = 0) -> None:
    organisation = Organisation(slug=f"o{first}", name="O", country="KR", timezone="Asia/Seoul",
                                membership=Membership.FULL)  # fmt: skip
    for n in range(first, first + count):
        start = datetime(2099, 5, 1 + n % 28, 1, tzinfo=UTC)
        event = Event(kind="seminar", title=f"Meeting {n}", starts_at=start,
                      ends_at=start + timedelta(hours=30), timezone="Asia/Seoul")  # fmt: skip
        delegate = Delegate(full_name=f"D {n}", email=f"d{n}@x.example",
                            organisation=organisation, timezone="Asia/Seoul")  # fmt: skip
        event.participations.append(Participation(delegate=delegate,
                                                  role=ParticipantRole.GUEST))  # fmt: skip
        db.session.add(event)
    db.session.commit()


@pytest.mark.parametrize("path", ["/meetings", "/meetings/month?month=2099-05"])
def test_list_and_month_cost_the_same_statements_for_5_or_15_meetings(organiser, path):
    _meetings(5)
    _assert_flat(organiser, path, lambda: _meetings(10, first=5), "Meeting 14")


# The meeting form -----------------------------------------------------------------------------


def test_a_new_meeting_is_typed_in_its_own_zone_and_stored_in_utc(api, organiser, venue):
    form = organiser.get("/meetings/new").get_data(as_text=True)
    assert "Starts (Asia/Seoul, UTC+09:00)" in form and 'type="datetime-local"' in form
    assert form.index("Asia/Seoul") < form.index("Africa/Abidjan")  # Asia-Pacific first
    response = organiser.post("/meetings/new", data=meeting_form(
        title="Executive Committee", kind="executive-committee", venue_id=str(venue["id"]),
        timezone="Asia/Bangkok", registration_deadline="2027-05-01T18:00", capacity="80",
        languages=["en", "th"], reminder_offsets=["P7D"], description="Agenda to follow",
    ))  # fmt: skip
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert response.headers["Location"] == f"/meetings/{event.id}"
    assert event.starts_at == datetime(2027, 5, 11, 3, tzinfo=UTC)  # 10:00 in Bangkok
    assert event.registration_deadline == datetime(2027, 5, 1, 11, tzinfo=UTC)
    assert (event.timezone, event.venue_id, event.capacity) == ("Asia/Bangkok", venue["id"], 80)
    assert event.languages == ["en", "th"] and event.reminder_offsets == ["P7D"]
    assert event.status is EventStatus.DRAFT
    assert "The meeting is saved." in organiser.get(f"/meetings/{event.id}").get_data(as_text=True)


def test_a_new_meeting_without_reminders_gets_the_usual_ones_of_its_kind(organiser):
    assert organiser.post("/meetings/new", data=meeting_form()).status_code == 302
    assert db.session.scalar(sa.select(Event)).reminder_offsets == ["P1D", "PT2H"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2027-05-11T09:00"}, "ends_at", "The end must be after the start."),
        ({"title": "  "}, "title", "Enter a title."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Choose a time zone from the list."),
        ({"starts_at": "tomorrow"}, "starts_at", "Not a valid datetime value."),
        ({"registration_deadline": "2027-05-12T09:00"}, "registration_deadline",
         "The registration deadline must not be after the start."),
        ({"timezone": "Europe/Paris", "starts_at": "2027-03-28T02:30"}, "starts_at",
         "This time does not exist in Europe/Paris (the clocks change)."),
        ({"capacity": "0"}, "capacity", "A number from 1 to 100000."),
    ],
)  # fmt: skip
def test_bad_input_is_shown_beside_its_field_and_nothing_is_written(
    organiser, changes, field, message
):
    response = organiser.post("/meetings/new", data=meeting_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in html
    assert 'aria-invalid="true"' in html and f"{field}-error" in html
    assert 'role="alert"' in html and f'href="#{field}"' in html
    assert row_count(Event) == 0


def test_a_service_refusal_goes_beside_its_field(api, organiser, event):
    api.post(f"/events/{event['id']}/sessions", {
        "title": "Closing", "kind": "plenary", "starts_at": "2027-05-11T16:00:00+09:00",
        "ends_at": "2027-05-11T17:00:00+09:00"})  # fmt: skip
    version = str(_event(event["id"]).version)
    data = meeting_form(ends_at="2027-05-11T15:00", version=version)
    response = organiser.post(f"/meetings/{event['id']}/edit", data=data)
    assert response.status_code == 422
    assert '<p class="field-error" id="ends_at-error">sessions would fall outside the event: ' \
        "Closing</p>" in response.get_data(as_text=True)  # fmt: skip
    assert _event(event["id"]).ends_at == SEOUL_MORNING + timedelta(hours=7)


def test_an_edit_keeps_the_zone_and_refuses_a_stale_version(api, organiser, event):
    url = f"/meetings/{event['id']}/edit"
    form = organiser.get(url).get_data(as_text=True)
    assert 'value="2027-05-11T10:00"' in form and f'value="{event["version"]}"' in form
    api.patch(f"/events/{event['id']}", {"title": "Changed meanwhile"})
    stale = organiser.post(url, data=meeting_form(title="Mine", version=str(event["version"])))
    assert stale.status_code == 409
    assert "Someone else changed this meeting" in stale.get_data(as_text=True)
    assert _event(event["id"]).title == "Changed meanwhile"
    current = str(_event(event["id"]).version)
    saved = organiser.post(url, data=meeting_form(title="Mine", starts_at="2027-05-11T11:00",
                                           version=current))  # fmt: skip
    assert saved.status_code == 302
    assert _event(event["id"]).title == "Mine"
    assert _event(event["id"]).starts_at == SEOUL_MORNING + timedelta(hours=1)


def test_editing_a_published_meeting_says_who_will_get_an_update(
    api, organiser, organisation, event
):
    _people(api, organisation, event["id"], 2)
    api.post(f"/events/{event['id']}/publish")
    api.post(f"/events/{event['id']}/invitations")
    html = organiser.get(f"/meetings/{event['id']}/edit").get_data(as_text=True)
    assert "the 2 invited participants will get an update by e-mail" in html
    version = str(_event(event["id"]).version)
    organiser.post(f"/meetings/{event['id']}/edit",
                   data=meeting_form(starts_at="2027-05-11T09:00", status="scheduled",
                             version=version))  # fmt: skip
    kinds = db.session.scalars(sa.select(OutboxMessage.kind)).all()
    assert kinds.count(MessageKind.UPDATE) == 2


# Publishing and cancelling --------------------------------------------------------------------


def test_publishing_lists_who_will_be_invited_then_invites_them(
    api, organiser, organisation, event
):
    _people(api, organisation, event["id"], 2)
    page = organiser.get(f"/meetings/{event['id']}/publish").get_data(as_text=True)
    assert "박지우 0" in page and "Park Ji-woo 1" in page and "Seoul Metropolitan" in page
    assert "these 2 participants" in page
    response = organiser.post(f"/meetings/{event['id']}/publish", data={"send_invitations": "y"})
    assert response.status_code == 302
    assert _event(event["id"]).status is EventStatus.SCHEDULED
    kinds = db.session.scalars(sa.select(OutboxMessage.kind)).all()
    assert kinds == [MessageKind.INVITATION] * 2
    after = organiser.get(f"/meetings/{event['id']}/publish").get_data(as_text=True)
    assert "This meeting is already published." in after
    again = organiser.post(f"/meetings/{event['id']}/publish", data={})
    assert again.status_code == 409 and "already published" in again.get_data(as_text=True)


def test_publishing_without_invitations_sends_nothing(api, organiser, organisation, event):
    _people(api, organisation, event["id"], 1)
    assert organiser.post(f"/meetings/{event['id']}/publish", data={}).status_code == 302
    assert row_count(OutboxMessage) == 0


def test_cancelling_lists_the_invited_who_get_the_cancellation(api, organiser, organisation, event):
    _people(api, organisation, event["id"], 2)
    api.post(f"/events/{event['id']}/publish")
    api.post(f"/events/{event['id']}/invitations")
    _people(api, organisation, event["id"], 1, first=2)  # not invited: not told
    page = organiser.get(f"/meetings/{event['id']}/cancel").get_data(as_text=True)
    assert "2 invited participants will get the cancellation" in page
    assert "박지우 1" in page and "박지우 2" not in page
    assert organiser.post(f"/meetings/{event['id']}/cancel").status_code == 302
    cancellations = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.CANCELLATION)
    ).all()
    told = {message.recipient for message in cancellations}
    assert told == {"p0@seoul.example", "p1@seoul.example"}  # whom the page listed
    assert all(email in page for email in told) and "p2@seoul.example" not in page
    again = organiser.post(f"/meetings/{event['id']}/cancel")
    assert again.status_code == 409 and "already cancelled" in again.get_data(as_text=True)


def test_the_confirmation_costs_the_same_statements_for_3_or_9_participants(
    api, organiser, organisation, event
):
    _people(api, organisation, event["id"], 3)
    more = lambda: _people(api, organisation, event["id"], 6, first=3)  # noqa: E731
    _assert_flat(organiser, f"/meetings/{event['id']}/publish", more, "박지우 8")


# Viewers and unknown rows ---------------------------------------------------------------------


def test_a_viewer_may_change_nothing(api, viewer, event):
    base = f"/meetings/{event['id']}"
    session = api.post(f"/events/{event['id']}/sessions", {
        "title": "Opening", "kind": "plenary", "starts_at": SEOUL_MORNING.isoformat(),
        "ends_at": (SEOUL_MORNING + timedelta(hours=1)).isoformat()}).json  # fmt: skip
    for path in ["/meetings/new", f"{base}/edit", f"{base}/publish", f"{base}/cancel",
                 f"{base}/sessions/new", f"{base}/sessions/{session['id']}/edit",
                 f"{base}/sessions/{session['id']}/delete"]:  # fmt: skip
        assert viewer.get(path).status_code == 403, path
        assert viewer.post(path, data=meeting_form()).status_code == 403, path
    assert _event(event["id"]).status is EventStatus.DRAFT
    assert row_count(Event) == 1 and row_count(Session) == 1


@pytest.mark.parametrize(
    "path", ["/meetings/999/edit", "/meetings/999/publish", "/meetings/999/sessions/new",
             "/meetings/{id}/sessions/999/edit", "/meetings/{id}/sessions/999/delete"],
)  # fmt: skip
def test_unknown_meetings_and_sessions_are_404(organiser, event, path):
    assert organiser.get(path.format(id=event["id"])).status_code == 404


# Timetable ------------------------------------------------------------------------------------


def test_a_double_booked_room_is_flagged_after_saving_and_on_the_meeting_page(
    organiser, event, venue, delegate
):
    hall = str(venue["rooms"][0]["id"])
    base = f"/meetings/{event['id']}/sessions"
    form = organiser.get(f"{base}/new").get_data(as_text=True)
    assert "Starts (Asia/Seoul, UTC+09:00)" in form and "Multipurpose Hall" in form
    assert "김민준 (Kim Min-jun)" in form and '<optgroup label="Seoul Metropolitan' in form
    speaker = [str(delegate["id"])]
    first = organiser.post(f"{base}/new", data=_session_form(room_id=hall, speaker_ids=speaker))
    assert first.status_code == 302 and first.headers["Location"].endswith("#timetable")
    overlapping = _session_form(title=SCRIPT, room_id=hall, starts_at="2027-05-11T10:30",
                                ends_at="2027-05-11T12:00")  # fmt: skip
    second = organiser.post(f"{base}/new", data=overlapping)
    assert second.status_code == 302
    page = organiser.get(f"/meetings/{event['id']}").get_data(as_text=True)
    warning = f"Multipurpose Hall is booked twice: Opening and {ESCAPED}."
    assert page.count(warning) == 2  # the flash once, the timetable's check once
    assert 'class="flash-warning" role="alert"' in page and SCRIPT not in page
    sessions = db.session.scalars(sa.select(Session).order_by(Session.id)).all()
    assert sessions[1].starts_at == datetime(2027, 5, 11, 1, 30, tzinfo=UTC)
    assert [d.id for d in sessions[0].speakers] == [delegate["id"]]


def test_a_session_outside_its_meeting_is_refused_and_nothing_is_written(organiser, event):
    response = organiser.post(f"/meetings/{event['id']}/sessions/new",
                              data=_session_form(starts_at="2027-05-11T08:00"))  # fmt: skip
    assert response.status_code == 422
    assert "The session cannot start before the meeting (2027-05-11 10:00)." in (
        response.get_data(as_text=True)
    )
    assert row_count(Session) == 0


def test_a_session_is_edited_and_deleted_after_a_confirmation(api, organiser, event):
    base = f"/meetings/{event['id']}/sessions"
    assert organiser.post(f"{base}/new", data=_session_form()).status_code == 302
    session_id = db.session.scalar(sa.select(Session.id))
    form = organiser.get(f"{base}/{session_id}/edit").get_data(as_text=True)
    assert 'value="2027-05-11T10:00"' in form and 'value="Opening"' in form
    edited = organiser.post(f"{base}/{session_id}/edit", data=_session_form(title="Welcome"))
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, session_id).title == "Welcome"
    confirm = organiser.get(f"{base}/{session_id}/delete").get_data(as_text=True)
    assert "Delete session Welcome" in confirm and row_count(Session) == 1
    assert organiser.post(f"{base}/{session_id}/delete").status_code == 302
    assert row_count(Session) == 0


def test_the_session_form_costs_the_same_statements_for_3_or_9_delegates(
    api, organiser, organisation, event
):
    _people(api, organisation, event["id"], 3)
    more = lambda: _people(api, organisation, event["id"], 6, first=3)  # noqa: E731
    _assert_flat(organiser, f"/meetings/{event['id']}/sessions/new", more, "박지우 8")


def test_a_live_meeting_can_be_postponed_from_its_form_but_a_draft_cannot(api, organiser, event):
    url = f"/meetings/{event['id']}/edit"
    assert 'id="status"' not in organiser.get(url).get_data(as_text=True)
    api.post(f"/events/{event['id']}/publish")
    assert 'id="status"' in organiser.get(url).get_data(as_text=True)
    version = str(_event(event["id"]).version)
    response = organiser.post(url, data=meeting_form(status="postponed", version=version))
    assert response.status_code == 302
    assert _event(event["id"]).status is EventStatus.POSTPONED
    refused = organiser.post(url, data=meeting_form(status="cancelled", version=version))
    assert refused.status_code == 422 and row_count(OutboxMessage) == 0


def test_forms_without_their_csrf_token_are_refused(app, event, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    with guarded.app_context():
        create_user("csrf@secretariat.example", PASSWORD, UserRole.ORGANISER)
        db.session.commit()
        client = guarded.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"email": "csrf@secretariat.example", "password": PASSWORD,
                                    "csrf_token": token})  # fmt: skip
        for path in ["/meetings/new", f"/meetings/{event['id']}/publish",
                     f"/meetings/{event['id']}/sessions/new"]:  # fmt: skip
            assert client.post(path, data=meeting_form()).status_code == 400, path
        token = csrf_token(client.get("/meetings/new").get_data(as_text=True))
        created = client.post("/meetings/new", data=meeting_form(csrf_token=token))
        assert created.status_code == 302
    assert row_count(Event) == 2 and _event(event["id"]).status is EventStatus.DRAFT


# The meeting page -----------------------------------------------------------------------------


@pytest.fixture
def signed_in(app):
    """A viewer's client: the meeting page is for every account."""
    create_user("kim@secretariat.example", PASSWORD, UserRole.VIEWER)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "kim@secretariat.example", "password": PASSWORD})
    return client


def _session(api, event_id: int, title: str, hours: tuple[int, int], room=None, speakers=()):
    start = SEOUL_MORNING + timedelta(hours=hours[0])
    response = api.post(f"/events/{event_id}/sessions", {
        "title": title, "kind": "panel", "room_id": room, "speaker_ids": list(speakers),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours[1] - hours[0])).isoformat(),
    })  # fmt: skip
    assert response.status_code == 201, response.json
    return response.json


def _invite(api, organisation, event_id: int, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        delegate = api.post("/delegates", {
            "full_name": f"Delegate {n}", "native_name": f"대표 {n}",
            "email": f"d{n}@seoul.example", "organisation_id": organisation["id"],
        }).json  # fmt: skip
        api.post(f"/events/{event_id}/participants", {"delegate_id": delegate["id"],
                                                        "role": "guest"})  # fmt: skip


def test_the_page_needs_a_login(app):
    response = app.test_client().get("/meetings/1")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_timetable_flags_a_room_booked_twice_and_a_speaker_in_two_places(
    api, signed_in, venue, delegate
):
    event = api.post("/events", event_payload(venue_id=venue["id"],
                                              title="Seminar <i>x</i>")).json  # fmt: skip
    hall, small = (room["id"] for room in venue["rooms"])
    _session(api, event["id"], "Opening", (0, 2), hall)
    _session(api, event["id"], "Press point", (1, 2), hall)
    _session(api, event["id"], "Panel A", (3, 4), hall, [delegate["id"]])
    _session(api, event["id"], "Panel B", (3, 5), small, [delegate["id"]])
    _session(api, event["id"], "Lunch", (5, 6), hall)
    html = signed_in.get(f"/meetings/{event['id']}").get_data(as_text=True)
    assert "Multipurpose Hall is booked twice: Opening and Press point." in html
    assert "Kim Min-jun speaks in two places at once: Panel A and Panel B." in html
    assert html.count("booked twice") == 1 and html.count("two places at once") == 1
    assert "Seminar &lt;i&gt;x&lt;/i&gt;" in html and "<i>x</i>" not in html
    assert f"webcal://planner.example/calendar/events/{event['id']}.ics" in html
    assert "김민준" in html


def test_the_page_costs_the_same_statements_for_3_or_30_participants(
    api, signed_in, organisation, venue
):
    event = api.post("/events", event_payload(venue_id=venue["id"])).json
    _session(api, event["id"], "Opening", (0, 1), venue["rooms"][0]["id"])
    _invite(api, organisation, event["id"], 3)
    signed_in.get(f"/meetings/{event['id']}")  # warm-up
    with counted_statements() as few:
        assert signed_in.get(f"/meetings/{event['id']}").status_code == 200
    _invite(api, organisation, event["id"], 27, first=3)
    signed_in.get(f"/meetings/{event['id']}")  # warm-up again: the account, loaded once
    with counted_statements() as many:
        page = signed_in.get(f"/meetings/{event['id']}")
    assert "Participants (30)" in page.get_data(as_text=True)
    assert len(many) == len(few), (few, many)


def test_an_unknown_meeting_is_a_404_page(signed_in):
    assert signed_in.get("/meetings/999999").status_code == 404
