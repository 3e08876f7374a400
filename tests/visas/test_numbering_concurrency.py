"""Two organisers approving at the same moment on PostgreSQL, each in a transaction of its
own: the counter row (created by whichever comes first) makes the second wait for the first,
and they get consecutive numbers; a first approval that fails gives its number back."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from planner.events.models import Participation
from planner.extensions import db
from planner.visas import service
from planner.visas.models import VisaLetter, VisaLetterCounter
from tests.support.visas import PASSPORT

# Row-level concurrency is PostgreSQL's (SQLite serialises every writer).
pytestmark = pytest.mark.parametrize("app", ["postgres"], indirect=True)
HOLD = 0.5  # seconds the first approval keeps its transaction open


def _applications(visa_meeting: dict, count: int) -> list[int]:
    data = {**PASSPORT}
    for name in ("passport_expires_on", "born_on"):
        data[name] = date.fromisoformat(data[name])
    ids = []
    for participant in visa_meeting["participants"][:count]:
        participation = db.session.get(Participation, participant["id"])
        ids.append(service.submit(participation, data).id)
    db.session.commit()
    return ids


def _race(app, first_id: int, second_id: int, first_commits: bool) -> dict:
    """The first approval takes its number and holds its transaction open; the second starts
    meanwhile. What each got, and how long the second waited."""
    started, results = threading.Event(), {}

    def first() -> None:
        with app.app_context():
            letter = service.approve(db.session.get(VisaLetter, first_id), None)
            results["first"] = letter.sequence
            started.set()
            time.sleep(HOLD)
            if first_commits:
                db.session.commit()
            else:
                db.session.rollback()

    def second() -> None:
        started.wait(10)
        with app.app_context():
            began = time.monotonic()
            letter = service.approve(db.session.get(VisaLetter, second_id), None)
            db.session.commit()
            results["second"], results["waited"] = letter.sequence, time.monotonic() - began

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_approvals_at_once_get_consecutive_numbers(app, visa_meeting):
    first_id, second_id = _applications(visa_meeting, 2)
    results = _race(app, first_id, second_id, first_commits=True)
    assert (results["first"], results["second"]) == (1, 2)
    assert results["waited"] >= HOLD * 0.8  # it waited for the first's number to be final
    db.session.expire_all()
    assert sorted(letter.sequence for letter in db.session.query(VisaLetter)) == [1, 2]
    [counter] = db.session.query(VisaLetterCounter).all()
    assert counter.last == 2


def test_a_failed_approval_gives_its_number_back(app, visa_meeting):
    first_id, second_id = _applications(visa_meeting, 2)
    results = _race(app, first_id, second_id, first_commits=False)
    assert (results["first"], results["second"]) == (1, 1)  # no gap: number 1 is reused
    db.session.expire_all()
    assert db.session.get(VisaLetter, first_id).sequence is None
    assert db.session.get(VisaLetter, second_id).number.endswith("-0001")


def test_many_approvals_at_once_lose_no_number(app, visa_meeting):
    ids = _applications(visa_meeting, 6)
    barrier = threading.Barrier(len(ids))

    def approve(letter_id: int) -> None:
        with app.app_context():
            barrier.wait(10)
            service.approve(db.session.get(VisaLetter, letter_id), None)
            db.session.commit()

    threads = [threading.Thread(target=approve, args=(letter_id,)) for letter_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    db.session.expire_all()
    assert sorted(letter.sequence for letter in db.session.query(VisaLetter)) == [1, 2, 3, 4, 5, 6]
