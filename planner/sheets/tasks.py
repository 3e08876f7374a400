"""Previews of imports never confirmed, forgotten by beat once an hour."""

from __future__ import annotations

from celery import shared_task

from planner.db import utcnow
from planner.extensions import db
from planner.sheets.staging import forget_stale


@shared_task(name="tasks.sheets.forget_stale_previews")
def forget_stale_previews() -> int:
    forgotten = forget_stale(utcnow())
    db.session.commit()
    return forgotten
