"""API shapes of proxies."""

from flask_smorest.fields import Upload
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
    has_letter = fields.Function(
        lambda proxy: proxy.letter_id is not None,
        metadata={"description": "the mandate letter is in (organisers download it)"},
    )
    standing = fields.Function(
        lambda proxy: proxy.revoked_at is None, metadata={"description": "not revoked"}
    )


class MandateLetterSchema(Schema):
    letter = Upload(
        required=True, metadata={"description": "the giver's mandate letter: PDF, JPEG or PNG"}
    )


ProxyPage = page_schema(ProxySchema)
