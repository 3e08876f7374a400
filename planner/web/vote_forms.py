"""The forms of the votes pages (Flask-WTF, each with its CSRF token): opening a vote, the
tellers' count, and one member's answer (the secretary's roll-call, a delegate's ballot)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from planner.governance.models import MajorityRule, VoteMethod
from planner.governance.votes.counting import ANSWERS
from planner.members.models import SeatRole
from planner.validation import is_blank, line_problem
from planner.web.labels import majority_rule_label, seat_role_label, vote_method_label


def _id(value: object) -> int | None:
    return int(str(value)) if value not in ("", None) else None


def _line(form: FlaskForm, field) -> None:
    """One line of at most 500 characters, as the votes' API takes it."""
    if field.data and (problem := line_problem(field.data, 500)):
        raise ValidationError(problem)


def _shown(form: FlaskForm, field) -> None:
    if is_blank(field.data or ""):
        raise ValidationError(_l("Write the question."))


class OpenVoteForm(FlaskForm):
    """The agenda item's choices are the meeting's items (set by the page); the quorum
    override is asked for only when the latest roll is not quorate."""

    agenda_item_id = SelectField(
        _l("Agenda item"),
        coerce=_id,
        validate_choice=False,  # the votes service says when an item is not this meeting's
        validators=[InputRequired(_l("Choose the agenda item the vote is on."))],
    )
    question = StringField(
        _l("Question put to the vote"),
        validators=[InputRequired(_l("Write the question.")), _shown, _line],
    )
    method = RadioField(
        _l("Method"),
        choices=[SelectChoice(m.value, m.value) for m in VoteMethod],
        validators=[InputRequired(_l("Choose how the vote is taken."))],
    )
    rule = RadioField(
        _l("Majority rule"),
        choices=[SelectChoice(r.value, r.value) for r in MajorityRule],
        default=MajorityRule.SIMPLE.value,
        validators=[InputRequired(_l("Choose the majority rule."))],
    )
    secret = BooleanField(_l("Secret ballot (electronic votes only)"))
    quorum_override = StringField(
        _l("Reason to open without quorum"), validators=[Optional(), _line]
    )
    # An election: the seats, their role and body, and the members standing (the page sets
    # the choices; the elections service says who may stand).
    seats = IntegerField(_l("Seats to fill"), validators=[Optional(), NumberRange(min=1, max=50)])
    seat_role = SelectField(_l("Role of the seats"), validate_choice=False)
    seat_body_id = SelectField(_l("Body whose seats are filled"), coerce=_id,
                               validate_choice=False)  # fmt: skip
    candidates = SelectMultipleField(_l("Candidates"), coerce=int, validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Labels in the reader's language, built per request.
        self.method.choices = [SelectChoice(m.value, vote_method_label(m)) for m in VoteMethod]
        self.rule.choices = [SelectChoice(r.value, majority_rule_label(r)) for r in MajorityRule]
        self.seat_role.choices = [SelectChoice("", "—")] + [
            SelectChoice(r.value, seat_role_label(r))
            for r in SeatRole
            if r is not SeatRole.OBSERVER
        ]

    def election(self) -> dict[str, Any]:
        """What the form says of an election: nothing when no seats are given."""
        if not self.seats.data:
            return {}
        return {
            "seats": self.seats.data,
            "seat_role": SeatRole(self.seat_role.data) if self.seat_role.data else None,
            "seat_body_id": self.seat_body_id.data,
            "candidates": [{"organisation_id": i} for i in self.candidates.data or []],
        }


class CountsForm(FlaskForm):
    """The tellers' count of a show of hands."""

    yes = IntegerField(_l("Yes"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
    no = IntegerField(_l("No"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
    abstain = IntegerField(
        _l("Abstentions"), validators=[InputRequired(), NumberRange(min=0, max=100000)]
    )


class AnswerForm(FlaskForm):
    """One member's answer: ``choice`` (the button pressed) to a question, or up to the
    seats' number of ``candidate_ids`` in an election (none: a blank ballot)."""

    organisation_id = IntegerField(validators=[InputRequired()])
    choice = StringField(validators=[Optional(), AnyOf(ANSWERS)])
    candidate_ids = SelectMultipleField(coerce=int, validate_choice=False)


class BallotForm(AnswerForm):
    """A delegate's ballot names its vote: the one open when the page was shown."""

    vote_id = IntegerField(validators=[InputRequired()])
