"""The majority rules and an election's count, table by table, with their edge cases."""

from __future__ import annotations

import pytest

from planner.governance.models import MajorityRule, VoteOutcome
from planner.governance.votes.counting import Count, election, outcome

SIMPLE, ABSOLUTE, TWO_THIRDS = MajorityRule.SIMPLE, MajorityRule.ABSOLUTE, MajorityRule.TWO_THIRDS
ADOPTED, REJECTED, NO_QUORUM = VoteOutcome.ADOPTED, VoteOutcome.REJECTED, VoteOutcome.NO_QUORUM


@pytest.mark.parametrize(
    ("rule", "yes", "no", "abstain", "on_roll", "expected"),
    [
        # simple majority of the votes cast; abstentions are not counted
        (SIMPLE, 5, 4, 0, 20, ADOPTED),
        (SIMPLE, 5, 5, 0, 20, REJECTED),  # a tie does not carry
        (SIMPLE, 3, 2, 9, 20, ADOPTED),  # abstentions outnumber both: still adopted
        (SIMPLE, 0, 0, 14, 20, REJECTED),  # all abstain
        (SIMPLE, 1, 0, 13, 20, ADOPTED),
        # absolute majority of the voting members on the roll, absent ones included
        (ABSOLUTE, 10, 0, 4, 20, REJECTED),  # half of 20 is not more than half
        (ABSOLUTE, 11, 3, 0, 20, ADOPTED),
        (ABSOLUTE, 8, 0, 0, 15, ADOPTED),  # 8 of 15 > 7.5
        (ABSOLUTE, 7, 0, 7, 15, REJECTED),  # a simple majority, but absentees count against
        (ABSOLUTE, 0, 0, 14, 20, REJECTED),  # all abstain
        # two thirds of the votes cast
        (TWO_THIRDS, 10, 5, 0, 20, ADOPTED),  # exactly two thirds carries
        (TWO_THIRDS, 9, 5, 0, 20, REJECTED),  # just under
        (TWO_THIRDS, 8, 4, 6, 20, ADOPTED),  # abstentions do not count: 8 of 12
        (TWO_THIRDS, 0, 0, 14, 20, REJECTED),  # all abstain: no vote cast
        (TWO_THIRDS, 1, 0, 13, 20, ADOPTED),
        (TWO_THIRDS, 7, 7, 0, 20, REJECTED),  # a tie
    ],
)
def test_majority_rules(rule, yes, no, abstain, on_roll, expected):
    assert outcome(rule, Count(yes, no, abstain), on_roll, 0, override=False) is expected


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "needed", "override", "expected"),
    [
        (5, 4, 1, 11, False, NO_QUORUM),  # 10 members took part, 11 needed
        (5, 4, 2, 11, False, ADOPTED),  # abstaining is taking part
        (5, 4, 1, 11, True, ADOPTED),  # opened with the organiser's override
        (0, 0, 0, 1, False, NO_QUORUM),  # no ballot at all
    ],
)
def test_a_vote_with_too_few_taking_part_has_no_quorum(
    yes, no, abstain, needed, override, expected
):
    assert outcome(SIMPLE, Count(yes, no, abstain), 20, needed, override) is expected


@pytest.mark.parametrize(
    ("votes", "seats", "expected", "elected", "tied"),
    [
        ({1: 9, 2: 7, 3: 4}, 2, VoteOutcome.ELECTED, [1, 2], []),
        ({1: 9, 2: 7, 3: 7}, 2, VoteOutcome.TIE, [1], [2, 3]),  # a tie at the cut
        ({1: 7, 2: 7, 3: 7}, 2, VoteOutcome.TIE, [], [1, 2, 3]),  # all tied
        ({1: 9, 2: 7, 3: 7, 4: 1}, 3, VoteOutcome.ELECTED, [1, 2, 3], []),  # tie above the cut
        ({1: 5, 2: 0, 3: 0}, 2, VoteOutcome.ELECTED, [1], []),  # no vote, no seat
        ({1: 3, 2: 3}, 2, VoteOutcome.ELECTED, [1, 2], []),  # tied but both fit
        ({1: 0, 2: 0}, 1, VoteOutcome.ELECTED, [], []),  # blank ballots only
        ({1: 4, 2: 6, 3: 6, 4: 6}, 1, VoteOutcome.TIE, [], [2, 3, 4]),
    ],
)
def test_elections_fill_the_top_seats_and_report_ties(votes, seats, expected, elected, tied):
    result = election(votes, seats, ballots=10, quorum_needed=10, override=False)
    assert (result.outcome, result.elected, result.tied) == (expected, elected, tied)
    assert [n for _c, n in result.votes] == sorted(votes.values(), reverse=True)


def test_an_election_with_too_few_ballots_has_no_quorum():
    result = election({1: 5, 2: 3}, 1, ballots=6, quorum_needed=7, override=False)
    assert (result.outcome, result.elected, result.tied) == (NO_QUORUM, [], [])
    assert election({1: 5}, 1, ballots=6, quorum_needed=7, override=True).elected == [1]


def test_two_thirds_is_exact_for_every_size():
    """No rounding: yes * 3 >= cast * 2, for every split of up to 60 votes."""
    for cast in range(1, 61):
        for yes in range(cast + 1):
            carried = outcome(TWO_THIRDS, Count(yes, cast - yes), 100, 0, False) is ADOPTED
            assert carried == (yes / cast >= 2 / 3 - 1e-12), (yes, cast)
