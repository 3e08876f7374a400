"""The "new documents" e-mail: one per delegate for the notices waiting, at most one an hour,
only to those who may read the documents, each link their own, in their language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.db import utcnow
from planner.documents.digest import queue_digests
from planner.events.models import Participation
from planner.extensions import db
from planner.notifications.models import MessageKind
from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, rsvp_token, send_paper
from tests.support.outbox import outbox

__all__ = ["committee"]


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _recipients() -> list[str]:
    return sorted(message.recipient for message in outbox(MessageKind.DOCUMENTS))


def test_one_email_per_delegate_an_hour_at_most(api, committee):
    event_id, people = committee["event"]["id"], committee["participants"]
    send_paper(api, event_id, paper(), title="Programme")
    send_paper(api, event_id, paper(), title="Budget 2027", visibility="members")
    now = utcnow()
    assert queue_digests(now) == 5
    db.session.commit()
    messages = {m.recipient: m for m in outbox(MessageKind.DOCUMENTS)}
    member = messages["delegate@seoul.example"].body.decode()
    assert "Programme" in member and "Budget 2027" in member
    seoul = db.session.get(Participation, people[0]["id"])
    assert f"/rsvp/{rsvp_token(people[0])}/documents/" in member.replace("=\r\n", "")
    assert seoul.delegate.email == "delegate@seoul.example"
    observer = messages["delegate@lyon.example"].body.decode()
    assert "Programme" in observer and "Budget 2027" not in observer
    assert "X-Planner-Message: documents" in member

    # Another paper within the hour waits; after it, it goes in the next e-mail.
    send_paper(api, event_id, paper(), title="Draft resolution")
    assert queue_digests(now + timedelta(minutes=10)) == 0
    assert queue_digests(now + timedelta(minutes=61)) == 5
    db.session.commit()
    assert len(_recipients()) == 10
    assert queue_digests(now + timedelta(hours=3)) == 0  # nothing new


def test_the_email_speaks_the_delegates_language(api, committee):
    send_paper(api, committee["event"]["id"], paper(), title="Nm")
    queue_digests(utcnow())
    db.session.commit()
    korean = next(m for m in outbox(MessageKind.DOCUMENTS) if "seoul" in m.recipient)
    assert korean.subject == "새 문서: Nm"
    assert b"Content-Language: ko" in korean.body


def test_several_documents_are_counted_in_the_subject(api, committee):
    """Korean has one plural form: the subject of several documents is a count, in every
    language, and it compiles (a form naming the title could not)."""
    for title in ("Budget", "Report"):
        send_paper(api, committee["event"]["id"], paper(), title=title)
    queue_digests(utcnow())
    db.session.commit()
    subjects = {m.recipient: m.subject for m in outbox(MessageKind.DOCUMENTS)}
    korean = next(subject for recipient, subject in subjects.items() if "seoul" in recipient)
    assert korean == "새 문서 2건"
    assert "2 new documents" in subjects.values() or "2 nouveaux documents" in subjects.values()
