"""Two runs of the "new documents" digest at once on PostgreSQL (beat fired again while a slow
run was still open, or two workers took the task): the second waits for the first, then sees
its e-mails and leaves a notice written in between for the next hour, neither sending a
second e-mail nor marking that notice as sent."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.documents.digest import queue_digests
from planner.documents.models import DocumentNotice
from planner.extensions import db
from planner.notifications.models import MessageKind
from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, send_paper
from tests.support.outbox import outbox

__all__ = ["committee"]
# Row-level concurrency is PostgreSQL's (SQLite serialises every writer).
pytestmark = pytest.mark.parametrize("app", ["postgres"], indirect=True)
HOLD = 0.5  # seconds the first run keeps its transaction open once the second has begun


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def test_a_run_that_overlaps_another_waits_for_it(app, api, committee):
    event_id = committee["event"]["id"]
    programme = send_paper(api, event_id, paper(), title="Programme").json
    now, results = utcnow(), {}
    first_done, second_started = threading.Event(), threading.Event()

    def first() -> None:
        with app.app_context():
            results["first"] = queue_digests(now)
            first_done.set()
            second_started.wait(10)
            time.sleep(HOLD)
            db.session.commit()

    def second() -> None:
        with app.app_context():
            second_started.set()
            results["second"] = queue_digests(now + timedelta(minutes=1))
            db.session.commit()

    running = threading.Thread(target=first)
    running.start()
    assert first_done.wait(10)
    # Meanwhile a notice is written (an upload to another of the delegates' meetings, say:
    # one to this meeting would wait for the run, which holds a share of the meeting's row).
    late = [
        DocumentNotice(document_id=programme["id"], participation_id=participant["id"])
        for participant in committee["participants"]
    ]
    db.session.add_all(late)
    db.session.commit()
    late_ids = [notice.id for notice in late]
    overlapping = threading.Thread(target=second)
    overlapping.start()
    for thread in (running, overlapping):
        thread.join(30)

    assert results == {"first": 5, "second": 0}
    db.session.expire_all()
    assert len(outbox(MessageKind.DOCUMENTS)) == 5
    waiting = db.session.scalars(
        sa.select(DocumentNotice.digest_key).where(DocumentNotice.id.in_(late_ids))
    ).all()
    assert waiting == [None] * 5  # the next hour's e-mail still has it to send
    assert queue_digests(now + timedelta(minutes=61)) == 5
