"""The arrivals board and the rooming lists as tables, for the one CSV/XLSX writer
(``planner.governance.reports.tabular``): names in Latin and in their own script, times as the
meeting's wall-clock times, the zone named in the heading."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.governance.reports.tabular import Cell, Table
from planner.localtime import from_utc
from planner.travel.models import Travel
from planner.travel.queries import ArrivalsBoard, RoomingList, Traveller


def arrivals_title() -> str:
    return _("Arrivals")


def rooming_title() -> str:
    return _("Rooming lists")


def _names(traveller: Traveller) -> list[Cell]:
    return [
        traveller.person.latin,
        traveller.person.native,
        traveller.organisation.latin,
        traveller.organisation.native,
    ]


def _name_headings() -> list[str]:
    return [
        _("Name"),
        _("Name (own script)"),
        _("Organisation"),
        _("Organisation (own script)"),
    ]


def _hotel(travel: Travel) -> str | None:
    return travel.hotel_block.name if travel.hotel_block else travel.other_hotel


def arrivals_table(board: ArrivalsBoard) -> Table:
    zone = board.event.timezone
    rows: list[list[Cell]] = []
    for traveller in board.arrivals:
        travel = traveller.travel
        rows.append(
            [
                from_utc(travel.arrival_at, zone),
                travel.arrival_flight,
                travel.arrival_airport.value if travel.arrival_airport else None,
                _("yes") if travel.needs_pickup else _("no"),
                board.run_of.get(traveller.participation_id),
                *_names(traveller),
                _hotel(travel),
                from_utc(travel.departure_at, zone),
                travel.departure_flight,
            ]
        )
    headings = [
        _("Arrival (%(zone)s)", zone=zone),
        _("Flight"),
        _("Airport"),
        _("Pick-up"),
        _("Pick-up run"),
        *_name_headings(),
        _("Hotel"),
        _("Departure (%(zone)s)", zone=zone),
        _("Departure flight"),
    ]
    summary = [
        (_("Arrivals"), len(rows)),
        (_("Pick-ups"), sum(1 for t in board.arrivals if t.travel.needs_pickup)),
        (_("Pick-up runs"), len(board.runs)),
    ]
    return Table(arrivals_title(), headings, rows, summary)


def rooming_table(event_timezone: str, lists: list[RoomingList]) -> Table:
    """One row per guest, hotel by hotel (the other hotels last); the nights are the meeting's
    calendar days of arrival and departure."""
    rows: list[list[Cell]] = []
    for rooming in lists:
        for guest in rooming.guests:
            travel = guest.travel
            arrival = from_utc(travel.arrival_at, event_timezone)
            departure = from_utc(travel.departure_at, event_timezone)
            rows.append(
                [
                    _hotel(travel),
                    rooming.block.native_name if rooming.block else None,
                    *_names(guest),
                    f"{arrival:%Y-%m-%d}" if arrival else None,
                    f"{departure:%Y-%m-%d}" if departure else None,
                    travel.arrival_flight,
                ]
            )
    headings = [
        _("Hotel"),
        _("Hotel (own script)"),
        *_name_headings(),
        _("Arrives"),
        _("Leaves"),
        _("Flight"),
    ]
    summary = [
        (rooming.block.name if rooming.block else _("Other hotels"), len(rooming.guests))
        for rooming in lists
    ]
    return Table(rooming_title(), headings, rows, summary)
