"""The hourly "new documents" e-mails, queued by beat every five minutes."""

from __future__ import annotations

from celery import shared_task

from planner.db import utcnow
from planner.documents.digest import queue_digests
from planner.extensions import db


@shared_task(name="tasks.documents.queue_digests")
def queue_document_digests() -> int:
    queued = queue_digests(utcnow())
    db.session.commit()
    return queued
