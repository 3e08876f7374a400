"""Forms of the pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields import Field, SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from planner.auth.models import UserRole
from planner.events.models import ParticipantStatus
from planner.validation import line_problem


class RsvpForm(FlaskForm):
    answer = RadioField(
        _l("Your answer"),
        choices=[
            SelectChoice(ParticipantStatus.ACCEPTED.value, _l("I will attend")),
            SelectChoice(ParticipantStatus.TENTATIVE.value, _l("I may attend")),
            SelectChoice(ParticipantStatus.DECLINED.value, _l("I cannot attend")),
        ],
        validators=[DataRequired(_l("Choose one of the answers."))],
    )
    # What they may hold is the delegates service's to say (planner.validation).
    dietary_needs = StringField(_l("Dietary needs"))
    accessibility_needs = StringField(_l("Accessibility needs"))
    needs_visa_letter = BooleanField(_l("I need a visa invitation letter"))


def one_line(form: FlaskForm, field: Field) -> None:
    """A field that is looked up as typed (not stored through a service) follows the same
    rules: PostgreSQL would refuse a NUL in the query with a server error."""
    problem = line_problem(field.data or "", 10_000)
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254), one_line],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)]
    )


ROLE_LABELS = {
    UserRole.ADMIN: _l("Admin"),
    UserRole.ORGANISER: _l("Organiser"),
    UserRole.VIEWER: _l("Viewer"),
}


class AccountForm(FlaskForm):
    """One account's row on the admins' page; ``action`` is the button pressed. Give each row
    its own ``prefix`` (``account-<id>``) so that the fields of the rows stay apart."""

    action = SelectField(
        choices=["role", "password", "deactivate", "reactivate", "revoke"],
        validators=[DataRequired()],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validate_choice=False,  # checked only when the role is what the button changes
    )
    password = PasswordField(_l("New password"), validators=[Optional(), Length(max=1024)])

    def validate_role(self, field: SelectField) -> None:
        if self.action.data == "role" and field.data not in {role.value for role in UserRole}:
            raise ValidationError(_l("Choose a role."))
