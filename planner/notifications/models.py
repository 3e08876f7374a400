"""The outbox: every e-mail, written with the change that causes it, then delivered."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import UTCDateTime, enum_column, utcnow
from planner.events.models import Participation
from planner.extensions import Model


class MessageKind(enum.StrEnum):
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    CREDENTIALS = "credentials"  # the credentials committee rejected a delegate's credentials
    # A delegate's visa invitation letter (planner.visas): asked to correct their details
    # (``detail``: the organisers' message), issued (its number), revoked (number, reason).
    VISA_CORRECTION = "visa-change"
    VISA_ISSUED = "visa-issued"
    VISA_REVOKED = "visa-revoked"
    DOCUMENTS = "documents"  # new documents of their meetings (an hourly digest at most)


#: The e-mails about a visa invitation letter (composed alike, without a calendar part).
VISA_KINDS = (MessageKind.VISA_CORRECTION, MessageKind.VISA_ISSUED, MessageKind.VISA_REVOKED)


class MessageStatus(enum.StrEnum):
    PENDING = "pending"  # written; waiting for (another) delivery attempt
    SENT = "sent"  # accepted by the mail server (or written to the outbox folder)
    FAILED = "failed"  # refused for good; ``last_error`` says why


class OutboxMessage(Model):
    """One e-mail to one participant: queued with the change, rendered and sent by a worker.

    ``idempotency_key`` (kind, participation, event sequence or reminder) is unique, so the
    same message can never be queued twice, however often the change that causes it runs.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind, "message_kind"))
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    # What the message announces, decided with the change that queued it (a cancellation
    # sent after the meeting came back still cancels): iTIP METHOD, the VEVENT's STATUS and,
    # in ``sequence``, its SEQUENCE. Only the time and place are read at delivery.
    calendar_method: Mapped[str] = mapped_column(sa.String(10))
    calendar_status: Mapped[str] = mapped_column(sa.String(10))
    sequence: Mapped[int]
    recipient: Mapped[str] = mapped_column(sa.String(254))
    # What the message says beyond the meeting, as decided when it was queued: the reason
    # the credentials committee gave.
    detail: Mapped[str | None] = mapped_column(sa.Text)
    # Written at the first delivery attempt (by a worker, not by the change or the reminder
    # pass), then kept: a retry sends the very same bytes and Message-ID.
    subject: Mapped[str | None] = mapped_column(sa.String(500))
    message_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    body: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "message_status"), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participation: Mapped[Participation] = relationship()
