"""Upkeep of the sign-in throttle's record, run by beat once per throttle window.

Task names are those of the former top-level ``tasks`` package (see ``planner.celery``).
"""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from planner.auth.service import SignInThrottle
from planner.extensions import db


@shared_task(name="tasks.auth.forget_old_sign_in_attempts")
def forget_old_sign_in_attempts() -> int:
    forgotten = SignInThrottle.from_config(current_app.config).forget_old_attempts()
    db.session.commit()
    return forgotten
