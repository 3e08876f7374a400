"""Reminder dispatch, run by beat every minute."""

from __future__ import annotations

from celery import shared_task

from planner.db import utcnow
from planner.extensions import db
from planner.reminders.service import dispatch_due


@shared_task
def dispatch_reminders() -> int:
    queued = dispatch_due(utcnow())
    db.session.commit()
    return queued
