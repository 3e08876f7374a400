"""Forms of the member directory and the bodies (Flask-WTF; the search is a GET form without
CSRF, since it changes nothing and its URL is meant to be shared and bookmarked)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SearchField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.members.models import DuesStatus, Membership, SeatRole, VotingRule
from planner.validation import MAX_INTEGER

NOT_A_DATE = _l("Enter a date as YYYY-MM-DD.")


class DirectorySearchForm(FlaskForm):
    """Filters of the directory; the choices of ``country`` are the countries present."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name, city or delegate"), validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Country"), default="")
    membership = SelectField(
        _l("Membership"),
        default="",
        choices=[SelectChoice("", _l("Any membership"))]
        + [SelectChoice(m.value, m.value) for m in Membership],
    )


class SeatForm(FlaskForm):
    """A new seat on a body; the choices of ``organisation_id`` are every organisation."""

    organisation_id = SelectField(
        _l("Organisation"),
        coerce=lambda value: int(value) if value not in ("", None) else None,
        validators=[InputRequired(_l("Choose the organisation."))],
        validate_choice=False,  # the service says when the organisation does not exist
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, role.value) for role in SeatRole],
        default=SeatRole.MEMBER.value,
        validators=[DataRequired(_l("Choose a role."))],
    )
    term_start = DateField(
        _l("Term starts"), validators=[DataRequired(NOT_A_DATE)], render_kw={"required": True}
    )
    term_end = DateField(_l("Term ends (optional)"), validators=[Optional()])


class EndSeatForm(FlaskForm):
    term_end = DateField(_l("Last day of the term"), validators=[DataRequired(NOT_A_DATE)])


class DuesForm(FlaskForm):
    """One year's dues of an organisation (recorded, or replacing that year's record)."""

    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(_l("Enter the year.")), NumberRange(1900, 2999)],
        render_kw={"required": True},
    )
    status = SelectField(
        _l("Dues"),
        choices=[SelectChoice(status.value, status.value) for status in DuesStatus],
        default=DuesStatus.PAID.value,
        validators=[DataRequired(_l("Choose paid, waived or outstanding."))],
    )
    amount = IntegerField(
        _l("Amount (optional)"), validators=[Optional(), NumberRange(max=MAX_INTEGER)]
    )
    currency = StringField(_l("Currency"), default="USD", validators=[Length(max=3)])
    reason = StringField(_l("Reason (required when waived)"), validators=[Length(max=500)])


class VotingRuleForm(FlaskForm):
    voting_rule = SelectField(
        _l("Who votes"),
        choices=[SelectChoice(rule.value, rule.value) for rule in VotingRule],
        validators=[DataRequired()],
    )
