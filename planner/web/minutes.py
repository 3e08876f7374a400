"""The minutes tab of a meeting: the draft as the record builds it, with the summary and a
text per agenda item that organisers write while it is a draft; links to the PDF in each
language; the approval once a later meeting has given it. Viewers read."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields import SelectChoice

from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.minutes import queries, service
from planner.governance.minutes.queries import MinutesRecord
from planner.web.access import can_change, organisers_only
from planner.web.minutes_forms import ApproveForm, MinutesForm, minutes_form
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("minutes_pages", __name__)

_PAGE = "/meetings/<int:event_id>/minutes"


@bp.get(_PAGE)
@login_required
def minutes(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    record = queries.minutes_record(event)
    form = _filled(record) if can_change() and not record.approved else None
    return _page(event, record, form)


def _filled(record: MinutesRecord) -> MinutesForm:
    form = minutes_form(record.all_items(), formdata=None)
    form.summary.data = record.summary
    for item in record.all_items():
        form[f"item_{item.id}"].data = item.minutes_text
    return form


def _approve_form(event: Event, record: MinutesRecord, **kwargs) -> ApproveForm | None:
    if not can_change() or record.approved:
        return None
    form = ApproveForm(**kwargs)
    form.vote_id.choices = [
        SelectChoice(vote.id, f"{vote.event.title}: {vote.question}")
        for vote in queries.approving_votes(event)
    ]
    return form


def _page(
    event: Event,
    record: MinutesRecord,
    form: MinutesForm | None,
    status: int = 200,
    approve_form: ApproveForm | None = None,
):
    return render_template(
        "web/minutes/index.html",
        event=event,
        record=record,
        form=form,
        approve_form=approve_form or _approve_form(event, record, formdata=None),
        languages=current_app.config["LANGUAGES"],
    ), status


@bp.post(_PAGE)
@organisers_only
def save(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    record = queries.minutes_record(event)
    form = minutes_form(record.all_items())
    status = 422
    if form.validate_on_submit():
        renames = {f"items.{item.id}": f"item_{item.id}" for item in record.all_items()}
        with saving(form, renames) as save:
            service.edit(event, form.values())
        if save.refusal is None:
            flash(_("The minutes are saved."))
            return redirect(url_for(".minutes", event_id=event.id), code=303)
        status = save.refusal.status
        if record.approved:  # no form to show it beside: said above the page
            flash(save.refusal.message)
            return _page(event, record, None, status)
    return _page(event, record, form, status)


@bp.post(_PAGE + "/approve")
@organisers_only
def approve(event_id: int):
    """Record the later meeting's vote that approved the minutes: they are frozen from then."""
    event = get_or_404(Event, event_id, "meeting")
    record = queries.minutes_record(event)
    form = _approve_form(event, record)
    if form is None:  # approved already
        flash(_("These minutes are approved already."))
        return redirect(url_for(".minutes", event_id=event.id), code=303)
    status = 422
    if form.validate_on_submit():
        with saving(form) as save:
            service.approve(event, form.vote_id.data)
        if save.refusal is None:
            flash(_("The minutes are approved: they can no longer change."))
            return redirect(url_for(".minutes", event_id=event.id), code=303)
        status = save.refusal.status
    return _page(event, record, _filled(record), status, approve_form=form)
