"""Rules of the outbox: which change queues which e-mail, and delivering one.

Messages are written in the transaction of the change that causes them (listening to the
events domain's signals), so a change and its e-mails commit or vanish together; delivery
happens later, by a task, from the row.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload, selectinload

from planner.caching import note_change
from planner.calendars.service import (
    Announcement,
    Site,
    announcement,
    copy_sequence,
    site_from_config,
)
from planner.db import get_or_404, insert_new, listen_once, utcnow
from planner.errors import Conflict
from planner.events.models import (
    LIVE_STATUSES,
    Event,
    EventStatus,
    ParticipantStatus,
    Participation,
)
from planner.events.service import SIGNIFICANT_FIELDS
from planner.events.signals import event_changed, participant_removed
from planner.extensions import db
from planner.governance.credentials.signals import credential_rejected
from planner.governance.models import Credential
from planner.members.models import Delegate
from planner.notifications.compose import (
    NewDocument,
    compose,
    compose_credentials,
    compose_documents,
    compose_visa,
    where,
)
from planner.notifications.delivery import (
    PermanentFailure,
    TemporaryFailure,
    Transport,
    retry_delay,
)
from planner.notifications.models import VISA_KINDS, MessageKind, MessageStatus, OutboxMessage

log = logging.getLogger(__name__)
# Attempts before a temporary failure counts as final.
MAX_ATTEMPTS = 8
_WRITTEN = "planner.outbox_written"

_signals = Namespace()
#: sender: None; ``ids``: outbox rows that just committed and can be delivered now.
outbox_committed = _signals.signal("outbox-committed")


def _site() -> Site:
    return site_from_config(current_app.config)


def queue_many(
    kind: MessageKind,
    items: list[tuple[Participation, str]],
    now: datetime | None = None,
    detail: str | None = None,
) -> int:
    """Write one e-mail per (participant, idempotency key) in a single statement, saying what
    holds for that participant now (METHOD, STATUS, SEQUENCE, and ``detail`` for a message
    that says more than the meeting); keys already in the outbox are skipped. How many were
    written."""
    if not items:
        return 0
    now = now or utcnow()
    rows = []
    for participation, key in items:
        said = announcement(participation)
        rows.append({
            "kind": kind,
            "idempotency_key": key,
            "event_id": participation.event_id,
            "participation_id": participation.id,
            "calendar_method": said.method,
            "calendar_status": said.status,
            "sequence": said.sequence,
            "recipient": participation.delegate.email,
            "detail": detail,
            "status": MessageStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        })  # fmt: skip
    statement = insert_new(OutboxMessage, "idempotency_key").returning(OutboxMessage.id)
    written = list(db.session.scalars(statement, rows))
    if written:
        note_change(db.session())
        db.session.info.setdefault(_WRITTEN, []).extend(written)
    return len(written)


def send_invitations(event: Event) -> int:
    """Invite everyone on the meeting who has not been invited yet; how many were."""
    if event.status not in LIVE_STATUSES:
        raise Conflict(_("publish the meeting before inviting its participants"))
    now = utcnow()
    participations = invitation_recipients(event)
    queue_all(MessageKind.INVITATION, participations)
    for participation in participations:
        participation.invited_at = now
        participation.invited_starts_at = event.starts_at
        participation.invited_location = where(event)
    db.session.flush()
    return len(participations)


def queue_all(kind: MessageKind, participations: Sequence[Participation]) -> int:
    """The same kind of message to each participant, once per SEQUENCE of their copy, in one
    statement."""
    return queue_many(
        kind, [(p, f"{kind.value}:{p.id}:{copy_sequence(p)}") for p in participations]
    )


def invitation_recipients(event: Event) -> Sequence[Participation]:
    """Who an invitation goes to: the participants not invited yet. The publish page shows
    this list before ``send_invitations`` e-mails it."""
    return _participants(event, invited=False)


def told_of_change(
    event: Event, changed: set[str], status: EventStatus | None = None
) -> tuple[MessageKind | None, Sequence[Participation]]:
    """Which e-mail a change of ``changed`` bringing the meeting to ``status`` (default: the
    one it has) sends, and to whom: a cancellation or an update to everyone invited, nothing
    for a draft or a change calendars need not re-read. The one rule behind both the e-mails
    and the confirmation pages that say, before the change, who will be told."""
    status = status or event.status
    if not changed & SIGNIFICANT_FIELDS or status is EventStatus.DRAFT:
        return None, ()
    kind = MessageKind.CANCELLATION if status is EventStatus.CANCELLED else MessageKind.UPDATE
    return kind, _participants(event, invited=True)


def _participants(event: Event, *, invited: bool) -> Sequence[Participation]:
    """The meeting's participants (with their delegates and organisations: one query),
    invited or not yet."""
    statement = (
        sa.select(Participation)
        .where(
            Participation.event_id == event.id,
            Participation.status != ParticipantStatus.CANCELLED,
            Participation.invited_at.is_not(None)
            if invited
            else Participation.invited_at.is_(None),
        )
        .options(
            joinedload(Participation.delegate, innerjoin=True).joinedload(
                Delegate.organisation, innerjoin=True
            )
        )
        .order_by(Participation.id)
    )
    return db.session.scalars(statement).all()


def listen_to_events() -> None:
    """Connect the outbox to what the events domain announces, and to commits (so that the
    workers hear of what was written). Called once by ``init_app``; connecting again is a
    no-op."""
    event_changed.connect(_on_event_changed)
    participant_removed.connect(_on_participant_removed)
    credential_rejected.connect(_on_credential_rejected)
    listen_once(DbSession, "after_commit", _announce_committed)
    listen_once(DbSession, "after_rollback", _forget_rolled_back)


def _on_event_changed(event: Event, changed: set[str]) -> None:
    """A cancelled meeting: a cancellation to everyone invited; a moved one: an update."""
    kind, recipients = told_of_change(event, changed)
    if kind is not None:
        queue_all(kind, recipients)


def _on_participant_removed(participation: Participation) -> None:
    key = f"removed:{participation.id}:{copy_sequence(participation)}"
    queue_many(MessageKind.CANCELLATION, [(participation, key)])


def _on_credential_rejected(credential: Credential) -> None:
    """The designated delegate hears why, once per rejection."""
    assert credential.decided_at is not None  # decide() stamps it before announcing
    key = f"credentials:{credential.id}:{credential.decided_at.isoformat()}"
    queue_many(MessageKind.CREDENTIALS, [(credential.delegate, key)], detail=credential.reason)


def _announce_committed(session: DbSession) -> None:
    ids = session.info.pop(_WRITTEN, None)
    if ids:
        outbox_committed.send(None, ids=ids)


def _forget_rolled_back(session: DbSession) -> None:
    session.info.pop(_WRITTEN, None)


def messages_of(event_id: int) -> sa.Select:
    get_or_404(Event, event_id, "event")
    return (
        sa.select(OutboxMessage)
        .where(OutboxMessage.event_id == event_id)
        .order_by(OutboxMessage.id)
    )


# The organisers' participants pages ------------------------------------------------------------


def uninvited_count(event_id: int) -> int:
    """How many participants "invite all" (``send_invitations``) would write to now."""
    return db.session.execute(
        sa.select(sa.func.count())
        .select_from(Participation)
        .where(
            Participation.event_id == event_id,
            Participation.status != ParticipantStatus.CANCELLED,
            Participation.invited_at.is_(None),
        )
    ).scalar_one()


def resend_invitation(participation: Participation) -> bool:
    """Invite one participant again, with the meeting as it is now (a delegate lost the
    e-mail); True if a message was queued. The key counts the invitations already written to
    them, so two clicks that arrive together queue one."""
    event = participation.event
    if event.status not in LIVE_STATUSES:
        raise Conflict(_("publish the meeting before inviting its participants"))
    if participation.status is ParticipantStatus.CANCELLED:
        raise Conflict(_("this participant was removed: add them again to invite them"))
    written = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.participation_id == participation.id,
            OutboxMessage.kind == MessageKind.INVITATION,
        )
    )
    key = f"invitation:{participation.id}:{event.sequence}:again-{written}"
    queued = queue_many(MessageKind.INVITATION, [(participation, key)])
    # What this invitation announced, so a reminder can say what changed since.
    participation.invited_at = utcnow()
    participation.invited_starts_at = event.starts_at
    participation.invited_location = where(event)
    db.session.flush()
    return bool(queued)


def latest_messages(event_id: int) -> dict[int, OutboxMessage]:
    """Each participant's most recent e-mail of this meeting (one query), by participation."""
    newest = (
        sa.select(sa.func.max(OutboxMessage.id))
        .where(OutboxMessage.event_id == event_id)
        .group_by(OutboxMessage.participation_id)
    )
    rows = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id.in_(newest))
        .options(sa.orm.defer(OutboxMessage.body))  # the e-mail itself is not shown
    )
    return {message.participation_id: message for message in rows}


