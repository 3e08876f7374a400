"""The rules of what people type, whichever way it comes in: the API, the organisers' pages,
the RSVP form, imports and the demo loader.

Services call ``check`` on the values they are about to store; the rules follow from the
column each value goes to (a ``String`` column holds one line of at most its length, a ``Text``
column free text, a date column a year the planner can handle), so a new column is covered
without a new rule. The API's fields and the pages' date inputs call the same rule functions
to answer early; none of them keeps a copy of a rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sized
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from babel import Locale
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.errors import Invalid

if TYPE_CHECKING:
    from planner.extensions import Model

#: Times a meeting planner has any use for; also keeps every value convertible to and from UTC
#: in any zone (year 1 at +05:00 is before datetime.min in UTC).
MIN_YEAR, MAX_YEAR = 1900, 2999
#: Free text (descriptions, directions): pages of it, not books.
MAX_TEXT = 10_000
#: Largest id or count the database holds (PostgreSQL ``integer``). A bigger number in a body,
#: path, query string or form is answered as a client error instead of an overflow in the
#: driver.
MAX_INTEGER = 2**31 - 1
#: Lists: each is capped, so no request can make the server hold or store an unbounded one.
MAX_LANGUAGES = 20
MAX_REMINDERS = 10
MAX_ROOMS = 100
MAX_SPEAKERS = 100

# C0 controls other than tab/newline/return, DEL and C1 controls: never meaningful in stored
# text, raw in calendar feeds and e-mails (and PostgreSQL refuses NUL outright). The classes
# are written so that Python and ECMA-262 (the OpenAPI document's patterns) read them alike.
CONTROL_CHARACTERS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f"
LINE_BREAKS = r"\r\n\u0085\u2028\u2029"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
# JSON may spell lone UTF-16 surrogates ("\ud800"); no database driver can encode them as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
# Characters that take up no room yet are neither whitespace nor format characters (Cf, such
# as U+200B): Hangul fillers and the Braille blank.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def unicode_problem(text: str) -> str | None:
    """What keeps any string (a password, a search term) from being stored, or None."""
    if _SURROGATE.search(text):
        return _("must be valid Unicode (no lone surrogates)")
    return None


def text_problem(text: str, max_length: int = MAX_TEXT) -> str | None:
    """What is wrong with free text (line breaks and tabs allowed), or None."""
    problem = unicode_problem(text)
    if problem:
        return problem
    if _CONTROL.search(text):
        return _("must not contain control characters")
    if len(text) > max_length:
        return ngettext(
            "must be at most %(num)d character", "must be at most %(num)d characters", max_length
        )
    return None


def line_problem(text: str, max_length: int) -> str | None:
    """What is wrong with one line of text (a name, a title), or None: a line break would
    break e-mail headers, calendar properties and badges."""
    if _LINE_BREAK.search(text):
        return _("must be a single line")
    return text_problem(text, max_length)


def is_blank(text: str) -> bool:
    """Nothing a reader would see: whitespace, zero-width and other format characters,
    combining marks with nothing to combine with, fillers."""
    return all(map(_shows_nothing, text))


def _shows_nothing(char: str) -> bool:
    return char.isspace() or char in _FILLERS or unicodedata.category(char) in ("Cf", "Mn", "Me")


@cache
def blank_characters() -> str:
    """The characters ``is_blank`` sees through, as the ranges of a regular-expression class
    (Basic Multilingual Plane, which ECMA-262 patterns without flags can name): the OpenAPI
    document states the rule with it."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not _shows_nothing(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        f"\\u{first:04x}" + (f"-\\u{last:04x}" if last > first else "") for first, last in ranges
    )


def year_problem(moment: date) -> str | None:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return _("must lie between the years %(first)d and %(last)d", first=MIN_YEAR,
                 last=MAX_YEAR)  # fmt: skip
    return None


def items_problem(items: Sized, max_items: int) -> str | None:
    if len(items) > max_items:
        return ngettext("at most %(num)d item", "at most %(num)d items", max_items)
    return None


def positive_int(value: int | str | None) -> int | None:
    """An id or a version, from 1 to what a column holds, or None for anything else: typed
    ASCII digits only (``"²".isdigit()`` is true, and ``int()`` of 5,000 digits raises)."""
    if isinstance(value, str):
        value = int(value) if re.fullmatch(r"[0-9]{1,10}", value) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_INTEGER else None


def whole_number(text: str, field: str) -> int:
    """``positive_int`` of typed text (a version in a header or a hidden form field), or
    Invalid naming ``field``."""
    number = positive_int(text)
    if number is None:
        raise Invalid.field(field, _("must be a whole number from 1 to %(max)d", max=MAX_INTEGER))
    return number


def check(model: type[Model], values: Mapping[str, Any], within: str | None = None) -> None:
    """Refuse (Invalid, naming every field at fault) values that break the rules of the
    columns of ``model`` they are meant for; names that are not columns are left to the
    caller. ``within`` reports the problems under that name instead (the rooms of a venue)."""
    problems = column_problems(model, values)
    if not problems:
        return
    if within is not None:
        problems = {within: [f"{name}: {message}" for name, (message,) in problems.items()]}
    raise Invalid(
        _("invalid input: %(fields)s", fields=", ".join(sorted(problems))),
        problems,
    )


def check_items(field: str, items: Sized, max_items: int) -> None:
    problem = items_problem(items, max_items)
    if problem:
        raise Invalid.field(field, problem)


def column_problems(model: type[Model], values: Mapping[str, Any]) -> dict[str, list[str]]:
    columns = sa.inspect(model).columns
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        column = columns.get(name)
        problem = _column_problem(column, value) if column is not None else None
        if problem:
            problems[name] = [problem]
    return problems


def _column_problem(column: sa.Column, value: Any) -> str | None:
    kind = column.type
    if value is None:
        return None if column.nullable else _("must not be blank")
    if isinstance(kind, sa.Enum):
        return None
    if isinstance(kind, sa.String):
        if not isinstance(value, str):
            return _("must be text")
        if is_blank(value) and (not column.nullable or value.strip()):
            # An optional field may be left empty, not filled with invisible characters.
            return _("must not be blank")
        if isinstance(kind, sa.Text) or kind.length is None:
            return text_problem(value, MAX_TEXT)
        return line_problem(value, kind.length)
    if isinstance(value, date):
        return year_problem(value)
    if isinstance(value, list) and "max_items" in column.info:
        return items_problem(value, column.info["max_items"])
    return None


# Two-letter codes that CLDR names but ISO 3166-1 does not assign to a country: the EU,
# the UN, "unknown region", pseudo-locales, and codes reserved for other standards.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (and XK, Kosovo's code in common use), as Babel knows them:
    organisations' countries and delegates' nationalities alike."""
    return frozenset(
        code
        for code in Locale("en").territories
        if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES
    )
