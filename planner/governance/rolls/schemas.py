"""API shapes of frozen voter rolls."""

from marshmallow import fields

from planner.api.fields import Schema, page_schema
from planner.governance.models import Attendance


class RollEntrySchema(Schema):
    organisation_id = fields.Integer()
    organisation_name = fields.String()
    attendance = fields.Enum(Attendance, by_value=True)
    attendee_name = fields.String(
        allow_none=True, metadata={"description": "who was present for the member"}
    )
    attendee_native_name = fields.String(allow_none=True)
    represented_by_id = fields.Integer(
        allow_none=True, metadata={"description": "the member holding its proxy"}
    )
    represented_by_name = fields.String(allow_none=True)
    vote_held_by_id = fields.Integer(
        allow_none=True, metadata={"description": "who casts its vote: itself, its proxy, none"}
    )


class RollSummarySchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    frozen_at = fields.AwareDateTime()
    rule = fields.String(attribute="quorum_rule")
    entitled = fields.Integer(metadata={"description": "voting members"})
    present = fields.Integer(metadata={"description": "voting members present in person"})
    represented = fields.Integer(metadata={"description": "absent members whose proxy is here"})
    needed = fields.Integer()
    quorate = fields.Boolean()


class RollSchema(RollSummarySchema):
    entries = fields.List(fields.Nested(RollEntrySchema))


RollPage = page_schema(RollSummarySchema)
