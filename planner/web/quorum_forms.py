"""The form of the quorum page that records a proxy (Flask-WTF, with its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms.validators import InputRequired


def _organisation_id(value: object) -> int | None:
    return int(str(value)) if value not in ("", None) else None


class ProxyForm(FlaskForm):
    """The choices of both members are the meeting's voting members; the letter may follow."""

    giver_id = SelectField(
        _l("Member giving its proxy"),
        coerce=_organisation_id,
        validate_choice=False,  # the proxies service says why a member cannot take part
        validators=[InputRequired(_l("Choose the member that cannot attend."))],
    )
    holder_id = SelectField(
        _l("Member voting for it"),
        coerce=_organisation_id,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the member that will hold the proxy."))],
    )
    letter = FileField(_l("Mandate letter (PDF, JPEG or PNG), if it is in already"))
