"""The member directory and the bodies: who the members are, who speaks for them, and which
seats they hold. Everyone signed in reads; organisers add seats and end terms."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import Field
from wtforms.fields import SelectChoice

from planner.db import utcnow
from planner.events.queries import upcoming_meetings_of_organisation
from planner.governance.quorum.service import quorum_needed
from planner.links import organisation_feed_path, subscription_links
from planner.localtime import network_today
from planner.members import queries
from planner.members import service as members
from planner.members.models import Body, DuesStatus, Membership, SeatRole, VotingRule
from planner.members.service import Term, term_on
from planner.web.access import can_change, organisers_only
from planner.web.directory_forms import (
    DirectorySearchForm,
    DuesForm,
    EndSeatForm,
    SeatForm,
    VotingRuleForm,
)
from planner.web.labels import (
    country_name,
    day_label,
    dues_status_label,
    membership_label,
    seat_role_label,
    voting_rule_label,
)
from planner.web.paging import page_of, requested_page
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("directory", __name__)


#: How a body's seats are listed: current ones first, then those to come, then the past.
TERM_ORDER = (Term.CURRENT, Term.FUTURE, Term.ENDED)
ROLE_ORDER = {role: rank for rank, role in enumerate(SeatRole)}


def _chosen(field: Field) -> str | None:
    """A filter's value, unless empty or refused."""
    return None if field.errors or not field.data else field.data


@bp.get("/members")
@login_required
def organisations():
    """The directory: search by organisation, city or delegate name, in any script; filter by
    country and membership; the filters stay in the URL."""
    form = DirectorySearchForm(request.args)
    countries = sorted(queries.organisation_countries(), key=country_name)
    form.country.choices = [SelectChoice("", _("All countries"))] + [
        SelectChoice(c, country_name(c)) for c in countries
    ]
    form.membership.choices = [SelectChoice("", _("Any membership"))] + [
        SelectChoice(m.value, membership_label(m)) for m in Membership
    ]
    valid = form.validate()  # a wrong filter is reported; the others still apply
    membership = _chosen(form.membership)
    text = _chosen(form.q)
    rows = queries.search_organisations(
        text, _chosen(form.country), Membership(membership) if membership else None
    )
    # By country as the reader names it ("Corée du Sud" sorts under C), then by name.
    rows.sort(key=lambda row: (country_name(row.organisation.country), row.organisation.name))
    listing = page_of(rows, requested_page())
    shown = [row.organisation.id for row in listing.items]
    return render_template(
        "web/directory/organisations.html",
        form=form,
        listing=listing,
        matched=queries.delegates_matching(text, shown) if text else {},
        total=queries.organisation_total(),
        filtered=any((form.q.data, form.country.data, form.membership.data)),
    ), 200 if valid else 422


