"""The "new documents" e-mail: the notices written with each upload, gathered into one e-mail
per delegate, at most one an hour (a secretariat uploading ten papers in an afternoon sends
each delegate one or two e-mails, not ten). Beat runs ``queue_digests`` every few minutes; each
e-mail is an outbox row like any other, delivered and retried by the outbox's own task."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.db import take_turns
from planner.documents.models import Document, DocumentNotice
from planner.events.models import EXPECTED_STATUSES, LIVE_STATUSES, Event, Participation
from planner.extensions import db
from planner.notifications.models import MessageKind, OutboxMessage
from planner.notifications.service import queue_many

#: The least time between two "new documents" e-mails to one delegate.
INTERVAL = timedelta(hours=1)
#: The lock that makes runs of ``queue_digests`` take turns.
DIGEST_TURN = "documents:digest"


def queue_digests(now: datetime) -> int:
    """One e-mail to each delegate with notices waiting and no such e-mail in the last hour,
    listing the documents of all their meetings; how many were queued. Notices of someone no
    longer expected at a live meeting stay unsent.

    Runs take turns (a lock held to the end of the transaction): a run that overlapped
    another would not see its e-mails yet, and would send a second one within the hour.
    """
    take_turns(DIGEST_TURN)
    notices = db.session.scalars(
        sa.select(DocumentNotice)
        .join(Participation, Participation.id == DocumentNotice.participation_id)
        .join(Event, Event.id == Participation.event_id)
        .where(
            DocumentNotice.digest_key.is_(None),
            Participation.status.in_(EXPECTED_STATUSES),
            Event.status.in_(LIVE_STATUSES),
        )
        .order_by(DocumentNotice.id)
        .options(
            joinedload(DocumentNotice.document).joinedload(Document.event),
            joinedload(DocumentNotice.participation).joinedload(Participation.delegate),
        )
    ).all()
    waiting: dict[int, list[DocumentNotice]] = {}
    for notice in notices:
        waiting.setdefault(notice.participation.delegate_id, []).append(notice)
    recent = set(
        db.session.scalars(
            sa.select(Participation.delegate_id)
            .join(OutboxMessage, OutboxMessage.participation_id == Participation.id)
            .where(
                OutboxMessage.kind == MessageKind.DOCUMENTS,
                OutboxMessage.created_at > now - INTERVAL,
                Participation.delegate_id.in_(waiting),
            )
        )
    )
    queued = 0
    for delegate_id, theirs in waiting.items():
        if delegate_id in recent:
            continue
        key = f"{MessageKind.DOCUMENTS.value}:{delegate_id}:{theirs[0].id}"
        queued += queue_many(
            MessageKind.DOCUMENTS, [(theirs[0].participation, key)], now, _detail(theirs)
        )
        for notice in theirs:
            notice.digest_key = key
    db.session.flush()
    return queued


def _detail(notices: list[DocumentNotice]) -> str:
    """What the e-mail lists, decided now: each document once, with the participation whose
    link opens it (the e-mail is written at delivery, in the delegate's language)."""
    seen: dict[int, dict] = {}
    for notice in notices:
        seen.setdefault(
            notice.document_id,
            {
                "participation_id": notice.participation_id,
                "document_id": notice.document_id,
                "meeting": notice.document.event.title,
                "title": notice.document.title,
            },
        )
    return json.dumps(list(seen.values()), ensure_ascii=False)
