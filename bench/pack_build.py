"""Delegate packs, against a bare-ReportLab script that builds the same pack with the same fonts.

- one pack through the service, uncached (goal: at most 1.3x the bare script);
- a cached pack through the API, organiser token included (goal: median under 20 ms);
- 500 packs as a bulk job on a 2-process worker (goal: at most 0.6x the bare script making 500
  in one process), with the peak memory of each worker process (goal: under 300 MB).

The meeting is the demo General Assembly grown to 500 coming participants, so every pack
carries a 500-name participant list. The job runs on Redis when it answers (CELERY_BROKER_URL
or the local default), else on the embedded filesystem broker.

``python -m bench.pack_build --scale 10``: the same on the network ten times over (``demo
--scale 10`` on PostgreSQL), for its congress of about 2,000 participants (a 30-page list in
every pack; half an hour or so on two cores). The bare script then makes every tenth pack, and
its time for all of them is reckoned from those.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import redis

from bench.pack_bare import BareProcess
from bench.support import ROOT, postgres_database, seeded_environment

PARTICIPANTS = 500
SAMPLES = 5


def _grow_assembly(target: int) -> int:
    """The demo General Assembly with ``target`` coming participants (more delegates of the
    member organisations join it as observers); returns its id."""
    import sqlalchemy as sa

    from planner.events.models import (
        EXPECTED_STATUSES,
        Event,
        EventKind,
        ParticipantRole,
        ParticipantStatus,
        Participation,
    )
    from planner.extensions import db
    from planner.members.models import Delegate

    assembly = db.session.scalars(
        sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY).order_by(Event.id).limit(1)
    ).one()
    coming = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Participation)
        .where(Participation.event_id == assembly.id, Participation.status.in_(EXPECTED_STATUSES))
    )
    delegates = db.session.scalars(sa.select(Delegate).order_by(Delegate.id)).all()
    for n in range(target - (coming or 0)):
        model = delegates[n % len(delegates)]
        twin = Delegate(
            full_name=model.full_name,
            native_name=model.native_name,
            family_name=model.family_name,
            title=model.title,
            position=model.position,
            organisation_id=model.organisation_id,
            email=f"bench-{n}@{model.email.split('@')[1]}",
            language=model.language,
            timezone=model.timezone,
        )
        db.session.add(
            Participation(
                event=assembly,
                delegate=twin,
                role=ParticipantRole.OBSERVER,
                status=ParticipantStatus.ACCEPTED,
            )
        )
    db.session.commit()
    return assembly.id


def _congress() -> int:
    """The scaled demo's congress (``planner.demo.scale``), the largest meeting."""
    import sqlalchemy as sa

    from planner.events.models import Event
    from planner.extensions import db

    title = Event.title.like("World Cities Congress %")
    return db.session.scalars(sa.select(Event.id).where(title).limit(1)).one()


def _median_seconds(action, samples: int = SAMPLES) -> float:
    action()  # warm-up: fonts registered, caches filled
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _medians_interleaved(first, second, samples: int = 9) -> tuple[float, float]:
    """Median seconds of two actions timed in turn, so that a change in the machine's load
    during the measurement weighs on both alike."""
    first(), second()  # warm-up
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(samples):
        for action, measured in zip((first, second), times, strict=True):
            started = time.perf_counter()
            action()
            measured.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def _two_process_slowdown(bare: BareProcess, packs: list, count: int) -> float:
    """How much slower the bare script runs in each of two processes at once than alone: the
    machine's own limit on what two worker processes can gain (shared caches, clock)."""
    alone = bare.build(0, count)
    other = BareProcess(packs[:count])
    try:
        other.build(0)  # warm-up: fonts registered
        for process in (bare, other):
            process.send(0, count)
        together = [process.seconds() for process in (bare, other)]
    finally:
        other.close()
    return statistics.mean(together) / alone


def _broker() -> str:
    url = os.environ.get("BENCH_BROKER_URL") or "redis://127.0.0.1:6379/9"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
        return url
    except redis.RedisError:
        return "filesystem://"


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _worker_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def _bulk_run(app, env: dict[str, str], event_id: int) -> tuple[float, float, list[float], dict]:
    """Seconds until every pack is made, until the job is done, and the workers' peak RSS."""
    from planner.extensions import db
    from planner.packs import jobs
    from planner.packs.tasks import run_pack_job

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "planner.worker", "worker", "--concurrency=2",
         "--loglevel=WARNING", "-n", f"bench-packs-{os.getpid()}@localhost"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(8)  # the worker's start (app, fonts on first use) is not the job's cost
        children = _worker_children(worker.pid)
        with app.app_context():
            job, _started = jobs.start_job(event_id, "a4")
            db.session.commit()
            started = time.perf_counter()
            run_pack_job.delay(job.id)
            made_at = None
            while True:
                db.session.expire_all()
                report = jobs.job_report(jobs.get_job(job.id), "")
                if made_at is None and report["progress"]["done"] == report["progress"]["total"]:
                    made_at = time.perf_counter() - started
                if report["state"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            finished = time.perf_counter() - started
        peaks = [_peak_rss_mb(child) for child in children]
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return made_at or finished, finished, peaks, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="the demo network this many times")
    scale = parser.parse_args().scale
    if scale == 1:
        _report(scale, database_url=None)
    else:
        with postgres_database() as (url, _fresh):
            _report(scale, database_url=url)


