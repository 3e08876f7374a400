"""Forms of spreadsheet imports: the file and what its rows are, then the confirmation that
imports the previewed file by its token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length

from planner.sheets.service import Kind


class ImportForm(FlaskForm):
    kind = SelectField(
        _l("The rows are"),
        choices=[
            SelectChoice(Kind.DELEGATES.value, _l("Delegates")),
            SelectChoice(Kind.ORGANISATIONS.value, _l("Organisations")),
        ],
        default=Kind.DELEGATES.value,
        validators=[DataRequired()],
    )
    file = FileField(
        _l("Spreadsheet (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose the file to import."))],
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=2000)])
