"""/api/v1 endpoints of the member directory."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from planner.api import Blueprint
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.extensions import db
from planner.members import service
from planner.members.models import Body, BodySeat, Delegate, Organisation
from planner.members.schemas import (
    BodyPage,
    BodyWithSeatsSchema,
    DelegatePage,
    DelegateQuery,
    DelegateSchema,
    OrganisationPage,
    OrganisationQuery,
    OrganisationSchema,
)

blp = Blueprint("members", __name__, description="Organisations, bodies and delegates")


def _name_matches(text: str, *columns) -> sa.ColumnElement[bool]:
    """Case-insensitive substring match; % and _ in the text are taken literally."""
    needle = text.strip().lower()
    return sa.or_(*(sa.func.lower(column).contains(needle, autoescape=True) for column in columns))


@blp.get("/organisations")
@blp.arguments(OrganisationQuery, location="query")
@blp.response(200, OrganisationPage)
def list_organisations(args):
    statement = sa.select(Organisation).order_by(Organisation.country, Organisation.name)
    if "membership" in args:
        statement = statement.where(Organisation.membership == args["membership"])
    if "country" in args:
        statement = statement.where(Organisation.country == args["country"])
    if args.get("q"):
        statement = statement.where(
            _name_matches(args["q"], Organisation.name, Organisation.native_name)
        )
    return paginate(statement, args["page"], args["per_page"])


@blp.post("/organisations")
@blp.arguments(OrganisationSchema)
@blp.response(201, OrganisationSchema)
def create_organisation(data):
    organisation = service.create_organisation(data)
    db.session.commit()
    return organisation


@blp.get("/organisations/<int:organisation_id>")
@blp.response(200, OrganisationSchema)
def get_organisation(organisation_id):
    return get_or_404(Organisation, organisation_id, "organisation")


@blp.patch("/organisations/<int:organisation_id>")
@blp.arguments(OrganisationSchema(partial=True))
@blp.response(200, OrganisationSchema)
def update_organisation(changes, organisation_id):
    organisation = get_or_404(Organisation, organisation_id, "organisation")
    service.update_organisation(organisation, changes)
    db.session.commit()
    return organisation


@blp.delete("/organisations/<int:organisation_id>")
@blp.response(204)
def delete_organisation(organisation_id):
    service.delete_organisation(get_or_404(Organisation, organisation_id, "organisation"))
    db.session.commit()


@blp.get("/bodies")
@blp.arguments(PageArgs, location="query")
@blp.response(200, BodyPage)
def list_bodies(args):
    return paginate(sa.select(Body).order_by(Body.id), args["page"], args["per_page"])


@blp.get("/bodies/<slug>")
@blp.response(200, BodyWithSeatsSchema)
def get_body(slug):
    return service.body_by_slug(slug, selectinload(Body.seats).joinedload(BodySeat.organisation))


@blp.get("/delegates")
@blp.arguments(DelegateQuery, location="query")
@blp.response(200, DelegatePage)
def list_delegates(args):
    statement = (
        sa.select(Delegate)
        .options(selectinload(Delegate.organisation))
        .order_by(Delegate.full_name, Delegate.id)
    )
    if "organisation_id" in args:
        statement = statement.where(Delegate.organisation_id == args["organisation_id"])
    if args.get("q"):
        statement = statement.where(
            _name_matches(args["q"], Delegate.full_name, Delegate.native_name, Delegate.email)
        )
    return paginate(statement, args["page"], args["per_page"])


@blp.post("/delegates")
@blp.arguments(DelegateSchema)
@blp.response(201, DelegateSchema)
def create_delegate(data):
    delegate = service.create_delegate(data)
    db.session.commit()
    return delegate


@blp.get("/delegates/<int:delegate_id>")
@blp.response(200, DelegateSchema)
def get_delegate(delegate_id):
    return get_or_404(Delegate, delegate_id, "delegate")


@blp.patch("/delegates/<int:delegate_id>")
@blp.arguments(DelegateSchema(partial=True))
@blp.response(200, DelegateSchema)
def update_delegate(changes, delegate_id):
    delegate = service.update_delegate(get_or_404(Delegate, delegate_id, "delegate"), changes)
    db.session.commit()
    return delegate


@blp.delete("/delegates/<int:delegate_id>")
@blp.response(204)
def delete_delegate(delegate_id):
    service.delete_delegate(get_or_404(Delegate, delegate_id, "delegate"))
    db.session.commit()


@blp.post("/delegates/<int:delegate_id>/calendar-token")
@blp.response(200, DelegateSchema)
def rotate_calendar_token(delegate_id):
    delegate = service.rotate_calendar_token(get_or_404(Delegate, delegate_id, "delegate"))
    db.session.commit()
    return delegate
