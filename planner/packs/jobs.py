"""Bulk pack runs: every coming participant's pack, then a zip, one print PDF and the badges.

A run is split into chunks that worker processes make in parallel, beside one task that makes
the badge sheet. Each pack made (or failed) is an item row under a unique key, so a chunk redone
after a worker was killed counts each pack once. Whichever task completes the run (the last
chunk, or the badge sheet) claims the assembly with a conditional UPDATE, so exactly one worker
assembles the zip and the print PDF.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from planner.caching import LruCache
from planner.db import get_or_404, insert_new, utcnow
from planner.errors import Gone, Invalid, NotFound, Unavailable
from planner.events.models import Event
from planner.extensions import db
from planner.links import job_file_path
from planner.packs import service
from planner.packs.models import ACTIVE_STATES, JobState, PackJob, PackJobItem

#: What a finished run leaves, by the name the job's result gives each.
RESULT_FILES = {"zip": "packs.zip", "print_pdf": "packs-print.pdf", "badges": "badges.pdf"}
MAX_ERROR = 500
#: What a run whose files were deleted reports as its state.
EXPIRED = "expired"
CHUNK_SIZE = 10

_snapshots = LruCache(max_entries=4, max_age=3600)


def start_job(event_id: int, paper: str) -> tuple[PackJob, bool]:
    """A new run of the meeting's packs, and True; or, while a run is under way, that run and
    False. Two requests at once may both find none: the unique index on runs under way lets
    one insert, and the other gets that one."""
    event = get_or_404(Event, event_id, "event")
    service.check_paper(paper)
    total = len(service.coming_participations(event.id))
    if not total:
        raise Invalid(_("nobody is coming to this meeting yet: there is no pack to make"))
    under_way = active_job(event.id)
    if under_way is not None:
        return under_way, False
    job = PackJob(id=new_job_id(), event_id=event.id, paper=paper, total=total)
    db.session.add(job)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # nothing else was written: the run is all this change holds
        under_way = active_job(event.id)
        if under_way is None:
            raise
        return under_way, False
    return job, True


def active_job(event_id: int) -> PackJob | None:
    return db.session.scalar(
        sa.select(PackJob).where(PackJob.event_id == event_id, PackJob.state.in_(ACTIVE_STATES))
    )


def new_job_id() -> str:
    return secrets.token_hex(16)


#: What ``new_job_id`` makes: anything else names no run and is not looked up.
JOB_ID = re.compile(r"[0-9a-f]{32}")


def find_job(job_id: str) -> PackJob | None:
    return db.session.get(PackJob, job_id) if JOB_ID.fullmatch(job_id) else None


def get_job(job_id: str) -> PackJob:
    job = find_job(job_id)
    if job is None:
        raise NotFound(_("job %(id)s does not exist", id=job_id))
    return job


def latest_job(event_id: int) -> PackJob | None:
    """The meeting's most recent run, which its packs page follows when given no job."""
    return db.session.scalar(
        sa.select(PackJob)
        .where(PackJob.event_id == event_id)
        .order_by(PackJob.created_at.desc(), PackJob.id)
        .limit(1)
    )


def job_report(job: PackJob, base_url: str) -> dict[str, Any]:
    """State, progress and, once done, where the files are and which packs failed."""
    failures = db.session.execute(
        sa.select(PackJobItem.participation_id, PackJobItem.error).where(
            PackJobItem.job_id == job.id, PackJobItem.error.is_not(None)
        )
    ).all()
    done = db.session.scalar(
        sa.select(sa.func.count()).select_from(PackJobItem).where(PackJobItem.job_id == job.id)
    )
    state = JobState.RUNNING if job.state is JobState.ASSEMBLING else job.state
    report: dict[str, Any] = {
        "id": job.id,
        "event_id": job.event_id,
        "state": EXPIRED if job.expired_at else state.value,
        "progress": {"done": done, "total": job.total, "failed": len(failures)},
        "failures": [{"participant_id": pid, "error": error} for pid, error in failures],
        "error": job.error,
        "result": None,
    }
    if job.state is JobState.DONE and not job.expired_at:
        report["result"] = {
            key: base_url + job_file_path(job.id, name) for key, name in RESULT_FILES.items()
        }
    return report


def chunks(job_id: str) -> list[list[int]]:
    """The run's participants in small chunks, so worker processes share the work evenly and
    a slow chunk at the end leaves the others idle only briefly."""
    participants = service.coming_participations(get_job(job_id).event_id)
    return [
        participants[start : start + CHUNK_SIZE]
        for start in range(0, len(participants), CHUNK_SIZE)
    ]


