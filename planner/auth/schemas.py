"""API shapes of sign-in."""

from marshmallow import fields, validate

from planner.api.fields import Encodable, Line, Schema


class Credentials(Schema):
    # Checked like any text before it reaches a query: PostgreSQL refuses NUL, and no driver
    # encodes a lone surrogate.
    email = Line(254, required=True)
    password = Encodable(required=True, validate=validate.Length(max=1024))


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()
    role = fields.String()
