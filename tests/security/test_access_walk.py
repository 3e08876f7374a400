"""Every GET route, walked as a read-only account, as nobody and as another delegate: no answer
may carry a delegate's RSVP, feed or check-in secret.

Routes come from ``app.url_map``, so a route added later is walked too (and one with a path
parameter this walk cannot fill fails until a value is added below). Secrets are gathered the
way an organiser sees them (the organiser API's ``rsvp_url`` and ``calendar_url``, the packs'
own check-in codes), never from table columns, so how they are stored does not matter.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.db import utcnow
from planner.extensions import db
from planner.governance.models import VoteOutcome
from planner.governance.register.service import record as record_decision
from planner.members.models import BodySeat
from planner.packs import jobs
from planner.packs.fonts import FONT_DIR
from planner.packs.service import meeting_packs
from tests.conftest import PASSWORD
from tests.support.credentials import designate, send_letter, upload_letter
from tests.support.decisions import closed_vote
from tests.support.documents import paper, send_paper, send_version
from tests.support.letters import pdf_letter
from tests.support.qr import qr_codes_in
from tests.support.visas import issued_letter
from tests.support.votes import agenda_item

# Documents a text search cannot read through (a zip; a PDF holding QR codes, such as check-in
# codes): none may reach anyone but an organiser or the delegate it belongs to. A PDF without
# a QR code (a report) is searched like any other answer.
OPAQUE_TYPES = ("application/pdf", "application/zip")
# Answers that mean "not for you" or "sign in first"; never a 5xx.
REFUSALS = {302, 401, 403, 404}


@dataclass
class Seeded:
    """A published General Assembly with invitations sent and a pack run queued."""

    values: dict[str, object]  # path parameter -> value
    secrets: dict[int, set[str]]  # participant id -> the strings that give them away
    tokens: dict[int, dict[str, str]]  # participant id -> {"rsvp": ..., "feed": ...}


def _token_in(app: Flask, url: str) -> str:
    """The ``token`` path parameter of a link, as the app's own routing reads it."""
    _endpoint, args = app.url_map.bind("planner.example").match(urlsplit(url).path)
    return args["token"]


def _giveaways(token: str) -> set[str]:
    """The token, its URL-quoted form and each long piece of it (the secret part of an
    ``<id>-<secret>`` or ``<id>.<signature>`` token is enough to give it away)."""
    pieces = {piece for piece in re.split(r"[^A-Za-z0-9_]", token) if len(piece) >= 12}
    return {token, quote(token, safe="")} | pieces


