"""What organisers read from the delegates' travel: the arrivals board (by day and hour in the
meeting's zone, with pick-up runs), the rooming lists and the dashboard's counts. Each is a
fixed number of statements, however many delegates travel."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from planner.events.models import EXPECTED_STATUSES, Event, Participation
from planner.extensions import db
from planner.governance.reports.service import Name
from planner.members.models import Delegate, Organisation
from planner.travel.models import Airport, HotelBlock, Travel

#: Pick-up runs: arrivals at one airport within this many minutes of the run's first flight
#: share a car. The board takes another window per request.
DEFAULT_WINDOW_MINUTES = 60
WINDOW_RANGE = (5, 360)


@dataclass(frozen=True)
class Traveller:
    """A delegate as the board and the rooming lists name them."""

    participation_id: int
    person: Name
    organisation: Name
    travel: Travel


@dataclass
class PickupRun:
    """Arrivals met by one car: same airport, the last within the window of the first."""

    number: int
    airport: Airport
    travellers: list[Traveller] = field(default_factory=list)

    @property
    def first_at(self) -> datetime:
        return _arrival(self.travellers[0])

    @property
    def last_at(self) -> datetime:
        return _arrival(self.travellers[-1])

    @property
    def flights(self) -> list[str]:
        return sorted({t.travel.arrival_flight for t in self.travellers if t.travel.arrival_flight})


@dataclass(frozen=True)
class Hour:
    hour: int  # 0-23, in the meeting's zone
    arrivals: list[Traveller]


@dataclass(frozen=True)
class Day:
    day: date  # in the meeting's zone
    hours: list[Hour]


@dataclass(frozen=True)
class ArrivalsBoard:
    event: Event
    window_minutes: int
    days: list[Day]
    runs: list[PickupRun]
    #: The run of each arrival met at the airport, by participation id.
    run_of: dict[int, int]

    @property
    def arrivals(self) -> list[Traveller]:
        return [t for day in self.days for hour in day.hours for t in hour.arrivals]


@dataclass(frozen=True)
class RoomingList:
    """The guests of one hotel block, or (``block`` None) of the hotels delegates named."""

    block: HotelBlock | None
    guests: list[Traveller]


@dataclass(frozen=True)
class TravelCounts:
    arrivals: int = 0
    pickups: int = 0
    in_blocks: int = 0


def _arrival(traveller: Traveller) -> datetime:
    assert traveller.travel.arrival_at is not None  # the board holds arrivals only
    return traveller.travel.arrival_at


def _travellers(event_id: int, *criteria: sa.ColumnElement[bool]) -> list[Traveller]:
    """The travel of those still expected at the meeting (not declined, not removed), with
    their names and hotel block, in one statement. Names are read as columns, not as
    delegates and organisations: a board of 500 arrivals builds a third of the objects."""
    statement = (
        sa.select(
            Travel,
            Delegate.full_name,
            Delegate.native_name,
            Delegate.language,
            Organisation.name,
            Organisation.native_name,
            Organisation.language,
        )
        .join(Participation, Participation.id == Travel.participation_id)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .outerjoin(Travel.hotel_block)
        .where(
            Participation.event_id == event_id,
            Participation.status.in_(EXPECTED_STATUSES),
            *criteria,
        )
        .options(contains_eager(Travel.hotel_block))
        .order_by(Travel.arrival_at, Delegate.sort_name, Travel.id)
    )
    return [
        Traveller(travel.participation_id, Name.of(*names[:3]), Name.of(*names[3:]), travel)
        for travel, *names in db.session.execute(statement)
    ]


def pickup_runs(arrivals: list[Traveller], window: timedelta) -> list[PickupRun]:
    """Arrivals to be met, grouped per airport: a run takes each next flight that lands within
    ``window`` of its first one; numbered in the order they leave for the airport."""
    runs: list[PickupRun] = []
    open_runs: dict[Airport, PickupRun] = {}
    for traveller in sorted(arrivals, key=_arrival):
        airport = traveller.travel.arrival_airport
        if not traveller.travel.needs_pickup or airport is None:
            continue
        run = open_runs.get(airport)
        if run is None or _arrival(traveller) - run.first_at > window:
            run = open_runs[airport] = PickupRun(len(runs) + 1, airport)
            runs.append(run)
        run.travellers.append(traveller)
    return runs


def arrivals_board(event: Event, window_minutes: int = DEFAULT_WINDOW_MINUTES) -> ArrivalsBoard:
    """Everyone expected who gave an arrival, by day and hour where the meeting is."""
    arrivals = _travellers(event.id, Travel.arrival_at.is_not(None))
    by_hour: dict[date, dict[int, list[Traveller]]] = defaultdict(lambda: defaultdict(list))
    for traveller in arrivals:
        local = _arrival(traveller).astimezone(event.zone)
        by_hour[local.date()][local.hour].append(traveller)
    days = [
        Day(day, [Hour(hour, hours[hour]) for hour in sorted(hours)])
        for day, hours in sorted(by_hour.items())
    ]
    runs = pickup_runs(arrivals, timedelta(minutes=window_minutes))
    run_of = {t.participation_id: run.number for run in runs for t in run.travellers}
    return ArrivalsBoard(event, window_minutes, days, runs, run_of)


def hotel_blocks(event_id: int) -> list[HotelBlock]:
    return list(
        db.session.scalars(
            sa.select(HotelBlock)
            .where(HotelBlock.event_id == event_id)
            .order_by(HotelBlock.check_in, HotelBlock.name)
        )
    )


def rooming_lists(event: Event) -> list[RoomingList]:
    """One list per hotel block (empty ones too), then one of the other hotels delegates
    named; guests in order of arrival."""
    blocks = hotel_blocks(event.id)
    guests = _travellers(
        event.id, sa.or_(Travel.hotel_block_id.is_not(None), Travel.other_hotel.is_not(None))
    )
    by_block: dict[int | None, list[Traveller]] = defaultdict(list)
    for guest in guests:
        by_block[guest.travel.hotel_block_id].append(guest)
    lists = [RoomingList(block, by_block[block.id]) for block in blocks]
    if by_block[None]:
        lists.append(RoomingList(None, by_block[None]))
    return lists


def travel_counts(event_ids: list[int]) -> dict[int, TravelCounts]:
    """Per meeting, among those expected: arrivals given, pick-ups asked for, guests of the
    hotel blocks (one statement)."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            Participation.event_id,
            sa.func.count(Travel.arrival_at),
            sa.func.count(sa.case((Travel.needs_pickup, 1))),
            sa.func.count(Travel.hotel_block_id),
        )
        .join(Travel, Travel.participation_id == Participation.id)
        .where(
            Participation.event_id.in_(event_ids),
            Participation.status.in_(EXPECTED_STATUSES),
        )
        .group_by(Participation.event_id)
    )
    counts = {event_id: TravelCounts() for event_id in event_ids}
    for event_id, arrivals, pickups, in_blocks in rows:
        counts[event_id] = TravelCounts(arrivals, pickups, in_blocks)
    return counts
