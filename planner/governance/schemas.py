"""API shapes of check-in at the door."""

from marshmallow import fields, validate

from planner.api.fields import Schema


class CheckInSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CheckedInSchema(Schema):
    participant_id = fields.Integer()
    event_id = fields.Integer()
    full_name = fields.String()
    native_name = fields.String(allow_none=True)
    role = fields.String()
    checked_in_at = fields.AwareDateTime()
    first_scan = fields.Boolean()


class QuorumSchema(Schema):
    rule = fields.String(metadata={"description": "majority, two-thirds or one-third"})
    voting_seats = fields.Integer(metadata={"description": "voting seats of the meeting's body"})
    needed = fields.Integer(metadata={"description": "voting members present for a quorum"})
    expected = fields.Integer(metadata={"description": "voting members who accepted"})
    possible = fields.Integer(metadata={"description": "with those who answered tentative"})
    reached = fields.Boolean(metadata={"description": "expected >= needed"})
