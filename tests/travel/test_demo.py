"""The demo network's Assembly has arrivals over three days, at both airports, in pick-up runs,
and guests in its two hotel blocks."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.demo.loader import load_demo
from planner.events.models import Event, EventKind, EventStatus
from planner.extensions import db
from planner.travel import queries
from planner.travel.models import Airport

# Demo data is the same on either database; loading it costs seconds.
pytestmark = pytest.mark.parametrize("app", ["sqlite"], indirect=True)


def test_the_demo_assembly_has_arrivals_over_three_days_and_two_hotel_blocks(app):
    load_demo()
    assembly = db.session.scalar(
        sa.select(Event).where(
            Event.kind == EventKind.GENERAL_ASSEMBLY, Event.status == EventStatus.SCHEDULED
        )
    )
    board = queries.arrivals_board(assembly)
    assert len(board.days) == 3
    assert {t.travel.arrival_airport for t in board.arrivals} == {Airport.ICN, Airport.GMP}
    assert len(board.runs) > 1
    lists = queries.rooming_lists(assembly)
    blocks = [rooming for rooming in lists if rooming.block is not None]
    assert len(blocks) == 2
    assert all(0 < len(r.guests) <= r.block.rooms for r in blocks)
