"""Tables of visa invitation letters: one row per application of a participant, and one
counter per year that numbers the letters issued."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import TimestampMixin, UTCDateTime, enum_column
from planner.events.models import Participation
from planner.extensions import Model
from planner.links import SecretLinked

#: What a letter's verification link opens (part of what its token is derived from).
VISA_LETTER_CHECK = "visa-letter-check"
#: Fields that are passport data: shown to organisers only, and erased after the meeting.
PASSPORT_FIELDS = (
    "passport_name",
    "nationality",
    "passport_number",
    "passport_expires_on",
    "born_on",
)


class VisaLetterState(enum.StrEnum):
    SUBMITTED = "submitted"  # the delegate gave their data; the organisers decide
    CORRECTION = "correction"  # the organisers asked for a correction (``correction_message``)
    APPROVED = "approved"  # issued: numbered, downloadable, verifiable
    REVOKED = "revoked"  # issued, then withdrawn: its verification page says so


class VisaLetter(SecretLinked, TimestampMixin, Model):
    """A participant's application for a visa invitation letter and, once approved, the
    letter itself. An issued letter is an immutable record: its number and data never change
    (revoking it only marks it), and a new application after a revocation is a new row that
    points to the letter it replaces."""

    __tablename__ = "visa_letters"
    __table_args__ = (
        sa.UniqueConstraint("year", "sequence"),
        sa.CheckConstraint(
            "(state IN ('approved', 'revoked')) = (sequence IS NOT NULL)", name="issued_numbered"
        ),
        sa.CheckConstraint(
            "state != 'correction' OR length(correction_message) > 0", name="correction_says_why"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    replaces_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("visa_letters.id", ondelete="SET NULL")
    )
    state: Mapped[VisaLetterState] = mapped_column(
        enum_column(VisaLetterState, "visa_letter_state"), default=VisaLetterState.SUBMITTED
    )
    # Passport data (PASSPORT_FIELDS): None once erased (``erased_at``).
    passport_name: Mapped[str | None] = mapped_column(sa.String(200))
    nationality: Mapped[str | None] = mapped_column(sa.String(2))
    passport_number: Mapped[str | None] = mapped_column(sa.String(20))
    passport_expires_on: Mapped[date | None]
    born_on: Mapped[date | None]
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The embassy or consulate the letter is addressed to, and whether it asks for Korean.
    consulate: Mapped[str] = mapped_column(sa.String(300))
    in_korean: Mapped[bool] = mapped_column(default=False)
    correction_message: Mapped[str | None] = mapped_column(sa.String(1000))
    # The number, VL-<year>-<sequence>: given in the transaction that approves.
    year: Mapped[int | None]
    sequence: Mapped[int | None]
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    revocation_reason: Mapped[str | None] = mapped_column(sa.String(500))
    # The verification link printed as the letter's QR code (planner.links): only its hash.
    check_nonce: Mapped[str] = mapped_column(sa.String(32))
    check_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    participation: Mapped[Participation] = relationship()
    replaces: Mapped[VisaLetter | None] = relationship(remote_side=[id])

    LINK_PURPOSE = VISA_LETTER_CHECK
    LINK_NONCE_COLUMN = "check_nonce"
    LINK_HASH_COLUMN = "check_token_hash"
    check_token = SecretLinked.secret_token

    @property
    def number(self) -> str | None:
        """``VL-2027-0042``, once issued."""
        if self.sequence is None:
            return None
        return f"VL-{self.year}-{self.sequence:04d}"

    @property
    def issued(self) -> bool:
        return self.sequence is not None


class VisaLetterCounter(Model):
    """The last number given in a year. Approving a letter raises it in the same transaction:
    a failed approval rolls the number back with it (no gaps), and on PostgreSQL the row lock
    of the UPDATE makes concurrent approvals take their numbers one after the other."""

    __tablename__ = "visa_letter_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
