"""API shape of an outbox message (what organisers see of each e-mail)."""

from marshmallow import fields

from planner.api.fields import Schema, page_schema
from planner.notifications.models import MessageKind, MessageStatus


class MessageSchema(Schema):
    id = fields.Integer()
    kind = fields.Enum(MessageKind, by_value=True)
    participant_id = fields.Integer(attribute="participation_id")
    delegate_id = fields.Integer(attribute="participation.delegate_id")
    recipient = fields.String()
    subject = fields.String(allow_none=True, metadata={"description": "once composed"})
    sequence = fields.Integer()
    status = fields.Enum(MessageStatus, by_value=True)
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class InvitationsSchema(Schema):
    queued = fields.Integer(metadata={"description": "invitations written to the outbox"})


MessagePage = page_schema(MessageSchema)
