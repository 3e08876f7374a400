"""Tables of an Assembly. Its door: who speaks for each member (credentials), who votes for an
absent one (proxies), who came and went (door scans), and the frozen voter rolls. Its
decisions: the agenda, votes and elections with their ballots, the decisions register and
the minutes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.caching import not_cached
from planner.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from planner.events.models import Event, Participation
from planner.extensions import Model
from planner.members.models import Body, Organisation, SeatRole
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


class AgendaItemKind(enum.StrEnum):
    PROCEDURAL = "procedural"
    REPORT = "report"
    BUDGET = "budget"
    RESOLUTION = "resolution"
    ELECTION = "election"
    ADMISSION = "admission"
    OTHER = "other"


class AgendaItem(TimestampMixin, Model):
    """A numbered item of a meeting's agenda, or a sub-item of one (one level only): its number
    ("3", "3.2") follows from ``position`` among its siblings. ``minutes_text`` is what the
    secretariat writes of it for the minutes."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str | None] = mapped_column(sa.Text)
    kind: Mapped[AgendaItemKind] = mapped_column(
        enum_column(AgendaItemKind, "agenda_item_kind"), default=AgendaItemKind.OTHER
    )
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL")
    )
    minutes_text: Mapped[str | None] = mapped_column(sa.Text)

    event: Mapped[Event] = relationship()
    parent: Mapped[AgendaItem | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[AgendaItem]] = relationship(
        back_populates="parent", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class VoteMethod(enum.StrEnum):
    SHOW_OF_HANDS = "show-of-hands"  # the tellers enter the counts
    ROLL_CALL = "roll-call"  # the secretary records each member's answer
    ELECTRONIC = "electronic"  # each holder of a vote answers from their own link


class MajorityRule(enum.StrEnum):
    SIMPLE = "simple"  # more yes than no among the votes cast (abstentions not counted)
    ABSOLUTE = "absolute"  # yes from more than half of the voting members on the roll
    TWO_THIRDS = "two-thirds"  # yes from at least two thirds of the votes cast


class VoteOutcome(enum.StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no-quorum"
    ELECTED = "elected"  # an election whose seats are all filled without a tie
    TIE = "tie"  # an election whose last seats are tied: reported, never broken silently


class Vote(TimestampMixin, Model):
    """A question put to the voting members on an agenda item, against the roll frozen before
    it opened (``roll_id``). An election (``seats`` set) chooses up to ``seats`` candidates for
    ``seat_role`` seats of ``seat_body_id``. The quorum at opening is copied in; opening without it
    needs ``quorum_override`` (the organiser's reason). ``outcome`` is set when it closes."""

    __tablename__ = "votes"
    __table_args__ = (
        sa.CheckConstraint("closed_at IS NULL OR closed_at >= opened_at", name="closes_after"),
        sa.CheckConstraint(
            "(seats IS NULL) = (seat_role IS NULL) AND (seats IS NULL) = (seat_body_id IS NULL)"
            " AND (seats IS NULL OR seats > 0)",
            name="election_has_seats",
        ),
        sa.CheckConstraint("secret = false OR method = 'electronic'", name="secret_electronic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    roll_id: Mapped[int] = mapped_column(sa.ForeignKey("rolls.id"))
    question: Mapped[str] = mapped_column(sa.String(500))
    method: Mapped[VoteMethod] = mapped_column(enum_column(VoteMethod, "vote_method"))
    rule: Mapped[MajorityRule] = mapped_column(enum_column(MajorityRule, "majority_rule"))
    secret: Mapped[bool] = mapped_column(default=False)
    seats: Mapped[int | None]
    seat_role: Mapped[SeatRole | None] = mapped_column(enum_column(SeatRole, "election_role"))
    #: The body whose seats an election fills (the Assembly elects the Executive Committee).
    seat_body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"))
    #: The quorum when it opened: members present or represented, and the number needed.
    quorum_counted: Mapped[int]
    quorum_needed: Mapped[int]
    quorum_override: Mapped[str | None] = mapped_column(sa.String(500))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[VoteOutcome | None] = mapped_column(enum_column(VoteOutcome, "vote_outcome"))
    #: An election's result made the body's seats (through the seats service), once.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship()
    roll: Mapped[Roll] = relationship()
    seat_body: Mapped[Body | None] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="vote", order_by="Candidate.position", cascade="all, delete-orphan"
    )

    @property
    def is_election(self) -> bool:
        return self.seats is not None


class Candidate(Model):
    """A member organisation standing in an election, with the person it puts forward."""

    __tablename__ = "candidates"
    __table_args__ = (sa.UniqueConstraint("vote_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegates.id", ondelete="SET NULL")
    )
    position: Mapped[int]

    vote: Mapped[Vote] = relationship(back_populates="candidates")
    organisation: Mapped[Organisation] = relationship()


@not_cached
class Voter(Model):
    """That a member's ballot is in (one per member and vote: the key refuses a second). No
    id, no time, no order of its own: in a secret vote nothing here joins it to the tally.
    Ballots renew no data version (the answers that show them are never cached), so a vote
    in progress leaves every feed and cached answer valid."""

    __tablename__ = "vote_voters"

    vote_id: Mapped[int] = mapped_column(
        sa.ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), primary_key=True
    )


@not_cached
class Tally(Model):
    """How many ballots chose ``choice`` in a vote: ``yes``, ``no``, ``abstain``, or a
    candidate (``candidate:<id>``); an election also counts its ballots under ``ballots``.
    Ballots add to these counters and leave no row of their own, which is what keeps a secret
    vote secret."""

    __tablename__ = "vote_tallies"

    vote_id: Mapped[int] = mapped_column(
        sa.ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    choice: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


@not_cached
class NamedChoice(Model):
    """What a member chose in a vote that is not secret (a roll-call, a named electronic
    vote), for the record and the minutes: one row per choice (an election's ballot may hold
    several), with who cast it and when."""

    __tablename__ = "vote_choices"
    __table_args__ = (sa.UniqueConstraint("vote_id", "organisation_id", "choice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    choice: Mapped[str] = mapped_column(sa.String(30))
    #: The participant who cast it (the member's delegate, alternate or proxy holder's), or
    #: empty when the secretary recorded a roll-call answer.
    cast_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Decision(Model):
    """A resolution the meeting adopted, numbered per body and year without gaps
    (``GA/2027/04``), with its text and the vote that adopted it."""

    __tablename__ = "decisions"
    __table_args__ = (sa.UniqueConstraint("prefix", "year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id"), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(10))  # the body's: GA, EC, SC
    year: Mapped[int]
    sequence: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    vote: Mapped[Vote] = relationship()

    @property
    def number(self) -> str:
        return f"{self.prefix}/{self.year}/{self.sequence:02d}"


class Minutes(TimestampMixin, Model):
    """The minutes of a meeting: a draft (built from the record, with each agenda item's
    ``minutes_text``) until a later meeting approves them by a vote; then frozen at
    ``version`` with that meeting's reference, and further edits are refused."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    summary: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=0)  # 0: a draft
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_vote_id: Mapped[int | None] = mapped_column(sa.ForeignKey("votes.id"))

    event: Mapped[Event] = relationship()
    approved_by_vote: Mapped[Vote | None] = relationship()
