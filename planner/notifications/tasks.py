"""Delivering the outbox: one task per message, and a sweep for those whose task was lost.

Task names are those of the former top-level ``tasks`` package (see ``planner.celery``).
"""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from planner.db import utcnow
from planner.notifications import service


@shared_task(
    bind=True, max_retries=service.MAX_ATTEMPTS, acks_late=True, name="tasks.mail.deliver_message"
)
def deliver_message(self, message_id: int) -> None:
    config = current_app.config
    retry_in = service.deliver(
        message_id, service.transport_from_config(config), config["PLANNER_ORGANISER_EMAIL"]
    )
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="tasks.mail.sweep_outbox")
def sweep_outbox() -> int:
    """Re-enqueue due messages (broker down at commit time, worker killed, retry lost)."""
    due = service.due_messages(utcnow(), current_app.config["OUTBOX_SWEEP_GRACE_SECONDS"])
    for message_id in due:
        deliver_message.delay(message_id)
    return len(due)


def enqueue_committed(_sender, ids: list[int]) -> None:
    """Hand freshly committed messages to the workers; if the broker is down, the sweep will."""
    for message_id in ids:
        try:
            deliver_message.apply_async((message_id,), retry=False)
        except Exception:
            current_app.logger.warning("broker unavailable; message %s waits", message_id)
            return
