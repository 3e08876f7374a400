"""API shapes of proxies."""

from marshmallow import fields

from planner.api.fields import Schema, StrictInteger, page_schema


class ProxyRequestSchema(Schema):
    giver_id = StrictInteger(
        required=True, metadata={"description": "the voting member that cannot attend"}
    )
    holder_id = StrictInteger(
        required=True, metadata={"description": "the voting member that votes for it"}
    )


class ProxySchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    giver_id = fields.Integer()
    giver = fields.String(attribute="giver.name")
    holder_id = fields.Integer()
    holder = fields.String(attribute="holder.name")
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    revoked_reason = fields.String(
        allow_none=True, metadata={"description": "revoked, or present in person"}
    )
    standing = fields.Function(
        lambda proxy: proxy.revoked_at is None, metadata={"description": "not revoked"}
    )


ProxyPage = page_schema(ProxySchema)
