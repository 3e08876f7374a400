"""The words of a vote in the reader's language: how it is taken, the rule it is counted by
and what it came to. The API gives the values; the pages and the minutes' PDF these words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.governance.models import MajorityRule, VoteMethod, VoteOutcome

_METHODS = {
    VoteMethod.SHOW_OF_HANDS: _l("show of hands"),
    VoteMethod.ROLL_CALL: _l("roll-call"),
    VoteMethod.ELECTRONIC: _l("electronic ballot"),
}
#: As the chair reads the rule out.
_RULES = {
    MajorityRule.SIMPLE: _l(
        "Simple majority: more yes than no among the votes cast (abstentions not counted)"
    ),
    MajorityRule.ABSOLUTE: _l(
        "Absolute majority: yes from more than half of the voting members on the roll"
    ),
    MajorityRule.TWO_THIRDS: _l("Two thirds: yes from at least two thirds of the votes cast"),
}
_OUTCOMES = {
    VoteOutcome.ADOPTED: _l("adopted"),
    VoteOutcome.REJECTED: _l("rejected"),
    VoteOutcome.NO_QUORUM: _l("no quorum"),
    VoteOutcome.ELECTED: _l("elected"),
    VoteOutcome.TIE: _l("tie"),
}


def vote_method_label(method: VoteMethod | str) -> str:
    return str(_METHODS[VoteMethod(method)])


def majority_rule_label(rule: MajorityRule | str) -> str:
    return str(_RULES[MajorityRule(rule)])


def vote_outcome_label(outcome: VoteOutcome | str | None) -> str:
    """What the vote came to; None: it is still open."""
    return str(_OUTCOMES[VoteOutcome(outcome)]) if outcome is not None else str(_l("open"))
