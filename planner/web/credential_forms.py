"""Forms of the credentials pages: designating a member's delegate, the committee's decision,
and the Delegation of Authority letter (a file, on the organisers' queue and on the delegate's
RSVP page). Each carries a CSRF token; what a file may be is the uploads service's to say."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


class DesignateForm(FlaskForm):
    """A voting member's delegate and (optionally) alternate, chosen among its participants
    (the page lists them; whether a choice may speak for the member is the service's to say)."""

    organisation_id = IntegerField(validators=[InputRequired()])
    delegate_id = SelectField(
        _l("Delegate"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the delegate."))],
    )
    alternate_id = SelectField(
        _l("Alternate (optional)"),
        coerce=lambda value: int(value) if value not in (None, "") else None,
        validate_choice=False,
        validators=[Optional()],
    )


class DecisionForm(FlaskForm):
    """Approve, or reject with a reason (the delegate receives it by e-mail)."""

    decision = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason for rejecting"), validators=[Length(max=500)])


class LetterForm(FlaskForm):
    """The Delegation of Authority letter: PDF, JPEG or PNG."""

    letter = FileField(
        _l("Delegation of Authority letter (PDF, JPEG or PNG)"),
        validators=[FileRequired(_l("Choose the letter to upload."))],
    )
