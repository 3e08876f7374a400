"""The demo Assembly's travel: two hotel blocks near City Hall and the delegates' flights,
landing at Incheon (international) or Gimpo (from elsewhere in Korea) over the two days
before the opening and its first morning, most of them met at the airport."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from planner.events.models import (
    EXPECTED_STATUSES,
    Event,
    EventKind,
    EventStatus,
    Participation,
)
from planner.extensions import db
from planner.travel import service
from planner.travel.models import Airport

#: Name, name in Korean, address, rooms.
HOTELS = (
    ("Lotte Hotel Seoul", "롯데호텔 서울", "30 Eulji-ro, Jung-gu, Seoul", 120),
    ("Koreana Hotel", "코리아나호텔", "135 Sejong-daero, Jung-gu, Seoul", 80),
)
#: Airlines that fly delegates in, by their organisation's country (IATA designators).
AIRLINES = {
    "JP": ("JL", "NH"), "TH": ("TG",), "ID": ("GA",), "CN": ("CA", "MU"), "VN": ("VN",),
    "IN": ("AI",), "PH": ("PR", "5J"), "TW": ("CI", "BR"), "MY": ("MH",), "LK": ("UL",),
    "SG": ("SQ",), "MN": ("OM",), "AU": ("QF",), "NZ": ("NZ",), "FR": ("AF",), "NL": ("KL",),
    "KR": ("KE", "OZ", "7C", "LJ"),  # domestic, into Gimpo
}  # fmt: skip
#: Everyone else changes planes for Korean Air or Asiana.
CONNECTING = ("KE", "OZ")


def hotels_and_arrivals(meetings: list[Event]) -> None:
    """Hotel blocks and travel for the coming General Assembly (delegates of the Seoul
    government sleep at home)."""
    rng = random.Random(15)
    assembly = next(
        event
        for event in meetings
        if event.kind is EventKind.GENERAL_ASSEMBLY and event.status is EventStatus.SCHEDULED
    )
    opening = assembly.starts_at.astimezone(assembly.zone)
    closing = assembly.ends_at.astimezone(assembly.zone)
    blocks = [
        service.add_hotel_block(assembly, {
            "name": name, "native_name": native, "address": address, "rooms": rooms,
            "check_in": opening.date() - timedelta(days=2),
            "check_out": closing.date() + timedelta(days=1),
        })
        for name, native, address, rooms in HOTELS
    ]  # fmt: skip
    guests = dict.fromkeys((block.id for block in blocks), 0)
    participations = db.session.scalars(
        sa.select(Participation)
        .where(
            Participation.event_id == assembly.id,
            Participation.status.in_(EXPECTED_STATUSES),
        )
        .order_by(Participation.id)
    )
    for participation in participations:
        organisation = participation.delegate.organisation
        if organisation.slug == "seoul":
            continue
        domestic = organisation.country == "KR"
        airline = rng.choice(AIRLINES.get(organisation.country, CONNECTING))
        day = rng.choice((-2, -1, -1, 0)) if not domestic else rng.choice((-1, 0))
        hour = rng.randint(5, 7) if day == 0 else rng.randint(7, 21)
        local_arrival = datetime.combine(
            opening.date() + timedelta(days=day), time(hour, rng.choice((0, 10, 25, 40, 55)))
        ).replace(tzinfo=assembly.zone)
        departure = closing + timedelta(hours=rng.randint(3, 20))
        with_room = [block for block in blocks if guests[block.id] < block.rooms]
        other = rng.random() < 0.1 or not with_room
        block = None if other else rng.choice(with_room)
        if block is not None:
            guests[block.id] += 1
        service.save_travel(participation, {
            "arrival_at": local_arrival,
            "arrival_flight": f"{airline}{rng.randint(1, 999)}",
            "arrival_airport": Airport.GMP if domestic else Airport.ICN,
            "departure_at": departure,
            "departure_flight": f"{airline}{rng.randint(1, 999)}",
            "departure_airport": Airport.GMP if domestic else Airport.ICN,
            "hotel_block_id": block.id if block else None,
            "other_hotel": "Four Points by Sheraton Josun, Seoul Station" if other else None,
            "needs_pickup": rng.random() < 0.7,
        })  # fmt: skip
