"""Tables of the Assembly's door: who speaks for each member (credentials), who votes for an
absent one (proxies), who came and went (door scans), and the frozen voter rolls."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.caching import not_cached
from planner.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from planner.events.models import Event, Participation
from planner.extensions import Model
from planner.members.models import Organisation
from planner.uploads.models import Upload


class CredentialDecision(enum.StrEnum):
    """What the credentials committee decided; ``pending`` until it has."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"  # with a reason, sent to the delegate


class CredentialState(enum.StrEnum):
    """Where a member's credentials stand (derived: ``governance.credentials``)."""

    MISSING = "missing"  # a Delegation of Authority letter is needed and none is in
    PENDING = "pending"  # ready for the committee
    APPROVED = "approved"
    REJECTED = "rejected"


class Credential(TimestampMixin, Model):
    """Who speaks for a voting member at a meeting: its designated delegate, and one alternate
    who votes only while the delegate is absent. A delegate who does not head the authority
    needs a Delegation of Authority ``letter``."""

    __tablename__ = "credentials"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "organisation_id"),
        sa.CheckConstraint(
            "alternate_id IS NULL OR alternate_id <> delegate_id", name="alternate_not_delegate"
        ),
        sa.CheckConstraint(
            "decision != 'rejected' OR (reason IS NOT NULL AND length(reason) > 0)",
            name="rejection_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    alternate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="SET NULL"), unique=True
    )
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    decision: Mapped[CredentialDecision] = mapped_column(
        enum_column(CredentialDecision, "credential_decision"), default=CredentialDecision.PENDING
    )
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship()
    delegate: Mapped[Participation] = relationship(foreign_keys=[delegate_id])
    alternate: Mapped[Participation | None] = relationship(foreign_keys=[alternate_id])
    letter: Mapped[Upload | None] = relationship()


class Proxy(TimestampMixin, Model):
    """A voting member that cannot attend (``giver``) mandates another voting member of the
    same body (``holder``) to vote for it. Revoked (``revoked_at``) by the giver until the roll
    is frozen, or by the giver's arrival in person."""

    __tablename__ = "proxies"
    __table_args__ = (
        sa.CheckConstraint("giver_id <> holder_id", name="not_to_oneself"),
        # One standing proxy per giver and meeting; revoked ones stay as the record.
        sa.Index(
            "uq_proxies_standing_giver",
            "event_id",
            "giver_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    holder_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(sa.String(200))

    event: Mapped[Event] = relationship()
    giver: Mapped[Organisation] = relationship(foreign_keys=[giver_id])
    holder: Mapped[Organisation] = relationship(foreign_keys=[holder_id])
    letter: Mapped[Upload | None] = relationship()


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


@not_cached
class DoorScan(Model):
    """One scan at a desk, as the desk sent it. ``scan_id`` is the desk's own id for the scan,
    so a scan queued offline and sent twice is recorded once; ``outcome`` is the server's
    answer, given again to a replay. No cached answer shows the scans, so a second scan that
    moves nobody leaves every cache valid (the move itself renews the data version)."""

    __tablename__ = "door_scans"
    __table_args__ = (sa.UniqueConstraint("event_id", "scan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    scan_id: Mapped[str] = mapped_column(sa.String(64))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "door_direction"))
    outcome: Mapped[str] = mapped_column(sa.String(30))
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the desk's clock
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(enum.StrEnum):
    IN_PERSON = "in-person"
    REPRESENTED = "represented"  # by a proxy whose holder is present
    ABSENT = "absent"


class Roll(Model):
    """The voter roll frozen at a moment: a snapshot that nothing later changes (corrections
    are new rolls). Names are copied in, so renaming a member does not rewrite history."""

    __tablename__ = "rolls"
    __table_args__ = (sa.UniqueConstraint("event_id", "frozen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    #: Whole seconds: two freezes in one second are one too many.
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    frozen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    quorum_rule: Mapped[str] = mapped_column(sa.String(20))
    entitled: Mapped[int]
    present: Mapped[int]
    represented: Mapped[int]
    needed: Mapped[int]

    entries: Mapped[list[RollEntry]] = relationship(
        back_populates="roll",
        order_by="RollEntry.organisation_name",
        cascade="all, delete-orphan",
    )

    @property
    def quorate(self) -> bool:
        return self.present + self.represented >= self.needed


class RollEntry(Model):
    """One voting member on a frozen roll: how it attended, through whom, who holds its vote."""

    __tablename__ = "roll_entries"
    __table_args__ = (sa.UniqueConstraint("roll_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roll_id: Mapped[int] = mapped_column(sa.ForeignKey("rolls.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    organisation_name: Mapped[str] = mapped_column(sa.String(200))
    attendance: Mapped[Attendance] = mapped_column(enum_column(Attendance, "roll_attendance"))
    #: The person present for the member (its delegate, or its alternate in the delegate's
    #: absence), by name as it stood.
    attendee_name: Mapped[str | None] = mapped_column(sa.String(200))
    attendee_native_name: Mapped[str | None] = mapped_column(sa.String(200))
    #: The member holding this one's proxy (when represented).
    represented_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    represented_by_name: Mapped[str | None] = mapped_column(sa.String(200))

    roll: Mapped[Roll] = relationship(back_populates="entries")

    @property
    def vote_held_by_id(self) -> int | None:
        """Who casts this member's vote: itself in person, its proxy holder, or no one."""
        if self.attendance is Attendance.IN_PERSON:
            return self.organisation_id
        return self.represented_by_id
