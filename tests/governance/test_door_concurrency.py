"""Four desks checking in the same 200 delegates at once, through the running app (a real
server in a thread, one connection per request) on PostgreSQL: each delegate is admitted
exactly once, the three other desks are told "already in", and the count is exact. And one
scan sent four times at once is recorded once."""

from __future__ import annotations

import json
import random
import threading
import urllib.request
from collections import Counter

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from planner.governance.models import DoorScan
from tests.conftest import PASSWORD
from tests.support.dashboard import add_meeting, add_network

# Row-level concurrency is PostgreSQL's (SQLite serialises every writer).
pytestmark = pytest.mark.parametrize("app", ["postgres"], indirect=True)
DESKS = 4
DELEGATES = 200


def _token(base: str) -> str:
    create_user("desk@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    account = {"email": "desk@secretariat.example", "password": PASSWORD}
    return _post(base, "/api/v1/auth/token", account, None)["token"]


def _post(base: str, path: str, body: dict, token: str | None) -> dict:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})},
        method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_four_desks_check_in_the_same_delegates_once_each(app, live_server):
    body, delegates = add_network(seats=DELEGATES)
    event = add_meeting(1, body, delegates, [ParticipantStatus.ACCEPTED] * DELEGATES)
    db.session.commit()
    event_id, codes = event.id, [check_in_token(p) for p in event.participations]
    token = _token(live_server)
    barrier = threading.Barrier(DESKS)
    answers: list[list[dict]] = [[] for _ in range(DESKS)]
    failures: list[BaseException] = []

    def desk(number: int) -> None:
        order = codes[:]
        random.Random(number).shuffle(order)  # each desk meets the crowd in its own order
        try:
            barrier.wait()
            for code in order:
                answers[number].append(
                    _post(live_server, f"/api/v1/events/{event_id}/check-in",
                          {"token": code, "scan_id": f"desk{number}-{code[-12:]}"}, token)
                )  # fmt: skip
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert [len(a) for a in answers] == [DELEGATES] * DESKS
    admitted = Counter(
        answer["participant_id"]
        for desk_answers in answers
        for answer in desk_answers
        if answer["outcome"] == "admitted"
    )
    assert set(admitted.values()) == {1} and len(admitted) == DELEGATES
    outcomes = Counter(answer["outcome"] for desk_answers in answers for answer in desk_answers)
    assert outcomes == {"admitted": DELEGATES, "already-in": DELEGATES * (DESKS - 1)}
    assert all(answer["present"] for desk_answers in answers for answer in desk_answers)
    db.session.expire_all()
    stored = Counter(
        db.session.scalars(
            sa.select(DoorScan.participation_id).where(DoorScan.outcome == "admitted")
        )
    )
    assert set(stored.values()) == {1} and len(stored) == DELEGATES
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == DELEGATES * DESKS
    present = sa.select(sa.func.count()).where(
        Participation.event_id == event_id,
        Participation.checked_in_at.isnot(None),
        Participation.checked_out_at.is_(None),
    )
    assert db.session.scalar(present) == DELEGATES


def test_a_scan_sent_by_four_retries_at_once_is_recorded_once(app, live_server):
    """A desk whose retry timer and online event fire together sends one scan several times
    at once: the first moves the delegate, the others get its stored answer."""
    body, delegates = add_network(seats=1)
    event = add_meeting(1, body, delegates, [ParticipantStatus.ACCEPTED])
    db.session.commit()
    event_id, (code,) = event.id, [check_in_token(p) for p in event.participations]
    token = _token(live_server)
    barrier = threading.Barrier(DESKS)
    answers: list[dict] = []
    failures: list[BaseException] = []
    scan = {"token": code, "scan_id": "0f8b7c1e-2d3a-4b5c-8d9e-0a1b2c3d4e5f"}

    def retry() -> None:
        try:
            barrier.wait()
            answers.append(_post(live_server, f"/api/v1/events/{event_id}/check-in", scan, token))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=retry) for _ in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert [a["outcome"] for a in answers] == ["admitted"] * DESKS
    assert sorted(a["replayed"] for a in answers) == [False] + [True] * (DESKS - 1)
    assert len({a["checked_in_at"] for a in answers}) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == 1