def _report(scale: int, database_url: str | None) -> None:
    # At scale the packs are long: fewer samples, and the bare script makes a sample of them.
    samples, bare_every, slowdown_packs = (9, 1, 20) if scale == 1 else (3, 10, 4)
    workdir = Path(tempfile.mkdtemp(prefix="planner-bench-packs-"))
    try:
        env = seeded_environment(workdir, extra_events=0, database_url=database_url, scale=scale)
        broker = _broker()
        env["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"] = broker
        env["PLANNER_PACK_STORAGE"] = str(workdir / "packs")
        from planner import create_app
        from planner.auth.models import UserRole
        from planner.auth.service import create_user, issue_token
        from planner.extensions import db
        from planner.packs import replay, service

        app = create_app({"PACK_STORAGE": env["PLANNER_PACK_STORAGE"]})
        with app.app_context():
            event_id = _grow_assembly(PARTICIPANTS) if scale == 1 else _congress()
            organiser = create_user("bench-organiser@example.org", "bench-pw-1", UserRole.ORGANISER)
            token, _ = issue_token(organiser, timedelta(hours=1))
            db.session.commit()
            packs = service.meeting_packs(event_id)
            pids = service.coming_participations(event_id)
            in_order = [packs.personal[pid] for pid in pids]
            pack = in_order[0]
            bare_process = BareProcess(in_order)

            def uncached(first_of_meeting: bool) -> None:
                service.storage().delete_under("cache/")
                if first_of_meeting:
                    replay.forget()
                service.pack_pdf(pack)

            ours, bare = _medians_interleaved(
                lambda: uncached(True), lambda: bare_process.build(0), samples
            )
            uncached(True)
            further = _median_seconds(lambda: uncached(False), samples=samples)
            pages = service.pack_pdf(pack).count(b"/Type /Page\n")

            client = app.test_client()
            url = f"/api/v1/events/{event_id}/participants/{pids[0]}/pack.pdf"
            headers = {"Authorization": f"Bearer {token}"}
            assert client.get(url, headers=headers).status_code == 200
            cached = _median_seconds(lambda: client.get(url, headers=headers), samples=50)
            bare_process.close()

            sample = in_order[::bare_every]
            bare_sample = BareProcess(sample)
            bare_all = bare_sample.build(0, len(sample)) * len(in_order) / len(sample)
            slowdown = _two_process_slowdown(bare_sample, sample, slowdown_packs)
            bare_sample.close()
            service.storage().delete_under("cache/")
            db.engine.dispose()
        made, done, peaks, report = _bulk_run(app, env, event_id)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    reckoned = "" if bare_every == 1 else f" (reckoned from every {bare_every}th pack)"
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"delegate packs, demo network x{scale} ({len(pids)} participants, {pages}-page pack,"
          f" {database}, broker {broker})")  # fmt: skip
    print(f"  one pack, uncached : {ours * 1000:6.0f} ms   bare ReportLab {bare * 1000:4.0f} ms"
          f"  ratio {ours / bare:4.2f}  (goal <= 1.3; medians of {samples}, in turn)")  # fmt: skip
    print(f"  a further pack of the same meeting, uncached: {further * 1000:4.0f} ms"
          f" (its programme, venue and list pages drawn from the first pack's layout)")  # fmt: skip
    print(f"  cached, through API: {cached * 1000:6.1f} ms median of 50        (goal < 20 ms)")
    print(f"  {len(pids)} packs, bulk job: {made:5.1f} s made, {done:5.1f} s with zip, print PDF"
          f" and badges; bare script in one process {bare_all:5.1f} s{reckoned}"
          f"   ratio {made / bare_all:4.2f} ({done / bare_all:4.2f} with the files)"
          f"   (goal <= 0.6)")  # fmt: skip
    print(f"  this machine: two processes at once each run {slowdown:.2f}x slower than one alone,"
          f" so two bare-script processes would reach {slowdown / 2:.2f} at best")  # fmt: skip
    print(f"  worker processes' peak memory: {', '.join(f'{p:.0f} MB' for p in peaks)}"
          f"   (goal < 300 MB); failures: {report['progress']['failed']}")  # fmt: skip


if __name__ == "__main__":
    main()
