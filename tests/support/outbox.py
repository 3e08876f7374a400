"""Reading the outbox as the delivering worker would: its messages and their calendars."""

from __future__ import annotations

import email
from email import policy

import sqlalchemy as sa

from planner.extensions import db
from planner.notifications import service
from planner.notifications.models import MessageKind, OutboxMessage


def outbox(kind: MessageKind | None = None) -> list[OutboxMessage]:
    """The queued messages, composed as the delivering worker composes them."""
    statement = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind is not None:
        statement = statement.where(OutboxMessage.kind == kind)
    return [service.render(m) if m.body is None else m for m in db.session.scalars(statement)]


def invite_all(api, event: dict) -> int:
    response = api.post(f"/events/{event['id']}/invitations")
    assert response.status_code == 202, response.json
    return response.json["queued"]


def calendar_of(raw: bytes) -> bytes:
    """The text/calendar alternative of an e-mail, decoded."""
    message = email.message_from_bytes(raw, policy=policy.SMTP)
    return message.get_payload()[0].get_payload()[2].get_payload(decode=True)
