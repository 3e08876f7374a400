"""Forms of travel: the delegate's own (arrival, departure, hotel, pick-up), the organisers'
hotel block, and the board's pick-up window (a GET form: no CSRF token, the URL is shared)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.fields import Field, SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from planner.travel.models import Airport
from planner.travel.queries import DEFAULT_WINDOW_MINUTES, WINDOW_RANGE
from planner.validation import MAX_INTEGER, year_problem

NOT_A_DATE = _l("Enter a date as YYYY-MM-DD.")
#: The hotel choice that is none of the blocks: the delegate names their hotel.
OTHER_HOTEL = "other"


def a_likely_year(form: FlaskForm, field: Field) -> None:
    problem = year_problem(field.data) if isinstance(field.data, date) else None
    if problem:
        raise ValidationError(problem)


def _airports() -> list[SelectChoice]:
    return [
        SelectChoice("", "—"),
        SelectChoice(Airport.ICN.value, _l("Incheon (ICN)")),
        SelectChoice(Airport.GMP.value, _l("Gimpo (GMP)")),
    ]


class TravelForm(FlaskForm):
    """A delegate's travel; ``hotel`` takes the meeting's blocks as choices, then "other".
    Times are typed in the meeting's time zone."""

    arrival_date = DateField(_l("Arrival date"), validators=[Optional(), a_likely_year])
    arrival_time = TimeField(_l("Arrival time"), validators=[Optional()])
    arrival_flight = StringField(_l("Arrival flight"), render_kw={"autocapitalize": "characters"})
    arrival_airport = SelectField(_l("Arrival airport"), choices=_airports, default="")
    departure_date = DateField(_l("Departure date"), validators=[Optional(), a_likely_year])
    departure_time = TimeField(_l("Departure time"), validators=[Optional()])
    departure_flight = StringField(
        _l("Departure flight"), render_kw={"autocapitalize": "characters"}
    )
    departure_airport = SelectField(_l("Departure airport"), choices=_airports, default="")
    hotel = SelectField(_l("Hotel"), default="")
    other_hotel = StringField(_l("Other hotel (name and address)"))
    needs_pickup = BooleanField(_l("Please meet me at the airport on arrival"))

    def validate(self, extra_validators=None) -> bool:
        """A date without its time (or the reverse) is refused beside the field left empty:
        an Optional field's own validators stop at emptiness, so the pair is checked here."""
        valid = super().validate(extra_validators)
        for day, time in (
            (self.arrival_date, self.arrival_time),
            (self.departure_date, self.departure_time),
        ):
            if not day.errors and not time.errors and (day.data is None) != (time.data is None):
                empty = day if day.data is None else time
                empty.errors = [*empty.errors, _l("Give both the date and the time, or neither.")]
                valid = False
        return valid


class HotelBlockForm(FlaskForm):
    name = StringField(_l("Hotel"), validators=[DataRequired(_l("Enter the hotel's name."))])
    native_name = StringField(_l("Name in Korean (optional)"))
    address = StringField(_l("Address (optional)"))
    rooms = IntegerField(
        _l("Rooms"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_INTEGER)],
        render_kw={"min": 1},
    )
    check_in = DateField(_l("Check-in"), validators=[DataRequired(NOT_A_DATE), a_likely_year])
    check_out = DateField(_l("Check-out"), validators=[DataRequired(NOT_A_DATE), a_likely_year])


class WindowForm(FlaskForm):
    class Meta:
        csrf = False

    window = IntegerField(
        _l("Pick-up window (minutes)"),
        default=DEFAULT_WINDOW_MINUTES,
        validators=[Optional(), NumberRange(*WINDOW_RANGE)],
        render_kw={"min": WINDOW_RANGE[0], "max": WINDOW_RANGE[1], "step": 5},
    )
