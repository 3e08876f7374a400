"""/api/v1 endpoints of travel: a meeting's hotel blocks (organisers manage them), a
participant's travel, the arrivals board and the rooming lists as JSON, CSV and XLSX.
Organisers write; viewers read."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response

from planner.api import Blueprint
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.events.models import Event
from planner.events.queries import participation_of
from planner.extensions import db
from planner.governance.reports.tabular import Table, to_csv, to_xlsx
from planner.packs.reports.files import CSV, XLSX, Format
from planner.responses import download_response
from planner.travel import exports, queries, service
from planner.travel.models import HotelBlock, Travel
from planner.travel.schemas import (
    ArrivalsBoardSchema,
    BoardArgs,
    HotelBlockPage,
    HotelBlockRequestSchema,
    HotelBlockSchema,
    RoomingSchema,
    TravelRequestSchema,
    TravelSchema,
)

blp = Blueprint("travel", __name__, description="Hotel blocks, arrivals and rooming lists")

_HOTELS = "/events/<int:event_id>/hotels"
_HOTEL = f"{_HOTELS}/<int:hotel_id>"
_TRAVEL = "/events/<int:event_id>/participants/<int:participant_id>/travel"
FILE = {"type": "string", "format": "binary"}


@blp.get(_HOTELS)
@blp.arguments(PageArgs, location="query")
@blp.response(200, HotelBlockPage)
def list_hotels(args, event_id: int):
    """The meeting's hotel blocks, by check-in day."""
    get_or_404(Event, event_id, "event")
    statement = db.select(HotelBlock).where(HotelBlock.event_id == event_id)
    statement = statement.order_by(HotelBlock.check_in, HotelBlock.name)
    return paginate(statement, args["page"], args["per_page"])


@blp.post(_HOTELS)
@blp.arguments(HotelBlockRequestSchema)
@blp.response(201, HotelBlockSchema)
def add_hotel(data, event_id: int):
    """A hotel block: refused (422) with check-out not after check-in; 409 with a name the
    meeting already has."""
    block = service.add_hotel_block(get_or_404(Event, event_id, "event"), data)
    db.session.commit()
    return block


@blp.patch(_HOTEL)
@blp.arguments(HotelBlockRequestSchema(partial=True))
@blp.response(200, HotelBlockSchema)
def edit_hotel(changes, event_id: int, hotel_id: int):
    event = get_or_404(Event, event_id, "event")
    block = service.update_hotel_block(service.hotel_block_of(event, hotel_id), changes)
    db.session.commit()
    return block


@blp.delete(_HOTEL)
@blp.response(204)
def delete_hotel(event_id: int, hotel_id: int):
    """Refused (409) while a delegate has chosen the hotel."""
    event = get_or_404(Event, event_id, "event")
    service.delete_hotel_block(service.hotel_block_of(event, hotel_id))
    db.session.commit()


@blp.get(_TRAVEL)
@blp.response(200, TravelSchema)
def get_travel(event_id: int, participant_id: int):
    """The participant's travel (all fields null until they give it)."""
    participation = participation_of(event_id, participant_id)
    return service.travel_of(participation) or Travel(
        participation_id=participation.id, needs_pickup=False
    )


@blp.put(_TRAVEL)
@blp.arguments(TravelRequestSchema)
@blp.response(200, TravelSchema)
def put_travel(data, event_id: int, participant_id: int):
    """Replace the participant's travel. Refused (422, naming the field): a departure not after
    the arrival, a flight number that is not one, a hotel block of another meeting; 409 for a
    participant removed from the meeting."""
    travel = service.save_travel(participation_of(event_id, participant_id), data)
    db.session.commit()
    return travel


@blp.get("/events/<int:event_id>/arrivals")
@blp.arguments(BoardArgs, location="query")
@blp.response(200, ArrivalsBoardSchema)
def arrivals(args, event_id: int):
    """Everyone expected who gave an arrival, by day and hour in the meeting's time zone; the
    pick-up runs: arrivals to be met at one airport within ``window`` minutes of the run's
    first flight."""
    return queries.arrivals_board(get_or_404(Event, event_id, "event"), args["window"])


@blp.get("/events/<int:event_id>/rooming")
@blp.response(200, RoomingSchema)
def rooming(event_id: int):
    """A list of guests per hotel block (empty ones too), then the other hotels delegates
    named."""
    return {"items": queries.rooming_lists(get_or_404(Event, event_id, "event"))}


def _arrivals_table(event: Event, args: dict) -> Table:
    return exports.arrivals_table(queries.arrivals_board(event, args["window"]))


def _rooming_table(event: Event) -> Table:
    return exports.rooming_table(event.timezone, queries.rooming_lists(event))


def _add_file(name: str, table: Callable[..., Table], file_format: Format, query=None) -> None:
    """``name`` as a file at its own URL, so that the document names its content type;
    ``query``: the schema of its query string, handed to ``table`` after the meeting."""

    def view(*args: dict, event_id: int) -> Response:
        event = get_or_404(Event, event_id, "event")
        data = table(event, *args)
        body = to_csv(data) if file_format is CSV else to_xlsx(data)
        extension = file_format.extension
        filename = f"{data.title} - {event.title}.{extension}"
        return download_response(
            body, file_format.content_type, filename, f"{name}-{event.id}.{extension}"
        )

    view.__doc__ = (
        f"The {name} as {file_format.extension.upper()}: names in Latin and in their own "
        "script, times in the meeting's time zone; headings in the reader's language."
    )
    documented = blp.response(
        200,
        FILE,
        content_type=file_format.content_type.partition(";")[0],
        description=f"the {name} as {file_format.extension.upper()}",
    )(view)
    if query is not None:
        documented = blp.arguments(query, location="query")(documented)
    rule = f"/events/<int:event_id>/{name}.{file_format.extension}"
    blp.get(rule, endpoint=f"{name}_{file_format.extension}")(documented)


for _format in (CSV, XLSX):
    _add_file("arrivals", _arrivals_table, _format, BoardArgs)
    _add_file("rooming", _rooming_table, _format)
