"""No hostile value gets a 5xx, on any route.

Every rule of ``app.url_map`` (so a route added later is covered without touching this file)
is called as an organiser, with a bearer token and with a signed-in browser session, with
hostile values in its path parameters, query string, conditional and language headers, JSON
body and form fields: digits that are not ASCII (``²``), numbers with thousands of digits or
beyond any id, years 1 and 9999, control characters, JSON nested 100,000 deep. Every answer
must be below 500; bad input is the client's error, never the server's.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter, Rule

from planner.auth.models import User, UserRole
from planner.db import utcnow
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import (
    AgendaItem,
    Credential,
    Decision,
    MajorityRule,
    Proxy,
    Roll,
    Vote,
    VoteMethod,
)
from planner.members.models import Body, BodySeat, Membership, Organisation
from planner.packs.models import PackJob
from planner.travel.models import HotelBlock
from planner.visas.models import VisaLetter
from tests.support.api_helpers import assert_error
from tests.support.documents import paper, send_paper
from tests.support.pages import signed_in_client

HUGE = "9" * 5000
NUMBERS = ["99999999999999999999", HUGE, "²"]
DATES = ["0001-01-01T00:00", "9999-12-31T23:59"]
TEXTS = ["a\r\nb\x00", "\u200b" * 5000]
QUERY_NAMES = ["page", "per_page", "kind", "status", "body", "from", "to", "q", "role",
               "organisation_id", "membership", "country", "month", "when", "lang", "paper",
               "job", "next"]  # fmt: skip
QUERY_VALUES = [*NUMBERS, DATES[0], TEXTS[0]]
HEADER_SETS = [
    {"If-Match": '"²"', "If-None-Match": '"²", *',
     "If-Modified-Since": "Mon, 01 Jan 0001 00:00:00 GMT", "Accept-Language": "²;q=2, x;q=abc"},
    {"If-Match": f'"{HUGE}"', "If-None-Match": f'W/"{HUGE}"',
     "If-Modified-Since": "Fri, 31 Dec 9999 23:59:59 GMT", "Accept-Language": "x\x00" * 2500},
]  # fmt: skip
#: Names the API and the forms read; a value of each kind is sent under all of them.
NUMBER_FIELDS = ["parent_id", "venue_id", "room_id", "organisation_id", "delegate_id",
                 "capacity", "version", "speaker_ids", "year", "amount"]  # fmt: skip
#: In forms, each number field gets these alone (HUGE goes to all of them at once).
FORM_NUMBERS = ["99999999999999999999", "²"]
FORM_NUMBER_FIELDS = [name for name in NUMBER_FIELDS if name != "delegate_id"]  # in URLs only
DATE_FIELDS = ["starts_at", "ends_at", "registration_deadline", "term_start", "term_end"]
TEXT_FIELDS = ["title", "name", "full_name", "native_name", "description", "dietary_needs",
               "email", "password", "token", "q"]  # fmt: skip
STRING_PATH_VALUES = ["²-x", HUGE, "%00", "1-" + "²" * 40]
#: Routes that would end the fuzzing client's own access.
SPARED = {"web.logout", "auth.revoke_token"}


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


JSON_BODIES = [
    _deep_json(100_000),
    '{"a":' * 5000 + "1" + "}" * 5000,
    HUGE,
    json.dumps(dict.fromkeys(NUMBER_FIELDS, int(HUGE[:4000]))),
    json.dumps({**dict.fromkeys(NUMBER_FIELDS, 10**20),
                **dict.fromkeys(DATE_FIELDS, "0001-01-01T00:00:00+05:00")}),
    json.dumps({**{name: ["x"] for name in TEXT_FIELDS}, "languages": ["ko"] * 100_000}),
    json.dumps(dict.fromkeys(TEXT_FIELDS, "a\r\n\x00²")),
    "{}",
]  # fmt: skip


@pytest.fixture
def world(api, organisation, delegate, venue, event) -> dict[str, Any]:
    """One of everything a route can name, so each path reaches its code."""
    api.post(f"/events/{event['id']}/publish")
    session = api.post(f"/events/{event['id']}/sessions", {
        "title": "Plenary", "kind": "plenary",
        "starts_at": event["starts_at"], "ends_at": event["ends_at"],
    }).json  # fmt: skip
    participant = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "observer"}
    ).json
    body = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(body)
    db.session.flush()
    seat = BodySeat(body_id=body.id, organisation_id=organisation["id"], role="member",
                    term_start=date(2026, 1, 1))  # fmt: skip
    job = PackJob(id=secrets.token_hex(16), event_id=event["id"], total=1)
    credential = Credential(event_id=event["id"], organisation_id=organisation["id"],
                            delegate_id=participant["id"])  # fmt: skip
    other = Organisation(slug="other-member", name="Other", country="KR", timezone="Asia/Seoul",
                         membership=Membership.FULL)  # fmt: skip
    db.session.add_all([seat, job, credential, other])
    db.session.flush()
    proxy = Proxy(event_id=event["id"], giver_id=other.id, holder_id=organisation["id"])
    roll = Roll(event_id=event["id"], frozen_at=utcnow().replace(microsecond=0),
                quorum_rule="majority", entitled=1, present=0, represented=0, needed=1)  # fmt: skip
    db.session.add_all([proxy, roll])
    db.session.flush()
    item = AgendaItem(event_id=event["id"], position=1, title="Budget")
    vote = Vote(event_id=event["id"], agenda_item=item, roll_id=roll.id, question="Adopt?",
                method=VoteMethod.SHOW_OF_HANDS, rule=MajorityRule.SIMPLE, quorum_counted=0,
                quorum_needed=1, quorum_override="the fuzz needs one")  # fmt: skip
    db.session.add(vote)
    db.session.flush()
    decision = Decision(event_id=event["id"], vote_id=vote.id, prefix="EC", year=2026, sequence=1,
                        title="Budget", text="Adopted.", adopted_at=utcnow())  # fmt: skip
    hotel = HotelBlock(event_id=event["id"], name="Hotel", rooms=1, check_in=date(2027, 5, 10),
                       check_out=date(2027, 5, 11))  # fmt: skip
    letter = VisaLetter(participation_id=participant["id"], consulate="Embassy in Hanoi")
    db.session.add_all([decision, hotel, letter])
    db.session.commit()
    document = send_paper(api, event["id"], paper()).json
    participation = db.session.get(Participation, participant["id"])
    return {
        "ids": {
            "event_id": event["id"], "session_id": session["id"],
            "participant_id": participant["id"], "participation_id": participant["id"],
            "delegate_id": delegate["id"], "organisation_id": organisation["id"],
            "venue_id": venue["id"], "seat_id": seat.id, "year": 2025,
            "credential_id": credential.id, "proxy_id": proxy.id, "roll_id": roll.id,
            "item_id": item.id, "vote_id": vote.id, "decision_id": decision.id,
            "hotel_id": hotel.id,
            "letter_id": letter.id, "document_id": document["id"],
            "version_id": document["versions"][0]["id"],
        },
        "strings": {
            "slug": body.slug, "job_id": job.id, "name": "packs.zip",
            "token": participation.rsvp_token, "filename": "app.css",
        },
    }  # fmt: skip


def _paths(rule: Rule, world: dict) -> Iterator[str]:
    """The rule with the world's values, then with each string parameter made hostile."""
    ints = {n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)}
    values = {n: world["ids"][n] for n in ints}
    values.update({n: world["strings"].get(n, "x") for n in rule.arguments - ints})
    yield _build(rule, values)
    for name in rule.arguments - ints:
        for hostile in STRING_PATH_VALUES:
            yield _build(rule, {**values, name: hostile})


