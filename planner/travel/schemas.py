"""API shapes of hotel blocks, travel, the arrivals board and the rooming lists."""

import marshmallow as ma
from marshmallow import fields, validate

from planner.api.fields import Line, Moment, Schema, StrictBoolean, StrictInteger, page_schema
from planner.travel.models import Airport
from planner.travel.queries import DEFAULT_WINDOW_MINUTES, WINDOW_RANGE
from planner.validation import MAX_INTEGER


class HotelBlockRequestSchema(Schema):
    name = Line(200, required=True, required_nonblank=True)
    native_name = Line(200, allow_none=True, metadata={"description": "in the hotel's own script"})
    address = Line(500, allow_none=True)
    rooms = StrictInteger(
        required=True, validate=validate.Range(min=1, max=MAX_INTEGER), metadata={"example": 40}
    )
    check_in = fields.Date(required=True)
    check_out = fields.Date(required=True, metadata={"description": "after check_in"})


class HotelBlockSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    name = fields.String()
    native_name = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    rooms = fields.Integer()
    check_in = fields.Date()
    check_out = fields.Date()


HotelBlockPage = page_schema(HotelBlockSchema)

_FLIGHT = {
    "description": "airline designator (IATA: KE, 7C; ICAO: KAL) and 1-4 digits, optional "
    "suffix letter; spaces and case are ignored",
    "example": "KE652",
}


class TravelRequestSchema(Schema):
    """A participant's travel, replaced whole: a field left out is cleared."""

    arrival_at = Moment(allow_none=True)
    arrival_flight = Line(12, allow_none=True, metadata=_FLIGHT)
    arrival_airport = fields.Enum(Airport, by_value=True, allow_none=True)
    departure_at = Moment(allow_none=True, metadata={"description": "after arrival_at"})
    departure_flight = Line(12, allow_none=True, metadata=_FLIGHT)
    departure_airport = fields.Enum(Airport, by_value=True, allow_none=True)
    hotel_block_id = StrictInteger(
        allow_none=True, metadata={"description": "one of this meeting's hotel blocks"}
    )
    other_hotel = Line(200, allow_none=True, metadata={"description": "a hotel outside the blocks"})
    needs_pickup = StrictBoolean(metadata={"description": "met at the arrival airport"})


class TravelSchema(Schema):
    participant_id = fields.Integer(attribute="participation_id")
    arrival_at = fields.AwareDateTime(allow_none=True)
    arrival_flight = fields.String(allow_none=True)
    arrival_airport = fields.Enum(Airport, by_value=True, allow_none=True)
    departure_at = fields.AwareDateTime(allow_none=True)
    departure_flight = fields.String(allow_none=True)
    departure_airport = fields.Enum(Airport, by_value=True, allow_none=True)
    hotel_block_id = fields.Integer(allow_none=True)
    other_hotel = fields.String(allow_none=True)
    needs_pickup = fields.Boolean()


class BoardArgs(ma.Schema):
    """A query string: unknown parameters (cache busters) are ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    window = fields.Integer(
        load_default=DEFAULT_WINDOW_MINUTES,
        validate=validate.Range(*WINDOW_RANGE),
        metadata={"description": "minutes within which arrivals at one airport share a pick-up"},
    )


class TravellerSchema(Schema):
    participant_id = fields.Integer(attribute="participation_id")
    name = fields.String(attribute="person.latin")
    native_name = fields.String(attribute="person.native", allow_none=True)
    organisation = fields.String(attribute="organisation.latin")
    organisation_native_name = fields.String(attribute="organisation.native", allow_none=True)
    arrival_at = fields.AwareDateTime(attribute="travel.arrival_at", allow_none=True)
    arrival_flight = fields.String(attribute="travel.arrival_flight", allow_none=True)
    arrival_airport = fields.Enum(
        Airport, by_value=True, attribute="travel.arrival_airport", allow_none=True
    )
    departure_at = fields.AwareDateTime(attribute="travel.departure_at", allow_none=True)
    departure_flight = fields.String(attribute="travel.departure_flight", allow_none=True)
    needs_pickup = fields.Boolean(attribute="travel.needs_pickup")
    hotel_block_id = fields.Integer(attribute="travel.hotel_block_id", allow_none=True)
    other_hotel = fields.String(attribute="travel.other_hotel", allow_none=True)


class HourSchema(Schema):
    hour = fields.Integer(metadata={"description": "0-23 in the meeting's time zone"})
    arrivals = fields.List(fields.Nested(TravellerSchema))


class DaySchema(Schema):
    day = fields.Date(metadata={"description": "in the meeting's time zone"})
    hours = fields.List(fields.Nested(HourSchema))


class PickupRunSchema(Schema):
    number = fields.Integer()
    airport = fields.Enum(Airport, by_value=True)
    first_at = fields.AwareDateTime()
    last_at = fields.AwareDateTime()
    flights = fields.List(fields.String())
    participant_ids = fields.Method(
        "_ids", metadata={"type": "array", "items": {"type": "integer"}}
    )

    def _ids(self, run) -> list[int]:
        return [traveller.participation_id for traveller in run.travellers]


class ArrivalsBoardSchema(Schema):
    timezone = fields.String(attribute="event.timezone")
    window_minutes = fields.Integer()
    days = fields.List(fields.Nested(DaySchema))
    runs = fields.List(fields.Nested(PickupRunSchema))


class RoomingListSchema(Schema):
    hotel_block = fields.Nested(
        HotelBlockSchema,
        attribute="block",
        allow_none=True,
        metadata={"description": "null: the other hotels delegates named"},
    )
    guests = fields.List(fields.Nested(TravellerSchema))


class RoomingSchema(Schema):
    items = fields.List(fields.Nested(RoomingListSchema))
