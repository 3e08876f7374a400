"""A meeting's participants and packs in the browser (Flask test client): the list with names in
their own scripts, filters and counts, adding delegates found by search, changing roles (with the
voting rule's refusal beside the field), invitations, removal with its cancellation, each
participant's e-mail history, bulk packs, and the API answering a signed-in browser's reads."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantRole, ParticipantStatus, Participation
from planner.extensions import db
from planner.members.models import Delegate, Membership, Organisation
from planner.notifications.models import MessageKind, MessageStatus, OutboxMessage
from planner.packs import jobs
from planner.packs.models import JobState, PackJob
from planner.web.participants import SEARCH_LIMIT
from tests.conftest import event_payload, make_app, row_count
from tests.support.pack_fixtures import MEMBERS
from tests.support.queries import counted_statements

PASSWORD = "organiser-password-1"
SCRIPT = "<script>alert(1)</script>"


def _signed_in(app, email: str, role: UserRole):
    create_user(email, PASSWORD, role)
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def web(app):
    """A browser signed in as an organiser."""
    return _signed_in(app, "kim@secretariat.example", UserRole.ORGANISER)


@pytest.fixture
def viewer(app):
    return _signed_in(app, "reader@secretariat.example", UserRole.VIEWER)


@pytest.fixture
def meeting(api, assembly) -> dict:
    """The General Assembly of six voting delegates, published."""
    assert api.post(f"/events/{assembly['event']['id']}/publish").status_code == 200
    return assembly


def _url(meeting: dict, tail: str = "") -> str:
    return f"/meetings/{meeting['event']['id']}/participants{tail}"


def _pid(meeting: dict, n: int) -> int:
    return meeting["participants"][n]["id"]


def _participation(pid: int) -> Participation | None:
    db.session.expire_all()
    return db.session.get(Participation, pid)


def _outsiders(api, count: int, name: str = "Outsider", membership: str = "partner") -> list:
    """Delegates of an organisation without a seat, not taking part in the meeting."""
    organisation = api.post("/organisations", {
        "slug": f"org-{name.lower()}", "name": f"{name} Institute", "native_name": "부산광역시",
        "country": "KR", "timezone": "Asia/Seoul", "membership": membership,
    }).json  # fmt: skip
    return [
        api.post(
            "/delegates",
            {
                "full_name": f"{name} Person {n}",
                "native_name": f"박서준{n}",
                "email": f"{name.lower()}{n}@example.org",
                "organisation_id": organisation["id"],
            },
        ).json
        for n in range(count)
    ]


# The list --------------------------------------------------------------------------------------


def test_the_list_shows_names_in_their_scripts_needs_answers_and_last_email(api, web, meeting):
    seoul = db.session.get(Delegate, meeting["delegates"][0]["id"])
    seoul.dietary_needs, seoul.needs_visa_letter = "Vegetarian", True
    db.session.commit()
    event_id = meeting["event"]["id"]
    api.patch(f"/events/{event_id}/participants/{_pid(meeting, 1)}", {"status": "declined"})
    api.post(f"/events/{event_id}/invitations")
    response = web.get(_url(meeting))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (
        '<span class="native" lang="ko">김민준</span> <span class="latin" lang="en">Kim Min-jun'
        in html
    )
    assert '<span class="native" lang="ja">山田 太郎</span>' in html
    assert "สมชาย ใจดี" in html and "Zoë Lefèvre-Dupré" in html
    assert "Seoul Metropolitan Government (KR)" in html
    assert "Diet: Vegetarian" in html and "visa letter" in html
    assert "no credentials yet" in html  # a General Assembly shows credentials
    assert html.count("waiting to be sent") == len(MEMBERS)  # each one's invitation
    counts = re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</a>", html)
    assert counts == [("0", "accepted"), ("0", "tentative"), ("1", "declined"),
                      ("5", "no answer")]  # fmt: skip
    # Markup in a name is text.
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;font name=&#39;x&#39;&gt;" in html
    assert "<b>Bold</b>" not in html


def test_filters_by_status_and_role_and_removed_ones_only_when_asked(api, web, meeting):
    event_id = meeting["event"]["id"]
    api.patch(f"/events/{event_id}/participants/{_pid(meeting, 1)}", {"status": "declined"})
    api.patch(f"/events/{event_id}/participants/{_pid(meeting, 2)}", {"role": "observer"})
    api.delete(f"/events/{event_id}/participants/{_pid(meeting, 3)}")  # never invited: gone
    declined = web.get(_url(meeting, "?status=declined")).get_data(as_text=True)
    assert "山田 太郎" in declined and "김민준" not in declined
    observers = web.get(_url(meeting, "?role=observer")).get_data(as_text=True)
    assert "Nguyễn Thị Minh Khai" in observers and "김민준" not in observers
    everyone = web.get(_url(meeting)).get_data(as_text=True)
    assert "Who takes part (5)" in everyone
    tampered = web.get(_url(meeting, "?status=nonsense&role=%3Cx%3E"))
    assert tampered.status_code == 200 and "Who takes part (5)" in tampered.get_data(True)


def test_a_meeting_or_participant_that_does_not_exist_is_a_404_page(web, meeting, api):
    other = api.post("/events", event_payload(title="Another meeting")).json
    assert web.get("/meetings/999999/participants").status_code == 404
    assert web.get(f"/meetings/{other['id']}/participants/{_pid(meeting, 0)}").status_code == 404
    assert web.get("/meetings/999999/packs").status_code == 404


def test_the_pages_ask_for_a_login(app, meeting):
    client = app.test_client()
    for path in (_url(meeting), _url(meeting, f"/{_pid(meeting, 0)}"),
                 f"/meetings/{meeting['event']['id']}/packs"):  # fmt: skip
        assert client.get(path).headers["Location"].startswith("/login?next=")


def test_a_viewer_reads_every_page_but_changes_nothing(viewer, meeting):
    event_id, pid = meeting["event"]["id"], _pid(meeting, 0)
    for path in (_url(meeting), _url(meeting, f"/{pid}"), f"/meetings/{event_id}/packs",
                 _url(meeting, "?q=Kim")):  # fmt: skip
        page = viewer.get(path)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert 'method="post"' not in html.split("</header>")[1]
        assert "Resend invitation" not in html and "Generate all packs" not in html
    posts = [(_url(meeting, f"/{pid}"), {"role": "observer", "status": "accepted"}),
             (_url(meeting, f"/{pid}/resend"), {}), (_url(meeting, f"/{pid}/remove"), {}),
             (_url(meeting, "/invitations"), {}), (_url(meeting, "/add/1"), {"role": "guest"}),
             (f"/meetings/{event_id}/packs", {"paper": "a4"}),
             (_url(meeting, f"/{pid}/rsvp-link"), {})]  # fmt: skip
    for path, data in posts:
        assert viewer.post(path, data=data).status_code == 403, path
    assert viewer.get(_url(meeting, f"/{pid}/remove")).status_code == 403
    assert _participation(pid).role is ParticipantRole.VOTING_DELEGATE
    assert row_count(OutboxMessage) == 0 and row_count(PackJob) == 0


# Changing a role or status ---------------------------------------------------------------------


def test_an_organiser_changes_a_role_and_records_an_answer(web, meeting):
    pid = _pid(meeting, 2)
    response = web.post(_url(meeting, f"/{pid}?role=voting-delegate"),
                        data={"role": "alternate", "status": "accepted"})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == _url(meeting, "?role=voting-delegate")
    participation = _participation(pid)
    assert participation.role is ParticipantRole.ALTERNATE
    assert participation.status is ParticipantStatus.ACCEPTED
    assert participation.responded_at is not None
    assert "Nguyễn Thị Minh Khai: role and status saved." in web.get(_url(meeting)).get_data(True)


def test_a_voting_role_without_a_voting_seat_is_refused_beside_the_field(api, web, meeting):
    (outsider,) = _outsiders(api, 1)
    event_id = meeting["event"]["id"]
    pid = api.post(f"/events/{event_id}/participants",
                   {"delegate_id": outsider["id"], "role": "observer"}).json["id"]  # fmt: skip
    response = web.post(_url(meeting, f"/{pid}"),
                        data={"role": "voting-delegate", "status": "accepted"})  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "Outsider Institute has no vote in this meeting&#39;s body"  # the service's words
    assert html.count(message) == 2  # in the summary and beside the field
    assert 'role="alert"' in html
    assert re.search(rf'id="role-{pid}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*'
                     rf'id="role-{pid}"', html)  # fmt: skip
    assert f'aria-describedby="role-{pid}-error"' in html
    assert '<option selected value="voting-delegate">' in html  # what was sent, kept
    participation = _participation(pid)
    assert participation.role is ParticipantRole.OBSERVER
    assert participation.status is ParticipantStatus.INVITED  # nothing written


def test_a_second_voting_delegate_of_one_organisation_is_refused(api, web, meeting):
    seoul = meeting["delegates"][0]["organisation_id"]
    colleague = api.post("/delegates", {"full_name": "Lee Ji-eun", "native_name": "이지은",
                                        "email": "jieun@seoul.example",
                                        "organisation_id": seoul}).json  # fmt: skip
    response = web.post(_url(meeting, f"/add/{colleague['id']}"), data={"role": "voting-delegate"})
    assert response.status_code == 422
    assert "one voting delegate per organisation" in response.get_data(True)  # beside the role
    assert row_count(Participation) == len(MEMBERS)


def test_unknown_choices_are_refused_and_nothing_is_written(web, meeting):
    pid = _pid(meeting, 0)
    response = web.post(_url(meeting, f"/{pid}"), data={"role": "king", "status": "cancelled"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _participation(pid).role is ParticipantRole.VOTING_DELEGATE


# Adding delegates by search --------------------------------------------------------------------


def test_search_finds_native_and_latin_names_and_organisations_but_not_participants(
    api, web, meeting
):
    outsiders = _outsiders(api, 3)
    by_hangul = web.get(_url(meeting, "?q=박서준1")).get_data(as_text=True)
    assert "Outsider Person 1" in by_hangul and "Outsider Person 2" not in by_hangul
    by_latin = web.get(_url(meeting, "?q=outsider+PERSON")).get_data(as_text=True)
    assert all(o["full_name"] in by_latin for o in outsiders)
    by_organisation = web.get(_url(meeting, "?q=institute")).get_data(as_text=True)
    assert by_organisation.count('action="/meetings/') >= 3
    # Participants are not offered again; wildcards are plain text.
    taking_part = web.get(_url(meeting, "?q=Kim+Min")).get_data(as_text=True)
    assert "No delegate matches “Kim Min”" in taking_part
    assert "No delegate matches “%”" in web.get(_url(meeting, "?q=%25")).get_data(as_text=True)
    too_long = web.get(_url(meeting, "?q=" + "x" * 101))
    assert "At most 100 characters." in too_long.get_data(as_text=True)


def test_a_large_result_is_capped_with_a_message(api, web, meeting):
    _outsiders(api, SEARCH_LIMIT + 1)
    html = web.get(_url(meeting, "?q=Outsider")).get_data(as_text=True)
    assert html.count("/add/") == SEARCH_LIMIT
    assert f"More than {SEARCH_LIMIT} delegates match" in html


def test_adding_a_found_delegate_keeps_the_search(api, web, meeting):
    (outsider,) = _outsiders(api, 1)
    response = web.post(_url(meeting, f"/add/{outsider['id']}?q=Outsider"),
                        data={"role": "observer"})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == _url(meeting, "?q=Outsider")
    added = db.session.scalar(
        sa.select(Participation).where(Participation.delegate_id == outsider["id"])
    )
    assert (added.role, added.status) == (ParticipantRole.OBSERVER, ParticipantStatus.INVITED)
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "박서준0 was added." in page
    assert "No delegate matches “Outsider”" in page  # no longer offered
    again = web.post(_url(meeting, f"/add/{outsider['id']}"), data={"role": "observer"})
    assert again.status_code == 422
    assert "Outsider Person 0 takes part in this event already" in again.get_data(True)


def test_a_result_offers_the_likeliest_role(api, web, meeting):
    seoul = meeting["delegates"][0]["organisation_id"]
    api.post("/delegates", {"full_name": "Lee Ji-eun", "email": "jieun@seoul.example",
                            "organisation_id": seoul})  # fmt: skip
    _outsiders(api, 1)
    html = web.get(_url(meeting, "?q=e")).get_data(as_text=True)
    lee, outsider = html.split("Lee Ji-eun", 1)[1], html.split("Outsider Person 0", 1)[1]
    assert '<option selected value="voting-delegate">' in lee.split("</tr>")[0]
    assert '<option selected value="observer">' in outsider.split("</tr>")[0]


# Invitations and removal -----------------------------------------------------------------------


def test_invite_all_says_how_many_then_queues_one_each(web, meeting):
    confirm = web.get(_url(meeting, "/invitations")).get_data(as_text=True)
    assert f"{len(MEMBERS)} participants have not been invited yet" in confirm
    assert f"Send {len(MEMBERS)} invitations" in confirm
    response = web.post(_url(meeting, "/invitations"))
    assert response.status_code == 302
    kinds = db.session.scalars(sa.select(OutboxMessage.kind)).all()
    assert kinds == [MessageKind.INVITATION] * len(MEMBERS)
    assert f"Invitations are on their way to {len(MEMBERS)} participants." in web.get(
        response.headers["Location"]
    ).get_data(True)
    assert "Everyone taking part has been invited already." in web.get(
        _url(meeting, "/invitations")
    ).get_data(True)


def test_a_draft_meeting_cannot_invite_and_says_why(api, web, assembly):
    response = web.post(_url(assembly, "/invitations"))
    assert response.status_code == 409
    assert "publish the meeting before inviting its participants" in response.get_data(True)
    assert row_count(OutboxMessage) == 0
    assert _participation(_pid(assembly, 0)).invited_at is None
    resend = web.post(_url(assembly, f"/{_pid(assembly, 0)}/resend"))
    assert resend.status_code == 409 and row_count(OutboxMessage) == 0


def test_an_invitation_is_sent_again_on_request(api, web, meeting):
    api.post(f"/events/{meeting['event']['id']}/invitations")
    pid = _pid(meeting, 1)
    response = web.post(_url(meeting, f"/{pid}/resend"))
    assert response.status_code == 302
    assert "A new invitation to 山田 太郎 is on its way." in web.get(_url(meeting)).get_data(True)
    mine = db.session.scalars(
        sa.select(OutboxMessage.kind).where(OutboxMessage.participation_id == pid)
    ).all()
    assert mine == [MessageKind.INVITATION, MessageKind.INVITATION]


def test_removing_an_invited_delegate_says_a_cancellation_goes_and_sends_it(api, web, meeting):
    api.post(f"/events/{meeting['event']['id']}/invitations")
    pid = _pid(meeting, 0)
    confirm = web.get(_url(meeting, f"/{pid}/remove"))
    assert confirm.status_code == 200
    assert "they will be sent a cancellation by e-mail" in confirm.get_data(True)
    response = web.post(_url(meeting, f"/{pid}/remove?status=invited"))
    assert response.headers["Location"] == _url(meeting, "?status=invited")
    assert _participation(pid).status is ParticipantStatus.CANCELLED
    last = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1))
    assert (last.kind, last.participation_id) == (MessageKind.CANCELLATION, pid)
    removed = web.get(_url(meeting, "?status=cancelled")).get_data(as_text=True)
    assert "김민준" in removed and "removed" in removed


def test_removing_someone_never_invited_tells_nobody(web, meeting):
    pid = _pid(meeting, 5)
    assert "nobody is told" in web.get(_url(meeting, f"/{pid}/remove")).get_data(True)
    assert web.post(_url(meeting, f"/{pid}/remove")).status_code == 302
    assert _participation(pid) is None and row_count(OutboxMessage) == 0


# History ---------------------------------------------------------------------------------------


def test_the_history_lists_each_email_with_its_fate(api, web, meeting):
    event_id, pid = meeting["event"]["id"], _pid(meeting, 3)
    api.post(f"/events/{event_id}/invitations")
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.participation_id == pid)
    )
    message.status, message.attempts, message.last_error = MessageStatus.FAILED, 3, SCRIPT
    db.session.commit()
    api.patch(f"/events/{event_id}", {"starts_at": "2027-05-12T01:00:00+00:00",
                                      "ends_at": "2027-05-13T09:00:00+00:00"})  # fmt: skip
    response = web.get(_url(meeting, f"/{pid}"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "สมชาย ใจดี" in html and "Somchai Jaidee" in html
    rows = re.findall(r'<th scope="row">([a-z]+)</th>', html)
    assert rows == ["invitation", "update"]
    assert "failed" in html and "waiting to be sent" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and SCRIPT not in html
    assert "(Seoul, UTC+09:00)" in html


# Script injection ------------------------------------------------------------------------------


def test_a_name_with_markup_is_shown_as_text_everywhere(api, web, meeting):
    (outsider,) = _outsiders(api, 1)
    api.patch(f"/delegates/{outsider['id']}", {"full_name": SCRIPT, "native_name": SCRIPT})
    found = web.get(_url(meeting, "?q=script")).get_data(as_text=True)
    added = web.post(_url(meeting, f"/add/{outsider['id']}"), data={"role": "observer"})
    assert added.status_code == 302
    listed = web.get(_url(meeting)).get_data(as_text=True)
    pid = db.session.scalar(
        sa.select(Participation.id).where(Participation.delegate_id == outsider["id"])
    )
    history = web.get(_url(meeting, f"/{pid}")).get_data(as_text=True)
    remove = web.get(_url(meeting, f"/{pid}/remove")).get_data(as_text=True)
    for html in (found, listed, history, remove):
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Statements ------------------------------------------------------------------------------------


def _crowd(api, event_id: int, count: int, first: int) -> None:
    """``count`` more participants (each of their own organisation), invited, with needs."""
    for n in range(first, first + count):
        organisation = Organisation(slug=f"crowd-{n}", name=f"Crowd City {n}", country="KR",
                                    timezone="Asia/Seoul", membership=Membership.FULL)  # fmt: skip
        delegate = Delegate(full_name=f"Crowd Delegate {n}", native_name=f"군중{n}",
                            email=f"crowd{n}@example.org", organisation=organisation,
                            timezone="Asia/Seoul",
                            dietary_needs="Halal")  # fmt: skip
        db.session.add(
            Participation(
                event_id=event_id,
                delegate=delegate,
                role=ParticipantRole.GUEST,
            )
        )
        outsider = Delegate(full_name=f"Crowd Outsider {n}", email=f"out{n}@example.org",
                            organisation=organisation, timezone="Asia/Seoul")  # fmt: skip
        db.session.add(outsider)
    db.session.commit()
    api.post(f"/events/{event_id}/invitations")


def _statements(web, path: str) -> int:
    web.get(path)  # warm: the session's user, caches
    with counted_statements() as statements:
        assert web.get(path).status_code == 200
    return len(statements)


def test_the_pages_cost_the_same_statements_for_three_times_the_rows(api, web, meeting):
    event_id = meeting["event"]["id"]
    paths = [_url(meeting), _url(meeting, "?q=Crowd"), _url(meeting, f"/{_pid(meeting, 0)}"),
             f"/meetings/{event_id}/packs"]  # fmt: skip
    _crowd(api, event_id, 4, first=0)
    few = [_statements(web, path) for path in paths]
    _crowd(api, event_id, 8, first=4)
    api.patch(f"/events/{event_id}", {"starts_at": "2027-05-12T01:00:00+00:00",
                                      "ends_at": "2027-05-13T09:00:00+00:00"})  # fmt: skip
    many = [_statements(web, path) for path in paths]
    assert few == many
    listed = web.get(_url(meeting)).get_data(as_text=True)
    assert listed.count("Crowd Delegate") == 12


def test_a_long_list_is_read_a_page_at_a_time_filters_kept(app, api, web, meeting, monkeypatch):
    """Pages of ``LIST_PAGE_SIZE`` rows (here 4): each page holds only its rows, the pager
    keeps the filters; a page past the end is the last, one that is not a number the first."""
    monkeypatch.setitem(app.config, "LIST_PAGE_SIZE", 4)
    event_id = meeting["event"]["id"]
    _crowd(api, event_id, 5, first=0)  # five guests besides the Assembly's participants
    total = db.session.scalar(sa.select(sa.func.count()).where(Participation.event_id == event_id))
    first = web.get(_url(meeting)).get_data(as_text=True)
    assert f"({total})" in first and f"1–4 of {total}" in first
    assert f'href="{_url(meeting)}?page=2"' in first and 'rel="prev"' not in first
    last_number = -(-total // 4)
    last = web.get(_url(meeting, f"?page={last_number}")).get_data(as_text=True)
    assert f"{4 * (last_number - 1) + 1}–{total} of {total}" in last and 'rel="next"' not in last
    assert web.get(_url(meeting, "?page=999")).get_data(as_text=True).count("Next page") == 0
    assert f"1–4 of {total}" in web.get(_url(meeting, "?page=x")).get_data(as_text=True)
    # Filters stay in the pager's links, and a guest filter pages its own rows.
    guests = web.get(_url(meeting, "?role=guest&page=2")).get_data(as_text=True)
    assert "5–5 of 5" in guests and 'href="' + _url(meeting) + '?role=guest&amp;page=1"' in guests
    # Each page holds only its rows: the names of page 1 are not on page 2.
    names = set(re.findall(r"Crowd Delegate \d", guests))
    page_one = web.get(_url(meeting, "?role=guest")).get_data(as_text=True)
    assert names and not names & set(re.findall(r"Crowd Delegate \d", page_one))


# Packs -----------------------------------------------------------------------------------------


def test_generating_packs_starts_a_run_and_the_page_follows_it(web, meeting):
    event_id = meeting["event"]["id"]
    page = web.get(f"/meetings/{event_id}/packs").get_data(as_text=True)
    assert f"{len(MEMBERS)} participants are coming" in page
    assert "No packs have been generated for this meeting yet." in page
    assert f'href="/api/v1/events/{event_id}/badges.pdf"' in page
    response = web.post(f"/meetings/{event_id}/packs", data={"paper": "letter"})
    assert response.status_code == 302
    job = db.session.scalar(sa.select(PackJob))
    assert (job.paper, job.total) == ("letter", len(MEMBERS))
    assert response.headers["Location"] == f"/meetings/{event_id}/packs?job={job.id}"
    running = web.get(response.headers["Location"]).get_data(as_text=True)
    assert f"0 of {len(MEMBERS)} packs" in running
    assert f'data-job-poll="/api/v1/jobs/{job.id}"' in running
    assert f'<progress id="pack-progress" max="{len(MEMBERS)}" value="0">' in running
    assert "Refresh" in running and "pack-progress.js" in running
    for part in jobs.chunks(job.id):
        jobs.make_packs(job.id, part)
    jobs.make_badge_sheet(job.id)
    db.session.refresh(job)
    assert job.state is JobState.ASSEMBLING  # every pack made: the files are put together next
    assembling = web.get(response.headers["Location"])
    assert assembling.status_code == 200
    assert "putting the files together" in assembling.get_data(as_text=True)
    jobs.assemble(job.id)
    done = web.get(f"/meetings/{event_id}/packs").get_data(as_text=True)  # the latest run
    assert "data-job-poll" not in done and "ready" in done
    assert f"{len(MEMBERS)} of {len(MEMBERS)} packs" in done
    for name in ("packs.zip", "packs-print.pdf", "badges.pdf"):
        link = f"/api/v1/jobs/{job.id}/files/{name}"
        assert f'href="{link}"' in done
        assert web.get(link).status_code == 200  # the signed-in browser downloads it


def test_a_run_with_nobody_coming_or_a_bad_paper_is_refused(api, web, meeting):
    empty = api.post("/events", event_payload(title="Nobody yet")).json
    response = web.post(f"/meetings/{empty['id']}/packs", data={"paper": "a4"})
    assert response.status_code == 422
    assert "nobody is coming to this meeting yet" in response.get_data(True)
    bad = web.post(f"/meetings/{meeting['event']['id']}/packs", data={"paper": "a0"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(True)
    assert row_count(PackJob) == 0


def test_a_run_with_the_queue_down_is_a_503_page(app, meeting, tmp_path):
    closed = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:9/0"
    )
    try:
        with closed.app_context():
            client = _signed_in(closed, "lee@secretariat.example", UserRole.ORGANISER)
            response = client.post(f"/meetings/{meeting['event']['id']}/packs")
        assert response.status_code == 503
        assert "The job queue is not answering" in response.get_data(as_text=True)
        assert db.session.scalar(sa.select(PackJob)).state is JobState.FAILED
    finally:
        app.extensions["celery"].set_default()
        app.extensions["celery"].set_current()


def test_a_job_of_another_meeting_is_not_shown(api, web, meeting):
    other = api.post("/events", event_payload(title="Another")).json
    job, _started = jobs.start_job(meeting["event"]["id"], "a4")
    db.session.commit()
    page = web.get(f"/meetings/{other['id']}/packs?job={job.id}").get_data(as_text=True)
    assert "No packs have been generated for this meeting yet." in page


# The API and a signed-in browser ----------------------------------------------------------------


def test_the_api_answers_a_signed_in_browsers_reads_only(app, web, viewer, meeting):
    event_id = meeting["event"]["id"]
    participants = f"/api/v1/events/{event_id}/participants"
    read = web.get(participants)
    assert read.status_code == 200 and read.json["items"][0]["rsvp_url"].startswith("https://")
    # The same URL for a viewer: never the organiser's cached answer with its secret links.
    seen = viewer.get(participants)
    assert seen.status_code == 200 and seen.json["items"][0]["rsvp_url"] is None
    assert viewer.get(f"/api/v1/events/{event_id}/badges.pdf").status_code == 403
    assert web.get(f"/api/v1/events/{event_id}/badges.pdf").status_code == 200
    # Writes through the API still need a bearer token: cookies carry no CSRF proof.
    refused = web.post(f"/api/v1/events/{event_id}/cancel")
    assert refused.status_code == 401
    assert web.patch(participants + f"/{_pid(meeting, 0)}", json={"role": "guest"}).status_code == (
        401
    )
    assert app.test_client().get(participants).status_code == 401
    # A wrong token is not saved by the cookie beside it.
    wrong = web.get(participants, headers={"Authorization": "Bearer nonsense"})
    assert wrong.status_code == 401
    assert _participation(_pid(meeting, 0)).role is ParticipantRole.VOTING_DELEGATE


def test_a_signed_out_browser_is_refused_by_the_api(web, meeting):
    web.post("/logout")
    assert web.get(f"/api/v1/events/{meeting['event']['id']}").status_code == 401


@pytest.mark.parametrize("lang", ["fr", "ko"])
def test_the_pages_speak_the_readers_language(web, meeting, lang):
    for path in (_url(meeting), _url(meeting, f"/{_pid(meeting, 0)}"),
                 f"/meetings/{meeting['event']['id']}/packs"):  # fmt: skip
        response = web.get(f"{path}?lang={lang}")
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.get_data(as_text=True)