def _build(rule: Rule, values: dict) -> str:
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", str(value))
        for converter in ("int", "path"):
            path = path.replace(f"<{converter}:{name}>", str(value))
    return path


def _form_variants(world: dict) -> Iterator[dict]:
    """A plausible form, then with one number field at a time made hostile (a form refused for
    another field never reaches the code that reads it), then every number, every date and
    every text at once."""
    base = {
        "title": "Fuzz", "kind": "seminar", "timezone": "Asia/Seoul", "role": "observer",
        "starts_at": "2027-05-11T10:00", "ends_at": "2027-05-11T12:00", "status": "accepted",
        "answer": "accepted", "term_start": "2027-01-01", "term_end": "2027-12-31",
        "paper": "a4", "version": "1", "organisation_id": str(world["ids"]["organisation_id"]),
    }  # fmt: skip
    for name in FORM_NUMBER_FIELDS:
        for value in FORM_NUMBERS:
            yield {**base, name: value}
    yield {**base, **dict.fromkeys(FORM_NUMBER_FIELDS, HUGE)}
    for value in DATES:
        yield {**base, **dict.fromkeys(DATE_FIELDS, value)}
    for value in TEXTS:
        yield {**base, **dict.fromkeys(TEXT_FIELDS, value)}


def _requests(app, world) -> Iterator[tuple[str, str, dict]]:
    """(method, path, keyword arguments of the test client's ``open``) for every route."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SPARED:
            continue
        api = rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths = list(_paths(rule, world))
            for path in paths:
                yield method, path, {}
            valid = paths[0]
            if method == "GET":
                for value in QUERY_VALUES:
                    yield method, valid, {"query_string": dict.fromkeys(QUERY_NAMES, value)}
            for headers in HEADER_SETS:
                body = {"data": "{}", "content_type": "application/json"} if api else {}
                yield method, valid, {"headers": headers, **body}
            if method in ("POST", "PATCH", "PUT") and api:
                for data in JSON_BODIES:
                    yield method, valid, {"data": data, "content_type": "application/json"}
            elif method == "POST":
                for form in _form_variants(world):
                    yield method, valid, {"data": form}


def test_no_route_answers_a_hostile_value_with_a_server_error(app, api, world):
    # An admin's browser reaches every page, the accounts page too; the account its forms
    # change is the API's organiser, so the browser's own session survives the walk.
    browser = signed_in_client(app, UserRole.ADMIN)
    world["ids"]["user_id"] = db.session.scalar(
        sa.select(User.id).where(User.email == "organiser@test.example")
    )
    token = {"Authorization": f"Bearer {api.token}"}
    failures = []
    for method, path, kwargs in _requests(app, world):
        clients = [(browser, {})]
        if path.startswith("/api/"):
            # Writes need the token; reads are also tried as the signed-in browser.
            as_browser = method == "GET" and not kwargs
            clients = [(app.test_client(), token)] + (clients if as_browser else [])
        for client, auth in clients:
            headers = {**kwargs.get("headers", {}), **auth}
            try:  # the test client raises what the app did not handle (TESTING)
                response = client.open(path, method=method, **{**kwargs, "headers": headers})
                status, error = response.status_code, ""
            except Exception as raised:
                status, error = 500, type(raised).__name__
            if status >= 500:
                shown = {k: (v[:60] if isinstance(v, str) else v) for k, v in kwargs.items()}
                failures.append((status, error, method, path[:80], shown))
            db.session.rollback()
    assert not failures, f"{len(failures)} server errors, e.g. {failures[:8]}"


def test_the_audits_own_cases_get_the_right_4xx(app, api, world):
    """The values the audit reported, each with the answer a client can act on."""
    ids, anonymous = world["ids"], app.test_client()
    event = f"/events/{ids['event_id']}"
    for version in ('"²"', f'"{HUGE}"'):
        response = api.patch(event, {"title": "X"}, headers={"If-Match": version})
        assert_error(response, 422, field="If-Match")
    assert anonymous.get("/calendar/delegates/²-x.ics").status_code == 404
    for body in (_deep_json(100_000), HUGE):
        response = api.request("PATCH", event, data=body, content_type="application/json")
        assert_error(response, 400)
    assert_error(api.post("/events", {"capacity": int(HUGE[:4000])}), 422, field="capacity")
    browser = signed_in_client(app, UserRole.ORGANISER)
    assert browser.get("/meetings?page=99999999999999999999").status_code == 200
    seat = browser.post(
        "/bodies/executive-committee/seats",
        data={"organisation_id": "99999999999999999999", "role": "member",
              "term_start": "2027-01-01"},
    )  # fmt: skip
    assert seat.status_code == 422 and 'id="organisation_id-error"' in seat.get_data(True)
    edit = browser.post(f"/meetings/{ids['event_id']}/edit", data={
        "title": "X", "kind": "seminar", "timezone": "Asia/Seoul",
        "starts_at": "2027-05-11T10:00", "ends_at": "2027-05-11T17:00", "version": "²",
    })  # fmt: skip
    assert edit.status_code == 422
