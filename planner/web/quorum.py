"""The quorum pages: the organisers' live count with its proxies and frozen rolls, and the
projector's page for the room; both follow the door by polling the quorum's API answer every
second. Organisers record and revoke proxies and freeze rolls here; everyone signed in reads."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import csrf, db
from planner.governance.proxies import service as proxies
from planner.governance.quorum.live import live_quorum
from planner.governance.quorum.queries import member_rows
from planner.governance.quorum.service import body_of, quorum_forecasts
from planner.governance.rolls import service as rolls
from planner.uploads.views import takes_upload
from planner.web.access import organisers_only
from planner.web.participant_forms import ConfirmForm
from planner.web.quorum_forms import ProxyForm
from planner.web.refusals import pages_blueprint, received_upload, saving
from planner.web.votes import latest_vote

bp = pages_blueprint("quorum_pages", __name__)


@bp.get("/meetings/<int:event_id>/quorum")
@login_required
def quorum(event_id: int):
    return quorum_page(get_or_404(Event, event_id, "meeting"), ProxyForm(formdata=None))


def quorum_page(event: Event, proxy_form: ProxyForm, status: int = 200):
    """The live count, every voting member and how it attends, the proxies and the rolls."""
    body = body_of(event)
    now = live_quorum(event)
    rows = member_rows(now)
    choices = [SelectChoice("", "—")] + [
        SelectChoice(str(row.organisation.id), row.organisation.name) for row in rows
    ]
    proxy_form.giver_id.choices = proxy_form.holder_id.choices = choices
    return render_template(
        "web/quorum/index.html",
        event=event,
        body=body,
        quorum=now,
        forecast=quorum_forecasts([event])[event.id],
        rows=rows,
        proxies=db.session.scalars(proxies.proxies_in_order(event)).all(),
        rolls=db.session.scalars(rolls.rolls_in_order(event)).all(),
        frozen=proxies.roll_frozen(event),
        proxy_form=proxy_form,
    ), status


@bp.get("/meetings/<int:event_id>/projector")
@login_required
def projector(event_id: int):
    """Large type and no controls, for the screen of the room: the quorum, and the vote
    under way (or the latest one's result)."""
    event = get_or_404(Event, event_id, "meeting")
    return render_template(
        "web/quorum/projector.html",
        event=event,
        body=body_of(event),
        quorum=live_quorum(event),
        vote=latest_vote(event),
    )


@bp.post("/meetings/<int:event_id>/proxies")
@csrf.exempt  # the form checks its own token, once takes_upload has allowed a letter's size
@organisers_only
@takes_upload
def give_proxy(event_id: int):
    """A proxy between two voting members, with its mandate letter if it is in; on a refusal
    the page again, the form filled in and its message beside the field, nothing written."""
    event = get_or_404(Event, event_id, "meeting")
    form, status = received_upload(ProxyForm)
    if status is None:
        with saving(form) as save:
            proxy = proxies.give(event, form.giver_id.data, form.holder_id.data)
            if form.letter.data:
                letter = form.letter.data
                proxies.attach_letter(proxy, letter.read(), letter.filename, current_user.id)
        if save.saved:
            flash(_("%(giver)s has given its proxy to %(holder)s.", giver=proxy.giver.name,
                    holder=proxy.holder.name))  # fmt: skip
            return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#proxies")
        status = save.refusal.status if save.refusal else 422
    return quorum_page(event, form, status=status)


@bp.post("/meetings/<int:event_id>/proxies/<int:proxy_id>/revoke")
@organisers_only
def revoke_proxy(event_id: int, proxy_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as save:
            proxy = proxies.revoke(event, proxies.proxy_of(event, proxy_id))
        if save.refusal is not None:
            flash(save.refusal.message)
        else:
            flash(_("The proxy of %(giver)s is revoked.", giver=proxy.giver.name))
    return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#proxies")


@bp.post("/meetings/<int:event_id>/rolls")
@organisers_only
def freeze_roll(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as save:
            roll = rolls.freeze(event, current_user.id)
        if save.refusal is not None:
            flash(save.refusal.message)
        else:
            flash(_("The voter roll is frozen."))
            return redirect(url_for("quorum_pages.roll", event_id=event_id, roll_id=roll.id))
    return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#rolls")


@bp.get("/meetings/<int:event_id>/rolls/<int:roll_id>")
@login_required
def roll(event_id: int, roll_id: int):
    event = get_or_404(Event, event_id, "meeting")
    return render_template("web/quorum/roll.html", event=event, roll=rolls.roll_of(event, roll_id))