@bp.get("/members/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    return _organisation_page(organisation_id, DuesForm(formdata=None))


@bp.post("/members/<int:organisation_id>/dues")
@organisers_only
def record_dues(organisation_id: int):
    """A year's dues (replacing that year's record); on an error the page again, the form
    filled in, its messages beside the fields, nothing written."""
    found = queries.organisation_profile(organisation_id)
    form = DuesForm()
    if form.validate_on_submit():
        with saving(form) as save:
            members.record_dues(found, {
                "year": form.year.data, "status": DuesStatus(form.status.data),
                "amount": form.amount.data, "currency": (form.currency.data or "USD").strip(),
                "reason": form.reason.data or None,
            })  # fmt: skip
        if save.saved:
            flash(_("Dues for %(year)d recorded.", year=form.year.data))
            return redirect(url_for("directory.organisation", organisation_id=organisation_id))
    return _organisation_page(organisation_id, form, status=422)


def _organisation_page(organisation_id: int, dues_form: DuesForm, status: int = 200):
    """An organisation: its standing and dues, its delegates, its seats on bodies, and the
    meetings ahead of it."""
    found = queries.organisation_profile(organisation_id)
    now = utcnow()
    today = network_today()
    seats = sorted(
        found.seats,
        key=lambda s: (TERM_ORDER.index(term_on(s, today)), s.body.name, -s.term_start.toordinal()),
    )
    participations = upcoming_meetings_of_organisation(found.id, now)
    meetings = [
        (event, list(taking_part))
        for event, taking_part in groupby(participations, key=lambda p: p.event)
    ]
    feed = organisation_feed_path(found.slug)
    return render_template(
        "web/directory/organisation.html",
        organisation=found,
        links=subscription_links(current_app.config["PLANNER_BASE_URL"], feed, found.name),
        delegates=sorted(found.delegates, key=lambda d: (d.sort_name, d.id)),
        seats=[(seat, term_on(seat, today)) for seat in seats],
        meetings=meetings,
        standing=members.standing(found, today),
        dues=sorted(found.dues, key=lambda d: -d.year),
        dues_form=_dues_choices(dues_form),
    ), status


def _dues_choices(form: DuesForm) -> DuesForm:
    form.status.choices = [SelectChoice(s.value, dues_status_label(s)) for s in DuesStatus]
    return form


@bp.post("/bodies/<slug>/voting-rule")
@organisers_only
def change_voting_rule(slug: str):
    found = queries.body_by_slug(slug)
    form = VotingRuleForm()
    if form.validate_on_submit():
        with saving(form) as save:
            members.set_voting_rule(found, VotingRule(form.voting_rule.data))
        if save.saved:
            flash(_("Who votes at %(body)s: %(rule)s.", body=found.name,
                    rule=voting_rule_label(found.voting_rule)))  # fmt: skip
            return redirect(url_for("directory.body", slug=slug))
    return _body_page(queries.body_with_seats(slug), SeatForm(formdata=None), status=422,
                      rule_form=form)  # fmt: skip


@bp.get("/bodies")
@login_required
def bodies():
    """The bodies, their seats held today and the quorum each needs."""
    summaries = queries.body_summaries(network_today())
    return render_template(
        "web/directory/bodies.html",
        summaries=[
            (summary, quorum_needed(summary.body.quorum_rule, summary.voting_seats))
            for summary in summaries
        ],
    )


@bp.get("/bodies/<slug>")
@login_required
def body(slug: str):
    return _body_page(queries.body_with_seats(slug), SeatForm())


@bp.post("/bodies/<slug>/seats")
@organisers_only
def add_seat(slug: str):
    """A new seat; on an error the body's page again, the form filled in, nothing written."""
    found = queries.body_with_seats(slug)
    form = SeatForm()
    if form.validate_on_submit():
        with saving(form) as save:
            seat = members.add_seat(found, _seat_data(form))
        if save.saved:
            flash(_("%(organisation)s now holds a seat on %(body)s as %(role)s.",
                    organisation=seat.organisation.name, body=found.name,
                    role=seat_role_label(seat.role)))  # fmt: skip
            return redirect(url_for("directory.body", slug=slug))
        found = queries.body_with_seats(slug)  # afresh, its seats loaded as on a GET
    return _body_page(found, form, status=422)


def _seat_data(form: SeatForm) -> dict:
    return {
        "organisation_id": form.organisation_id.data,
        "role": SeatRole(form.role.data),
        "term_start": form.term_start.data,
        "term_end": form.term_end.data,
    }


@bp.route("/bodies/<slug>/seats/<int:seat_id>/end", methods=["GET", "POST"])
@organisers_only
def end_seat(slug: str, seat_id: int):
    """Ending a term asks first: a page that names the seat and the last day, then a POST."""
    found = queries.body_by_slug(slug)
    seat = queries.seat_of_body(found, seat_id)
    form = EndSeatForm()
    if request.method == "GET":
        form.term_end.data = max(network_today(), seat.term_start)
    elif form.validate_on_submit():
        with saving(form) as save:
            members.end_seat(seat, form.term_end.data)
        if save.saved:
            flash(_("The seat of %(organisation)s on %(body)s ends on %(day)s.",
                    organisation=seat.organisation.name, body=found.name,
                    day=day_label(form.term_end.data)))  # fmt: skip
            return redirect(url_for("directory.body", slug=slug))
    page = render_template("web/directory/end_seat.html", body=found, seat=seat, form=form)
    return page, 422 if form.errors else 200


def _body_page(
    found: Body, form: SeatForm, status: int = 200, rule_form: VotingRuleForm | None = None
):
    today = network_today()
    ordered = sorted(
        found.seats,
        key=lambda s: (TERM_ORDER.index(term_on(s, today)), ROLE_ORDER[s.role],
                       s.organisation.country, s.organisation.name, s.id),
    )  # fmt: skip
    # A page of seats at a time (the General Assembly of a large network has thousands),
    # under the headings of their terms, each counting all of its seats.
    listing = page_of(ordered, requested_page())
    groups = [
        (term, list(seats))
        for term, seats in groupby(listing.items, key=lambda s: term_on(s, today))
    ]
    counts = Counter(term_on(seat, today) for seat in ordered)
    if rule_form is None:
        rule_form = VotingRuleForm(formdata=None, voting_rule=found.voting_rule.value)
    rule_form.voting_rule.choices = [
        SelectChoice(rule.value, voting_rule_label(rule)) for rule in VotingRule
    ]
    if can_change():  # only organisers see the form
        _organisation_choices(form)
    page = render_template(
        "web/directory/body.html",
        body=found,
        groups=groups,
        counts=counts,
        listing=listing,
        form=form,
        rule_form=rule_form,
    )
    return page, status


def _organisation_choices(form: SeatForm) -> None:
    form.organisation_id.choices = [SelectChoice("", _("Choose an organisation"))] + [
        SelectChoice(organisation.id, f"{organisation.name} · {country_name(organisation.country)}")
        for organisation in queries.organisations_by_name()
    ]
    form.role.choices = [SelectChoice(role.value, seat_role_label(role)) for role in SeatRole]