def messages_of_participation(participation_id: int) -> list[OutboxMessage]:
    """Every e-mail written to one participant, oldest first: their history page."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.participation_id == participation_id)
            .order_by(OutboxMessage.id)
            .options(sa.orm.defer(OutboxMessage.body))
        )
    )


# Delivery -------------------------------------------------------------------------------------


def failed_messages(limit: int) -> list[OutboxMessage]:
    """E-mails refused for good, newest first: what organisers must follow up by hand."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.status == MessageStatus.FAILED)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
            .options(selectinload(OutboxMessage.participation).selectinload(Participation.event))
        )
    )


def transport_from_config(config: Any) -> Transport:
    return Transport.from_url(config["MAIL_URL"], Path(config["INSTANCE_PATH"]) / "outbox")


def deliver(message_id: int, transport: Transport, sender: str) -> float | None:
    """Try to send one pending message; seconds until the next try, or None when done.

    The row is locked while the server is spoken to (SKIP LOCKED on PostgreSQL: another
    worker moves on), and marked sent as soon as the server accepted it.
    """
    statement = sa.select(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING
    )
    if db.engine.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    message = db.session.scalar(statement)
    if message is None:
        db.session.rollback()
        return None
    now = utcnow()
    if message.body is None:
        render(message, now)
    # render() sets both, together.
    assert message.body is not None and message.message_id is not None
    message.attempts += 1
    retry_in = None
    try:
        transport.send(message.body, sender, [message.recipient], message.message_id)
    except TemporaryFailure as failure:
        message.last_error = failure.reason
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        else:
            retry_in = retry_delay(message.attempts)
            message.next_attempt_at = now + _seconds(retry_in)
    except PermanentFailure as failure:
        message.last_error = failure.reason
        message.status = MessageStatus.FAILED
    else:
        message.status = MessageStatus.SENT
        message.sent_at = utcnow()
        message.last_error = None
    db.session.commit()
    log.info("message %s %s (attempt %s)", message.message_id, message.status, message.attempts)
    return retry_in


