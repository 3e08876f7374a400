"""/api/v1 endpoints of the member directory."""

from __future__ import annotations

import sqlalchemy as sa

from planner.api import Blueprint, dumped, shows_secrets
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.extensions import db
from planner.localtime import network_today
from planner.members import queries, service
from planner.members.models import Delegate, Dues, Organisation
from planner.members.schemas import (
    BodyChangeSchema,
    BodyPage,
    BodySchema,
    BodyWithSeatsSchema,
    DelegateForViewers,
    DelegatePage,
    DelegatePageForViewers,
    DelegateQuery,
    DelegateSchema,
    DuesChangeSchema,
    DuesPage,
    DuesSchema,
    OrganisationPage,
    OrganisationQuery,
    OrganisationSchema,
    StandingQuery,
    StandingSchema,
)

blp = Blueprint("members", __name__, description="Organisations, bodies and delegates")


@blp.get("/organisations")
@blp.arguments(OrganisationQuery, location="query")
@blp.response(200, OrganisationPage)
def list_organisations(args):
    statement = queries.organisations_matching(
        membership=args.get("membership"), country=args.get("country"), text=args.get("q")
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


@blp.get("/organisations/<int:organisation_id>/dues")
@blp.arguments(PageArgs, location="query")
@blp.response(200, DuesPage)
def list_dues(args, organisation_id):
    """The organisation's dues, latest year first."""
    get_or_404(Organisation, organisation_id, "organisation")
    statement = (
        sa.select(Dues).where(Dues.organisation_id == organisation_id).order_by(Dues.year.desc())
    )
    return paginate(statement, args["page"], args["per_page"])


@blp.post("/organisations/<int:organisation_id>/dues")
@blp.arguments(DuesSchema)
@blp.response(201, DuesSchema)
def create_dues(data, organisation_id):
    """Record a year's dues; 409 (naming ``year``) when that year has a record already."""
    organisation = get_or_404(Organisation, organisation_id, "organisation")
    dues = service.record_dues(organisation, data, replace=False)
    db.session.commit()
    return dues


@blp.put("/organisations/<int:organisation_id>/dues/<int:year>")
@blp.arguments(DuesChangeSchema)
@blp.response(200, DuesSchema)
def record_dues(data, organisation_id, year):
    """Record or replace a year's dues."""
    organisation = get_or_404(Organisation, organisation_id, "organisation")
    dues = service.record_dues(organisation, {**data, "year": year})
    db.session.commit()
    return dues


@blp.delete("/organisations/<int:organisation_id>/dues/<int:year>")
@blp.response(204)
def delete_dues(organisation_id, year):
    service.delete_dues(get_or_404(Organisation, organisation_id, "organisation"), year)
    db.session.commit()


@blp.get("/organisations/<int:organisation_id>/standing")
@blp.arguments(StandingQuery, location="query")
@blp.response(200, StandingSchema)
def get_standing(args, organisation_id):
    """In good standing for meetings on a date (today by default), and if not, why."""
    organisation = get_or_404(Organisation, organisation_id, "organisation")
    return service.standing(organisation, args.get("on") or network_today())


@blp.get("/bodies")
@blp.arguments(PageArgs, location="query")
@blp.response(200, BodyPage)
def list_bodies(args):
    return paginate(queries.bodies_in_order(), args["page"], args["per_page"])


@blp.get("/bodies/<slug>")
@blp.response(200, BodyWithSeatsSchema)
def get_body(slug):
    return queries.body_with_seats(slug)


@blp.patch("/bodies/<slug>")
@blp.arguments(BodyChangeSchema)
@blp.response(200, BodySchema)
def update_body(changes, slug):
    """Change who votes at the body's meetings (its voting rule)."""
    body = service.set_voting_rule(queries.body_by_slug(slug), changes["voting_rule"])
    db.session.commit()
    return body


@blp.get("/delegates")
@blp.arguments(DelegateQuery, location="query")
@blp.response(200, DelegatePage)
def list_delegates(args):
    statement = queries.delegates_by_name(
        organisation_id=args.get("organisation_id"), text=args.get("q")
    )
    page = paginate(statement, args["page"], args["per_page"])
    return page if shows_secrets() else dumped(page, DelegatePageForViewers)


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
    delegate = get_or_404(Delegate, delegate_id, "delegate")
    return delegate if shows_secrets() else dumped(delegate, DelegateForViewers)


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