@pytest.fixture
def seeded(app, api, assembly) -> Seeded:
    event_id = assembly["event"]["id"]
    assert api.post(f"/events/{event_id}/publish").status_code == 200
    assert api.post(f"/events/{event_id}/invitations").status_code in (200, 202)
    job, _started = jobs.start_job(event_id, "a4")
    db.session.commit()
    participants = api.get(f"/events/{event_id}/participants").json["items"]
    packs = meeting_packs(event_id).personal
    secrets: dict[int, set[str]] = {}
    tokens: dict[int, dict[str, str]] = {}
    for participant in participants:
        delegate = api.get(f"/delegates/{participant['delegate_id']}").json
        tokens[participant["id"]] = {
            "rsvp": _token_in(app, participant["rsvp_url"]),
            "feed": _token_in(app, delegate["calendar_url"]),
        }
        secrets[participant["id"]] = set().union(
            *map(_giveaways, tokens[participant["id"]].values()),
            _giveaways(packs[participant["id"]].check_in_token),
        )
    delegate_id = assembly["delegates"][0]["id"]
    organisation = api.get(f"/organisations/{assembly['delegates'][0]['organisation_id']}").json
    # Credentials with a letter: the walk must find it served to no one but organisers.
    credential = designate(api, assembly, 0).json
    assert send_letter(api, event_id, credential["id"], pdf_letter(), "l.pdf").status_code == 200
    # A proxy with its mandate letter, and a frozen roll.
    members = [d["organisation_id"] for d in assembly["delegates"]]
    proxy = api.post(
        f"/events/{event_id}/proxies", {"giver_id": members[1], "holder_id": members[2]}
    ).json
    mandate = f"/events/{event_id}/proxies/{proxy['id']}/letter"
    assert upload_letter(api, mandate, pdf_letter(), "m.pdf").status_code == 200
    roll = api.post(f"/events/{event_id}/rolls").json
    adopted = closed_vote(event_id, "Budget", VoteOutcome.ADOPTED, utcnow(), "The budget.")
    decision = record_decision(adopted)
    db.session.commit()
    # An open electronic vote (its ballots reached through a delegate's own link).
    vote = api.post(f"/events/{event_id}/votes", {
        "agenda_item_id": agenda_item(event_id), "question": "Adopt the agenda?",
        "method": "electronic", "quorum_override": "the walk needs one",
    }).json  # fmt: skip
    opening = api.post(f"/events/{event_id}/agenda", {"title": "Opening"}).json
    # Minutes with text, walked as JSON, as a page and as PDF in every language.
    minutes = api.patch(f"/events/{event_id}/minutes", {
        "summary": "The Assembly met.", "items": [{"id": opening["id"], "minutes_text": "Opened."}],
    })  # fmt: skip
    assert minutes.status_code == 200, minutes.json
    # A visa letter issued to the delegate whose own links the walk follows.
    visa_letter = issued_letter(participants[0])
    # A document for the participants, in two versions.
    document = send_paper(api, event_id, paper(), visibility="participants").json
    version = send_version(api, event_id, document["id"], paper("Rapport"), "fr").json
    values = {
        "event_id": event_id,
        "participant_id": participants[0]["id"],
        "participation_id": participants[0]["id"],
        "delegate_id": delegate_id,
        "organisation_id": organisation["id"],
        "organisation_slug": organisation["slug"],
        "body_slug": assembly["event"]["body"],
        "venue_id": assembly["event"]["venue_id"],
        "session_id": api.get(f"/events/{event_id}/sessions").json["items"][0]["id"],
        "seat_id": db.session.scalar(sa.select(sa.func.min(BodySeat.id))),
        "job_id": job.id,
        "file_name": "badges.pdf",
        "font_name": next(FONT_DIR.glob("*.ttf")).name,
        "filename": "app.css",
        "credential_id": credential["id"],
        "proxy_id": proxy["id"],
        "roll_id": roll["id"],
        "decision_id": decision.id,
        "vote_id": vote["id"],
        "item_id": opening["id"],
        "letter_id": visa_letter.id,
        "reference": "not-a-verification-reference",
        "document_id": document["id"],
        "version_id": version["versions"][0]["id"],
    }
    return Seeded(values, secrets, tokens)


def _argument(rule, name: str, values: dict, tokens: dict[str, str] | None):
    """The value of one path parameter of a route."""
    if name == "token":
        if tokens is None:
            return "not-a-secret-link"
        return tokens["feed" if rule.rule.startswith("/calendar/delegates/") else "rsvp"]
    if name == "slug":
        name = "organisation_slug" if "organisations" in rule.rule else "body_slug"
    elif name == "name":
        name = "font_name" if rule.rule.startswith("/fonts/") else "file_name"
    assert name in values, f"the walk has no value for <{name}> of {rule.rule}: add one"
    return values[name]


def _get_routes(app: Flask, values: dict, tokens: dict[str, str] | None) -> Iterator[str]:
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if tokens is not None and "token" not in rule.arguments:
            continue  # a delegate's own link opens only the routes that take a link
        arguments = {name: _argument(rule, name, values, tokens) for name in rule.arguments}
        yield app.url_map.bind("planner.example").build(rule.endpoint, arguments)


