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
