"""The agenda page of a meeting: its numbered items with their kind and session. Organisers
add, edit and delete items and order them by the Up and Down buttons (plain forms) or by
dragging (agenda-order.js, which sends a list's new order through the same kind of form);
everyone signed in reads."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms.fields import SelectChoice

from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.agenda import queries, service
from planner.governance.models import AgendaItem
from planner.localtime import local_moment
from planner.web.access import organisers_only
from planner.web.agenda_forms import AgendaItemForm, MoveForm, OrderForm
from planner.web.participant_forms import ConfirmForm
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("agenda_pages", __name__)

_PAGE = "/meetings/<int:event_id>/agenda"
_ONE = f"{_PAGE}/<int:item_id>"


@bp.get(_PAGE)
@login_required
def agenda(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    return _agenda_page(event, AgendaItemForm(formdata=None))


def _agenda_page(event: Event, form: AgendaItemForm, status: int = 200):
    entries = queries.agenda(event.id)
    _choices(event, form, entries)
    return render_template("web/agenda/index.html", event=event, entries=entries, form=form), status


def _choices(event: Event, form: AgendaItemForm, entries: list[queries.Entry],
             item: AgendaItem | None = None) -> None:  # fmt: skip
    """The places an item may go (the top level, or under a top-level item other than
    itself) and the meeting's sessions."""
    form.parent_id.choices = [SelectChoice("", _("Top level"))] + [
        SelectChoice(
            str(e.item.id), _("Under %(number)s. %(title)s", number=e.number, title=e.item.title)
        )
        for e in entries
        if item is None or e.item.id != item.id
    ]
    form.session_id.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(s.id), f"{local_moment(s.starts_at, event.timezone)} · {s.title}")
        for s in event.sessions
    ]


def _back(event: Event, item_id: int | None = None) -> Response:
    anchor = f"item-{item_id}" if item_id else None
    return redirect(url_for(".agenda", event_id=event.id, _anchor=anchor), code=303)


@bp.post(_PAGE)
@organisers_only
def add(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = AgendaItemForm()
    if form.validate_on_submit():
        with saving(form) as save:
            item = service.add(event, form.values())
        if save.saved:
            flash(_("“%(title)s” is on the agenda.", title=item.title))
            return _back(event, item.id)
    return _agenda_page(event, form, 422)


@bp.route(_ONE, methods=["GET", "POST"])
@organisers_only
def edit(event_id: int, item_id: int):
    event = get_or_404(Event, event_id, "meeting")
    item = service.item_of(event, item_id)
    form = AgendaItemForm(obj=item)
    if form.is_submitted() and form.validate():
        with saving(form) as save:
            service.edit(item, form.values())
        if save.saved:
            flash(_("“%(title)s” is saved.", title=item.title))
            return _back(event, item.id)
    elif not form.is_submitted():
        form.kind.data = item.kind.value
    entry = queries.entry_of(event.id, item.id)
    _choices(event, form, queries.agenda(event.id), item)
    status = 422 if form.errors else 200
    return render_template(
        "web/agenda/edit.html", event=event, entry=entry, form=form, delete_form=ConfirmForm()
    ), status


@bp.post(f"{_ONE}/delete")
@organisers_only
def delete(event_id: int, item_id: int):
    event = get_or_404(Event, event_id, "meeting")
    item = service.item_of(event, item_id)
    title = item.title
    if ConfirmForm().validate_on_submit():
        with saving() as save:
            service.delete(item)
        flash(save.refusal.message if save.refusal else _("“%(title)s” is deleted.", title=title))
        if save.refusal:
            return redirect(url_for(".edit", event_id=event.id, item_id=item_id), code=303)
    return _back(event)


@bp.post(f"{_ONE}/move")
@organisers_only
def move(event_id: int, item_id: int):
    event = get_or_404(Event, event_id, "meeting")
    item = service.item_of(event, item_id)
    form = MoveForm()
    if form.validate_on_submit():
        with saving() as save:
            service.move(item, -1 if form.direction.data == "up" else 1)
        _said(save.refusal, item)
    return _back(event, item_id)


@bp.post(f"{_PAGE}/order")
@organisers_only
def reorder(event_id: int):
    """A list's new order from dragging: the same refusals as the API's, as a message."""
    event = get_or_404(Event, event_id, "meeting")
    form = OrderForm()
    if form.validate_on_submit():
        ids = [int(n) for n in form.ids.data.split(",")]
        parent_id = int(form.parent_id.data) if form.parent_id.data.isdigit() else None
        with saving() as save:
            service.reorder(event, parent_id, ids)
        flash(save.refusal.message if save.refusal else _("The new order is saved."))
    # No anchor: the page's script put the moved item's in the form's action, which stays.
    return _back(event)


def _said(refusal, item: AgendaItem) -> None:
    if refusal is not None:
        flash(refusal.message)
        return
    entry = queries.entry_of(item.event_id, item.id)
    if entry is not None:
        flash(_("“%(title)s” is now item %(number)s.", title=item.title, number=entry.number))
