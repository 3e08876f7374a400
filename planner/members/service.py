"""Rules of the member directory."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.interfaces import ORMOption

from planner.db import SLUG_PATTERN, apply_changes, delete_unreferenced, get_or_404
from planner.errors import Conflict, NotFound
from planner.extensions import db
from planner.members.models import Body, Delegate, Membership, Organisation

# Organisations ------------------------------------------------------------------------------


def create_organisation(data: dict[str, Any]) -> Organisation:
    _ensure_slug_free(data["slug"])
    organisation = Organisation(**data)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, changes: dict[str, Any]) -> Organisation:
    if changes.get("slug", organisation.slug) != organisation.slug:
        _ensure_slug_free(changes["slug"])
    apply_changes(organisation, changes)
    db.session.flush()
    return organisation


def delete_organisation(organisation: Organisation) -> None:
    delete_unreferenced(organisation, organisation.name)


def _ensure_slug_free(slug: str) -> None:
    if db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug)):
        raise Conflict(f"an organisation with slug {slug!r} exists", {"slug": ["already taken"]})


# Bodies -------------------------------------------------------------------------------------


def body_by_slug(slug: str, *options: ORMOption, field: str | None = None) -> Body:
    """The body with this slug, or NotFound (naming ``field``, the input that carried it).

    A string that cannot be a slug is not looked up at all: a NUL in a URL would otherwise
    reach PostgreSQL, which refuses it with an error instead of finding nothing.
    """
    body = None
    if SLUG_PATTERN.match(slug):
        body = db.session.scalar(sa.select(Body).where(Body.slug == slug).options(*options))
    if body is None:
        raise NotFound(
            f"body {slug!r} does not exist", {field: ["does not exist"]} if field else None
        )
    return body


# Delegates ----------------------------------------------------------------------------------


def new_secret() -> str:
    """A URL-safe secret of 256 random bits, for feed and RSVP links."""
    return secrets.token_urlsafe(32)


def create_delegate(data: dict[str, Any]) -> Delegate:
    organisation = get_or_404(
        Organisation, data["organisation_id"], "organisation", field="organisation_id"
    )
    _ensure_email_free(data["email"])
    data.setdefault("timezone", organisation.timezone)
    delegate = Delegate(**data, calendar_token=new_secret())
    db.session.add(delegate)
    db.session.flush()
    return delegate


def update_delegate(delegate: Delegate, changes: dict[str, Any]) -> Delegate:
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
    delegate.calendar_token = new_secret()
    db.session.flush()
    return delegate


def _ensure_email_free(email: str) -> None:
    if db.session.scalar(sa.select(Delegate.id).where(Delegate.email == email)):
        raise Conflict(f"a delegate with e-mail {email} exists", {"email": ["already taken"]})


def membership_counts() -> dict[Membership, int]:
    """How many organisations hold each kind of membership."""
    rows = db.session.execute(
        sa.select(Organisation.membership, sa.func.count()).group_by(Organisation.membership)
    )
    return {membership: count for membership, count in rows}
