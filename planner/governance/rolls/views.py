"""Frozen rolls from the quorum page: organisers freeze one; everyone signed in reads them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.rolls import service
from planner.web.access import organisers_only
from planner.web.participant_forms import ConfirmForm
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("roll_pages", __name__)


@bp.post("/meetings/<int:event_id>/rolls")
@organisers_only
def freeze(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as save:
            roll = service.freeze(event, current_user.id)
        if save.refusal is not None:
            flash(save.refusal.message)
        else:
            flash(_("The voter roll is frozen."))
            return redirect(url_for("roll_pages.roll", event_id=event_id, roll_id=roll.id))
    return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#rolls")


@bp.get("/meetings/<int:event_id>/rolls/<int:roll_id>")
@login_required
def roll(event_id: int, roll_id: int):
    event = get_or_404(Event, event_id, "meeting")
    return render_template(
        "web/quorum/roll.html", event=event, roll=service.roll_of(event, roll_id)
    )
