"""Rules of the member directory."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from planner.db import SLUG_PATTERN, apply_changes, delete_unreferenced, get_or_404
from planner.errors import Conflict, Invalid, NotFound
from planner.extensions import db
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Membership,
    Organisation,
    OrganisationStatus,
    SeatRole,
)
from planner.validation import check

# Organisations ------------------------------------------------------------------------------


def create_organisation(data: dict[str, Any]) -> Organisation:
    check(Organisation, data)
    _ensure_slug_free(data["slug"])
    organisation = Organisation(**data)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, changes: dict[str, Any]) -> Organisation:
    check(Organisation, changes)
    if changes.get("slug", organisation.slug) != organisation.slug:
        _ensure_slug_free(changes["slug"])
    apply_changes(organisation, changes)
    db.session.flush()
    return organisation


def delete_organisation(organisation: Organisation) -> None:
    delete_unreferenced(organisation, organisation.name)


def _ensure_slug_free(slug: str) -> None:
    if db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug)):
        raise Conflict(
            _("an organisation with slug %(slug)s exists", slug=repr(slug)),
            {"slug": [_("already taken")]},
        )


# Bodies -------------------------------------------------------------------------------------


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


# Delegates ----------------------------------------------------------------------------------


def create_delegate(data: dict[str, Any]) -> Delegate:
    check(Delegate, data)
    organisation = get_or_404(
        Organisation, data["organisation_id"], "organisation", field="organisation_id"
    )
    _ensure_email_free(data["email"])
    data.setdefault("timezone", organisation.timezone)
    delegate = Delegate(**data)
    db.session.add(delegate)
    db.session.flush()
    return delegate


def update_delegate(delegate: Delegate, changes: dict[str, Any]) -> Delegate:
    check(Delegate, changes)
    if "organisation_id" in changes:
        get_or_404(Organisation, changes["organisation_id"], "organisation", "organisation_id")
    if changes.get("email", delegate.email) != delegate.email:
        _ensure_email_free(changes["email"])
    apply_changes(delegate, changes)
    db.session.flush()
    return delegate


def delete_delegate(delegate: Delegate) -> None:
    """Refused while the delegate takes part in a meeting: their history must stay whole."""
    delete_unreferenced(delegate, delegate.full_name)


def rotate_calendar_token(delegate: Delegate) -> Delegate:
    """A new secret feed URL; the old one stops working with this commit."""
    delegate.renew_link()
    db.session.flush()
    return delegate


def _ensure_email_free(email: str) -> None:
    if db.session.scalar(sa.select(Delegate.id).where(Delegate.email == email)):
        raise Conflict(
            _("a delegate with e-mail %(email)s exists", email=email),
            {"email": [_("already taken")]},
        )


def membership_counts() -> dict[Membership, int]:
    """How many organisations hold each kind of membership."""
    rows = db.session.execute(
        sa.select(Organisation.membership, sa.func.count()).group_by(Organisation.membership)
    )
    return {membership: count for membership, count in rows}


# The directory as the secretariat reads it ---------------------------------------------------


def text_matches(text: str, *columns: Any) -> sa.ColumnElement[bool]:
    """Case-insensitive substring match on any of ``columns``; % and _ are taken literally.

    The text is NFC-normalised first: some keyboards send Hangul as decomposed jamo, which
    would never match the composed syllables stored.
    """
    needle = unicodedata.normalize("NFC", text.strip()).lower()
    return sa.or_(*(sa.func.lower(column).contains(needle, autoescape=True) for column in columns))


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
                text_matches(text, Delegate.full_name, Delegate.native_name),
            )
            .exists()
        )
        statement = statement.where(
            sa.or_(
                text_matches(
                    text,
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
            text_matches(text, Delegate.full_name, Delegate.native_name),
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


class Term(enum.StrEnum):
    """Where a seat's term stands on a given day."""

    CURRENT = "current"
    FUTURE = "future"
    ENDED = "ended"


