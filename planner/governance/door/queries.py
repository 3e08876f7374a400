"""What the desk reads: participants found by name, in any script, with where they stand."""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from planner.events.models import Participation
from planner.extensions import db
from planner.governance.door.service import AtTheDoor, at_door_query
from planner.members.models import Delegate, Organisation
from planner.members.queries import text_matches

#: Participants a desk search shows at once; more ask for a longer name.
SEARCH_LIMIT = 20


def find_at_door(
    event_id: int, text: str, limit: int = SEARCH_LIMIT
) -> tuple[list[AtTheDoor], int]:
    """Participants of the meeting whose name (Latin or native) or whose organisation's name
    holds ``text``, case-insensitively, with their credential state: the first ``limit`` by
    name, and how many matched. Removed participants too, so that the desk can say they are
    not expected."""
    needle = unicodedata.normalize("NFC", text).strip()
    if not needle:
        return [], 0
    matching = at_door_query().where(
        Participation.event_id == event_id,
        text_matches(
            needle,
            Delegate.full_name,
            Delegate.native_name,
            Organisation.name,
            Organisation.native_name,
        ),
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery())) or 0
    found = db.session.execute(matching.order_by(Delegate.full_name, Participation.id).limit(limit))
    return [AtTheDoor.of(row) for row in found], total
