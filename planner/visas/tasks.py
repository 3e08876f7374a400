"""Upkeep of visa letters, run by beat once a day: passport data erased once its meeting
ended ``VISA_ERASE_AFTER_DAYS`` ago (``flask planner erase-visa-data`` does one pass)."""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from planner.db import utcnow
from planner.extensions import db
from planner.visas.service import erase_passport_data


@shared_task(name="tasks.visas.erase_passport_data")
def erase_old_passport_data() -> int:
    erased = erase_passport_data(utcnow(), current_app.config["VISA_ERASE_AFTER_DAYS"])
    db.session.commit()
    return erased
