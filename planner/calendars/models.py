"""Rendered feed components kept in the database, shared by every process and host."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.caching import not_cached
from planner.db import UTCDateTime, utcnow
from planner.extensions import Model


@not_cached  # no answer changes with these rows: writing them evicts no cached feed
class RenderedComponent(Model):
    """One meeting's VEVENT text as feeds render it, under a digest of everything the text
    depends on (see ``planner.calendars.store``). No foreign key to the meeting: a feed's
    write never waits on, or fails for, a meeting's row; the rows of a deleted or changed
    meeting go at the next cleanup."""

    __tablename__ = "rendered_components"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    event_id: Mapped[int]
    #: The meeting's ``updated_at`` that was rendered: once the meeting's differs, the row
    #: is never read again.
    event_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    vevent: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: ``[[body id or null, VEVENT text], ...]`` of its sessions, for a delegate's feed.
    sessions: Mapped[list | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
