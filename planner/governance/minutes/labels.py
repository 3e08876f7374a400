"""The words of the minutes in the reader's language: how a vote was taken, the rule it was
counted by and what it came to. The API gives the values; the page and the PDF these words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.governance.models import MajorityRule, VoteMethod, VoteOutcome

_METHODS = {
    VoteMethod.SHOW_OF_HANDS: _l("show of hands"),
    VoteMethod.ROLL_CALL: _l("roll-call"),
    VoteMethod.ELECTRONIC: _l("electronic vote"),
}
_RULES = {
    MajorityRule.SIMPLE: _l("simple majority of the votes cast"),
    MajorityRule.ABSOLUTE: _l("absolute majority of the voting members"),
    MajorityRule.TWO_THIRDS: _l("two thirds of the votes cast"),
}
_OUTCOMES = {
    VoteOutcome.ADOPTED: _l("adopted"),
    VoteOutcome.REJECTED: _l("rejected"),
    VoteOutcome.NO_QUORUM: _l("no quorum"),
    VoteOutcome.ELECTED: _l("elected"),
    VoteOutcome.TIE: _l("tie: not settled"),
}


def method_label(method: VoteMethod) -> str:
    return str(_METHODS[method])


def rule_label(rule: MajorityRule) -> str:
    return str(_RULES[rule])


def outcome_label(outcome: VoteOutcome | None) -> str:
    """What the vote came to; None: it is still open."""
    return str(_OUTCOMES[outcome]) if outcome is not None else str(_l("open"))