def _running(job_id: str) -> None:
    """The run is under way, and moved just now."""
    db.session.execute(
        sa.update(PackJob)
        .where(PackJob.id == job_id, PackJob.state.in_((JobState.QUEUED, JobState.RUNNING)))
        .values(state=JobState.RUNNING, progressed_at=utcnow())
    )
    db.session.commit()


def _snapshot(job: PackJob) -> service.MeetingPacks:
    """The meeting as this run sees it, gathered once per worker process and run.

    Not the shared per-data-version cache: every pack's progress commit renews the data
    version, which would gather the meeting again for each chunk.
    """
    found = _snapshots.get((job.id,))
    if found is None:
        found = service.meeting_packs(job.event_id)
        _snapshots.put((job.id,), found)
    return found


def make_packs(job_id: str, participation_ids: list[int]) -> bool:
    """Make (or find cached) the chunk's packs, one commit each so progress shows as it goes.

    Returns True to the one caller that should assemble the run's files.
    """
    job = get_job(job_id)
    _running(job_id)
    packs = _snapshot(job)
    for participation_id in participation_ids:
        pack_key, error = None, None
        try:
            pack = packs.personal.get(participation_id)
            if pack is None:
                raise NotFound(_("no longer a participant"))
            pack = replace(pack, paper=job.paper)
            service.pack_pdf(pack)
            pack_key = service.pack_key(pack)
        except (Unavailable, sa.exc.OperationalError):
            raise  # the storage or the database, not this delegate: the chunk is tried again
        except Exception as exc:  # one delegate's failure is reported, not fatal to the run
            db.session.rollback()
            error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
        db.session.execute(
            insert_new(PackJobItem, "job_id", "participation_id").values(
                job_id=job_id, participation_id=participation_id, pack_key=pack_key, error=error
            )
        )
        # No data-version bump: progress is read afresh (never from a cache), and a run must not
        # invalidate every cached feed and answer once per pack.
        db.session.commit()
    return _claim_assembly(job)


def make_badge_sheet(job_id: str) -> bool:
    """The run's badge sheet, made beside the packs; True if it completes the run."""
    job = get_job(job_id)
    _running(job_id)
    sheet = service.badge_sheet_pdf(job.event_id, job.paper)
    service.storage().write(job_folder(job.id) + RESULT_FILES["badges"], sheet)
    job.badges_made = True
    db.session.commit()
    return _claim_assembly(job)


def _claim_assembly(job: PackJob) -> bool:
    db.session.refresh(job)
    made = db.session.execute(
        sa.select(sa.func.count()).select_from(PackJobItem).where(PackJobItem.job_id == job.id)
    ).scalar_one()
    if made < job.total or not job.badges_made:
        return False
    # An UPDATE gives a CursorResult; Session.execute is typed as returning a plain Result.
    claimed = cast(
        sa.CursorResult[Any],
        db.session.execute(
            sa.update(PackJob)
            .where(PackJob.id == job.id, PackJob.state == JobState.RUNNING)
            .values(state=JobState.ASSEMBLING)
        ),
    ).rowcount
    db.session.commit()
    return bool(claimed)


@dataclass(frozen=True)
class Resumption:
    """What a stalled run still needs: chunks of packs, its badge sheet, or the assembly."""

    job_id: str
    chunks: list[list[int]]
    badges: bool
    assemble: bool


def resume_stalled(now: datetime, stall: timedelta) -> list[Resumption]:
    """The runs under way that nothing has moved for ``stall`` (their task died with a worker,
    or left with a restarted queue), and what each still needs; each is marked as moved, so
    the next check waits another ``stall``. Redoing work is harmless: a chunk counts each
    pack once, packs come from the cache."""
    stalled = db.session.scalars(
        sa.select(PackJob).where(
            PackJob.state.in_(ACTIVE_STATES),
            sa.func.coalesce(PackJob.progressed_at, PackJob.created_at) < now - stall,
        )
    ).all()
    found = []
    for job in stalled:
        job.progressed_at = now
        made = set(
            db.session.scalars(
                sa.select(PackJobItem.participation_id).where(PackJobItem.job_id == job.id)
            )
        )
        missing = [[p for p in part if p not in made] for part in chunks(job.id)]
        missing = [part for part in missing if part]
        assembling = job.state is JobState.ASSEMBLING or (not missing and job.badges_made)
        if assembling:
            job.state = JobState.ASSEMBLING
        found.append(Resumption(job.id, missing, not job.badges_made, assembling))
    db.session.commit()
    return found


