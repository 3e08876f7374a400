"""Reads of the agenda, for the API, the pages and the packs alike: a meeting's items as a
numbered tree, each with its linked session, in one statement however many items."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from planner.events.models import Session
from planner.extensions import db
from planner.governance.models import AgendaItem


@dataclass
class Entry:
    """An item with its number ("3", "3.2"), its session (None: not linked) and, at the top
    level, its sub-items in order."""

    item: AgendaItem
    number: str
    session: Session | None
    children: list[Entry] = field(default_factory=list)


def agenda(event_id: int) -> list[Entry]:
    """The meeting's top-level items in order, each with its sub-items. Numbers follow the
    order alone, so they read 1, 2, 3 even were positions to have a gap."""
    rows = db.session.execute(
        sa.select(AgendaItem, Session)
        .outerjoin(Session, Session.id == AgendaItem.session_id)
        .where(AgendaItem.event_id == event_id)
        .order_by(AgendaItem.parent_id.is_not(None), AgendaItem.position, AgendaItem.id)
    ).all()
    top: dict[int, Entry] = {}
    for item, session in rows:
        if item.parent_id is None:
            top[item.id] = Entry(item, str(len(top) + 1), session)
        else:
            parent = top[item.parent_id]
            number = f"{parent.number}.{len(parent.children) + 1}"
            parent.children.append(Entry(item, number, session))
    return list(top.values())


def entry_of(event_id: int, item_id: int) -> Entry | None:
    return next((e for e in flat(agenda(event_id)) if e.item.id == item_id), None)


def flat(entries: list[Entry]) -> Iterator[Entry]:
    """Every entry in reading order: 1, 1.1, 1.2, 2…"""
    for entry in entries:
        yield entry
        yield from entry.children
