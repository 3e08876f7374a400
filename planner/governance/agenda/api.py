"""/api/v1 endpoints of a meeting's agenda: organisers write, viewers read."""

from __future__ import annotations

from planner.api import Blueprint
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.agenda import queries, service
from planner.governance.agenda.queries import Entry
from planner.governance.agenda.schemas import (
    AgendaItemRequestSchema,
    AgendaItemSchema,
    AgendaSchema,
    ReorderSchema,
)

blp = Blueprint("agenda", __name__, description="The agenda of a meeting")

_LIST = "/events/<int:event_id>/agenda"
_ONE = f"{_LIST}/<int:item_id>"


def _entry(event: Event, item_id: int) -> Entry:
    entry = queries.entry_of(event.id, item_id)
    assert entry is not None  # the caller has just found or written the item
    return entry


@blp.get(_LIST)
@blp.response(200, AgendaSchema)
def get_agenda(event_id: int):
    """The agenda as a tree: top-level items in order, each with its numbered sub-items."""
    get_or_404(Event, event_id, "event")
    return {"items": queries.agenda(event_id)}


@blp.post(_LIST)
@blp.arguments(AgendaItemRequestSchema)
@blp.response(201, AgendaItemSchema)
def add_item(data, event_id: int):
    """A new item at the end of the agenda, or of the sub-items of ``parent_id``. Refused
    (422, naming the field): a session of another meeting, a parent that is a sub-item or
    another meeting's item."""
    event = get_or_404(Event, event_id, "event")
    item = service.add(event, {k: v for k, v in data.items() if v is not None})
    db.session.commit()
    return _entry(event, item.id)


@blp.get(_ONE)
@blp.response(200, AgendaItemSchema)
def get_item(event_id: int, item_id: int):
    event = get_or_404(Event, event_id, "event")
    return _entry(event, service.item_of(event, item_id).id)


@blp.patch(_ONE)
@blp.arguments(AgendaItemRequestSchema(partial=True))
@blp.response(200, AgendaItemSchema)
def edit_item(changes, event_id: int, item_id: int):
    """Change an item; another ``parent_id`` (null: the top level) moves it to the end of
    that list. An item with sub-items cannot become a sub-item."""
    event = get_or_404(Event, event_id, "event")
    item = service.edit(service.item_of(event, item_id), changes)
    db.session.commit()
    return _entry(event, item.id)


@blp.delete(_ONE)
@blp.response(204)
@blp.alt_response(409, description="a vote was put on the item or one of its sub-items")
def delete_item(event_id: int, item_id: int):
    """Delete an item with its sub-items; the items after it move up."""
    event = get_or_404(Event, event_id, "event")
    service.delete(service.item_of(event, item_id))
    db.session.commit()


@blp.put(f"{_LIST}/order")
@blp.arguments(ReorderSchema)
@blp.response(200, AgendaSchema)
@blp.alt_response(409, description="the list has gained or lost an item since it was read")
def reorder(data, event_id: int):
    """Order one list (the top level, or the sub-items of ``parent_id``) as ``ids`` says:
    every item of it, each once. Numbers follow."""
    event = get_or_404(Event, event_id, "event")
    service.reorder(event, data["parent_id"], data["ids"])
    db.session.commit()
    return {"items": queries.agenda(event_id)}
