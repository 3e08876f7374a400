"""Marshmallow fields and schemas shared by every resource of the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from typing import Any, overload
from zoneinfo import ZoneInfo, available_timezones

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import fields, validate

from planner.db import SLUG_PATTERN
from planner.durations import parse_duration
from planner.extensions import db
from planner.validation import (
    CONTROL_CHARACTERS,
    LINE_BREAKS,
    MAX_INTEGER,
    MAX_TEXT,
    blank_characters,
    country_codes,
    is_blank,
    line_problem,
    text_problem,
    unicode_problem,
    year_problem,
)

MAX_PER_PAGE = 500
#: RFC 3339 date-times within the years the planner takes, as the document shows them: a whole
#: pattern, so that generators (Schemathesis) can draw from it rather than filter random dates
#: by their year.
_DATE_TIME_PATTERN = (
    r"^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


class Schema(ma.Schema):
    """Unknown fields are refused, so a misspelt field name is an error, not a silent no-op."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class Encodable(fields.String):
    """Any string that UTF-8 can carry (a password, a search term): no lone surrogates."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = unicode_problem(text)
        if problem:
            raise ma.ValidationError(problem)
        return text


def _document(field: fields.Field, **properties: Any) -> None:
    """Add OpenAPI properties to a field's schema in the document (apispec reads
    ``metadata``), so that clients know a rule before they send: one place, the field itself,
    says what it checks and what the document shows."""
    if "enum" in properties and field.allow_none:
        properties["enum"] = [*properties["enum"], None]
    field.metadata = {**properties, **field.metadata}


class Text(fields.String):
    """Free text, kept exactly as sent (emoji, RTL, combining marks), by the rules of
    ``planner.validation`` (which the services apply again, for every other way in)."""

    def __init__(self, max_length: int = MAX_TEXT, **kwargs: Any) -> None:
        self.max_length = max_length
        metadata = {"maxLength": max_length, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        _document(self, pattern=self.documented_pattern())

    def documented_pattern(self) -> str:
        return f"^[^{CONTROL_CHARACTERS}]*$"

    def problem(self, text: str) -> str | None:
        return text_problem(text, self.max_length)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = self.problem(text)
        if problem:
            raise ma.ValidationError(problem)
        return text


class Line(Text):
    """One line of text: a name or title."""

    def __init__(self, max_length: int = 200, *, required_nonblank: bool = False, **kwargs):
        self.required_nonblank = required_nonblank
        super().__init__(max_length, **kwargs)

    def documented_pattern(self) -> str:
        allowed = f"[^{CONTROL_CHARACTERS}{LINE_BREAKS}]"
        if not self.required_nonblank:
            return f"^{allowed}*$"
        # At least one character a reader sees.
        return f"^{allowed}*[^{CONTROL_CHARACTERS}{LINE_BREAKS}{blank_characters()}]{allowed}*$"

    def problem(self, text: str) -> str | None:
        if self.required_nonblank and is_blank(text):
            return _("must not be blank")
        return line_problem(text, self.max_length)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class TimeZone(fields.String):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _document(self, enum=sorted(_timezones()))

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if name not in _timezones():
            raise ma.ValidationError(f"unknown IANA time zone {name!r}")
        ZoneInfo(name)
        return name


class Country(fields.String):
    """ISO 3166-1 alpha-2, upper case."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _document(self, enum=sorted(country_codes()))

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if code not in country_codes():
            raise ma.ValidationError("must be an ISO 3166-1 alpha-2 country code, e.g. KR")
        return code


class Email(fields.Email):
    """Compared and stored in lower case: one person, one address, however it is typed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(max=254), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


class Pattern(validate.Regexp):
    """A regular expression the whole value must match, written with ``^...$`` as the OpenAPI
    document (ECMA-262, where $ is the very end) shows it; matched whole, since Python's $ would
    also let a final newline through."""

    # Regexp's own signature: a str pattern checks str values, a bytes pattern bytes.
    @overload
    def __call__(self, value: str) -> str: ...

    @overload
    def __call__(self, value: bytes) -> bytes: ...

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Language(fields.String):
    """A BCP 47 tag such as ko or pt-BR, short enough for its column."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            validate=[
                validate.Length(max=16),
                Pattern(LANGUAGE_PATTERN, error="must be a language tag such as ko or pt-BR"),
            ],
            **kwargs,
        )


class Slug(fields.String):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            validate=[
                validate.Length(min=1, max=60),
                Pattern(SLUG_PATTERN, error="lower-case letters, digits, -"),
            ],
            **kwargs,
        )


class Duration(fields.String):
    """An ISO 8601 duration such as P14D or PT2H."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_duration(text)
        except (ValueError, OverflowError):
            raise ma.ValidationError(
                "must be an ISO 8601 duration such as P14D, P1D or PT2H"
            ) from None
        return text


class StrictInteger(fields.Integer):
    """A JSON number only: "5" in a JSON body is a type error, not an integer.

    Bounded by what the database column holds, so a huge number is a 422, not an overflow.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)
        self.validators.insert(0, validate.Range(-MAX_INTEGER, MAX_INTEGER))


class StrictFloat(fields.Float):
    """A JSON number only: "12.5" (a string) or true is a type error, not a float."""

    def _validated(self, value: Any) -> float:
        if isinstance(value, str):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class StrictBoolean(fields.Boolean):
    """JSON true or false only, not "yes" or 1."""

    truthy = {True}
    falsy = {False}

    def _deserialize(self, value, attr, data, **kwargs):
        # 1 == True and 0 == False, so the sets above alone would let numbers through.
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Moment(fields.AwareDateTime):
    """An ISO 8601 date-time with its offset, within years the planner can handle."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _document(self, pattern=_DATE_TIME_PATTERN)

    def _serialize(self, value, attr, obj, **kwargs):
        """An offset with seconds has no RFC 3339 form: a zone's local mean time before it
        took standard time (Seoul's was +08:27:52 until 1908) is written in UTC instead."""
        if value is not None and (offset := value.utcoffset()) and offset.total_seconds() % 60:
            value = value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        problem = year_problem(moment)
        if problem:
            raise ma.ValidationError(problem)
        return moment


class WholeNested(fields.Nested):
    """A nested object that is replaced whole, so a PATCH (partial) still needs all its fields.

    marshmallow hands ``partial`` down to nested schemas; rooms matched by name cannot go
    without one.
    """

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return super()._deserialize(value, attr, data, partial=None, **kwargs)


class PageArgs(ma.Schema):
    """Query strings: unknown parameters (cache busters and the like) are ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_INTEGER))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


def secrets_hidden(schema: type[ma.Schema], *secret_fields: str) -> type[ma.Schema]:
    """``schema`` as a read-only account gets it: the same fields, the secret ones (links
    that let their holder act for a delegate) always null. The view chooses which to dump."""
    hidden = {name: fields.Constant(None, dump_only=True) for name in secret_fields}
    return type(f"{schema.__name__.removesuffix('Schema')}ForViewersSchema", (schema,), hidden)


def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The ``{"items": [...], "total": N}`` envelope of a list of ``item_schema``."""
    return type(
        f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
        (ma.Schema,),
        {"items": fields.List(fields.Nested(item_schema)), "total": fields.Integer()},
    )


def paginate(statement: sa.Select, page: int, per_page: int) -> dict[str, Any]:
    """One page of ``statement``'s rows and the count of all of them: two queries."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    )
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": items, "total": total}
