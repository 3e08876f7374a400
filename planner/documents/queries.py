"""Reads of a meeting's documents, for the API, the pages and the packs alike: each with its
versions and their uploads, in two statements however many."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from planner.documents import service
from planner.documents.models import Document, DocumentVersion
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.agenda.queries import agenda, flat


def documents_of(event_id: int) -> list[Document]:
    """The meeting's documents in the order they were added."""
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.event_id == event_id)
            .order_by(Document.id)
            .options(selectinload(Document.versions).selectinload(DocumentVersion.upload))
        )
    )


@dataclass
class Shelf:
    """Documents under one heading: the meeting's own (``number`` and ``title`` None), or an
    agenda item's."""

    number: str | None
    title: str | None
    documents: list[Document]


def shelves(event_id: int, documents: Sequence[Document]) -> list[Shelf]:
    """``documents`` of the meeting by where they belong: the meeting's own first, then each
    agenda item's in the agenda's order (items without documents left out)."""
    by_item: dict[int | None, list[Document]] = {}
    for document in documents:
        by_item.setdefault(document.agenda_item_id, []).append(document)
    found = [Shelf(None, None, by_item.pop(None, []))]
    for entry in flat(agenda(event_id)):
        if entry.item.id in by_item:
            found.append(Shelf(entry.number, entry.item.title, by_item.pop(entry.item.id)))
    return [shelf for shelf in found if shelf.documents]


def readable_by(participation: Participation) -> list[Document]:
    """The documents of the participant's meeting that they may read."""
    return service.readable(documents_of(participation.event_id), participation)
