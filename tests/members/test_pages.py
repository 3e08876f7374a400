"""The member directory and the bodies in the browser's pages: search in any script, filters
that combine and stay, an organisation's delegates, seats and meetings, the bodies' seats and
quorum; organisers add seats and end terms, with errors beside the fields and nothing written;
viewers read only; names are text, never markup; statement counts do not grow with rows."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.caching import current_data_version
from planner.db import utcnow
from planner.events.models import (
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
)
from planner.extensions import db
from planner.governance.quorum.service import quorum_forecasts
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Membership,
    Organisation,
    OrganisationStatus,
    QuorumRule,
    SeatRole,
)
from tests.conftest import make_app
from tests.support.pages import PASSWORD, post_login
from tests.support.queries import counted_statements

TODAY = datetime.now(ZoneInfo("Asia/Seoul")).date()  # the secretariat's (PLANNER_TIMEZONE)
LAST_YEAR = TODAY - timedelta(days=365)
NEXT_YEAR = TODAY + timedelta(days=365)
SCRIPT = "<script>alert(1)</script>"
HELD = "This organisation already holds a seat on this body during this term."


def _organisation(slug: str, name: str, country: str, **data) -> Organisation:
    data.setdefault("timezone", "Asia/Seoul")
    data.setdefault("membership", Membership.FULL)
    organisation = Organisation(slug=slug, name=name, country=country, **data)
    db.session.add(organisation)
    return organisation


def _delegate(organisation: Organisation, full_name: str, native_name: str | None = None,
              **data) -> Delegate:  # fmt: skip
    slug = re.sub(r"[^a-z]+", ".", full_name.lower()).strip(".")
    data.setdefault("timezone", organisation.timezone)
    delegate = Delegate(
        full_name=full_name,
        native_name=native_name,
        organisation=organisation,
        email=f"{slug}@{organisation.slug}.example",
        **data,
    )
    db.session.add(delegate)
    return delegate


@pytest.fixture
def network(app) -> dict:
    """Four members in four countries and scripts, their delegates, and an Executive Committee
    with current, ended and future seats."""
    seoul = _organisation("seoul", "Seoul Metropolitan Government", "KR", native_name="서울특별시",
                          city="Seoul", language="ko")  # fmt: skip
    yokohama = _organisation("yokohama", "City of Yokohama", "JP", native_name="横浜市",
                             city="Yokohama", language="ja", timezone="Asia/Tokyo")  # fmt: skip
    bangkok = _organisation("bangkok", "Bangkok Metropolitan Administration", "TH",
                            native_name="กรุงเทพมหานคร", city="Bangkok", language="th",
                            timezone="Asia/Bangkok", membership=Membership.ASSOCIATE)  # fmt: skip
    lyon = _organisation("lyon", f"Lyon {SCRIPT}", "FR", city="Lyon", timezone="Europe/Paris",
                         membership=Membership.ASSOCIATE)  # fmt: skip
    _delegate(seoul, "Kim Min-jun", "김민준", title="H.E.", position="Mayor", language="ko")
    _delegate(seoul, "Lee Seo-yeon", "이서연", position="Director")
    _delegate(yokohama, "Yamada Taro", "山田太郎", position="Deputy Mayor", language="ja")
    _delegate(bangkok, "Somchai Jaidee", "สมชาย ใจดี")
    _delegate(lyon, f"Jean {SCRIPT}", position=SCRIPT, language="fr")
    committee = Body(slug="executive-committee", name="Executive Committee",
                     native_name="집행위원회", quorum_rule=QuorumRule.MAJORITY)  # fmt: skip
    committee.seats = [
        BodySeat(organisation=seoul, role=SeatRole.PRESIDENT, term_start=LAST_YEAR),
        BodySeat(
            organisation=yokohama, role=SeatRole.MEMBER, term_start=LAST_YEAR, term_end=NEXT_YEAR
        ),
        BodySeat(organisation=bangkok, role=SeatRole.OBSERVER, term_start=LAST_YEAR),
        BodySeat(
            organisation=lyon,
            role=SeatRole.MEMBER,
            term_start=date(2015, 1, 1),
            term_end=date(2018, 12, 31),
        ),
        BodySeat(organisation=lyon, role=SeatRole.MEMBER, term_start=NEXT_YEAR),
    ]
    db.session.add(committee)
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    create_user("reader@secretariat.example", PASSWORD, UserRole.VIEWER)
    db.session.commit()
    return {"seoul": seoul.id, "yokohama": yokohama.id, "bangkok": bangkok.id, "lyon": lyon.id,
            "committee": committee.id}  # fmt: skip


@pytest.fixture
def organiser_client(app, network):
    client = app.test_client()
    assert post_login(client, "kim@secretariat.example").status_code == 302
    return client


@pytest.fixture
def viewer_client(app, network):
    client = app.test_client()
    assert post_login(client, "reader@secretariat.example").status_code == 302
    return client


def _rows(html: str) -> list[str]:
    """The organisations listed, in order (their Latin names)."""
    return re.findall(r'<th scope="row"><a href="/members/\d+">.*?class="latin">([^<]*)<', html)


def _count(html: str) -> str:
    return re.search(r'class="result-count" role="status">([^<]*)<', html).group(1)


# The directory ----------------------------------------------------------------------------


def test_pages_ask_for_a_login(app, network):
    client = app.test_client()
    for url in ("/members", f"/members/{network['seoul']}", "/bodies",
                "/bodies/executive-committee"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_directory_lists_every_organisation_by_country_then_name(organiser_client):
    response = organiser_client.get("/members")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _count(html) == "4 of 4 organisations"
    assert _rows(html) == [  # France, Japan, South Korea, Thailand: by ISO code
        f"Lyon {SCRIPT}".replace("<", "&lt;").replace(">", "&gt;"),
        "City of Yokohama",
        "Seoul Metropolitan Government",
        "Bangkok Metropolitan Administration",
    ]
    assert '<span class="native" lang="ja">横浜市</span>' in html
    assert "Associate member" in html and "South Korea" in html
    assert SCRIPT not in html and "Lyon &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_long_directory_is_read_a_page_at_a_time(app, organiser_client, monkeypatch):
    monkeypatch.setitem(app.config, "LIST_PAGE_SIZE", 3)
    first = organiser_client.get("/members?membership=").get_data(as_text=True)
    assert _count(first) == "4 of 4 organisations" and len(_rows(first)) == 3
    assert "1–3 of 4" in first and 'href="/members?membership=&amp;page=2"' in first
    second = organiser_client.get("/members?page=2").get_data(as_text=True)
    assert _rows(second) == ["Bangkok Metropolitan Administration"] and "4–4 of 4" in second
    # A filter narrows the whole list, then pages it.
    assert _rows(organiser_client.get("/members?country=KR&page=9").get_data(as_text=True)) == [
        "Seoul Metropolitan Government"
    ]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("yamada", ["City of Yokohama"]),  # a delegate's Latin name, any case
        ("山田", ["City of Yokohama"]),  # a delegate's native name
        ("서울", ["Seoul Metropolitan Government"]),  # the organisation's native name
        ("SEOUL", ["Seoul Metropolitan Government"]),
        ("กรุงเทพ", ["Bangkok Metropolitan Administration"]),
        ("bangkok", ["Bangkok Metropolitan Administration"]),  # slug and city
        ("100%", []),  # % is a character, not a wildcard
    ],
)
def test_the_search_finds_organisations_and_delegates_in_any_script(organiser_client, query, found):
    html = organiser_client.get("/members", query_string={"q": query}).get_data(as_text=True)
    assert _rows(html) == found
    assert _count(html) == f"{len(found)} of 4 organisations"
    assert f'value="{query}"' in html  # the search box keeps what was typed


def test_the_search_shows_through_which_delegate_it_found_an_organisation(organiser_client):
    html = organiser_client.get("/members?q=山田").get_data(as_text=True)
    assert 'Delegate: <span class="native" lang="ja">山田太郎</span>' in html
    html = organiser_client.get("/members?q=jean").get_data(as_text=True)
    assert 'Delegate: <span class="latin">Jean &lt;script&gt;' in html
    html = organiser_client.get("/members?q=seoul").get_data(as_text=True)
    assert "Delegate:" not in html  # found by its own name


def test_filters_combine_and_keep_their_values(organiser_client):
    html = organiser_client.get("/members?country=JP").get_data(as_text=True)
    assert _rows(html) == ["City of Yokohama"]
    assert '<option selected value="JP">Japan</option>' in html
    html = organiser_client.get("/members?membership=associate").get_data(as_text=True)
    assert len(_rows(html)) == 2
    assert '<option selected value="associate">Associate member</option>' in html
    html = organiser_client.get("/members?membership=associate&country=TH&q=somchai").get_data(
        as_text=True
    )
    assert _rows(html) == ["Bangkok Metropolitan Administration"]
    html = organiser_client.get("/members?membership=full&country=TH").get_data(as_text=True)
    assert _rows(html) == [] and "No organisation matches this search." in html
    assert _count(html) == "0 of 4 organisations"


def test_countries_are_named_in_the_readers_language(organiser_client):
    html = organiser_client.get("/members?lang=ko").get_data(as_text=True)
    assert '<option value="KR">대한민국</option>' in html
    html = organiser_client.get("/members?lang=fr").get_data(as_text=True)
    assert '<option value="KR">Corée du Sud</option>' in html


def test_a_filter_that_is_not_offered_is_refused_and_the_others_still_apply(organiser_client):
    response = organiser_client.get("/members?membership=emperor&q=yamada")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in html and "Not a valid choice" in html
    assert _rows(html) == ["City of Yokohama"]


# An organisation ----------------------------------------------------------------------------


def _event(title: str, starts: datetime, body: Body | None = None, **data) -> Event:
    event = Event(kind=EventKind.EXECUTIVE_COMMITTEE if body else EventKind.SEMINAR, title=title,
                  body=body, starts_at=starts, ends_at=starts + timedelta(hours=6),
                  timezone="Asia/Seoul", status=data.pop("status", EventStatus.SCHEDULED),
                  **data)  # fmt: skip
    db.session.add(event)
    return event


def _take_part(event: Event, delegate: Delegate, status=ParticipantStatus.ACCEPTED,
               role=ParticipantRole.VOTING_DELEGATE) -> Participation:  # fmt: skip
    participation = Participation(delegate=delegate, role=role, status=status)
    event.participations.append(participation)
    return participation


def test_an_organisation_shows_its_delegates_seats_and_meetings_ahead(organiser_client, network):
    seoul = db.session.get(Organisation, network["seoul"])
    kim, lee = sorted(seoul.delegates, key=lambda d: d.full_name)
    committee = db.session.get(Body, network["committee"])
    soon = datetime(2030, 5, 11, 1, 0, tzinfo=UTC)  # 10:00 in Seoul
    ahead = _event(f"Committee {SCRIPT}", soon, committee)
    _take_part(ahead, kim)
    _take_part(ahead, lee, ParticipantStatus.TENTATIVE, ParticipantRole.ALTERNATE)
    _take_part(_event("Old meeting", utcnow() - timedelta(days=30)), kim)
    _take_part(_event("Dropped meeting", soon), kim, ParticipantStatus.CANCELLED)
    db.session.commit()
    response = organiser_client.get(f"/members/{seoul.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span class="native" lang="ko">서울특별시</span>' in html
    assert "Seoul, UTC+09:00" in html and "Korean" in html and "South Korea" in html
    assert "김민준" in html and "Kim Min-jun" in html and "H.E." in html and "Mayor" in html
    assert 'href="mailto:kim.min.jun@seoul.example"' in html
    assert "President" in html and "open-ended" in html and ">current<" in html
    assert f'href="/meetings/{ahead.id}"' in html
    assert f"Committee {SCRIPT}" not in html and "Committee &lt;script&gt;" in html
    assert "Sat, May 11, 2030 10:00 (Seoul, UTC+09:00)" in html
    assert "Voting delegate, accepted" in html and "Alternate, tentative" in html
    assert "Old meeting" not in html and "Dropped meeting" not in html


def test_an_organisations_ended_and_future_seats_are_marked(organiser_client, network):
    html = organiser_client.get(f"/members/{network['lyon']}").get_data(as_text=True)
    assert html.index(">future<") < html.index(">ended<")  # what is to come before the past
    assert "Lyon &lt;script&gt;" in html and SCRIPT not in html
    assert "Jean &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_organisation_is_not_found(organiser_client):
    response = organiser_client.get("/members/999999")
    assert response.status_code == 404 and "Not found" in response.get_data(as_text=True)


# Bodies -------------------------------------------------------------------------------------


def test_the_bodies_count_current_and_voting_seats_and_the_quorum_needed(organiser_client, app):
    db.session.add(Body(slug="general-assembly", name="General Assembly",
                        quorum_rule=QuorumRule.TWO_THIRDS))  # fmt: skip
    db.session.commit()
    html = organiser_client.get("/bodies").get_data(as_text=True)
    committee = html[html.index("Executive Committee") : html.index("General Assembly")]
    # Current: Seoul, Yokohama, Bangkok (observer); Lyon's terms are past and future.
    numbers = re.findall(r'<td class="number"[^>]*>(\d+)</td>', committee)
    assert numbers == ["3", "2"]
    assert "More than half of the voting seats" in committee
    assert "2 voting members needed" in committee  # 2 // 2 + 1
    assembly = html[html.index("General Assembly") :]
    assert re.findall(r'<td class="number"[^>]*>(\d+)</td>', assembly) == ["0", "0"]
    assert "At least two thirds of the voting seats" in assembly


def test_a_suspended_member_has_no_voting_seat(organiser_client, network):
    db.session.get(Organisation, network["yokohama"]).status = OrganisationStatus.SUSPENDED
    db.session.commit()
    html = organiser_client.get("/bodies").get_data(as_text=True)
    assert re.findall(r'<td class="number"[^>]*>(\d+)</td>', html) == ["3", "1"]
    assert "1 voting member needed" in html


def test_a_body_lists_its_seats_current_first(organiser_client):
    html = organiser_client.get("/bodies/executive-committee").get_data(as_text=True)
    current, future, ended = (html.index(h) for h in ("Current seats (3)", "Seats to come (1)",
                                                       "Ended terms (1)"))  # fmt: skip
    assert current < future < ended
    seats = html[current:future]
    assert seats.index("Seoul Metropolitan") < seats.index("Yokohama") < seats.index("Bangkok")
    assert "President" in seats and "Observer (no vote)" in seats
    assert "Lyon &lt;script&gt;" in html and SCRIPT not in html
    assert "Add a seat" in html and html.count(">End term<") == 4  # not for the ended one


def test_a_body_with_many_seats_shows_them_a_page_at_a_time(app, organiser_client, monkeypatch):
    """Each heading counts all its seats; the page shows the next ones in the same order."""
    monkeypatch.setitem(app.config, "LIST_PAGE_SIZE", 2)

    def seats(page: int) -> str:
        html = organiser_client.get(f"/bodies/executive-committee?page={page}").get_data(True)
        return html[: html.index('id="add-seat"')]  # not the form's list of organisations

    first = seats(1)
    assert "Current seats (3)" in first and "Seats to come" not in first
    assert first.index("Seoul Metropolitan") < first.index("Yokohama") and "1–2 of 5" in first
    second = seats(2)
    assert "Current seats (3)" in second and "Seats to come (1)" in second
    assert "Bangkok" in second and "Yokohama" not in second
    third = seats(3)
    assert "Ended terms (1)" in third and "5–5 of 5" in third


def test_an_unknown_body_is_not_found(organiser_client):
    assert organiser_client.get("/bodies/no-such-body").status_code == 404
    assert organiser_client.get("/bodies/executive-committee/seats/999/end").status_code == 404


def test_a_viewer_reads_but_cannot_change_seats(viewer_client, network):
    html = viewer_client.get("/bodies/executive-committee").get_data(as_text=True)
    assert "Current seats (3)" in html
    assert "Add a seat" not in html and "End term" not in html
    seat = _seat(network, "seoul")
    data = {"organisation_id": network["lyon"], "role": "member", "term_start": "2030-01-01"}
    assert viewer_client.post("/bodies/executive-committee/seats", data=data).status_code == 403
    url = f"/bodies/executive-committee/seats/{seat.id}/end"
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, data={"term_end": TODAY.isoformat()}).status_code == 403
    db.session.expire_all()
    assert _seat_count() == 5 and _seat(network, "seoul").term_end is None


# Adding a seat ------------------------------------------------------------------------------


def _seat_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(BodySeat.id)))


def _seat(network: dict, organisation: str) -> BodySeat:
    return db.session.scalars(
        sa.select(BodySeat)
        .where(BodySeat.organisation_id == network[organisation])
        .order_by(BodySeat.term_start)
    ).first()


def test_an_organiser_adds_a_seat_and_the_quorum_counts_it(organiser_client, network):
    committee = db.session.get(Body, network["committee"])
    in_two_months = datetime.combine(TODAY + timedelta(days=60), datetime.min.time(), UTC)
    meeting = _event("Next committee", in_two_months, committee)
    db.session.commit()
    assert quorum_forecasts([meeting])[meeting.id].voting_seats == 2
    version = current_data_version()
    nagoya = _organisation("nagoya", "City of Nagoya", "JP", native_name="名古屋市")
    db.session.commit()
    response = organiser_client.post("/bodies/executive-committee/seats", data={
        "organisation_id": nagoya.id, "role": "vice-president",
        "term_start": TODAY.isoformat(), "term_end": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/bodies/executive-committee"
    page = organiser_client.get("/bodies/executive-committee").get_data(as_text=True)
    assert "City of Nagoya now holds a seat on Executive Committee as Vice-president." in page
    assert "Current seats (4)" in page
    db.session.expire_all()
    seat = db.session.scalar(sa.select(BodySeat).where(BodySeat.organisation_id == nagoya.id))
    assert (seat.role, seat.term_start, seat.term_end) == (SeatRole.VICE_PRESIDENT, TODAY, None)
    assert current_data_version() != version  # cached feeds and forecasts are stale now
    meeting = db.session.get(Event, meeting.id)
    assert quorum_forecasts([meeting])[meeting.id].voting_seats == 3


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"term_start": "2030-01-01", "term_end": "2029-12-31"}, "term_end",
         "The term cannot end before it starts."),
        ({"organisation": "yokohama", "term_start": (NEXT_YEAR - timedelta(days=10)).isoformat()},
         "organisation_id", HELD),
        ({"organisation": "lyon", "term_start": "2016-01-01", "term_end": "2016-12-31"},
         "organisation_id", HELD),
        ({"role": "president", "term_start": "2030-01-01"}, "role",
         "This body already has a president during this term."),
        ({"term_start": ""}, "term_start", "Enter a date as YYYY-MM-DD."),
        ({"organisation_id": "", "term_start": "2030-01-01"}, "organisation_id",
         "Choose the organisation."),
        ({"organisation_id": "999999", "term_start": "2030-01-01"}, "organisation_id",
         "does not exist"),
    ],
)  # fmt: skip
def test_a_refused_seat_says_why_beside_the_field_and_writes_nothing(
    organiser_client, network, data, field, message
):
    nagoya = _organisation("nagoya", "City of Nagoya", "JP")
    db.session.commit()
    data = dict(data)  # the parameters are shared by the SQLite and PostgreSQL runs
    holder = data.pop("organisation", None)
    organisation_id = network[holder] if holder else nagoya.id
    form = {"organisation_id": organisation_id, "role": "member", "term_end": "", **data}
    version = current_data_version()
    response = organiser_client.post("/bodies/executive-committee/seats", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"',
                     html)  # fmt: skip
    assert f'aria-describedby="{field}-error"' in html
    assert re.search(rf'<p class="field-error" id="{field}-error">[^<]*{re.escape(message)}', html)
    assert 'role="alert"' in html and "The seat could not be added:" in html
    assert "Current seats (3)" in html  # the page around the form is whole
    db.session.expire_all()
    assert _seat_count() == 5 and current_data_version() == version


# Ending a term ------------------------------------------------------------------------------


def test_an_organiser_confirms_then_ends_a_term(organiser_client, network):
    seat = _seat(network, "seoul")
    url = f"/bodies/executive-committee/seats/{seat.id}/end"
    confirm = organiser_client.get(url)
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "End a term" in html
    assert "Seoul Metropolitan Government" in html and "President" in html
    assert f'value="{TODAY.isoformat()}"' in html  # today, unless the term starts later
    db.session.expire_all()
    assert _seat(network, "seoul").term_end is None  # asking changed nothing
    response = organiser_client.post(url, data={"term_end": TODAY.isoformat()})
    assert response.status_code == 302
    assert "ends on" in organiser_client.get("/bodies/executive-committee").get_data(as_text=True)
    db.session.expire_all()
    assert _seat(network, "seoul").term_end == TODAY


@pytest.mark.parametrize(
    ("term_end", "message"),
    [
        ((LAST_YEAR - timedelta(days=1)).isoformat(), "The term cannot end before it starts."),
        ("", "Enter a date as YYYY-MM-DD."),
        ((NEXT_YEAR + timedelta(days=1)).isoformat(),
         "This term already ends on or before that day."),
    ],
)  # fmt: skip
def test_a_term_that_cannot_end_so_says_why(organiser_client, network, term_end, message):
    seat = _seat(network, "yokohama")  # ends NEXT_YEAR
    url = f"/bodies/executive-committee/seats/{seat.id}/end"
    response = organiser_client.post(url, data={"term_end": term_end})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in html and message in html and 'role="alert"' in html
    db.session.expire_all()
    assert _seat(network, "yokohama").term_end == NEXT_YEAR


def test_a_seat_of_another_body_cannot_be_reached_through_this_one(organiser_client, network):
    other = Body(slug="steering-committee", name="Steering Committee")
    db.session.add(other)
    db.session.commit()
    seat = _seat(network, "seoul")
    response = organiser_client.post(f"/bodies/steering-committee/seats/{seat.id}/end",
                                     data={"term_end": TODAY.isoformat()})  # fmt: skip
    assert response.status_code == 404
    db.session.expire_all()
    assert _seat(network, "seoul").term_end is None


def test_forms_without_their_csrf_token_are_refused(app, network, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    with guarded.app_context():
        client = guarded.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post("/login", data={"email": "kim@secretariat.example", "password": PASSWORD,
                                    "csrf_token": token})  # fmt: skip
        data = {"organisation_id": network["lyon"], "role": "member", "term_start": "2031-01-01"}
        assert client.post("/bodies/executive-committee/seats", data=data).status_code == 400
        seat_id = _seat(network, "seoul").id
        url = f"/bodies/executive-committee/seats/{seat_id}/end"
        assert client.post(url, data={"term_end": TODAY.isoformat()}).status_code == 400
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True)
    db.session.expire_all()
    assert _seat_count() == 5


# Statement counts ---------------------------------------------------------------------------


def _grow(first: int, count: int, body: Body) -> None:
    """``count`` more organisations, each with two delegates, a seat, and a meeting ahead."""
    kim = db.session.scalar(sa.select(Delegate).where(Delegate.full_name == "Kim Min-jun"))
    for n in range(first, first + count):
        organisation = _organisation(f"town-{n}", f"Town {n}", "KR", native_name=f"도시 {n}")
        delegates = [_delegate(organisation, f"Person {n} {a}") for a in ("a", "b")]
        body.seats.append(BodySeat(organisation=organisation, role=SeatRole.MEMBER,
                                   term_start=LAST_YEAR))  # fmt: skip
        meeting = _event(f"Meeting {n}", datetime(2030, 1, 1, tzinfo=UTC) + timedelta(days=n),
                         body)  # fmt: skip
        for delegate in delegates:
            _take_part(meeting, delegate, role=ParticipantRole.OBSERVER)
        _take_part(meeting, kim)  # Seoul's page lists a meeting more


@pytest.mark.parametrize(
    "url",
    ["/members", "/members?q=town", "/members/{seoul}", "/bodies", "/bodies/executive-committee"],
)
def test_pages_cost_the_same_statements_for_few_or_many_rows(organiser_client, network, url):
    url = url.format(**network)
    committee = db.session.get(Body, network["committee"])
    _grow(0, 3, committee)
    db.session.commit()
    organiser_client.get(url)  # warm-up
    db.session.expire_all()  # each request starts from an empty identity map, as in production
    with counted_statements() as few:
        assert organiser_client.get(url).status_code == 200
    _grow(3, 6, committee)
    db.session.commit()
    db.session.expire_all()
    with counted_statements() as many:
        assert organiser_client.get(url).status_code == 200
    assert len(many) == len(few), (few, many)
