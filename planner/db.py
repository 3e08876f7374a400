"""Column types and helpers shared by every domain's models."""

from __future__ import annotations

import enum
import re
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, QueryableAttribute, mapped_column
from sqlalchemy.types import TypeDecorator

from planner.errors import Conflict, NotFound
from planner.extensions import Model, db
from planner.validation import positive_int

#: What a slug looks like (URLs, feed names). Always ``fullmatch``: Python's $ alone would also
#: accept a trailing newline ("seoul\n"); written with $ for the OpenAPI document (ECMA-262).
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


#: Table options of the tables whose ids appear in links and check-in codes (events, delegates,
#: participations): SQLite's AUTOINCREMENT never hands a deleted row's id to a new one (without
#: it, deleting the last row frees its id). PostgreSQL's sequences never reuse ids anyway.
NEVER_REUSED_IDS = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (no zone support) and PostgreSQL.

    A naive datetime is refused: the caller must say which instant it means.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: times must carry their offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls: type[enum.StrEnum], name: str) -> sa.Enum:
    """A VARCHAR with a CHECK constraint (not a native enum): portable and easy to migrate."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def blocking_references(row: Any) -> dict[str, int]:
    """How many rows of each table still point at ``row`` through a non-cascading foreign key.

    Found from the metadata, so a table added later (in any domain) is counted without this
    code, or the domain owning ``row``, knowing about it.
    """
    target = type(row).__table__
    (primary_key,) = target.primary_key.columns
    counts: dict[str, int] = {}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is not primary_key or (fk.ondelete or "").upper() == "CASCADE":
                continue
            n = db.session.scalar(
                sa.select(sa.func.count()).select_from(table).where(fk.parent == row.id)
            )
            if n:
                label = table.name.replace("_", " ")
                counts[label] = counts.get(label, 0) + n
    return counts


#: get_or_404's refusals as whole sentences, so each noun is translated in its place.
MISSING = {
    "event": lambda ident: _("event %(id)s does not exist", id=ident),
    "parent event": lambda ident: _("parent event %(id)s does not exist", id=ident),
    "venue": lambda ident: _("venue %(id)s does not exist", id=ident),
    "room": lambda ident: _("room %(id)s does not exist", id=ident),
    "delegate": lambda ident: _("delegate %(id)s does not exist", id=ident),
    "organisation": lambda ident: _("organisation %(id)s does not exist", id=ident),
    "account": lambda _ident: _("there is no such account"),
}


def find(model: type[Model], ident: int | str | None) -> Any:
    """The row with this primary key, or None. An id no column holds (negative, huge, or text
    that only looks like digits, such as "²") finds nothing instead of reaching the driver."""
    number = positive_int(ident)
    return db.session.get(model, number) if number is not None else None


def get_or_404(model: type[Model], ident: int, what: str | None = None, field: str | None = None):
    """The row with this primary key, or NotFound naming what was missing.

    ``field`` names the input that carried the id (``venue_id`` in a body), so the client is
    told which of its fields points nowhere.
    """
    row = find(model, ident)
    if row is None:
        what = what or model.__tablename__.rstrip("s")
        if what in MISSING:
            message = MISSING[what](ident)
        else:
            message = _("%(what)s %(id)s does not exist", what=what, id=ident)
        raise NotFound(message, {field: [_("does not exist")]} if field else None)
    return row


def delete_unreferenced(row: Any, label: str) -> None:
    """Delete ``row`` unless other rows still refer to it (409 instead of orphans)."""
    references = blocking_references(row)
    if references:
        listed = ", ".join(f"{n} {table}" for table, n in sorted(references.items()))
        raise Conflict(
            _(
                "%(name)s is still referred to by %(rows)s; remove those first",
                name=label,
                rows=listed,
            )
        )
    db.session.delete(row)
    db.session.flush()


def apply_changes(row: Any, changes: dict[str, Any]) -> set[str]:
    """Set the given attributes; the names of those whose value really changed."""
    changed = set()
    for name, value in changes.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.add(name)
    return changed


def listen_once(target: Any, identifier: str, listener: Any) -> None:
    """Register a SQLAlchemy event listener unless it is already (create_app runs once per
    app, and tests make many apps in one process)."""
    if not sa.event.contains(target, identifier, listener):
        sa.event.listen(target, identifier, listener)


def configure_connections() -> None:
    """SQLite connections get their pragmas as they open (called by create_app)."""
    listen_once(sa.engine.Engine, "connect", _configure_sqlite)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """SQLite ignores foreign keys unless asked, per connection (PostgreSQL always checks),
    and in WAL mode lets the web server read while the worker writes."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")


def insert_new(model: type, *unique_columns: str):
    """INSERT … ON CONFLICT (unique_columns) DO NOTHING, on SQLite and PostgreSQL alike: the
    row a concurrent writer inserted first wins, and this statement writes nothing for it."""
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    return dialect.insert(model).on_conflict_do_nothing(index_elements=list(unique_columns))


def one_of(
    column: sa.ColumnElement[Any] | QueryableAttribute[Any], values: Sequence[Any]
) -> sa.ColumnElement[bool]:
    """``column IN values``. On PostgreSQL one array parameter (``= ANY``): the statement's
    text is the same whatever the number of values, so psycopg reuses its parsed form, where
    an IN list of 500 parameters is parsed again each time (a tenth of the database time of
    a feed's first render). Elsewhere an IN list (keep lists under SQLite's 32,766)."""
    if db.engine.dialect.name == "postgresql":
        array = sa.literal(list(values), postgresql.ARRAY(column.type))
        return column == sa.any_(array)
    return column.in_(values)


def take_turns(*keys: str) -> None:
    """Until the transaction ends, hold PostgreSQL's advisory lock of each key (in one order
    everywhere, so two holders never wait on each other). SQLite needs none: its writers
    already take turns. A hash collision only makes two keys share a turn."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(keys):
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(key))))
