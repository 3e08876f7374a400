"""Forms of the documents tab: a new document (its first PDF and what it is) and a new
version of one. What a file may be is the uploads service's to say."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

_FILE = _l("PDF file")
_CHOOSE = _l("Choose the PDF to upload.")
_LANGUAGE = _l("Language of the file (en, fr, ko…)")


class DocumentForm(FlaskForm):
    file = FileField(_FILE, validators=[FileRequired(_CHOOSE)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), validators=[InputRequired()])
    visibility = SelectField(_l("Who may read it"), validators=[InputRequired()])
    language = StringField(_LANGUAGE, default="en", validators=[DataRequired(), Length(max=16)])
    agenda_item_id = SelectField(
        _l("Agenda item"),
        coerce=lambda value: int(value) if value not in (None, "") else None,
    )


class VersionForm(FlaskForm):
    file = FileField(_FILE, validators=[FileRequired(_CHOOSE)])
    language = StringField(_LANGUAGE, default="en", validators=[DataRequired(), Length(max=16)])
