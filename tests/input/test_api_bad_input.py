"""Bad input gets a clear 4xx naming the field, and writes nothing; odd text round-trips."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.events.models import Event
from planner.extensions import db
from planner.members.models import Body, Delegate, Organisation
from tests.conftest import PASSWORD, SEOUL_MORNING, ApiClient, _token_for, event_payload
from tests.support.api_helpers import assert_error, row_counts

LATER = (SEOUL_MORNING + timedelta(hours=1)).isoformat()
EARLIER = (SEOUL_MORNING - timedelta(hours=1)).isoformat()


@pytest.fixture
def world(api, organisation, delegate, venue, event) -> dict[str, Any]:
    """One of everything, so each bad request has something to aim at."""
    db.session.add(Body(slug="executive-committee", name="Executive Committee"))
    db.session.commit()
    return {"organisation": organisation, "delegate": delegate, "venue": venue, "event": event}


def _organisation(**fields: Any) -> dict:
    payload = {
        "slug": "busan",
        "name": "Busan Metropolitan City",
        "country": "KR",
        "timezone": "Asia/Seoul",
        "membership": "full",
    }
    return {**payload, **fields}


def _delegate(world: dict, **fields: Any) -> dict:
    payload = {
        "full_name": "Park Ji-woo",
        "email": "jiwoo.park@busan.example",
        "organisation_id": world["organisation"]["id"],
    }
    return {**payload, **fields}


def _session(**fields: Any) -> dict:
    payload = {"title": "Plenary", "kind": "plenary", "starts_at": SEOUL_MORNING.isoformat(),
               "ends_at": LATER}  # fmt: skip
    return {**payload, **fields}


# A bad request: (method, path, body) built from the world; the status and the field named.
Case = tuple[Callable[[dict], tuple[str, str, Any]], int, str]


def _post_event(**fields: Any):
    return lambda w: ("POST", "/events", event_payload(**fields))


def _patch_event(**fields: Any):
    return lambda w: ("PATCH", f"/events/{w['event']['id']}", fields)


def _post_org(**fields: Any):
    return lambda w: ("POST", "/organisations", _organisation(**fields))


def _post_delegate(**fields: Any):
    return lambda w: ("POST", "/delegates", _delegate(w, **fields))


def _post_venue(**fields: Any):
    return lambda w: ("POST", "/venues", {"name": "COEX", "timezone": "Asia/Seoul", **fields})


def _post_session(**fields: Any):
    return lambda w: ("POST", f"/events/{w['event']['id']}/sessions", _session(**fields))


def _post_participant(**fields: Any):
    def build(w):
        body = {"delegate_id": w["delegate"]["id"], "role": "observer", **fields}
        return ("POST", f"/events/{w['event']['id']}/participants", body)

    return build


CASES: dict[str, Case] = {
    # Times
    "end before start": (_post_event(ends_at=EARLIER), 422, "ends_at"),
    "end equals start": (_post_event(ends_at=SEOUL_MORNING.isoformat()), 422, "ends_at"),
    "patch end before start": (_patch_event(ends_at=EARLIER), 422, "ends_at"),
    "session end before start": (_post_session(ends_at=EARLIER), 422, "ends_at"),
    "no offset": (_post_event(starts_at="2027-05-11T10:00:00"), 422, "starts_at"),
    "date only": (_post_event(ends_at="2027-05-12"), 422, "ends_at"),
    "not a time": (_post_event(starts_at="tomorrow morning"), 422, "starts_at"),
    "session without offset": (_post_session(starts_at="2027-05-11T10:00:00"), 422, "starts_at"),
    "year 1": (_post_event(starts_at="0001-01-01T00:00:00+05:00"), 422, "starts_at"),
    "year 9999": (_post_event(ends_at="9999-12-31T23:59:59-12:00"), 422, "ends_at"),
    "deadline after start": (
        _post_event(registration_deadline=LATER),
        422,
        "registration_deadline",
    ),
    # Time zones
    "unknown zone": (_post_event(timezone="Asia/Gotham"), 422, "timezone"),
    "zone in lower case": (_post_event(timezone="asia/seoul"), 422, "timezone"),
    "offset is no zone": (_post_event(timezone="+09:00"), 422, "timezone"),
    "organisation zone": (_post_org(timezone="Mars/Olympus_Mons"), 422, "timezone"),
    "venue zone": (_post_venue(timezone=""), 422, "timezone"),
    "delegate zone": (_post_delegate(timezone="KST"), 422, "timezone"),
    # Enumerations
    "unknown kind": (_post_event(kind="conference"), 422, "kind"),
    "kind in capitals": (_post_event(kind="Seminar"), 422, "kind"),
    "unknown role": (_post_participant(role="president"), 422, "role"),
    "unknown participant status": (_post_participant(status="maybe"), 422, "status"),
    "unknown event status": (_patch_event(status="archived"), 422, "status"),
    "draft by patch": (_patch_event(status="draft"), 422, "status"),
    "unknown membership": (_post_org(membership="gold"), 422, "membership"),
    "unknown session kind": (_post_session(kind="lunch"), 422, "kind"),
    # Countries, languages, slugs, durations
    "country KOR": (_post_org(country="KOR"), 422, "country"),
    "country kr": (_post_org(country="kr"), 422, "country"),
    "country XX": (_post_org(country="XX"), 422, "country"),
    "country ZZ": (_post_org(country="ZZ"), 422, "country"),
    "country EU": (_post_org(country="EU"), 422, "country"),
    "country empty": (_post_venue(country=""), 422, "country"),
    "slug with capitals": (_post_org(slug="Busan"), 422, "slug"),
    "slug with a newline": (_post_org(slug="busan\n"), 422, "slug"),
    "language with a newline": (_post_delegate(language="ko\n"), 422, "language"),
    "language too long": (_post_delegate(language="en-aaaaaaaa-bbbbbbbb"), 422, "language"),
    "organisation language": (_post_org(language="Korean"), 422, "language"),
    "event language": (_post_event(languages=["KO"]), 422, "languages"),
    "duration in words": (_post_event(reminder_offsets=["1 day"]), 422, "reminder_offsets"),
    "empty duration": (_post_event(reminder_offsets=["P"]), 422, "reminder_offsets"),
    "duration with a newline": (
        _post_event(reminder_offsets=["P1D\n"]),
        422,
        "reminder_offsets",
    ),
    "repeated duration": (_post_event(reminder_offsets=["P1D", "P1D"]), 422, "reminder_offsets"),
    "body not a slug": (_post_event(body="Executive Committee"), 422, "body"),
    # E-mail
    "no at sign": (_post_delegate(email="jiwoo.park.busan.example"), 422, "email"),
    "no domain": (_post_delegate(email="jiwoo@"), 422, "email"),
    "no local part": (_post_delegate(email="@busan.example"), 422, "email"),
    "space in e-mail": (_post_delegate(email="ji woo@busan.example"), 422, "email"),
    "newline in e-mail": (
        _post_delegate(email="jiwoo@busan.example\nBcc: x@y.example"),
        422,
        "email",
    ),
    "e-mail too long": (_post_delegate(email="a" * 250 + "@b.example"), 422, "email"),
    # Lengths and blanks
    "title of 201": (_post_event(title="x" * 201), 422, "title"),
    "name of 201": (_post_org(name="서" * 201), 422, "name"),
    "blank title": (_post_event(title="   "), 422, "title"),
    "empty name": (_post_delegate(full_name=""), 422, "full_name"),
    "null title": (_patch_event(title=None), 422, "title"),
    "missing title": (
        lambda w: ("POST", "/events", {k: v for k, v in event_payload().items() if k != "title"}),
        422,
        "title",
    ),
    "title with a newline": (_post_event(title="Line one\nLine two"), 422, "title"),
    "long description": (_post_event(description="x" * 10_001), 422, "description"),
    "zero capacity": (_post_event(capacity=0), 422, "capacity"),
    "latitude 91": (_post_venue(latitude=91), 422, "latitude"),
    "NaN latitude": (_post_venue(latitude=float("nan")), 422, "latitude"),
    # JSON types
    "string for an id": (_post_delegate(organisation_id="1"), 422, "organisation_id"),
    "string venue_id": (_post_event(venue_id="1"), 422, "venue_id"),
    "string delegate_id": (_post_participant(delegate_id="1"), 422, "delegate_id"),
    "boolean for an id": (_post_participant(delegate_id=True), 422, "delegate_id"),
    "float for an id": (_post_event(venue_id=1.5), 422, "venue_id"),
    "number for a title": (_post_event(title=2027), 422, "title"),
    "number for a name": (_post_org(name=42), 422, "name"),
    "list for a name": (_post_org(name=["Busan"]), 422, "name"),
    "string for a boolean": (_post_delegate(needs_visa_letter="true"), 422, "needs_visa_letter"),
    "number for a boolean": (_post_event(confidential=1), 422, "confidential"),
    "string for a number": (_post_venue(latitude="37.5"), 422, "latitude"),
    "string for a list": (_post_event(reminder_offsets="P1D"), 422, "reminder_offsets"),
    "object for rooms": (_post_venue(rooms={"name": "A"}), 422, "rooms"),
    "string speaker id": (_post_session(speaker_ids=["1"]), 422, "speaker_ids"),
    "string for version": (_patch_event(title="X", version="1"), 422, "version"),
    # Numbers the database cannot hold
    "huge venue_id": (_post_event(venue_id=2**40), 422, "venue_id"),
    "huge capacity": (_post_event(capacity=10**12), 422, "capacity"),
    "huge room capacity": (_post_venue(rooms=[{"name": "A", "capacity": 2**31}]), 422, "rooms"),
    # Unknown and read-only fields
    "unknown field": (_post_event(colour="blue"), 422, "colour"),
    "misspelt field": (_post_org(contry="KR"), 422, "contry"),
    "id in a body": (_post_org(id=5), 422, "id"),
    "sequence by patch": (_patch_event(sequence=9), 422, "sequence"),
    "sessions by patch": (_patch_event(sessions=[]), 422, "sessions"),
    "calendar token": (_post_delegate(calendar_token="guessable"), 422, "calendar_token"),
    "rsvp url": (_post_participant(rsvp_url="https://evil.example"), 422, "rsvp_url"),
    "unknown room field": (_post_venue(rooms=[{"name": "A", "floor": 3}]), 422, "rooms"),
    # Control characters and invalid Unicode
    "NUL in a name": (_post_org(name="Busan\x00"), 422, "name"),
    "NUL in a native name": (_post_delegate(native_name="박\x00지우"), 422, "native_name"),
    "bell in a title": (_post_event(title="Ring\x07"), 422, "title"),
    "escape in a name": (_post_venue(name="COEX\x1b[31m"), 422, "name"),
    "DEL in a description": (_post_event(description="text\x7f"), 422, "description"),
    "NUL in a description": (_post_session(description="\x00"), 422, "description"),
    "NUL in a room name": (_post_venue(rooms=[{"name": "A\x00"}]), 422, "rooms"),
    "lone surrogate": (_post_org(name="Busan \ud83c"), 422, "name"),
    "lone surrogate in text": (_post_event(description="\udfff"), 422, "description"),
    # References that point nowhere
    "unknown venue": (_post_event(venue_id=999999), 404, "venue_id"),
    "unknown parent": (_post_event(parent_id=999999), 404, "parent_id"),
    "unknown body": (_post_event(body="no-such-body"), 404, "body"),
    "unknown organisation": (_post_delegate(organisation_id=999999), 404, "organisation_id"),
    "unknown delegate": (_post_participant(delegate_id=999999), 404, "delegate_id"),
    "unknown room": (_post_session(room_id=999999), 404, "room_id"),
    "unknown speaker": (_post_session(speaker_ids=[999999]), 422, "speaker_ids"),
    "unknown restriction": (_post_session(restricted_to="no-such-body"), 404, "restricted_to"),
    "patch to unknown venue": (_patch_event(venue_id=999999), 404, "venue_id"),
    # Conflicts
    "duplicate e-mail": (
        lambda w: ("POST", "/delegates", _delegate(w, email=w["delegate"]["email"])),
        409,
        "email",
    ),
    "duplicate e-mail in capitals": (
        lambda w: ("POST", "/delegates", _delegate(w, email=w["delegate"]["email"].upper())),
        409,
        "email",
    ),
    "duplicate e-mail with spaces": (
        lambda w: ("POST", "/delegates", _delegate(w, email=" MinJun.Kim@Seoul.Example ")),
        409,
        "email",
    ),
    "duplicate slug": (_post_org(slug="seoul"), 409, "slug"),
    "stale version": (_patch_event(title="X", version=0), 409, "version"),
}


@pytest.mark.parametrize("build, status, field", CASES.values(), ids=CASES.keys())
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(api, world, build, status, field):
    method, path, body = build(world)
    before = row_counts()
    event_before = api.get(f"/events/{world['event']['id']}").json

    response = api.request(method, path, body)

    error = assert_error(response, status, field=field)
    assert error["code"] == {404: "not_found", 409: "conflict", 422: "validation_error"}[status]
    assert row_counts() == before
    assert api.get(f"/events/{world['event']['id']}").json == event_before


def test_a_patch_with_bad_input_changes_nothing(api, world):
    org_id = world["organisation"]["id"]
    for bad in ({"name": "New\x00"}, {"country": "KOR"}, {"name": "Fine", "membership": "gold"}):
        assert_error(api.patch(f"/organisations/{org_id}", bad), 422)
    delegate_id = world["delegate"]["id"]
    assert_error(api.patch(f"/delegates/{delegate_id}", {"organisation_id": 999999}), 404,
                 field="organisation_id")  # fmt: skip
    assert_error(api.patch(f"/delegates/{delegate_id}", {"email": "nope"}), 422, field="email")

    assert api.get(f"/organisations/{org_id}").json == world["organisation"]
    assert api.get(f"/delegates/{delegate_id}").json == world["delegate"]


def test_a_participant_added_twice_is_a_conflict(api, world):
    url = f"/events/{world['event']['id']}/participants"
    body = {"delegate_id": world["delegate"]["id"], "role": "observer"}
    assert api.post(url, body).status_code == 201
    before = row_counts()

    assert_error(api.post(url, body), 409, "conflict", "delegate_id")
    assert row_counts() == before


def test_another_organisers_stale_version_is_a_conflict(app, api, world):
    colleague = ApiClient(
        app.test_client(), _token_for(app, "colleague@test.example", UserRole.ORGANISER)
    )
    event_id = world["event"]["id"]
    seen_by_me = api.get(f"/events/{event_id}")
    seen_by_colleague = colleague.get(f"/events/{event_id}")
    assert seen_by_me.headers["ETag"] == seen_by_colleague.headers["ETag"] == '"1"'

    mine = api.patch(f"/events/{event_id}", {"title": "Mine"}, headers={"If-Match": '"1"'})
    theirs = colleague.patch(
        f"/events/{event_id}",
        {"title": "Theirs"},
        headers={"If-Match": seen_by_colleague.headers["ETag"]},
    )

    assert mine.status_code == 200
    assert_error(theirs, 409, "conflict", "version")
    assert api.get(f"/events/{event_id}").json["title"] == "Mine"


@pytest.mark.parametrize(
    "path",
    ["/events/999999", "/organisations/999999", "/delegates/999999", "/venues/999999",
     "/events/0", "/events/2147483648", "/bodies/no-such-body"],
)  # fmt: skip
def test_unknown_ids_in_the_url_are_404(api, path):
    assert_error(api.get(path), 404, "not_found")


# Malformed requests ---------------------------------------------------------------------------


def _raw(api, method: str, path: str, data: bytes | str, content_type="application/json"):
    return api.client.open(
        f"/api/v1{path}",
        method=method,
        data=data,
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": content_type},
    )


@pytest.mark.parametrize(
    "data",
    ['{"slug": "busan",', "{'slug': 'busan'}", "slug=busan", '{"a": 1}}', "\xff\xfe"],
)
def test_malformed_json_is_400(api, world, data):
    before = row_counts()

    response = _raw(api, "POST", "/organisations", data)

    error = assert_error(response, 400, "bad_request")
    assert "JSON" in error["message"]
    assert row_counts() == before


@pytest.mark.parametrize("data", ["[]", "null", '"busan"', "42", "NaN"])
def test_json_that_is_not_an_object_is_422(api, world, data):
    before = row_counts()
    assert_error(_raw(api, "POST", "/organisations", data), 422, "validation_error")
    assert row_counts() == before


def test_a_body_over_the_size_limit_is_413_in_json(app, api, world):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1024 * 1024
    payload = json.dumps(event_payload(description="x" * limit))
    before = row_counts()

    response = _raw(api, "POST", "/events", payload)

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert_error(response, 413, "payload_too_large")
    assert row_counts() == before


def test_an_unsupported_method_is_a_json_405(api, world):
    assert_error(api.request("PUT", f"/events/{world['event']['id']}", {}), 405)


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2027-05-11T10:00:00", "from"),
        ("to=yesterday", "to"),
        ("kind=conference", "kind"),
        ("status=archived", "status"),
        ("body=Not%20A%20Slug", "body"),
        ("page=99999999999999999999", "page"),
        ("per_page=501", "per_page"),
    ],
)
def test_bad_event_filters_are_422(api, world, query, field):
    assert_error(api.get(f"/events?{query}"), 422, "validation_error", field)


@pytest.mark.parametrize(
    "query, field",
    [("country=kr", "country"), ("country=KOR", "country"), ("membership=gold", "membership"),
     ("q=%00", "q"), ("q=a%1Bb", "q"), ("organisation_id=99999999999", "organisation_id")],
)  # fmt: skip
def test_bad_directory_filters_are_422(api, world, query, field):
    path = "/delegates" if query.startswith("organisation_id") else "/organisations"
    assert_error(api.get(f"{path}?{query}"), 422, "validation_error", field)


def test_control_characters_in_sign_in_are_refused(app, world):
    client = app.test_client()
    for credentials in (
        {"email": "organiser@test.example\x00", "password": PASSWORD},
        {"email": "organiser@test.example", "password": "\ud800"},
    ):
        response = client.post("/api/v1/auth/token", json=credentials)
        assert_error(response, 422, "validation_error")


# Text round-trips exactly ---------------------------------------------------------------------

AWKWARD = [
    "<script>alert(1)</script>",
    'He said "it\'s fine" & left `quietly`',
    "'; DROP TABLE events; --",
    "Robert'); DELETE FROM organisations WHERE ('1'='1",
    "🏙️ Smart City 🇰🇷 👩🏽‍💼",
    "مدينة سيول الكبرى",
    "Cafe\u0301 e\u0301 — not NFC",
    "서울특별시 東京都 北京市 กรุงเทพมหานคร",
    "%s %(name)s {name} ${name} \\N \\x00",
    "\u200fRTL mark, zero\u200bwidth",
    "x" * 199 + "🏙",  # 200 code points: the limit
]


@pytest.mark.parametrize("text", AWKWARD, ids=range(len(AWKWARD)))
def test_awkward_text_round_trips_unchanged(api, venue, text):
    org = api.post("/organisations", _organisation(name=text, native_name=text, city=text[:100]))
    assert org.status_code == 201, org.json
    delegate = api.post("/delegates", {
        "full_name": text, "native_name": text, "position": text, "title": text[:50],
        "email": "awkward@busan.example", "organisation_id": org.json["id"],
        "dietary_needs": text, "accessibility_needs": text,
    })  # fmt: skip
    assert delegate.status_code == 201, delegate.json
    description = f"{text}\n\twith a tab and a second line\r\n"
    event = api.post("/events", event_payload(title=text, description=description,
                                              venue_id=venue["id"]))  # fmt: skip
    assert event.status_code == 201, event.json
    session = api.post(f"/events/{event.json['id']}/sessions",
                       _session(title=text, description=description))  # fmt: skip
    assert session.status_code == 201, session.json

    org_back = api.get(f"/organisations/{org.json['id']}").json
    delegate_back = api.get(f"/delegates/{delegate.json['id']}").json
    event_back = api.get(f"/events/{event.json['id']}").json
    assert (org_back["name"], org_back["native_name"], org_back["city"]) == (text, text, text[:100])
    assert [
        delegate_back[k] for k in ("full_name", "native_name", "position", "dietary_needs")
    ] == ([text] * 4)
    assert delegate_back["title"] == text[:50]
    assert (event_back["title"], event_back["description"]) == (text, description)
    assert (event_back["sessions"][0]["title"], event_back["sessions"][0]["description"]) == (
        text,
        description,
    )
    # Stored as sent, too (no escaping, no normalisation on the way in).
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organisation.name)) == text
    assert db.session.scalar(sa.select(Delegate.native_name)) == text
    assert db.session.scalar(sa.select(Event.description)) == description
    # And findable.
    listed = api.get("/organisations", query_string={"q": text[:20]}).json
    assert [item["id"] for item in listed["items"]] == [org.json["id"]]


def test_a_venue_and_rooms_round_trip_awkward_text(api):
    text = AWKWARD[5] + " " + AWKWARD[0]
    response = api.post("/venues", {
        "name": text, "native_name": text, "address": text, "native_address": text,
        "directions": text + "\nTake exit 5", "timezone": "Asia/Seoul",
        "rooms": [{"name": text, "native_name": AWKWARD[4]}],
    })  # fmt: skip
    assert response.status_code == 201, response.json

    back = api.get(f"/venues/{response.json['id']}").json
    assert (back["name"], back["address"], back["directions"]) == (
        text,
        text,
        text + "\nTake exit 5",
    )
    assert (back["rooms"][0]["name"], back["rooms"][0]["native_name"]) == (text, AWKWARD[4])
