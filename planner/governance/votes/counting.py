"""The majority rules and the count of an election, as pure functions of the figures.

Participation: a vote whose ballots (abstentions included: abstaining is taking part) come
from fewer members than the quorum needed at opening has *no quorum*, whatever the yes and no,
unless the organiser opened it with a recorded override (their reason covers the vote). The
service refuses to open a vote without quorum and without an override, so ``NO_QUORUM`` is
what a vote gets when too few of the members in the room take part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.governance.models import MajorityRule, VoteOutcome

YES, NO, ABSTAIN = "yes", "no", "abstain"
ANSWERS = (YES, NO, ABSTAIN)
#: An election's tally of ballots (each may choose up to N candidates, or none).
BALLOTS = "ballots"
CANDIDATE_PREFIX = "candidate:"


def candidate_choice(candidate_id: int) -> str:
    return f"{CANDIDATE_PREFIX}{candidate_id}"


@dataclass(frozen=True)
class Count:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        """Votes cast: abstentions are not votes."""
        return self.yes + self.no

    @property
    def ballots(self) -> int:
        return self.cast + self.abstain

    @classmethod
    def of(cls, tallies: Mapping[str, int]) -> Count:
        return cls(tallies.get(YES, 0), tallies.get(NO, 0), tallies.get(ABSTAIN, 0))


def adopted(rule: MajorityRule, count: Count, members_on_roll: int) -> bool:
    """Whether the question carries under ``rule``.

    simple: more yes than no (a tie, or nothing but abstentions, does not carry);
    absolute: yes from more than half of the voting members on the roll, absent ones included;
    two thirds: yes from at least two thirds of the votes cast (exactly two thirds carries),
    and at least one vote cast.
    """
    if rule is MajorityRule.SIMPLE:
        return count.yes > count.no
    if rule is MajorityRule.ABSOLUTE:
        return 2 * count.yes > members_on_roll
    return count.cast > 0 and 3 * count.yes >= 2 * count.cast


def quorate(ballots: int, quorum_needed: int, override: bool) -> bool:
    return override or ballots >= quorum_needed


def outcome(
    rule: MajorityRule, count: Count, members_on_roll: int, quorum_needed: int, override: bool
) -> VoteOutcome:
    if not quorate(count.ballots, quorum_needed, override):
        return VoteOutcome.NO_QUORUM
    adopted_ = adopted(rule, count, members_on_roll)
    return VoteOutcome.ADOPTED if adopted_ else VoteOutcome.REJECTED


@dataclass(frozen=True)
class QuestionResult:
    outcome: VoteOutcome
    count: Count


@dataclass(frozen=True)
class ElectionResult:
    """``elected``: candidates sure of a seat; ``tied``: those sharing the votes at the cut
    for the remaining seats (reported as a TIE for the meeting to settle, never broken here).
    ``votes``: each candidate's votes, most first (ties in the candidates' order)."""

    outcome: VoteOutcome
    elected: list[int]
    tied: list[int] = field(default_factory=list)
    votes: list[tuple[int, int]] = field(default_factory=list)


def election(
    votes: Mapping[int, int],
    seats: int,
    ballots: int,
    quorum_needed: int,
    override: bool,
    order: list[int] | None = None,
) -> ElectionResult:
    """The top ``seats`` candidates by votes. A candidate needs at least one vote; when the
    last seats' votes are shared by more candidates than seats remain, those are TIED and
    no one among them is elected. ``order``: candidates in ballot order (for a stable list)."""
    order = order if order is not None else sorted(votes)
    ranked = sorted(((c, votes.get(c, 0)) for c in order), key=lambda pair: -pair[1])
    if not quorate(ballots, quorum_needed, override):
        return ElectionResult(VoteOutcome.NO_QUORUM, [], [], ranked)
    with_votes = [(c, n) for c, n in ranked if n > 0]
    if len(with_votes) <= seats:
        return ElectionResult(VoteOutcome.ELECTED, [c for c, _n in with_votes], [], ranked)
    cut = with_votes[seats - 1][1]
    above = [c for c, n in with_votes if n > cut]
    at_cut = [c for c, n in with_votes if n == cut]
    if len(above) + len(at_cut) == seats:
        return ElectionResult(VoteOutcome.ELECTED, above + at_cut, [], ranked)
    return ElectionResult(VoteOutcome.TIE, above, at_cut, ranked)