def assemble(job_id: str) -> None:
    """The zip of personal packs and one print PDF of them all, in badge order: made in a
    scratch folder from local copies of the cached packs, then stored."""
    job = get_job(job_id)
    packs = _snapshot(job)
    items = db.session.scalars(
        sa.select(PackJobItem).where(
            PackJobItem.job_id == job.id, PackJobItem.pack_key.is_not(None)
        )
    ).all()
    made = {item.participation_id: item.pack_key for item in items if item.pack_key is not None}
    store = service.storage()
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as copies:
        files = [
            (
                copies.enter_context(store.local_path(service.cached_pack(made[pid]))),
                service.pack_filename(packs.personal[pid].person),
            )
            for pid in service.coming_participations(job.event_id)
            if pid in made
        ]
        joined, zipped = (
            Path(scratch, RESULT_FILES["print_pdf"]),
            Path(scratch, RESULT_FILES["zip"]),
        )
        with (
            _joining([path for path, _ in files], joined),
            zipfile.ZipFile(zipped, "w", zipfile.ZIP_STORED) as archive,
        ):
            for path, name in files:
                archive.write(path, name)
        for result in (joined, zipped):
            store.write_file(job_folder(job.id) + result.name, result)
    job.state, job.finished_at = JobState.DONE, utcnow()
    db.session.commit()


@contextmanager
def _joining(sources: list[Path], target: Path) -> Iterator[None]:
    """One PDF of all the packs, joined by poppler's pdfunite while the block runs (the zip is
    written meanwhile). pdfunite writes each pack's objects as it reads them, so 500 packs join
    in seconds and tens of megabytes, where a library that builds the whole document in memory
    (pypdf, qpdf) needs over a gigabyte."""
    unite = shutil.which("pdfunite")
    if unite is None:
        raise RuntimeError("pdfunite is missing: install poppler-utils")
    if len(sources) == 1:  # pdfunite wants two inputs at least
        shutil.copyfile(sources[0], target)
        yield
        return
    process = subprocess.Popen(
        [unite, *map(str, sources), str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield
    except BaseException:
        process.kill()
        raise
    finally:
        _, errors = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, unite, stderr=errors)


def fail(job_id: str, reason: str) -> None:
    db.session.execute(
        sa.update(PackJob)
        .where(PackJob.id == job_id)
        .values(state=JobState.FAILED, error=reason[:MAX_ERROR], finished_at=utcnow())
    )
    db.session.commit()


def job_folder(job_id: str) -> str:
    """The storage key under which a run keeps its files (ends with "/")."""
    return f"jobs/{job_id}/"


def job_file(job_id: str, name: str) -> str:
    """The storage key of a finished run's file, by its name."""
    job = get_job(job_id)
    if job.expired_at and name in RESULT_FILES.values():
        raise Gone(
            _("the files of run %(id)s were deleted at the end of their retention period; "
              "start a new run", id=job_id)
        )  # fmt: skip
    if job.state is not JobState.DONE or name not in RESULT_FILES.values():
        raise NotFound(_("job %(id)s has no file %(name)s", id=job_id, name=name))
    return job_folder(job.id) + name


def expire_runs(now: datetime, retention: timedelta, timeout: timedelta) -> int:
    """Delete the files of runs finished more than ``retention`` ago and mark them expired;
    fail runs still under way after ``timeout`` (their worker is gone), so that they stop
    holding the meeting's one run. Returns how many runs expired.

    Files go first: a pass stopped half-way deletes them again, never leaves them behind.
    """
    db.session.execute(
        sa.update(PackJob)
        .where(PackJob.state.in_(ACTIVE_STATES), PackJob.created_at < now - timeout)
        .values(state=JobState.FAILED, error=_("given up: no worker finished it"), finished_at=now)
    )
    old = db.session.scalars(
        sa.select(PackJob).where(
            PackJob.state.in_((JobState.DONE, JobState.FAILED)),
            PackJob.finished_at < now - retention,
            PackJob.expired_at.is_(None),
        )
    ).all()
    store = service.storage()
    for job in old:
        store.delete_under(job_folder(job.id))
        job.expired_at = now
    db.session.commit()
    return len(old)
