"""Bulk pack jobs: one row per run, one row per pack it has made (or failed to make)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import UTCDateTime, enum_column, utcnow
from planner.extensions import Model


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    ASSEMBLING = "assembling"  # every pack made; the zip, print PDF and badge sheet next
    DONE = "done"
    FAILED = "failed"


#: A run under way; a meeting has at most one.
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.ASSEMBLING)
_ACTIVE = sa.text("state IN ('queued', 'running', 'assembling')")


class PackJob(Model):
    """Packs of every coming participant of a meeting, made by workers in parallel.

    The id is random (it appears in URLs); progress is the number of item rows, so a chunk
    that a killed worker hands back and another worker redoes is counted once. The partial
    unique index lets a meeting have one run under way at a time, whoever asks at once.
    """

    __tablename__ = "pack_jobs"
    __table_args__ = (
        sa.Index(
            "uq_pack_jobs_active_event_id",
            "event_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[JobState] = mapped_column(
        enum_column(JobState, "pack_job_state"), default=JobState.QUEUED
    )
    paper: Mapped[str] = mapped_column(sa.String(10), default="a4")
    total: Mapped[int]
    badges_made: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a task last took up the run (or it was resumed): a run still under way whose
    # moment is long past lost its work.
    progressed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the run's files were deleted, its retention period over.
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    items: Mapped[list[PackJobItem]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True
    )


class PackJobItem(Model):
    """One participant's pack within a job: made (with its cache key) or failed (with why)."""

    __tablename__ = "pack_job_items"
    __table_args__ = (sa.UniqueConstraint("job_id", "participation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint, whose first column it is.
    job_id: Mapped[str] = mapped_column(sa.ForeignKey("pack_jobs.id", ondelete="CASCADE"))
    # No foreign key: a participant removed during the run stays on record as a failure.
    participation_id: Mapped[int]
    pack_key: Mapped[str | None] = mapped_column(sa.String(64))
    error: Mapped[str | None] = mapped_column(sa.String(500))

    job: Mapped[PackJob] = relationship(back_populates="items")
