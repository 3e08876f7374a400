"""Proxies from the quorum page: organisers record and revoke them."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.proxies import service
from planner.governance.proxies.forms import ProxyForm
from planner.governance.quorum.views import quorum_page
from planner.web.access import organisers_only
from planner.web.participant_forms import ConfirmForm
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("proxy_pages", __name__)


@bp.post("/meetings/<int:event_id>/proxies")
@organisers_only
def give(event_id: int):
    """A proxy between two voting members; on a refusal the page again, the form filled in
    and its message beside the field, nothing written."""
    event = get_or_404(Event, event_id, "meeting")
    form = ProxyForm()
    quorum_page(event, form)  # the choices, so that the form can validate them
    if form.validate_on_submit():
        with saving(form) as save:
            proxy = service.give(event, form.giver_id.data, form.holder_id.data)
        if save.saved:
            flash(_("%(giver)s has given its proxy to %(holder)s.", giver=proxy.giver.name,
                    holder=proxy.holder.name))  # fmt: skip
            return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#proxies")
    return quorum_page(event, form, status=422)


@bp.post("/meetings/<int:event_id>/proxies/<int:proxy_id>/revoke")
@organisers_only
def revoke(event_id: int, proxy_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as save:
            proxy = service.revoke(event, service.proxy_of(event, proxy_id))
        if save.refusal is not None:
            flash(save.refusal.message)
        else:
            flash(_("The proxy of %(giver)s is revoked.", giver=proxy.giver.name))
    return redirect(url_for("quorum_pages.quorum", event_id=event_id) + "#proxies")
