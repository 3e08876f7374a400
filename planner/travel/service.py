"""The rules of hotel blocks and of a delegate's travel: plain functions that refuse bad input
(``Invalid`` naming the field) before anything is written."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import apply_changes, delete_unreferenced, find
from planner.errors import Conflict, Invalid, NotFound
from planner.events.models import LIVE_STATUSES, Event, ParticipantStatus, Participation
from planner.extensions import db
from planner.travel.models import HotelBlock, Travel
from planner.validation import check

#: A flight number as airlines print it: the airline's designator, IATA (two characters, not
#: both digits: KE, OZ, 7C) or ICAO (three letters: KAL), then 1 to 4 digits and an optional
#: operational suffix letter. Compared without spaces, in capitals ("ke 17" is KE17).
FLIGHT_NUMBER = re.compile(r"(?:[A-Z]{3}|[A-Z][A-Z0-9]|[0-9][A-Z])[0-9]{1,4}[A-Z]?")
#: The fields of a delegate's travel, all replaced at once by ``save_travel``.
TRAVEL_FIELDS = (
    "arrival_at",
    "arrival_flight",
    "arrival_airport",
    "departure_at",
    "departure_flight",
    "departure_airport",
    "hotel_block_id",
    "other_hotel",
    "needs_pickup",
)


def flight_number(text: str | None, field: str) -> str | None:
    """``text`` as a flight number in its usual form (KE17), None when left empty; Invalid
    naming ``field`` when it is not one."""
    if text is None or not text.strip():
        return None
    number = re.sub(r"\s+", "", text).upper()
    if not FLIGHT_NUMBER.fullmatch(number):
        raise Invalid.field(
            field, _("not a flight number: an airline code (KE, OZ or KAL) and 1 to 4 digits")
        )
    return number


def hotel_block_of(event: Event, block_id: int) -> HotelBlock:
    block = find(HotelBlock, block_id)
    if block is None or block.event_id != event.id:
        raise NotFound(_("hotel block %(id)s does not exist", id=block_id))
    return block


def add_hotel_block(event: Event, data: dict[str, Any]) -> HotelBlock:
    block = HotelBlock(event_id=event.id)
    _apply_block(block, data)
    db.session.add(block)
    db.session.flush()
    return block


def update_hotel_block(block: HotelBlock, changes: dict[str, Any]) -> HotelBlock:
    _apply_block(block, changes)
    db.session.flush()
    return block


def delete_hotel_block(block: HotelBlock) -> None:
    """Refused (409) while a delegate has chosen the hotel: they would lose their bed."""
    delete_unreferenced(block, _("hotel block %(name)s", name=block.name))


def _apply_block(block: HotelBlock, changes: dict[str, Any]) -> None:
    check(HotelBlock, changes)
    if "rooms" in changes and changes["rooms"] < 1:
        raise Invalid.field("rooms", _("at least one room"))
    check_in = changes.get("check_in", block.check_in)
    check_out = changes.get("check_out", block.check_out)
    if check_in and check_out and check_out <= check_in:
        raise Invalid.field("check_out", _("must be after the check-in day"))
    name = changes.get("name", block.name)
    taken = db.session.scalar(
        sa.select(HotelBlock.id).where(
            HotelBlock.event_id == block.event_id,
            HotelBlock.name == name,
            HotelBlock.id != block.id if block.id else sa.true(),
        )
    )
    if taken:
        raise Conflict(
            _("this meeting already has a hotel block named %(name)s", name=name),
            {"name": [_("already used")]},
        )
    apply_changes(block, changes)


def delegate_may_change(participation: Participation, now: datetime) -> bool:
    """Through their own link, until the meeting ends (flights change after the answers
    close), unless it was cancelled."""
    event = participation.event
    return event.status in LIVE_STATUSES and now < event.ends_at


def travel_of(participation: Participation) -> Travel | None:
    return db.session.scalar(sa.select(Travel).where(Travel.participation_id == participation.id))


def save_travel(participation: Participation, data: dict[str, Any]) -> Travel:
    """A delegate's travel as a whole (what is not given is cleared). Refused, nothing written:
    a removed participant, or one who declined (the board and rooming lists are of those who
    come); an arrival not before the departure; a flight number that is not one; a hotel
    block of another meeting, or both a block and another hotel."""
    if participation.status is ParticipantStatus.CANCELLED:
        raise Conflict(_("this participant was removed from the meeting"))
    if participation.status is ParticipantStatus.DECLINED:
        raise Conflict(_("this participant declined the meeting: travel is for those who come"))
    values = {name: data.get(name) for name in TRAVEL_FIELDS}
    values["needs_pickup"] = bool(values["needs_pickup"])
    for leg in ("arrival", "departure"):
        values[f"{leg}_flight"] = flight_number(values[f"{leg}_flight"], f"{leg}_flight")
    if values["other_hotel"] is not None and not values["other_hotel"].strip():
        values["other_hotel"] = None
    check(Travel, values)
    arrival, departure = values["arrival_at"], values["departure_at"]
    if arrival is not None and departure is not None and departure <= arrival:
        raise Invalid.field("departure_at", _("the departure must be after the arrival"))
    if values["hotel_block_id"] is not None:
        if values["other_hotel"] is not None:
            raise Invalid.field("other_hotel", _("choose one of the hotel blocks or another hotel"))
        try:
            hotel_block_of(participation.event, values["hotel_block_id"])
        except NotFound as missing:
            raise Invalid.field("hotel_block_id", missing.message) from None
    travel = travel_of(participation) or Travel(participation_id=participation.id)
    apply_changes(travel, values)
    db.session.add(travel)
    db.session.flush()
    return travel