def _readable(response) -> str:
    """Everything the answer shows: headers, and the body (text of a PDF's pages)."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers)
    if response.mimetype == "application/pdf":
        body = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    else:
        body = response.get_data().decode("utf-8", "replace")
    if response.mimetype == "text/calendar":
        body = re.sub(r"\r?\n[ \t]", "", body)  # unfold long lines (RFC 5545, 3.1)
    return f"{headers}\n{body}"


def _walk(app: Flask, client: FlaskClient, seeded: Seeded, headers=None, tokens=None) -> dict:
    """GET every route; the answer of each, by path."""
    answers = {}
    for path in _get_routes(app, seeded.values, tokens):
        response = client.get(path, headers=headers or {})
        assert response.status_code < 500, (path, response.status_code)
        answers[path] = response
    return answers


def _leaks(answers: dict, secrets: dict[int, set[str]]) -> list[tuple[str, int, str]]:
    return [
        (path, participant, secret)
        for path, response in answers.items()
        for participant, giveaways in secrets.items()
        for secret in giveaways
        if secret in _readable(response)
    ]


def _unsearchable(response) -> bool:
    """A zip, or a PDF whose pages hold a QR code (read as a phone reads a printed page)."""
    return response.mimetype != "application/pdf" or bool(qr_codes_in(response.data))


def _opaque(answers: dict) -> list[str]:
    return [
        path
        for path, response in answers.items()
        if response.status_code == 200
        and response.mimetype in OPAQUE_TYPES
        and _unsearchable(response)
    ]


def _viewer_token(app: Flask) -> str:
    response = app.test_client().post(
        "/api/v1/auth/token", json={"email": "reader@secretariat.example", "password": PASSWORD}
    )
    assert response.status_code == 201, response.json
    return response.json["token"]


@pytest.fixture
def viewer_account(app) -> str:
    create_user("reader@secretariat.example", PASSWORD, UserRole.VIEWER)
    db.session.commit()
    return "reader@secretariat.example"


def test_the_search_finds_secrets_where_organisers_see_them(api, seeded):
    """The search is not blind: the organiser's answers do hold the secrets it looks for."""
    event, pid = seeded.values["event_id"], seeded.values["participant_id"]
    paths = [
        f"/api/v1/events/{event}/participants",
        f"/api/v1/delegates/{seeded.values['delegate_id']}",
        f"/api/v1/events/{event}/participants/{pid}/invite.ics",
    ]
    headers = {"Authorization": f"Bearer {api.token}"}
    answers = {path: api.client.get(path, headers=headers) for path in paths}
    found = {(path, participant) for path, participant, _secret in _leaks(answers, seeded.secrets)}
    assert {(path, pid) for path in paths} <= found


def test_a_viewer_sees_no_secret_on_any_route_with_a_token(app, seeded, viewer_account):
    client = app.test_client()
    answers = _walk(app, client, seeded, {"Authorization": f"Bearer {_viewer_token(app)}"})
    assert _leaks(answers, seeded.secrets) == []
    assert _opaque(answers) == []


def test_a_viewer_sees_no_secret_on_any_page_or_route_signed_in(app, seeded, viewer_account):
    client = app.test_client()
    signed_in = client.post("/login", data={"email": viewer_account, "password": PASSWORD})
    assert signed_in.status_code == 302
    answers = _walk(app, client, seeded)
    assert answers["/dashboard"].status_code == 200  # really signed in
    assert _leaks(answers, seeded.secrets) == []
    assert _opaque(answers) == []


def test_nobody_signed_in_sees_no_secret_and_is_turned_away(app, seeded):
    answers = _walk(app, app.test_client(), seeded)
    assert _leaks(answers, seeded.secrets) == []
    assert _opaque(answers) == []
    public = ("/", "/calendar/", "/fonts/", "/static/", "/login", "/api/v1/openapi.json")
    for path, response in answers.items():
        if not path.startswith(public):
            assert response.status_code in REFUSALS, (path, response.status_code)


def test_one_delegates_links_reveal_no_other_delegates_secrets(app, seeded):
    mine, *others = seeded.secrets
    answers = _walk(app, app.test_client(), seeded, tokens=seeded.tokens[mine])
    assert {response.status_code for response in answers.values()} == {200}
    assert _leaks(answers, {pid: seeded.secrets[pid] for pid in others}) == []
