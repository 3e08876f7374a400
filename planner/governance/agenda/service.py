"""The rules of a meeting's agenda. Items sit in sibling lists (the top level, or the sub-items
of one top-level item: one level only) whose positions run 1, 2, 3… without gaps, so an
item's number ("3", "3.2") is its position and its parent's. Every write takes the meeting's
row lock first, so two organisers reordering at once cannot leave two items in one place.
Each refusal names the field at fault and comes before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.errors import Conflict, Invalid, NotFound
from planner.events.models import Event, Session
from planner.extensions import db
from planner.governance.models import AgendaItem, AgendaItemKind, Minutes, Vote
from planner.governance.proxies.service import lock_meeting
from planner.validation import check

#: What ``add`` and ``edit`` take; anything else is the caller's mistake.
FIELDS = frozenset({"title", "text", "kind", "parent_id", "session_id"})


def _unminuted(event: Event) -> None:
    """Serialise the agenda's writes (the meeting's row lock); refused once the meeting's
    minutes are approved, since the minutes print the agenda as it stands."""
    lock_meeting(event)
    approved = sa.select(Minutes.id).where(
        Minutes.event_id == event.id, Minutes.approved_at.isnot(None)
    )
    if db.session.scalar(approved) is not None:
        raise Conflict(
            _("the minutes of this meeting are approved: its agenda can no longer change")
        )


def item_of(event: Event, item_id: int) -> AgendaItem:
    """One item of this meeting's agenda (NotFound also when it is another meeting's)."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id:
        raise NotFound(
            _("agenda item %(id)s does not exist in event %(event)s", id=item_id, event=event.id)
        )
    return item


def add(event: Event, data: dict[str, Any]) -> AgendaItem:
    """A new item at the end of its list (the top level, or under ``parent_id``)."""
    if not data.get("title"):
        raise Invalid.field("title", _("must not be blank"))
    values = _checked(event, None, data)
    _unminuted(event)
    parent_id = values.get("parent_id")
    item = AgendaItem(
        event_id=event.id,
        position=len(_siblings(event.id, parent_id)) + 1,
        **{"kind": AgendaItemKind.OTHER, **values},
    )
    db.session.add(item)
    db.session.flush()
    return item


def edit(item: AgendaItem, changes: dict[str, Any]) -> AgendaItem:
    """Change an item; another ``parent_id`` moves it (with nothing under it) to the end of
    that list, and closes the gap it leaves."""
    event = item.event
    values = _checked(event, item, changes)
    _unminuted(event)
    old_parent = item.parent_id
    moves = "parent_id" in values and values["parent_id"] != old_parent
    if moves:
        item.position = len(_siblings(event.id, values["parent_id"])) + 1
    for name, value in values.items():
        setattr(item, name, value)
    db.session.flush()
    if moves:
        db.session.expire(item, ["parent"])
        _close_gaps(event.id, old_parent)
    return item


def delete(item: AgendaItem) -> None:
    """Delete an item and its sub-items; refused (Conflict) while a vote is on any of them:
    a vote is a record of the meeting, which deleting its item would take with it."""
    event = item.event
    _unminuted(event)
    ids = [
        item.id,
        *db.session.scalars(sa.select(AgendaItem.id).where(AgendaItem.parent_id == item.id)),
    ]
    if db.session.scalar(sa.select(sa.exists().where(Vote.agenda_item_id.in_(ids)))):
        raise Conflict(
            _("a vote was put on this agenda item: it can no longer be deleted"),
            {"id": [_("has a vote")]},
        )
    parent_id = item.parent_id
    db.session.delete(item)
    db.session.flush()
    _close_gaps(event.id, parent_id)


def move(item: AgendaItem, step: int) -> AgendaItem:
    """Swap an item with the one above (``step`` -1) or below (+1) it in its list."""
    if step not in (-1, 1):
        raise Invalid.field("step", _("must be -1 (up) or 1 (down)"))
    _unminuted(item.event)
    siblings = _siblings(item.event_id, item.parent_id)
    index = siblings.index(item.id) + step
    if not 0 <= index < len(siblings):
        message = (
            _("the first item cannot move up") if step < 0 else _("the last item cannot move down")
        )
        raise Invalid.field("step", message)
    siblings[index - step], siblings[index] = siblings[index], siblings[index - step]
    _place(siblings)
    return item


