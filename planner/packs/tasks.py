"""Bulk delegate packs: ``launch_run`` records a run and queues it (for the API and the pages
alike); the run fans out into chunks that worker processes make in parallel.

Task names are those of the former top-level ``tasks`` package (see ``planner.celery``).
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from planner.db import utcnow
from planner.errors import Unavailable
from planner.extensions import db
from planner.packs import jobs
from planner.packs.models import PackJob


@shared_task(acks_late=True, name="tasks.packs.run_pack_job")
def run_pack_job(job_id: str) -> int:
    """Queue the badge sheet and the run's chunks of packs; returns how many chunks."""
    make_badge_sheet.delay(job_id)
    parts = jobs.chunks(job_id)
    for participation_ids in parts:
        make_pack_chunk.delay(job_id, participation_ids)
    return len(parts)


#: Failures of the database or the storage, not of the work: the task is tried again.
_PASSING = {
    "autoretry_for": (OperationalError, Unavailable),
    "retry_backoff": 2,
    "max_retries": 6,
}


@shared_task(acks_late=True, name="tasks.packs.make_pack_chunk", **_PASSING)
def make_pack_chunk(job_id: str, participation_ids: list[int]) -> None:
    if jobs.make_packs(job_id, participation_ids):
        assemble_pack_job.delay(job_id)


@shared_task(acks_late=True, name="tasks.packs.make_badge_sheet", **_PASSING)
def make_badge_sheet(job_id: str) -> None:
    if jobs.make_badge_sheet(job_id):
        assemble_pack_job.delay(job_id)


@shared_task(acks_late=True, name="tasks.packs.assemble_pack_job")
def assemble_pack_job(job_id: str) -> None:
    try:
        jobs.assemble(job_id)
    except Exception as exc:
        jobs.fail(job_id, f"the files could not be assembled: {type(exc).__name__}: {exc}")
        raise


@shared_task(name="tasks.packs.expire_pack_runs")
def expire_pack_runs() -> int:
    """Delete the files of runs past their retention (beat, hourly)."""
    config = current_app.config
    return jobs.expire_runs(
        utcnow(),
        timedelta(days=config["PACK_RUN_RETENTION_DAYS"]),
        timedelta(minutes=config["PACK_RUN_TIMEOUT_MINUTES"]),
    )


@shared_task(name="tasks.packs.resume_stalled_runs")
def resume_stalled_runs() -> int:
    """Queue again what stalled runs still need (beat, each minute); how many runs."""
    stall = timedelta(seconds=current_app.config["PACK_RUN_STALL_SECONDS"])
    resumed = jobs.resume_stalled(utcnow(), stall)
    for run in resumed:
        for participation_ids in run.chunks:
            make_pack_chunk.delay(run.job_id, participation_ids)
        if run.badges:
            make_badge_sheet.delay(run.job_id)
        if run.assemble:
            assemble_pack_job.delay(run.job_id)
    return len(resumed)


def launch_run(event_id: int, paper: str) -> tuple[PackJob, bool]:
    """Record a bulk run and hand it to the workers: the one way the API and the web page
    start one. Returns the run and whether it is new (False: the run under way already). A
    queue that is down fails the run on record and raises Unavailable."""
    job, started = jobs.start_job(event_id, paper)
    db.session.commit()
    if not started:
        return job, False
    try:
        run_pack_job.apply_async((job.id,), retry=False)
    except Exception as exc:
        jobs.fail(job.id, "the job queue is unavailable")
        raise Unavailable(_("the job queue is unavailable; try again in a moment")) from exc
    return job, True