def render(message: OutboxMessage, now: datetime | None = None) -> OutboxMessage:
    """Compose the e-mail of a queued message: what was decided when it was queued, with the
    meeting's time and place as they are now (a reminder says how soon it starts), in the
    recipient's language; kept for every attempt."""
    site = _site()
    # From the idempotency key: if a worker dies between the server's "250" and marking the
    # row sent, the copy sent again carries the same Message-ID, which mail clients merge.
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    message.message_id = f"<{digest}@{site.host}>"
    now = now or utcnow()
    if message.kind is MessageKind.DOCUMENTS:
        subject, message.body = compose_documents(
            _new_documents(message.detail or "[]"),
            message.participation,
            site,
            now,
            message.message_id,
        )
    elif message.kind is MessageKind.CREDENTIALS:
        subject, message.body = compose_credentials(
            message.detail or "", message.participation, site, now, message.message_id
        )
    elif message.kind in VISA_KINDS:
        subject, message.body = compose_visa(
            message.kind, message.detail or "", message.participation, site, now,
            message.message_id,
        )  # fmt: skip
    else:
        said = Announcement(message.calendar_method, message.calendar_status, message.sequence)
        subject, message.body = compose(
            message.kind, said, message.participation, site, now, message.message_id
        )
    message.subject = subject[:500]
    return message


def _new_documents(detail: str) -> list[NewDocument]:
    """The documents a "new documents" message lists (its ``detail``, written when queued),
    each with the participation whose link opens it; those since removed are left out."""
    found = []
    for entry in json.loads(detail):
        participation = db.session.get(Participation, entry["participation_id"])
        if participation is not None and participation.status is not ParticipantStatus.CANCELLED:
            found.append(
                NewDocument(entry["meeting"], entry["title"], participation, entry["document_id"])
            )
    return found


def due_messages(now: datetime, grace_seconds: float = 60) -> list[int]:
    """Pending messages whose moment has come and that no task is likely to hold: written
    more than ``grace_seconds`` ago (the task queued at commit may still be on its way)."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(
                OutboxMessage.status == MessageStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.created_at <= now - _seconds(grace_seconds),
            )
            .order_by(OutboxMessage.id)
            .limit(1000)
        )
    )


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
