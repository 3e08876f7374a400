"""A task called in process (a ``flask planner`` command, a test) works on the app whose
context is current, not on whichever app was made last: Celery's default app is the newest,
and a command run after another app was made went to that app's database."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from planner.db import utcnow
from planner.extensions import db
from planner.sheets.models import StagedSheet
from planner.sheets.tasks import forget_stale_previews
from tests.conftest import make_app


def test_a_task_called_in_an_apps_context_works_on_that_app(app, tmp_path):
    stale = utcnow() - timedelta(hours=2)
    db.session.add(StagedSheet(key="stale-preview", data=b"x", created_at=stale))
    db.session.commit()
    other = make_app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)  # now Celery's default
    with other.app_context():
        db.create_all()

    assert forget_stale_previews() == 1  # called as a command calls it, in ``app``'s context
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StagedSheet)) == 0
