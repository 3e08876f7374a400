"""The decisions register's search (a GET form: no CSRF token, the filters stay in the URL)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import IntegerField, SearchField
from wtforms.validators import Length, NumberRange, Optional


class RegisterSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Number or words"), validators=[Optional(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=1900, max=9999)])
