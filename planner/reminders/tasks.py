"""Reminder dispatch, run by beat every minute.

Task names are those of the former top-level ``tasks`` package (see ``planner.celery``).
"""

from __future__ import annotations

from celery import shared_task

from planner.db import utcnow
from planner.extensions import db
from planner.reminders.service import dispatch_due


@shared_task(name="tasks.reminders.dispatch_reminders")
def dispatch_reminders() -> int:
    queued = dispatch_due(utcnow())
    db.session.commit()
    return queued
