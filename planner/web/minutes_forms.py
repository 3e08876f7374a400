"""The minutes form: the summary and one text per agenda item, made for the meeting's agenda
(its fields are ``item_<id>``). It carries a CSRF token; what may be written is the minutes
service's to say."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from planner.governance.minutes.queries import ItemRecord

MAX_TEXT = 20_000


class MinutesForm(FlaskForm):
    summary = TextAreaField(_l("Summary"), validators=[Length(max=MAX_TEXT)])

    def items(self) -> list[TextAreaField]:
        return [field for name, field in self._fields.items() if name.startswith("item_")]

    def values(self) -> dict:
        """What the minutes service takes (an empty text is no text)."""
        return {
            "summary": self.summary.data or None,
            "items": {int(f.name.removeprefix("item_")): f.data or None for f in self.items()},
        }


def minutes_form(items: list[ItemRecord], **kwargs) -> MinutesForm:
    """The form for these items (in reading order), filled from them unless sent."""

    class Form(MinutesForm):
        pass

    for item in items:
        field = TextAreaField(f"{item.number}. {item.title}", validators=[Length(max=MAX_TEXT)])
        setattr(Form, f"item_{item.id}", field)
    return Form(**kwargs)


class ApproveForm(FlaskForm):
    """The vote of a later meeting that approved the minutes (choices set by the page)."""

    vote_id = SelectField(
        _l("Approved by the vote"),
        coerce=int,
        validate_choice=False,  # the minutes service says which votes may approve
        validators=[InputRequired(_l("Choose the vote that approved the minutes."))],
    )
