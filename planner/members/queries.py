"""Reads of the member directory, for the API and the pages alike: each list is one
statement here, which the API pages through and the pages show."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from planner.db import SLUG_PATTERN
from planner.errors import NotFound
from planner.extensions import db
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Membership,
    Organisation,
)
from planner.members.service import voters_at


def organisations_matching(
    *, membership: Membership | None = None, country: str | None = None, text: str | None = None
) -> sa.Select[tuple[Organisation]]:
    """Organisations of a membership and country whose Latin or native name holds ``text``,
    by country code then name."""
    statement = sa.select(Organisation).order_by(Organisation.country, Organisation.name)
    if membership is not None:
        statement = statement.where(Organisation.membership == membership)
    if country is not None:
        statement = statement.where(Organisation.country == country)
    if text:
        statement = statement.where(text_matches(text, Organisation.name, Organisation.native_name))
    return statement


def bodies_in_order() -> sa.Select[tuple[Body]]:
    """Every body, oldest first (as the API has always listed them)."""
    return sa.select(Body).order_by(Body.id)


def delegates_by_name(
    *, organisation_id: int | None = None, text: str | None = None
) -> sa.Select[tuple[Delegate]]:
    """Delegates (of one organisation) whose name or e-mail address holds ``text``, by name,
    with their organisation."""
    statement = (
        sa.select(Delegate)
        .options(selectinload(Delegate.organisation))
        .order_by(Delegate.full_name, Delegate.id)
    )
    if organisation_id is not None:
        statement = statement.where(Delegate.organisation_id == organisation_id)
    if text:
        statement = statement.where(
            text_matches(text, Delegate.full_name, Delegate.native_name, Delegate.email)
        )
    return statement


def body_by_slug(slug: str, *options: ORMOption, field: str | None = None) -> Body:
    """The body with this slug, or NotFound (naming ``field``, the input that carried it).

    A string that cannot be a slug is not looked up at all: a NUL in a URL would otherwise
    reach PostgreSQL, which refuses it with an error instead of finding nothing.
    """
    body = None
    if SLUG_PATTERN.fullmatch(slug):
        body = db.session.scalar(sa.select(Body).where(Body.slug == slug).options(*options))
    if body is None:
        raise NotFound(
            f"body {slug!r} does not exist", {field: ["does not exist"]} if field else None
        )
    return body


def membership_counts() -> dict[Membership, int]:
    """How many organisations hold each kind of membership."""
    rows = db.session.execute(
        sa.select(Organisation.membership, sa.func.count()).group_by(Organisation.membership)
    )
    return {membership: count for membership, count in rows}


def text_matches(text: str, *columns: Any) -> sa.ColumnElement[bool]:
    """Case-insensitive substring match on any of ``columns``; % and _ are taken literally.
    The API matches the text as sent (what it stores, it finds)."""
    needle = text.strip().lower()
    return sa.or_(*(sa.func.lower(column).contains(needle, autoescape=True) for column in columns))


def _as_typed(text: str) -> str:
    """The directory's search text NFC-normalised: some keyboards send Hangul as decomposed
    jamo, which would never match the composed syllables stored."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class DirectoryRow:
    organisation: Organisation
    delegates: int


def search_organisations(
    text: str | None = None, country: str | None = None, membership: Membership | None = None
) -> list[DirectoryRow]:
    """Organisations with their number of delegates, by country code then name, in one statement.

    ``text`` also finds an organisation through its delegates' Latin or native names: the
    secretariat often knows the person ("Yamada", "山田") rather than the city.
    """
    delegates = (
        sa.select(sa.func.count(Delegate.id))
        .where(Delegate.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    statement = sa.select(Organisation, delegates).order_by(
        Organisation.country, Organisation.name, Organisation.id
    )
    if country:
        statement = statement.where(Organisation.country == country)
    if membership:
        statement = statement.where(Organisation.membership == membership)
    if text and text.strip():
        named = (
            sa.select(Delegate.id)
            .where(
                Delegate.organisation_id == Organisation.id,
                text_matches(_as_typed(text), Delegate.full_name, Delegate.native_name),
            )
            .exists()
        )
        statement = statement.where(
            sa.or_(
                text_matches(
                    _as_typed(text),
                    Organisation.name,
                    Organisation.native_name,
                    Organisation.city,
                    Organisation.slug,
                ),
                named,
            )
        )
    return [
        DirectoryRow(organisation, count) for organisation, count in db.session.execute(statement)
    ]


def delegates_matching(text: str, organisation_ids: list[int]) -> dict[int, list[Delegate]]:
    """The delegates of these organisations whose name matches ``text``, by organisation (one
    statement): the directory shows why a search found an organisation whose own name does
    not contain the text."""
    if not text.strip() or not organisation_ids:
        return {}
    found: dict[int, list[Delegate]] = {}
    for delegate in db.session.scalars(
        sa.select(Delegate)
        .where(
            Delegate.organisation_id.in_(organisation_ids),
            text_matches(_as_typed(text), Delegate.full_name, Delegate.native_name),
        )
        .order_by(Delegate.full_name, Delegate.id)
    ):
        found.setdefault(delegate.organisation_id, []).append(delegate)
    return found


def organisation_countries() -> list[str]:
    """The countries (ISO codes) that have an organisation: the choices of the country filter."""
    return list(db.session.scalars(sa.select(Organisation.country).distinct()))


def organisation_total() -> int:
    return db.session.scalar(sa.select(sa.func.count(Organisation.id))) or 0


def organisation_profile(organisation_id: int) -> Organisation:
    """The organisation with its delegates and its seats (and their bodies) loaded: what its
    page shows, in three statements however many there are."""
    organisation = db.session.scalar(
        sa.select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(
            selectinload(Organisation.delegates),
            selectinload(Organisation.seats).joinedload(BodySeat.body),
        )
    )
    if organisation is None:
        raise NotFound(_("organisation %(id)s does not exist", id=organisation_id))
    return organisation


def _holds_seat_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        BodySeat.term_start <= day, sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= day)
    )


@dataclass(frozen=True)
class BodySummary:
    body: Body
    seats: int  # current seats
    voting_seats: int  # organisations with a vote at a meeting that day (as quorum counts)


def body_summaries(day: date) -> list[BodySummary]:
    """Every body with its seats held on ``day`` (one statement) and the organisations that
    would vote at a meeting of it that day, as quorum counts them (``service.voters_at``: the
    body's voting rule; two statements at most)."""
    current = _holds_seat_on(day)  # NULL, so not counted, for a body without seats
    rows = db.session.execute(
        sa.select(Body, sa.func.count(sa.distinct(sa.case((current, BodySeat.organisation_id)))))
        .outerjoin(BodySeat, BodySeat.body_id == Body.id)
        .group_by(Body.id)
        .order_by(Body.id)
    ).all()
    voting = voters_at((body, day) for body, _seats in rows)
    return [BodySummary(body, seats, len(voting[body.id, day])) for body, seats in rows]


def body_with_seats(slug: str) -> Body:
    """The body and every seat it ever had, with their organisations (two statements)."""
    return body_by_slug(slug, selectinload(Body.seats).joinedload(BodySeat.organisation))


def seat_of_body(body: Body, seat_id: int) -> BodySeat:
    seat = db.session.get(BodySeat, seat_id)
    if seat is None or seat.body_id != body.id:
        raise NotFound(_("seat %(id)s of %(body)s does not exist", id=seat_id, body=body.slug))
    return seat


def organisations_by_name() -> list[Organisation]:
    """Every organisation, by name: the choices of a form that picks one."""
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))
