"""Tables of hotel blocks and of delegates' travel."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import TimestampMixin, UTCDateTime, enum_column
from planner.events.models import Event, Participation
from planner.extensions import Model


class Airport(enum.StrEnum):
    """Seoul's two airports: Incheon (international) and Gimpo (regional flights)."""

    ICN = "ICN"
    GMP = "GMP"


class HotelBlock(TimestampMixin, Model):
    """Rooms the secretariat holds at a hotel for a meeting, from check-in to check-out."""

    __tablename__ = "hotel_blocks"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "name"),
        sa.CheckConstraint("rooms > 0", name="rooms_positive"),
        sa.CheckConstraint("check_out > check_in", name="check_out_after_check_in"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    rooms: Mapped[int]
    check_in: Mapped[date]
    check_out: Mapped[date]

    event: Mapped[Event] = relationship()


class Travel(TimestampMixin, Model):
    """How a delegate comes to a meeting and leaves it, where they sleep and whether they are
    met at the airport. Times are instants (UTC); the pages show them in the meeting's zone."""

    __tablename__ = "travel"
    __table_args__ = (
        sa.CheckConstraint(
            "arrival_at IS NULL OR departure_at IS NULL OR departure_at > arrival_at",
            name="departs_after_arriving",
        ),
        sa.CheckConstraint("hotel_block_id IS NULL OR other_hotel IS NULL", name="one_hotel"),
        sa.Index("ix_travel_arrival_at", "arrival_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrival_flight: Mapped[str | None] = mapped_column(sa.String(8))
    arrival_airport: Mapped[Airport | None] = mapped_column(enum_column(Airport, "arrival_airport"))
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departure_flight: Mapped[str | None] = mapped_column(sa.String(8))
    departure_airport: Mapped[Airport | None] = mapped_column(
        enum_column(Airport, "departure_airport")
    )
    hotel_block_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hotel_blocks.id"), index=True)
    #: A hotel outside the blocks, as the delegate names it.
    other_hotel: Mapped[str | None] = mapped_column(sa.String(200))
    needs_pickup: Mapped[bool] = mapped_column(default=False)

    participation: Mapped[Participation] = relationship()
    hotel_block: Mapped[HotelBlock | None] = relationship()
