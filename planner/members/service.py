"""Rules of the member directory."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import apply_changes, delete_unreferenced, get_or_404
from planner.errors import Conflict, Invalid
from planner.extensions import db
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Organisation,
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


# Seats on bodies --------------------------------------------------------------------------------


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
