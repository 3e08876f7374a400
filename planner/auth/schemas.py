"""API shapes of sign-in."""

from marshmallow import fields, validate

from planner.api.fields import Schema


class Credentials(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()
    role = fields.String()