def term_on(seat: BodySeat, day: date) -> Term:
    if day < seat.term_start:
        return Term.FUTURE
    if seat.term_end is not None and seat.term_end < day:
        return Term.ENDED
    return Term.CURRENT


def _holds_seat_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        BodySeat.term_start <= day, sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= day)
    )


@dataclass(frozen=True)
class BodySummary:
    body: Body
    seats: int  # current seats
    voting_seats: int  # current, voting, of organisations in good standing (as quorum counts)


def body_summaries(day: date) -> list[BodySummary]:
    """Every body with its seats held on ``day``, counted in SQL (one statement).

    Voting seats are counted as the quorum forecast counts them: not observers, and only
    organisations in good standing, each once.
    """
    current = _holds_seat_on(day)  # NULL, so not counted, for a body without seats
    voting = sa.and_(
        current,
        BodySeat.role != SeatRole.OBSERVER,
        Organisation.status == OrganisationStatus.ACTIVE,
    )
    rows = db.session.execute(
        sa.select(
            Body,
            sa.func.count(sa.distinct(sa.case((current, BodySeat.organisation_id)))),
            sa.func.count(sa.distinct(sa.case((voting, BodySeat.organisation_id)))),
        )
        .outerjoin(BodySeat, BodySeat.body_id == Body.id)
        .outerjoin(Organisation, Organisation.id == BodySeat.organisation_id)
        .group_by(Body.id)
        .order_by(Body.id)
    )
    return [BodySummary(body, seats, voting_seats) for body, seats, voting_seats in rows]


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


def add_seat(body: Body, data: dict[str, Any]) -> BodySeat:
    """A new seat for an organisation on ``body`` (``organisation_id``, ``role``,
    ``term_start``, optional ``term_end``).

    Refused with field errors when the term ends before it starts, when the organisation
    already holds a seat on the body for part of that term, or when the body would have two
    presidents at once. The commit that follows marks the data changed, so quorum forecasts
    and feeds that count seats are computed afresh.
    """
    organisation = get_or_404(
        Organisation, data["organisation_id"], "organisation", field="organisation_id"
    )
    start, end = data["term_start"], data.get("term_end")
    role = SeatRole(data["role"])
    _check_term(start, end)
    overlapping = sa.and_(
        BodySeat.body_id == body.id,
        sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= start),
        *([BodySeat.term_start <= end] if end is not None else []),
    )
    if db.session.scalar(
        sa.select(BodySeat.id).where(overlapping, BodySeat.organisation_id == organisation.id)
    ):
        raise Invalid(
            _(
                "%(organisation)s already holds a seat on %(body)s during this term",
                organisation=organisation.name,
                body=body.name,
            ),
            {
                "organisation_id": [
                    _("This organisation already holds a seat on this body during this term.")
                ]
            },
        )
    if role is SeatRole.PRESIDENT and db.session.scalar(
        sa.select(BodySeat.id).where(overlapping, BodySeat.role == SeatRole.PRESIDENT)
    ):
        raise Invalid(
            _("%(body)s has a president during this term already", body=body.name),
            {"role": [_("This body already has a president during this term.")]},
        )
    seat = BodySeat(body=body, organisation=organisation, role=role, term_start=start,
                    term_end=end)  # fmt: skip
    db.session.add(seat)
    db.session.flush()
    return seat


def end_seat(seat: BodySeat, term_end: date) -> BodySeat:
    """Ends the seat's term on ``term_end`` (the last day it holds the seat); a term that has
    an earlier end already is left as it is."""
    _check_term(seat.term_start, term_end)
    if seat.term_end is not None and seat.term_end <= term_end:
        raise Invalid(
            _("the term already ends on %(day)s", day=seat.term_end.isoformat()),
            {"term_end": [_("This term already ends on or before that day.")]},
        )
    seat.term_end = term_end
    db.session.flush()
    return seat


def _check_term(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise Invalid(
            _("the term ends before it starts"),
            {"term_end": [_("The term cannot end before it starts.")]},
        )
