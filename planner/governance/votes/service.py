"""Votes on agenda items: opened against the meeting's latest frozen roll, answered by show
of hands (the tellers' counts), roll-call (the secretary records each member's answer) or
electronically (each holder of a vote from their own secret link), then closed and counted.

Ballots race the close in the database, not in Python: a ballot inserts its Voter row only
while the vote is open (one conditional INSERT, atomic on SQLite as well), then takes the
vote's row lock, which sees a close committed in between, and adds to the counters; the
close is an UPDATE of that row, which waits for the ballot holding it. So a ballot is
either in before the close counts, or refused after it.

Secret ballots leave a Voter row (who) and increments of the vote's Tally counters (what),
nothing else: no NamedChoice, no log line, no time. Each ballot rewrites *every* counter of
the vote, not only those it chose, so on PostgreSQL the counters' transaction ids (``xmin``)
name only the latest ballot, whatever it chose; the close rewrites them all again in its own
transaction, after which no counter shares a transaction with any Voter row. (Dead row
versions stay on disk until VACUUM: reading those takes a superuser's page inspection.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from planner.caching import note_change
from planner.db import get_or_404, utcnow
from planner.errors import Conflict, Forbidden, Invalid, NotFound
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.governance.elections import service as elections
from planner.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    MajorityRule,
    NamedChoice,
    Roll,
    RollEntry,
    Tally,
    Vote,
    VoteMethod,
    VoteOutcome,
    Voter,
)
from planner.governance.proxies.service import lock_meeting
from planner.governance.quorum.live import voice, with_voices
from planner.governance.register import service as register
from planner.governance.votes import counting, queries
from planner.governance.votes.queries import COUNTED, open_vote_of
from planner.members.models import Body, BodySeat


def _rows(statement: sa.Executable) -> int:
    """How many rows a conditional write wrote (an INSERT's count is kept only when asked).
    Ballots and counters renew no data version (they are not cached); a caller that writes
    a vote's own row says so with ``note_change``."""
    statement = statement.execution_options(preserve_rowcount=True)
    return db.session.connection().execute(statement).rowcount


#: What an adopted vote on such an item becomes: a numbered decision of the register
#: (procedural votes, such as adopting the agenda or the minutes, are not decisions).
REGISTERED = frozenset(AgendaItemKind) - {AgendaItemKind.PROCEDURAL}


def latest_roll(event: Event) -> Roll | None:
    return db.session.scalar(
        sa.select(Roll).where(Roll.event_id == event.id).order_by(Roll.frozen_at.desc()).limit(1)
    )


def open_vote(event: Event, data: dict[str, Any], user_id: int | None) -> Vote:
    """Open a vote on one of the meeting's agenda items (``data`` as VoteOpenSchema loads
    it), one at a time per meeting, against its latest frozen roll, with the quorum then."""
    lock_meeting(event)
    item = db.session.get(AgendaItem, data["agenda_item_id"])
    if item is None or item.event_id != event.id:
        raise NotFound(
            _("no such agenda item at this meeting"),
            {"agenda_item_id": [_("not an agenda item of this meeting")]},
        )
    roll = latest_roll(event)
    if roll is None:
        raise Conflict(_("freeze the voter roll before opening a vote: a vote runs against it"))
    if open_vote_of(event.id) is not None:
        raise Conflict(_("another vote of this meeting is open: close it first"))
    method = data["method"]
    if data.get("secret") and method is not VoteMethod.ELECTRONIC:
        raise Invalid.field("secret", _("only an electronic vote can be secret"))
    override = (data.get("quorum_override") or "").strip() or None
    counted = roll.present + roll.represented
    if not roll.quorate and override is None:
        raise Invalid.field(
            "quorum_override",
            _(
                "no quorum: %(counted)s members present or represented, %(needed)s needed; "
                "give a reason to open the vote all the same",
                counted=counted,
                needed=roll.needed,
            ),
        )
    vote = Vote(
        event=event,
        agenda_item=item,
        roll_id=roll.id,
        question=data["question"],
        method=method,
        rule=data.get("rule", MajorityRule.SIMPLE),
        secret=bool(data.get("secret")),
        quorum_counted=counted,
        quorum_needed=roll.needed,
        quorum_override=None if roll.quorate else override,  # a reason only where it is one
        opened_at=utcnow(),
        opened_by_id=user_id,
    )
    choices = list(counting.ANSWERS)
    db.session.add(vote)
    if candidates := data.get("candidates"):
        if not data.get("seats") or not data.get("seat_role") or not data.get("seat_body_id"):
            raise Invalid.field(
                "seats", _("an election needs its number of seats, their role and their body")
            )
        body = get_or_404(Body, data["seat_body_id"], "body", field="seat_body_id")
        vote.seats, vote.seat_role, vote.seat_body = data["seats"], data["seat_role"], body
        if len({c["organisation_id"] for c in candidates}) != len(candidates):
            raise Invalid.field("candidates", _("a member stands once"))
        for candidate in candidates:
            try:
                elections.nominate(vote, candidate["organisation_id"], candidate.get("person_id"))
            except (Invalid, NotFound) as refused:  # said of the list the candidate is in
                raise type(refused)(refused.message, {"candidates": [refused.message]}) from None
    elif data.get("seats") or data.get("seat_role") or data.get("seat_body_id"):
        raise Invalid.field("candidates", _("an election needs its candidates"))
    db.session.flush()
    if vote.is_election:
        choices = [counting.BALLOTS, *(counting.candidate_choice(c.id) for c in vote.candidates)]
    # Every counter exists from the start: ballots only ever add to them.
    db.session.add_all(Tally(vote_id=vote.id, choice=choice, count=0) for choice in choices)
    return vote


def vote_of(event_id: int, vote_id: int) -> Vote:
    vote = db.session.get(Vote, vote_id)
    if vote is None or vote.event_id != event_id:
        raise NotFound(_("no such vote at this meeting"))
    return vote


def _still_open(vote: Vote, method: VoteMethod) -> None:
    if vote.method is not method:
        raise Conflict(_("this vote is taken by %(method)s", method=vote.method.value))
    if vote.closed_at is not None:
        raise _closed()


def _closed() -> Conflict:
    return Conflict(_("this vote is closed: no more ballots"))


def _is_open(vote_id: int) -> sa.ColumnElement[bool]:
    return sa.exists().where(Vote.id == vote_id, Vote.closed_at.is_(None))


def _lock_open(vote: Vote) -> None:
    """The vote's row lock, while it is open: the close waits for it. Ballots of one vote
    queue on it too, as they would on its counters, which each rewrites; taken first, it
    orders them (counters locked row by row in whatever order a scan finds them deadlock)."""
    locked = sa.select(Vote.closed_at).where(Vote.id == vote.id).with_for_update(key_share=True)
    if db.session.scalar(locked) is not None:
        raise _closed()


def record_counts(vote: Vote, counts: counting.Count) -> None:
    """The tellers' count of a show of hands (a recount replaces it until the close): never
    more hands than members present or represented on the roll."""
    _still_open(vote, VoteMethod.SHOW_OF_HANDS)
    if vote.is_election:
        raise Conflict(_("an election is not taken by show of hands"))
    if counts.ballots > vote.quorum_counted:
        message = _(
            "%(hands)s hands counted, but only %(members)s members are present or represented",
            hands=counts.ballots,
            members=vote.quorum_counted,
        )
        raise Invalid(message, {name: [message] for name in counting.ANSWERS})
    _lock_open(vote)
    figures = {counting.YES: counts.yes, counting.NO: counts.no, counting.ABSTAIN: counts.abstain}
    written = _rows(
        sa.update(Tally)
        .where(Tally.vote_id == vote.id, _is_open(vote.id))
        .values(count=sa.case(figures, value=Tally.choice, else_=Tally.count))
        .execution_options(synchronize_session=False)
    )
    if not written:
        raise _closed()


def choices_of(vote: Vote, choices: Sequence[str] | Sequence[int]) -> list[str]:
    """A ballot's choices as counters: one answer (yes, no, abstain) to a question; up to
    ``seats`` distinct candidates (by id) in an election, none being a blank ballot."""
    if not vote.is_election:
        if len(choices) != 1 or choices[0] not in counting.ANSWERS:
            raise Invalid.field("choice", _("answer yes, no or abstain"))
        return [str(choices[0])]
    assert vote.seats is not None
    ids = {c.id for c in vote.candidates}
    if len(choices) > vote.seats:
        raise Invalid.field(
            "candidate_ids",
            _("at most %(seats)s choices: there are %(seats)s seats", seats=vote.seats),
        )
    if len(set(choices)) != len(choices) or any(
        not isinstance(c, int) or c not in ids for c in choices
    ):
        raise Invalid.field("candidate_ids", _("choose distinct candidates of this election"))
    return [counting.BALLOTS, *(counting.candidate_choice(int(c)) for c in choices)]


def _voter_insert(dialect: Any) -> sa.Insert:
    """The member's mark as having voted: only while the vote is open, and only once (a
    second ballot's INSERT writes nothing)."""
    vote_id = sa.bindparam("ballot_vote_id", type_=sa.Integer)
    return (
        dialect.insert(Voter)
        .from_select(
            ["vote_id", "organisation_id"],
            sa.select(vote_id, sa.bindparam("ballot_organisation_id", type_=sa.Integer)).where(
                sa.exists().where(Vote.id == vote_id, Vote.closed_at.is_(None))
            ),
        )
        .on_conflict_do_nothing()
        .execution_options(preserve_rowcount=True)
    )


def _counters_update() -> sa.Update:
    """One statement: the vote's lock (taken first, by the subquery, so ballots queue on it
    rather than on the counters row by row), then every counter, the ``picks`` adding one. A
    close that committed since the Voter INSERT read the vote open leaves the subquery empty
    and no counter written: the ballot is refused and its Voter row goes with the rollback."""
    still_open = (
        sa.select(Vote.id)
        .where(Vote.id == sa.bindparam("ballot_vote_id"), Vote.closed_at.is_(None))
        .with_for_update(key_share=True)
        .scalar_subquery()
    )
    picked = Tally.choice.in_(sa.bindparam("picks", expanding=True))
    return (
        sa.update(Tally)
        .where(Tally.vote_id == still_open)
        .values(count=Tally.count + sa.case((picked, 1), else_=0))
    )


# Built once: 130 members cast their ballots within the same minute.
_VOTER_INSERTS = {"sqlite": _voter_insert(sqlite), "postgresql": _voter_insert(postgresql)}
_COUNT = _counters_update()
_NAMED_CHOICE = sa.insert(NamedChoice)


def _record_ballot(
    vote: Vote, organisation_id: int, picks: list[str], cast_by_id: int | None
) -> None:
    """One member's ballot, once, while the vote is open (see the module's docstring). The
    vote's lock is taken last, just before the counters: ballots of a vote queue only for
    the counters and the commit, not for the rest of their work."""
    connection = db.session.connection()
    voter = {"ballot_vote_id": vote.id, "ballot_organisation_id": organisation_id}
    if not connection.execute(_VOTER_INSERTS[connection.dialect.name], voter).rowcount:
        if db.session.scalar(sa.select(Vote.closed_at).where(Vote.id == vote.id)):
            raise _closed()
        raise Conflict(_("this member's ballot is already in: one ballot per member"))
    if not vote.secret:
        named = [p for p in picks if p != counting.BALLOTS] or [counting.ABSTAIN]
        connection.execute(
            _NAMED_CHOICE,
            [{"vote_id": vote.id, "organisation_id": organisation_id, "choice": choice,
              "cast_by_id": cast_by_id, "recorded_at": utcnow()} for choice in named],
        )  # fmt: skip
    if not connection.execute(_COUNT, {"ballot_vote_id": vote.id, "picks": picks}).rowcount:
        raise _closed()


def record_answer(vote: Vote, organisation_id: int, choices: Sequence[str] | Sequence[int]) -> None:
    """The secretary records a member's answer at its call (the member itself, or its proxy
    holder for it): members absent from the roll are not called."""
    _still_open(vote, VoteMethod.ROLL_CALL)
    picks = choices_of(vote, choices)
    called = db.session.scalar(
        sa.select(RollEntry.id).where(
            RollEntry.roll_id == vote.roll_id,
            RollEntry.organisation_id == organisation_id,
            RollEntry.attendance.in_(COUNTED),
        )
    )
    if called is None:
        raise Invalid.field(
            "organisation_id", _("not called: this member is neither present nor represented")
        )
    _record_ballot(vote, organisation_id, picks, None)


def _held_query() -> sa.Select:
    """The roll's entries of the member ``own`` and of those it represents by proxy, with
    who speaks for each in the room now."""
    own = sa.bindparam("own", type_=sa.Integer)
    return with_voices(
        sa.select(RollEntry.organisation_id, RollEntry.organisation_name),
        sa.bindparam("event_id", type_=sa.Integer),
        RollEntry.organisation_id,
    ).where(
        RollEntry.roll_id == sa.bindparam("roll_id"),
        RollEntry.attendance.in_(COUNTED),
        sa.or_(
            RollEntry.organisation_id == own,
            sa.and_(
                RollEntry.attendance == Attendance.REPRESENTED, RollEntry.represented_by_id == own
            ),
        ),
    )


_HELD = _held_query()


def held_by(participation: Participation, vote: Vote) -> dict[int, str]:
    """The members whose ballot this participant may cast now, by id, with their names: its
    own member, if the participant speaks for it in the room (its delegate with approved
    credentials, or its alternate in the delegate's absence), and the members on the roll
    that it represents by proxy and that have not arrived in person since. One statement."""
    own = participation.delegate.organisation_id
    entries = db.session.execute(
        _HELD, {"own": own, "event_id": vote.event_id, "roll_id": vote.roll_id}
    ).tuples()
    names, voices = {}, {}
    for organisation_id, name, d_id, d_in, d_out, a_id, a_in, a_out in entries:
        names[organisation_id] = name
        voices[organisation_id] = voice(d_id, d_in, d_out, a_id, a_in, a_out)
    if voices.get(own) != participation.id:
        return {}
    return {
        organisation_id: name
        for organisation_id, name in names.items()
        if organisation_id == own or voices[organisation_id] is None
    }


def cast(
    participation: Participation, vote: Vote, organisation_id: int, choices: Sequence[Any]
) -> None:
    """An electronic ballot from a delegate's own link, for a member they hold."""
    _still_open(vote, VoteMethod.ELECTRONIC)
    picks = choices_of(vote, choices)
    held = held_by(participation, vote)
    if organisation_id not in held:
        raise _not_held(participation, vote, organisation_id, bool(held))
    _record_ballot(vote, organisation_id, picks, participation.id)


def _not_held(participation: Participation, vote: Vote, organisation_id: int, holds: bool):
    """Why this participant may not cast that member's ballot (the refusal path only)."""
    if not holds:
        return Forbidden(
            _("you hold no vote now: only a member's accredited delegate in the room votes"),
            {"organisation_id": [_("not a vote you hold")]},
        )
    proxy = db.session.scalar(
        sa.select(RollEntry.id).where(
            RollEntry.roll_id == vote.roll_id,
            RollEntry.organisation_id == organisation_id,
            RollEntry.attendance == Attendance.REPRESENTED,
            RollEntry.represented_by_id == participation.delegate.organisation_id,
        )
    )
    if proxy is not None:
        return Conflict(
            _("the member you represented has arrived in person: its own delegate votes now"),
            {"organisation_id": [_("no longer represented by you")]},
        )
    return Forbidden(
        _("you do not hold this member's vote"), {"organisation_id": [_("not a vote you hold")]}
    )


def close(vote: Vote) -> Vote:
    """Close the vote and count it: no ballot is taken after this. Four statements."""
    now = utcnow()
    closed = _rows(
        sa.update(Vote)
        .where(Vote.id == vote.id, Vote.closed_at.is_(None))
        .values(closed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not closed:
        raise Conflict(_("this vote is already closed"))
    note_change(db.session())
    # Every counter rewritten in this transaction (see the module's docstring).
    counts = dict(
        db.session.execute(
            sa.update(Tally)
            .where(Tally.vote_id == vote.id)
            .values(count=Tally.count)
            .returning(Tally.choice, Tally.count)
            .execution_options(synchronize_session=False)
        )
        .tuples()
        .all()
    )
    outcome = result(vote, counts).outcome
    db.session.execute(
        sa.update(Vote)
        .where(Vote.id == vote.id)
        .values(outcome=outcome)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(vote, ["closed_at", "outcome", "updated_at"])
    if outcome is VoteOutcome.ADOPTED and vote.agenda_item.kind in REGISTERED:
        register.record(vote)  # numbered in this transaction: a failed close takes no number
    return vote


def confirm(vote: Vote) -> list[BodySeat]:
    """The closed election's elected members take their seats from the day it closed (the
    meeting's local date)."""
    if vote.closed_at is None or not vote.is_election:
        raise Conflict(_("only a closed election can be confirmed"))
    [view] = described([vote])
    members = {candidate.id: candidate.organisation_id for candidate in vote.candidates}
    elected = [members[candidate_id] for candidate_id in view.elected]
    return elections.confirm(vote, elected, vote.closed_at.astimezone(vote.event.zone).date())


def result(vote: Vote, counts: dict[str, int]) -> counting.ElectionResult | counting.QuestionResult:
    """The outcome these counters give, by the vote's rule (or as an election)."""
    override = vote.quorum_override is not None
    if vote.is_election:
        assert vote.seats is not None
        order = [c.id for c in vote.candidates]
        votes = {c: counts.get(counting.candidate_choice(c), 0) for c in order}
        return counting.election(
            votes, vote.seats, counts.get(counting.BALLOTS, 0), vote.quorum_needed, override, order
        )
    count = counting.Count.of(counts)
    entitled = vote.roll.entitled
    outcome = counting.outcome(vote.rule, count, entitled, vote.quorum_needed, override)
    return counting.QuestionResult(outcome, count)


@dataclass(frozen=True)
class VoteView:
    """A vote as pages and the API show it: ``ballots`` received out of ``entitled`` (the
    members present or represented at opening) and, once closed (or where the room sees
    them anyway: hands, a roll-call), the counts; an election's result once closed."""

    vote: Vote
    ballots: int
    counts: dict[str, int] | None
    elected: list[int]
    tied: list[int]

    @property
    def entitled(self) -> int:
        return self.vote.quorum_counted

    def __getattr__(self, name: str) -> Any:
        return getattr(self.vote, name)


def described(votes: Sequence[Vote]) -> list[VoteView]:
    """Each vote with its figures, in two statements for all of them."""
    ids = [vote.id for vote in votes]
    counters, received = queries.tallies(ids), queries.ballots_received(ids)
    views = []
    for vote in votes:
        counts = counters.get(vote.id, {})
        if vote.method is VoteMethod.SHOW_OF_HANDS:
            ballots = counting.Count.of(counts).ballots
        else:
            ballots = received.get(vote.id, 0)
        shown = vote.closed_at is not None or vote.method is not VoteMethod.ELECTRONIC
        elected: list[int] = []
        tied: list[int] = []
        if vote.closed_at is not None and vote.is_election:
            outcome = result(vote, counts)
            assert isinstance(outcome, counting.ElectionResult)
            elected, tied = outcome.elected, outcome.tied
        views.append(VoteView(vote, ballots, counts if shown else None, elected, tied))
    return views


def ballots_of(participation: Participation) -> dict[str, Any]:
    """What a delegate's ballot page shows: the meeting's open electronic vote (one at most)
    and the members whose ballot they may cast in it now, each with whether it is in."""
    vote = open_vote_of(participation.event_id)
    if vote is None or vote.method is not VoteMethod.ELECTRONIC:
        return {"event_id": participation.event_id, "votes": []}
    held = held_by(participation, vote)
    voted = set(
        db.session.scalars(
            sa.select(Voter.organisation_id).where(
                Voter.vote_id == vote.id, Voter.organisation_id.in_(held)
            )
        )
    )
    members = [
        {"organisation_id": organisation_id, "name": name, "voted": organisation_id in voted}
        for organisation_id, name in sorted(held.items(), key=lambda pair: pair[1])
    ]
    shown = {"id": vote.id, "question": vote.question, "secret": vote.secret,
             "seats": vote.seats, "candidates": vote.candidates, "members": members}  # fmt: skip
    return {"event_id": participation.event_id, "votes": [shown]}
