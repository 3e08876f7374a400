"""Importing organisations and delegates from a spreadsheet: a plan first, then all of it or
nothing.

``preview`` reads the file and says, row by row, what an import would do: create, update,
leave unchanged, or refuse (with the reason per column). ``import_rows`` makes the same plan
again and, only if no row is refused, writes it in the caller's transaction. A row is checked
by the rules of the API and the services: the API's own field schemas, then the column rules
of ``planner.validation`` that every service applies, so an imported delegate obeys what one
made by hand does. Organisations are found by slug, delegates by e-mail: importing the same
file twice changes nothing the second time.

The cost of a plan does not grow with the rows: existing organisations and delegates are
loaded by key in one statement each, and the import writes new rows in batched INSERTs and
changed ones in one executemany UPDATE.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _

from planner.caching import note_change
from planner.db import utcnow
from planner.errors import Invalid
from planner.extensions import db
from planner.members.models import Delegate, Organisation
from planner.members.schemas import DelegateSchema, OrganisationSchema
from planner.members.service import new_delegate_values
from planner.sheets.reading import FIELD, Sheet, read_sheet
from planner.validation import column_problems


class Kind(enum.StrEnum):
    """What a file holds: one kind of row per file."""

    ORGANISATIONS = "organisations"
    DELEGATES = "delegates"


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class Column:
    """A column of an import file, named as the API names the field. ``flag`` columns hold
    yes/no; ``defaulted`` ones fall back to the model's default when left empty (instead of
    being cleared)."""

    name: str
    required: bool = False
    flag: bool = False
    defaulted: bool = False


ORGANISATION_COLUMNS = (
    Column("slug", required=True),
    Column("name", required=True),
    Column("native_name"),
    Column("country", required=True),
    Column("city"),
    Column("timezone", required=True),
    Column("language"),
    Column("membership", required=True),
    Column("status", defaulted=True),
)
DELEGATE_COLUMNS = (
    Column("email", required=True),
    Column("full_name", required=True),
    Column("native_name"),
    Column("family_name"),
    Column("title"),
    Column("position"),
    Column("organisation", required=True),
    Column("language", defaulted=True),
    Column("timezone", defaulted=True),
    Column("dietary_needs"),
    Column("accessibility_needs"),
    Column("needs_visa_letter", flag=True, defaulted=True),
    Column("heads_authority", flag=True, defaulted=True),
)
COLUMNS = {Kind.ORGANISATIONS: ORGANISATION_COLUMNS, Kind.DELEGATES: DELEGATE_COLUMNS}
#: The column that finds an existing row.
KEYS = {Kind.ORGANISATIONS: "slug", Kind.DELEGATES: "email"}
#: A delegate's organisation is named by its slug in the file, by its id in the API.
_API_NAMES = {"organisation": "organisation_id"}
_YES = frozenset({"yes", "true", "1", "y", "x"})
_NO = frozenset({"no", "false", "0", "n", ""})


@dataclass
class RowPlan:
    """What the import does with one row of the file (``row``: its number in the file)."""

    row: int
    key: str
    action: Action
    #: Refusals: column -> reasons.
    problems: dict[str, list[str]] = field(default_factory=dict)
    #: The columns an update changes.
    changes: list[str] = field(default_factory=list)
    #: The checked values to write, by model attribute.
    values: dict[str, Any] = field(default_factory=dict)
    existing_id: int | None = None


@dataclass
class Plan:
    kind: Kind
    rows: list[RowPlan]

    @property
    def counts(self) -> dict[Action, int]:
        counted = Counter(row.action for row in self.rows)
        return {action: counted[action] for action in Action}

    @property
    def refused(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action is Action.REFUSED]


def preview(kind: Kind, data: bytes, filename: str) -> Plan:
    """What importing the file would do; writes nothing."""
    return plan(kind, read_sheet(data, filename))


def import_rows(kind: Kind, data: bytes, filename: str) -> Plan:
    """Import the whole file, in the caller's transaction, or refuse it whole (Invalid naming
    ``file``) while any row is refused."""
    planned = preview(kind, data, filename)
    refused = planned.refused
    if refused:
        rows = ", ".join(str(row.row) for row in refused[:20])
        message = _("Nothing was imported: fix the refused rows (%(rows)s) first.", rows=rows)
        problems = {
            f"row {row.row}: {column}": reasons
            for row in refused
            for column, reasons in row.problems.items()
        }
        raise Invalid(message, {FIELD: [message], **problems})
    _write(planned)
    return planned


# Planning -----------------------------------------------------------------------------------


def plan(kind: Kind, sheet: Sheet) -> Plan:
    columns = _columns_of(kind, sheet.headings)
    records = [(number, _record(columns, texts)) for number, texts in sheet.rows]
    key = KEYS[kind]
    keys = [_key(kind, record[key]) for _number, record in records]
    if kind is Kind.ORGANISATIONS:
        existing: dict[str, Any] = _organisations_by_slug(keys)
        organisations = existing
    else:
        existing = {
            d.email: d
            for d in db.session.scalars(sa.select(Delegate).where(Delegate.email.in_(set(keys))))
        }
        organisations = _organisations_by_slug({record["organisation"] for _n, record in records})
    seen: dict[str, int] = {}
    planned = []
    for (number, record), row_key in zip(records, keys, strict=True):
        row = _plan_row(kind, columns, number, record, existing.get(row_key), organisations)
        first = seen.setdefault(row_key, number) if row_key else number
        if first != number:
            row.problems.setdefault(key, []).append(
                _("The same %(column)s is on row %(row)d.", column=key, row=first)
            )
            row.action = Action.REFUSED
        planned.append(row)
    return Plan(kind, planned)


def _columns_of(kind: Kind, headings: list[str]) -> list[Column]:
    """The file's columns in its order; an unknown or missing column refuses the file."""
    known = {column.name: column for column in COLUMNS[kind]}
    names = [heading.casefold().replace(" ", "_") for heading in headings]
    unknown = [heading for heading, name in zip(headings, names, strict=True) if name not in known]
    if unknown:
        message = _(
            "Unknown columns: %(unknown)s. The columns of %(kind)s are: %(known)s.",
            unknown=", ".join(unknown),
            kind=kind.value,
            known=", ".join(known),
        )
        raise Invalid(message, {FIELD: [message]})
    missing = [name for name, column in known.items() if column.required and name not in names]
    if missing:
        message = _("Missing columns: %(missing)s.", missing=", ".join(missing))
        raise Invalid(message, {FIELD: [message]})
    return [known[name] for name in names]