def reorder(event: Event, parent_id: int | None, ids: Sequence[int]) -> None:
    """Put one list (the top level, or the sub-items of ``parent_id``) in the order of
    ``ids``, as dragging sends it: the same items, each once. An id of another list is bad
    input (422); a list that has gained or lost an item since the page was drawn is a
    Conflict (409): the sender's picture of it is stale."""
    if parent_id is not None:
        _parent(event, None, parent_id)
    if len(set(ids)) != len(ids):
        raise Invalid.field("ids", _("lists an item more than once"))
    _unminuted(event)
    siblings = _siblings(event.id, parent_id)
    strangers = sorted(set(ids) - set(siblings))
    if strangers:
        raise Invalid.field(
            "ids",
            _("%(ids)s are not items of this list", ids=", ".join(map(str, strangers))),
        )
    if len(ids) != len(siblings):
        message = _("the agenda has changed meanwhile: reload it and order it again")
        raise Conflict(message, {"ids": [message]})
    _place(list(ids))


# Checks and positions -----------------------------------------------------------------------


def _checked(event: Event, item: AgendaItem | None, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` checked against the columns and the rules: the kind known, the session one of
    this meeting's, the parent a top-level item of this meeting (and the item then none)."""
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise Invalid.field(unknown[0], _("unknown field"))
    values = dict(data)
    if "title" in values and values["title"] is None:
        raise Invalid.field("title", _("must not be blank"))
    check(AgendaItem, {k: v for k, v in values.items() if k in ("title", "text")})
    if "kind" in values:
        values["kind"] = _kind(values["kind"])
    if values.get("session_id") is not None:
        session = db.session.get(Session, values["session_id"])
        if session is None or session.event_id != event.id:
            raise Invalid.field("session_id", _("must be a session of this meeting's timetable"))
    if values.get("parent_id") is not None:
        _parent(event, item, values["parent_id"])
    return values


def _kind(value: AgendaItemKind | str) -> AgendaItemKind:
    try:
        return AgendaItemKind(value)
    except ValueError:
        raise Invalid.field("kind", _("not a kind of agenda item")) from None


def _parent(event: Event, item: AgendaItem | None, parent_id: int) -> AgendaItem:
    parent = db.session.get(AgendaItem, parent_id)
    if parent is None or parent.event_id != event.id:
        raise Invalid.field("parent_id", _("must be an item of this meeting's agenda"))
    if parent.parent_id is not None:
        raise Invalid.field("parent_id", _("a sub-item cannot have sub-items of its own"))
    if item is not None:
        if parent.id == item.id:
            raise Invalid.field("parent_id", _("an item cannot be its own sub-item"))
        has_children = db.session.scalar(
            sa.select(sa.exists().where(AgendaItem.parent_id == item.id))
        )
        if has_children:
            raise Invalid.field(
                "parent_id", _("an item with sub-items cannot become a sub-item itself")
            )
    return parent


def _siblings(event_id: int, parent_id: int | None) -> list[int]:
    """The ids of one list, in order."""
    return list(
        db.session.scalars(
            sa.select(AgendaItem.id)
            .where(
                AgendaItem.event_id == event_id,
                AgendaItem.parent_id.is_(None)
                if parent_id is None
                else AgendaItem.parent_id == parent_id,
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _place(ids: list[int]) -> None:
    """Positions 1, 2, 3… in the order of ``ids`` (only the rows whose position changes)."""
    rows = db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.position).where(AgendaItem.id.in_(ids))
    )
    current = {item_id: position for item_id, position in rows}
    for position, item_id in enumerate(ids, start=1):
        if current[item_id] != position:
            db.session.execute(
                sa.update(AgendaItem).where(AgendaItem.id == item_id).values(position=position)
            )


def _close_gaps(event_id: int, parent_id: int | None) -> None:
    _place(_siblings(event_id, parent_id))
