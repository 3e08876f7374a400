"""The sent-ledger of reminders."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import UTCDateTime, utcnow
from planner.extensions import Model


class ReminderSent(Model):
    """One reminder (participant, offset) for the start time it was due against.

    The unique key decides between dispatchers running at once; keying on the start time
    makes a rescheduled meeting remind again before its new date.
    """

    __tablename__ = "reminders_sent"
    __table_args__ = (sa.UniqueConstraint("participation_id", "offset", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    offset: Mapped[str] = mapped_column(sa.String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