def _record(columns: list[Column], texts: list[str]) -> dict[str, str]:
    """The row's text per column; cells past the last heading are ignored only when empty."""
    padded = texts + [""] * (len(columns) - len(texts))
    return {column.name: text for column, text in zip(columns, padded, strict=False)}


def _key(kind: Kind, text: str) -> str:
    """E-mail addresses are compared in lower case, as the API stores them."""
    return text.strip().lower() if kind is Kind.DELEGATES else text


def _organisations_by_slug(slugs: Iterable[str]) -> dict[str, Organisation]:
    statement = sa.select(Organisation).where(Organisation.slug.in_(set(slugs)))
    return {organisation.slug: organisation for organisation in db.session.scalars(statement)}


def _plan_row(
    kind: Kind,
    columns: list[Column],
    number: int,
    record: dict[str, str],
    existing: Any,
    organisations: dict[str, Organisation],
) -> RowPlan:
    key = _key(kind, record[KEYS[kind]])
    row = RowPlan(number, key, Action.REFUSED, existing_id=existing.id if existing else None)
    payload, problems = _payload(columns, record)
    organisation = None
    if kind is Kind.DELEGATES:
        organisation = organisations.get(record["organisation"])
        if organisation is None and "organisation" not in problems:
            problems["organisation_id"] = [
                _("No organisation has the slug %(slug)s.", slug=repr(record["organisation"]))
            ]
        payload["organisation_id"] = organisation.id if organisation else 0
    schema = OrganisationSchema() if kind is Kind.ORGANISATIONS else DelegateSchema()
    try:
        values = schema.load(payload)
    except ma.ValidationError as error:
        values = {}
        for name, messages in _messages(error).items():
            problems.setdefault(name, messages)
    model = Organisation if kind is Kind.ORGANISATIONS else Delegate
    for name, messages in column_problems(model, values).items():
        problems.setdefault(name, messages)
    row.problems = {_column_name(name): messages for name, messages in problems.items()}
    if row.problems:
        return row
    if existing is None:
        row.action = Action.CREATE
        row.values = new_delegate_values(values, organisation) if organisation else values
        return row
    row.changes = [
        _column_name(name) for name, value in values.items() if getattr(existing, name) != value
    ]
    row.action = Action.UPDATE if row.changes else Action.UNCHANGED
    # Every column of the file, changed or not, so that all updates share one statement.
    kept = {_API_NAMES.get(column.name, column.name) for column in columns}
    row.values = {**{name: getattr(existing, name) for name in kept}, **values}
    return row


def _payload(columns: list[Column], record: dict[str, str]) -> tuple[dict, dict]:
    """The row as the API would receive it: empty optional cells are null, empty defaulted
    ones absent, yes/no cells booleans."""
    payload: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for column in columns:
        text = record[column.name]
        if column.name in _API_NAMES:
            continue
        if column.flag:
            answer = text.casefold()
            if answer in _YES or answer in _NO:
                if text:
                    payload[column.name] = answer in _YES
            else:
                problems[column.name] = [_("Write yes or no.")]
            continue
        if text:
            payload[column.name] = text
        elif not column.defaulted and not column.required:
            payload[column.name] = None
        elif column.required:
            problems[column.name] = [_("This column must not be empty.")]
    return payload, problems


def _messages(error: ma.ValidationError) -> dict[str, list[str]]:
    messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
    return {
        name: [str(m) for m in (found if isinstance(found, list) else [found])]
        for name, found in messages.items()
    }


def _column_name(name: str) -> str:
    return next((column for column, api in _API_NAMES.items() if api == name), name)


# Writing ------------------------------------------------------------------------------------


def _write(planned: Plan) -> None:
    """New rows in batched INSERTs, with what the ORM would give them (column defaults, a
    delegate's secret feed link); changed rows in one executemany UPDATE by primary key."""
    new = [row.values for row in planned.rows if row.action is Action.CREATE]
    changed = [row for row in planned.rows if row.action is Action.UPDATE]
    model: type[Organisation | Delegate] = Organisation
    if planned.kind is Kind.DELEGATES:
        model = Delegate
        new = [{**values, **Delegate.new_link_columns()} for values in new]
    if new:
        # NULLs written out: the ORM would otherwise leave them out, and group the rows by
        # which of their values are empty, one INSERT per group.
        db.session.execute(sa.insert(model).execution_options(render_nulls=True), new)
        note_change(db.session())
    if changed:
        now = utcnow()
        db.session.execute(
            sa.update(model),
            [{"id": row.existing_id, **row.values, "updated_at": now} for row in changed],
        )
