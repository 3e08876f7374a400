"""130 members in the room and 10 represented by proxy, every holder casting at the same
moment through the running app (a real server in a thread) on PostgreSQL: every ballot is
counted once, a ballot sent twice is refused once, and a close sent in the same instant as
a wave of ballots leaves each ballot either counted or refused, never accepted and lost."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.events.models import ParticipantStatus
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision, Proxy, Tally, Voter
from planner.governance.rolls import service as rolls
from planner.governance.votes import service as votes
from tests.support.dashboard import add_meeting, add_network
from tests.support.votes import agenda_item

# Row-level concurrency is PostgreSQL's (SQLite serialises every writer).
pytestmark = pytest.mark.parametrize("app", ["postgres"], indirect=True)
PRESENT, PROXIES = 130, 10


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def room(app) -> dict:
    """140 voting members: 130 accredited and in the room, the last 10 represented by the
    first 10's proxies; the roll frozen."""
    body, delegates = add_network(seats=PRESENT + PROXIES)
    event = add_meeting(1, body, delegates, [ParticipantStatus.ACCEPTED] * (PRESENT + PROXIES))
    db.session.flush()
    people = list(event.participations)
    for participation in people:
        db.session.add(
            Credential(
                event_id=event.id,
                organisation_id=participation.delegate.organisation_id,
                delegate_id=participation.id,
                decision=CredentialDecision.APPROVED,
                decided_at=utcnow(),
            )
        )
    for participation in people[:PRESENT]:
        participation.checked_in_at = utcnow()
    members = [p.delegate.organisation_id for p in people]
    for giver, holder in zip(members[PRESENT:], members[:PROXIES], strict=True):
        db.session.add(Proxy(event_id=event.id, giver_id=giver, holder_id=holder))
    rolls.freeze(event, None)
    db.session.commit()
    return {
        "event": event,
        "members": members,
        "tokens": [p.rsvp_token for p in people],
        "item_id": agenda_item(event.id),
    }


def _open(room: dict) -> int:
    vote = votes.open_vote(
        room["event"],
        {"agenda_item_id": room["item_id"], "question": "Adopt?", "method": "electronic"},
        None,
    )
    db.session.commit()
    return vote.id


def _ballots(room: dict) -> list[tuple[str, int, str]]:
    """(link, member, answer) of every vote held: each present member's own, and the ten
    proxy holders' for the members they represent."""
    members, tokens = room["members"], room["tokens"]
    answers = ("yes", "no", "abstain")
    own = [(tokens[i], members[i], answers[i % 3]) for i in range(PRESENT)]
    held = [(tokens[i], members[PRESENT + i], "yes") for i in range(PROXIES)]
    return own + held


def _all_at_once(jobs: list, work) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(jobs[index])
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    return results


def test_every_ballot_of_130_voters_and_10_proxies_is_counted_once(app, live_server, room):
    vote_id = _open(room)
    ballots = _ballots(room)
    # Each holder sends their ballots at once, the first ten members each one twice.
    sent = ballots + [ballots[i] for i in range(PROXIES)]

    def cast(ballot):
        token, member, answer = ballot
        return _post(
            f"{live_server}/api/v1/ballots/{token}/{vote_id}",
            {"organisation_id": member, "choice": answer},
        )

    answers = _all_at_once(sent, cast)
    statuses = Counter(status for status, _body in answers)
    assert statuses == {200: PRESENT + PROXIES, 409: PROXIES}
    db.session.expire_all()
    voters = db.session.scalars(sa.select(Voter.organisation_id).where(Voter.vote_id == vote_id))
    assert sorted(voters) == sorted(room["members"])
    closed = votes.close(votes.vote_of(room["event"].id, vote_id))
    db.session.commit()
    counts = dict(
        db.session.execute(sa.select(Tally.choice, Tally.count).where(Tally.vote_id == vote_id))
        .tuples()
        .all()
    )
    expected = Counter(answer for _t, _m, answer in ballots)
    assert counts == dict(expected) and sum(counts.values()) == PRESENT + PROXIES
    assert closed.outcome.value == "adopted"


def test_a_close_in_the_same_instant_as_ballots_counts_or_refuses_each(app, live_server, room):
    vote_id = _open(room)
    ballots = _ballots(room)
    close_path = f"/api/v1/events/{room['event'].id}/votes/{vote_id}/close"
    from planner.auth.models import UserRole
    from planner.auth.service import create_user
    from tests.conftest import PASSWORD

    create_user("chair@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    token = _post(
        f"{live_server}/api/v1/auth/token",
        {"email": "chair@secretariat.example", "password": PASSWORD},
    )[1]["token"]

    def send(job):
        if job == "close":
            request = urllib.request.Request(
                live_server + close_path,
                data=b"",
                method="POST",
                headers={"Authorization": f"Bearer {token}"},
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        token_, member, answer = job
        return _post(
            f"{live_server}/api/v1/ballots/{token_}/{vote_id}",
            {"organisation_id": member, "choice": answer},
        )

    jobs = [*ballots[:70], "close", *ballots[70:]]
    answers = _all_at_once(jobs, send)
    close_status, closed = answers[70]
    assert close_status == 200
    accepted = [
        job
        for job, (status, _b) in zip(jobs, answers, strict=True)
        if job != "close" and status == 200
    ]
    refused = [
        body
        for job, (status, body) in zip(jobs, answers, strict=True)
        if job != "close" and status != 200
    ]
    assert all("closed" in body["error"]["message"] for body in refused)
    assert len(accepted) + len(refused) == PRESENT + PROXIES
    # What the close counted is exactly what was accepted: nothing after it, nothing lost.
    assert closed["ballots"] == len(accepted)
    assert closed["counts"] == {
        answer: sum(1 for _t, _m, a in accepted if a == answer)
        for answer in ("yes", "no", "abstain")
    }
    db.session.expire_all()
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(Voter).where(Voter.vote_id == vote_id)
    ) == len(accepted)
