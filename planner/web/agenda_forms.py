"""Forms of the agenda page: an item (added or edited), a step up or down, and a list's new
order as dragging sends it. Each carries a CSRF token; whether a parent or session may be
chosen is the agenda service's to say."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Regexp

from planner.governance.agenda.labels import agenda_kind_label
from planner.governance.models import AgendaItemKind


def _optional_id(value: object) -> int | None:
    return int(str(value)) if value not in ("", None) else None


class AgendaItemForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Give the item a title.")), Length(max=300)],
    )
    kind = SelectField(_l("Kind"), default=AgendaItemKind.OTHER.value)
    parent_id = SelectField(
        _l("Place on the agenda"), coerce=_optional_id, validate_choice=False, default=""
    )
    session_id = SelectField(
        _l("Timetable session"), coerce=_optional_id, validate_choice=False, default=""
    )
    text = TextAreaField(_l("Short text"), validators=[Length(max=10_000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, agenda_kind_label(kind)) for kind in AgendaItemKind]

    def values(self) -> dict:
        """What the agenda service takes from the form (an empty text is no text)."""
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "parent_id": self.parent_id.data,
            "session_id": self.session_id.data,
            "text": self.text.data or None,
        }


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class OrderForm(FlaskForm):
    """One list's item ids in their new order, comma-separated; ``parent_id`` empty for the
    top level."""

    parent_id = HiddenField()
    ids = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,10}(,\d{1,10}){0,499}$")])
