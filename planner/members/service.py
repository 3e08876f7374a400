"""Rules of the member directory."""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import apply_changes, delete_unreferenced, get_or_404, utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.extensions import db
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Dues,
    DuesStatus,
    Membership,
    Organisation,
    OrganisationStatus,
    SeatRole,
    VotingRule,
)
from planner.validation import MIN_YEAR, check, is_blank

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
    delegate = Delegate(**new_delegate_values(data, organisation))
    db.session.add(delegate)
    db.session.flush()
    return delegate


def new_delegate_values(data: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """A new delegate's values (``data`` checked): in their organisation's time zone unless
    they have their own. Imports insert many at once with them."""
    return {"timezone": organisation.timezone, **data}


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


# Dues ---------------------------------------------------------------------------------------

#: The currency dues are recorded in when none is given (the network's own; ISO 4217).
DEFAULT_CURRENCY = "USD"
_CURRENCY = re.compile(r"[A-Z]{3}")


def record_dues(organisation: Organisation, data: dict[str, Any], replace: bool = True) -> Dues:
    """Record an organisation's dues for one year (``year``, ``status``, optional ``amount``
    in whole units of ``currency``, ``reason``): the year's earlier record is replaced, or,
    with ``replace=False``, the year must have none yet (409 naming ``year``).

    Refused, naming the field and writing nothing: a year to come (dues are recorded once
    they fall due, in the current year at the latest), a negative amount, a currency that is
    not three capital letters, a waiver without a reason.
    """
    data = {"currency": DEFAULT_CURRENCY, **data}
    _check_dues(data)
    existing = db.session.scalar(
        sa.select(Dues).where(Dues.organisation_id == organisation.id, Dues.year == data["year"])
    )
    if existing is not None and not replace:
        raise Conflict(
            _("dues for %(year)d are recorded already", year=data["year"]),
            {"year": [_("This year's dues are recorded already; change them instead.")]},
        )
    dues = existing or Dues(organisation=organisation, year=data["year"])
    apply_changes(dues, {
        "status": DuesStatus(data["status"]), "amount": data.get("amount"),
        "currency": data["currency"], "reason": data.get("reason"),
    })  # fmt: skip
    db.session.add(dues)
    db.session.flush()
    return dues


def delete_dues(organisation: Organisation, year: int) -> None:
    dues = db.session.scalar(
        sa.select(Dues).where(Dues.organisation_id == organisation.id, Dues.year == year)
    )
    if dues is None:
        raise NotFound(_("no dues are recorded for %(year)d", year=year))
    db.session.delete(dues)
    db.session.flush()


def _check_dues(data: dict[str, Any]) -> None:
    problems: dict[str, list[str]] = {}
    year, this_year = data.get("year"), utcnow().year
    if not isinstance(year, int) or isinstance(year, bool):
        problems["year"] = [_("must be a year")]
    elif year > this_year:
        problems["year"] = [
            _("Dues cannot be recorded for a year to come (after %(year)d).", year=this_year)
        ]
    elif year < MIN_YEAR:
        problems["year"] = [_("must be %(year)d or later", year=MIN_YEAR)]
    amount = data.get("amount")
    if amount is not None and amount < 0:
        problems["amount"] = [_("The amount cannot be negative.")]
    if not isinstance(data["currency"], str) or not _CURRENCY.fullmatch(data["currency"]):
        problems["currency"] = [_("must be a currency code of three capital letters")]
    reason = data.get("reason")
    if reason is not None and is_blank(reason):
        data["reason"] = reason = None
    if data.get("status") == DuesStatus.WAIVED and not reason:
        problems["reason"] = [_("Say why the dues are waived.")]
    if problems:
        raise Invalid(_("invalid input: %(fields)s", fields=", ".join(sorted(problems))), problems)
    check(Dues, {"reason": reason})


# Standing and votes -------------------------------------------------------------------------


class Shortfall(enum.StrEnum):
    """Why an organisation is not in good standing."""

    NOT_FULL_MEMBER = "not-a-full-member"
    SUSPENDED = "suspended"
    DUES_OUTSTANDING = "dues-outstanding"
    DUES_NOT_RECORDED = "dues-not-recorded"


@dataclass(frozen=True)
class Standing:
    """Whether an organisation is in good standing for meetings in ``year``: a full member,
    active, whose dues are paid or waived up to the year before (``dues_year``), with none
    outstanding for any year before that either. ``shortfalls`` say why not, with the years
    of dues outstanding."""

    year: int
    shortfalls: tuple[Shortfall, ...] = ()
    outstanding_years: tuple[int, ...] = field(default=())

    @property
    def good(self) -> bool:
        return not self.shortfalls

    @property
    def dues_year(self) -> int:
        return self.year - 1


def _standing(
    membership: Membership,
    status: OrganisationStatus,
    dues: dict[int, DuesStatus],
    year: int,
) -> Standing:
    """The one rule of good standing; every other function here applies it."""
    shortfalls = []
    if membership is not Membership.FULL:
        shortfalls.append(Shortfall.NOT_FULL_MEMBER)
    if status is not OrganisationStatus.ACTIVE:
        shortfalls.append(Shortfall.SUSPENDED)
    outstanding = tuple(
        sorted(y for y, s in dues.items() if y < year and s is DuesStatus.OUTSTANDING)
    )
    if outstanding:
        shortfalls.append(Shortfall.DUES_OUTSTANDING)
    elif year - 1 not in dues:
        shortfalls.append(Shortfall.DUES_NOT_RECORDED)
    return Standing(year, tuple(shortfalls), outstanding)


def standing(organisation: Organisation, on: date) -> Standing:
    """The organisation's standing for a meeting held on ``on`` (its local date)."""
    return _standing(
        organisation.membership,
        organisation.status,
        {d.year: d.status for d in organisation.dues if d.year < on.year},
        on.year,
    )


def in_good_standing(
    years: Collection[int], organisation_ids: Collection[int] | None = None
) -> dict[int, set[int]]:
    """For each year, the ids of the organisations in good standing for meetings in that year
    (among ``organisation_ids`` if given), in one SQL statement however many there are."""
    if not years:
        return {}
    statement = (
        sa.select(
            Organisation.id, Organisation.membership, Organisation.status, Dues.year, Dues.status
        )
        .outerjoin(Dues, sa.and_(Dues.organisation_id == Organisation.id, Dues.year < max(years)))
        # Only full members can be in good standing (see _standing): the others need no rows.
        .where(Organisation.membership == Membership.FULL)
    )
    if organisation_ids is not None:
        statement = statement.where(Organisation.id.in_(set(organisation_ids)))
    facts: dict[int, tuple[Membership, OrganisationStatus]] = {}
    dues: dict[int, dict[int, DuesStatus]] = defaultdict(dict)
    for organisation_id, membership, status, year, paid in db.session.execute(statement):
        facts[organisation_id] = (membership, status)
        if year is not None:
            dues[organisation_id][year] = paid
    return {
        year: {
            organisation_id
            for organisation_id, (membership, status) in facts.items()
            if _standing(membership, status, dues[organisation_id], year).good
        }
        for year in years
    }


def voters_at(
    meetings: Iterable[tuple[Body, date]], organisation_ids: Collection[int] | None = None
) -> dict[tuple[int, date], set[int]]:
    """Who may vote at meetings of these bodies on these local dates: for each
    ``(body id, date)``, the ids of the organisations with a vote (among ``organisation_ids``
    if given). Two SQL statements at most, however many meetings and members.

    The body's voting rule decides: ``good-standing`` (full members in good standing, seats
    play no part) or ``current-seats`` (a voting seat whose term covers the date, held by an
    active full member). Associate members and partners never vote.
    """
    # A rule straight from a column default is the bare value until the row is read again.
    ruled = [(body, day, VotingRule(body.voting_rule)) for body, day in meetings]
    by_standing = [(body, day) for body, day, rule in ruled if rule is VotingRule.GOOD_STANDING]
    by_seats = [(body, day) for body, day, rule in ruled if rule is VotingRule.CURRENT_SEATS]
    answer: dict[tuple[int, date], set[int]] = {}
    if by_standing:
        good = in_good_standing({day.year for _body, day in by_standing}, organisation_ids)
        for body, day in by_standing:
            answer[body.id, day] = good[day.year]
    if by_seats:
        statement = (
            sa.select(
                BodySeat.body_id, BodySeat.organisation_id, BodySeat.term_start, BodySeat.term_end
            )
            .join(Organisation, Organisation.id == BodySeat.organisation_id)
            .where(
                BodySeat.body_id.in_({body.id for body, _day in by_seats}),
                BodySeat.role != SeatRole.OBSERVER,
                Organisation.status == OrganisationStatus.ACTIVE,
                Organisation.membership == Membership.FULL,
            )
        )
        if organisation_ids is not None:
            statement = statement.where(BodySeat.organisation_id.in_(set(organisation_ids)))
        seats = db.session.execute(statement).all()
        for body, day in by_seats:
            answer[body.id, day] = {
                organisation_id
                for body_id, organisation_id, start, end in seats
                if body_id == body.id and start <= day and (end is None or day <= end)
            }
    return answer


def voters(body: Body, on: date, organisation_ids: Collection[int] | None = None) -> set[int]:
    """The organisations that may vote at a meeting of ``body`` held on ``on`` (local date)."""
    return voters_at([(body, on)], organisation_ids)[body.id, on]


def may_vote(organisation: Organisation, body: Body | None, on: date) -> bool:
    """May this organisation vote at a meeting of ``body`` held on ``on`` (the meeting's local
    date)? The one answer the participant forms, quorum, badges and packs all ask for."""
    if body is None:
        return False
    return organisation.id in voters(body, on, [organisation.id])


def set_voting_rule(body: Body, rule: VotingRule) -> Body:
    body.voting_rule = VotingRule(rule)
    db.session.flush()
    return body
