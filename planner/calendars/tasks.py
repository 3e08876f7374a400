"""Rendered feed components no longer read, forgotten by beat once a day."""

from __future__ import annotations

from celery import shared_task

from planner.calendars.store import forget_stale
from planner.db import utcnow
from planner.extensions import db


@shared_task(name="tasks.calendars.forget_stale_components")
def forget_stale_components() -> int:
    forgotten = forget_stale(utcnow())
    db.session.commit()
    return forgotten
