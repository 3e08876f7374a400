"""The quorum pages: the organisers' live count with proxies and rolls, and the projector's
page for the room. Both follow the door by polling the quorum's API answer every second."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required
from wtforms.fields import SelectChoice

from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.proxies.forms import ProxyForm
from planner.governance.proxies.service import proxies_in_order, roll_frozen
from planner.governance.quorum.live import live_quorum
from planner.governance.quorum.queries import member_rows
from planner.governance.quorum.service import body_of, quorum_forecasts
from planner.governance.rolls.service import rolls_in_order
from planner.web.refusals import pages_blueprint

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
        proxies=db.session.scalars(proxies_in_order(event)).all(),
        rolls=db.session.scalars(rolls_in_order(event)).all(),
        frozen=roll_frozen(event),
        proxy_form=proxy_form,
    ), status


@bp.get("/meetings/<int:event_id>/projector")
@login_required
def projector(event_id: int):
    """Large type and no controls, for the screen of the room."""
    event = get_or_404(Event, event_id, "meeting")
    return render_template(
        "web/quorum/projector.html", event=event, body=body_of(event), quorum=live_quorum(event)
    )
