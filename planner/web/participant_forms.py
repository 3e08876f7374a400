"""Forms of the participants and packs pages (Flask-WTF: each form has a CSRF token)."""

from __future__ import annotations

from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from planner.events.labels import role_label
from planner.events.models import ParticipantRole, ParticipantStatus
from planner.packs.service import PAPERS
from planner.web.labels import answer_label, participant_status_label
from planner.web.paging import requested_page

E = TypeVar("E", ParticipantStatus, ParticipantRole)

#: What an organiser may set by hand; "cancelled" is reached by removing the participant.
SETTABLE_STATUSES = tuple(s for s in ParticipantStatus if s is not ParticipantStatus.CANCELLED)


def row_choices() -> dict[str, list[SelectChoice]]:
    """What a participant's row offers: every role, and the statuses set by hand."""
    return {
        "role": _role_choices(),
        "status": [SelectChoice(s.value, answer_label(s)) for s in SETTABLE_STATUSES],
    }


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, role_label(role)) for role in ParticipantRole]


class ParticipantForm(FlaskForm):
    """One row's role and status."""

    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])
    status = SelectField(_l("Status"), validators=[DataRequired(_l("Choose a status."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = row_choices()
        self.role.choices, self.status.choices = choices["role"], choices["status"]


class AddForm(FlaskForm):
    """Add one found delegate, in a role."""

    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class ConfirmForm(FlaskForm):
    """A button that changes something (remove, resend, invite all): only its CSRF token."""


class PacksForm(FlaskForm):
    paper = SelectField(
        _l("Paper size"), choices=[SelectChoice(p, p.upper()) for p in PAPERS], default=PAPERS[0]
    )


class FilterForm(FlaskForm):
    """The list's filters and the delegate search, read from the query string."""

    class Meta:
        csrf = False  # a GET that changes nothing

    status = SelectField(_l("Status"), validators=[Optional()])
    role = SelectField(_l("Role"), validators=[Optional()])
    q = StringField(
        _l("Find a delegate to add"),
        validators=[Optional(), Length(max=100, message=_l("At most 100 characters."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", _("All but removed"))] + [
            SelectChoice(s.value, participant_status_label(s)) for s in ParticipantStatus
        ]
        self.role.choices = [SelectChoice("", _("All roles")), *_role_choices()]

    @property
    def chosen_status(self) -> ParticipantStatus | None:
        return _member(ParticipantStatus, self.status.data)

    @property
    def chosen_role(self) -> ParticipantRole | None:
        return _member(ParticipantRole, self.role.data)

    @property
    def search(self) -> str:
        return (self.q.data or "").strip()[:100]

    def carried(self) -> dict[str, Any]:
        """The filters (and the page) to keep in the links and redirects of the page's
        forms."""
        values = {"status": self.status.data, "role": self.role.data, "q": self.search}
        page = requested_page()
        return {name: value for name, value in values.items() if value} | (
            {"page": page} if page > 1 else {}
        )


def _member(enum: type[E], value: str | None) -> E | None:
    """An enum member by value; an unknown value (a tampered URL) filters nothing."""
    try:
        return enum(value) if value else None
    except ValueError:
        return None
