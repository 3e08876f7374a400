"""Forms of the visa letter pages: the delegate's passport data, and the organisers' message
when they ask for a correction or revoke a letter. Whether the data is acceptable is the
visas service's to say; these only carry it."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from planner.validation import country_codes


def nationality_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, named and sorted in the reader's language."""
    names = get_locale().territories
    choices = sorted(
        ((code, names.get(code, code)) for code in country_codes()), key=lambda c: c[1]
    )
    return [("", _l("Choose…")), *choices]


class VisaApplicationForm(FlaskForm):
    """Passport data as in the passport, and the consulate the letter is for."""

    passport_name = StringField(
        _l("Name as in the passport"), validators=[InputRequired(), Length(max=200)]
    )
    nationality = SelectField(_l("Nationality"), validate_choice=False)
    passport_number = StringField(
        _l("Passport number"), validators=[InputRequired(), Length(max=40)]
    )
    passport_expires_on = DateField(_l("Passport valid until"), validators=[InputRequired()])
    born_on = DateField(_l("Date of birth"), validators=[InputRequired()])
    consulate = StringField(
        _l("Embassy or consulate where you apply"), validators=[InputRequired(), Length(max=300)]
    )
    in_korean = BooleanField(_l("The consulate asks for the letter in Korean too"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nationality.choices = nationality_choices()


class CorrectionForm(FlaskForm):
    message = StringField(
        _l("What should the delegate correct?"), validators=[InputRequired(), Length(max=1000)]
    )


class RevocationForm(FlaskForm):
    reason = StringField(
        _l("Reason for revoking (optional)"), validators=[Optional(), Length(max=500)]
    )
