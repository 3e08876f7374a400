"""Bulk pack runs: progress, one failure not fatal, the zip, print PDF and badge sheet, a real
two-process worker on Redis doing the whole run; one run per meeting at a time, and a run's
files deleted after the retention period, the job then saying so."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from planner.auth.models import UserRole
from planner.events.models import Participation
from planner.extensions import db
from planner.packs import jobs, service
from planner.packs.models import JobState, PackJob, PackJobItem
from tests.conftest import event_payload, make_app
from tests.support.api_helpers import assert_error
from tests.support.pack_fixtures import MEMBERS, start_pack_run
from tests.support.pages import signed_in_client

pytestmark = pytest.mark.storage


def test_a_run_reports_progress_and_leaves_a_zip_a_print_pdf_and_badges(api, assembly, monkeypatch):
    monkeypatch.setattr(jobs, "CHUNK_SIZE", 2)
    job = start_pack_run(api, assembly["event"]["id"])
    assert job["state"] == "queued"
    assert job["progress"] == {"done": 0, "total": len(MEMBERS), "failed": 0}
    assert job["result"] is None
    parts = jobs.chunks(job["id"])
    assert sorted(pid for part in parts for pid in part) == sorted(
        p["id"] for p in assembly["participants"]
    )
    claims = [jobs.make_badge_sheet(job["id"])]  # the badge sheet first, here
    claims += [jobs.make_packs(job["id"], part) for part in parts[:-1]]
    report = api.get(f"/jobs/{job['id']}").json
    assert report["state"] == "running"
    assert len(parts) == 3 and report["progress"]["done"] == 4
    claims.append(jobs.make_packs(job["id"], parts[-1]))
    assert claims.count(True) == 1 and claims[-1] is True  # the last chunk assembles
    assert jobs.make_badge_sheet(job["id"]) is False  # a redone task claims nothing
    assert jobs.make_packs(job["id"], parts[-1]) is False  # a redone chunk counts once
    jobs.assemble(job["id"])
    report = api.get(f"/jobs/{job['id']}").json
    assert report["state"] == "done"
    assert report["progress"] == {"done": len(MEMBERS), "total": len(MEMBERS), "failed": 0}
    files = {}
    for key, url in report["result"].items():
        response = api.get(url.split("/api/v1", 1)[1])
        assert response.status_code == 200, (key, response.data[:200])
        files[key] = response.data
    with zipfile.ZipFile(io.BytesIO(files["zip"])) as archive:
        names = archive.namelist()
        assert len(names) == len(MEMBERS)
        pack = archive.read(names[0])
    assert pack.startswith(b"%PDF")
    pages_per_pack = len(PdfReader(io.BytesIO(pack)).pages)
    assert len(PdfReader(io.BytesIO(files["print_pdf"])).pages) >= pages_per_pack * len(MEMBERS)
    assert len(PdfReader(io.BytesIO(files["badges"])).pages) >= 1


def test_one_failed_pack_is_reported_and_the_run_still_finishes(api, assembly):
    job = start_pack_run(api, assembly["event"]["id"])
    gone = assembly["participants"][3]["id"]
    db.session.delete(db.session.get(Participation, gone))  # removed while the run waits
    db.session.commit()
    for part in jobs.chunks(job["id"]):
        assert jobs.make_packs(job["id"], [*part, gone]) is False
    assert jobs.make_badge_sheet(job["id"]) is True  # the badge sheet finishes the run
    jobs.assemble(job["id"])
    report = api.get(f"/jobs/{job['id']}").json
    assert report["state"] == "done"
    assert report["progress"]["failed"] == 1
    assert report["failures"][0]["participant_id"] == gone


def test_a_run_needs_participants_and_a_known_paper(api, assembly):
    empty = api.post("/events", event_payload(title="Nobody invited yet")).json
    assert_error(api.post(f"/events/{empty['id']}/packs"), 422)
    assert_error(api.post(f"/events/{assembly['event']['id']}/packs?paper=a0"), 422, field="paper")
    assert_error(api.post("/events/999999/packs"), 404)
    assert_error(api.get("/jobs/nonsense"), 404)
    assert_error(api.get(f"/jobs/{'0' * 32}"), 404)
    assert db.session.query(PackJob).count() == 0


def test_a_run_with_the_queue_down_fails_clearly(app, api, assembly, tmp_path):
    closed = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:9/0"
    )
    try:
        with closed.app_context():
            response = closed.test_client().post(
                f"/api/v1/events/{assembly['event']['id']}/packs",
                headers={"Authorization": f"Bearer {api.token}"},
            )
        assert_error(response, 503)
        assert db.session.query(PackJob).one().state is JobState.FAILED
    finally:
        app.extensions["celery"].set_default()
        app.extensions["celery"].set_current()


@pytest.mark.redis
def test_two_worker_processes_make_a_whole_run(api, assembly, pack_worker):
    with pack_worker.app_context():
        client = pack_worker.test_client()
        headers = {"Authorization": f"Bearer {api.token}"}
        job = client.post(f"/api/v1/events/{assembly['event']['id']}/packs", headers=headers)
        assert job.status_code == 202, job.json
        seen, deadline = [], time.monotonic() + 120
        while time.monotonic() < deadline:
            report = client.get(f"/api/v1/jobs/{job.json['id']}", headers=headers).json
            seen.append(report["progress"]["done"])
            if report["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert report["state"] == "done", report
        assert seen == sorted(seen) and seen[-1] == len(MEMBERS)
        assert report["progress"]["failed"] == 0
        path = "/api/v1" + report["result"]["zip"].split("/api/v1", 1)[1]
        archive = client.get(path, headers=headers)
        assert archive.status_code == 200
        assert archive.headers["Content-Length"] == str(len(archive.data))
        with zipfile.ZipFile(io.BytesIO(archive.data)) as packs:
            assert len(packs.namelist()) == len(MEMBERS)
        # What was streamed is what the workers stored (in the bucket, for the "s3" app).
        with service.storage().open(jobs.job_folder(job.json["id"]) + "packs.zip") as stored:
            assert stored.read() == archive.data


def test_progress_is_never_served_from_a_cache(api, assembly):
    """Pack items are written without renewing the data version (a run must not invalidate
    every cache once per pack), so the job's answer must be rendered afresh each time."""
    job = start_pack_run(api, assembly["event"]["id"])
    assert api.get(f"/jobs/{job['id']}").json["progress"]["done"] == 0
    db.session.execute(
        sa.insert(PackJobItem).values(
            job_id=job["id"], participation_id=assembly["participants"][0]["id"]
        )
    )
    db.session.commit()
    assert api.get(f"/jobs/{job['id']}").json["progress"]["done"] == 1


# One run at a time ----------------------------------------------------------------------------


def test_a_second_run_while_one_is_under_way_answers_that_run(app, api, assembly):
    event_id = assembly["event"]["id"]
    first = start_pack_run(api, event_id)
    again = api.post(f"/events/{event_id}/packs")
    assert again.status_code == 200, again.json
    assert again.json["id"] == first["id"] and again.json["state"] == "queued"
    assert again.headers["Location"].endswith(f"/api/v1/jobs/{first['id']}")
    browser = signed_in_client(app, UserRole.ORGANISER)
    page = browser.post(f"/meetings/{event_id}/packs", data={"paper": "a4"})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"job={first['id']}")
    assert db.session.query(PackJob).count() == 1


def test_two_runs_asked_for_at_once_make_one(app, api, assembly):
    event_id = assembly["event"]["id"]
    barrier = threading.Barrier(4)
    answers: list = []

    def start() -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(
                f"/api/v1/events/{event_id}/packs", headers={"Authorization": f"Bearer {api.token}"}
            )
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [200, 200, 200, 202], answers
    assert len({body["id"] for _, body in answers}) == 1
    db.session.expire_all()
    assert db.session.query(PackJob).count() == 1


def test_a_new_run_may_start_once_the_last_one_finished(app, api, assembly):
    event_id = assembly["event"]["id"]
    first = start_pack_run(api, event_id)
    jobs.fail(first["id"], "test")
    assert start_pack_run(api, event_id)["id"] != first["id"]


# Retention ------------------------------------------------------------------------------------


def _expire_pack_runs(app) -> None:
    """What beat runs, as this app's worker would."""
    app.extensions["celery"].tasks["tasks.packs.expire_pack_runs"]()


def _finished_run(api, assembly) -> str:
    job_id = start_pack_run(api, assembly["event"]["id"])["id"]
    jobs.make_badge_sheet(job_id)
    for part in jobs.chunks(job_id):
        jobs.make_packs(job_id, part)
    jobs.assemble(job_id)
    return job_id


def test_run_files_are_deleted_after_the_retention_and_the_job_says_so(app, api, assembly):
    job_id = _finished_run(api, assembly)
    store, folder = service.storage(), jobs.job_folder(job_id)
    files = [key.removeprefix(folder) for key in store.keys(folder)]
    assert files == ["badges.pdf", "packs-print.pdf", "packs.zip"]
    assert api.get(f"/jobs/{job_id}/files/packs.zip").status_code == 200

    _expire_pack_runs(app)  # a fresh run is kept
    assert len(store.keys(folder)) == 3 and api.get(f"/jobs/{job_id}").json["state"] == "done"

    retention = app.config["PACK_RUN_RETENTION_DAYS"]
    job = db.session.get(PackJob, job_id)
    job.finished_at = datetime.now(UTC) - timedelta(days=retention, minutes=1)
    db.session.commit()
    _expire_pack_runs(app)

    assert store.keys(folder) == []
    report = api.get(f"/jobs/{job_id}").json
    assert report["state"] == "expired" and report["result"] is None
    for name in files:
        error = assert_error(api.get(f"/jobs/{job_id}/files/{name}"), 410, code="gone")
        assert "deleted" in error["message"]
    page = signed_in_client(app, UserRole.ORGANISER).get(
        f"/meetings/{assembly['event']['id']}/packs"
    )
    html = page.get_data(as_text=True)
    assert "files deleted" in html and f"deleted {retention} days after" in html
    assert "packs.zip" not in html


def test_a_run_no_worker_finished_stops_holding_the_meeting(app, api, assembly):
    event_id = assembly["event"]["id"]
    stuck = start_pack_run(api, event_id)["id"]
    _expire_pack_runs(app)  # a run just queued is left alone
    assert api.post(f"/events/{event_id}/packs").json["id"] == stuck
    job = db.session.get(PackJob, stuck)
    job.created_at -= timedelta(minutes=app.config["PACK_RUN_TIMEOUT_MINUTES"] + 1)
    db.session.commit()
    _expire_pack_runs(app)
    assert api.get(f"/jobs/{stuck}").json["state"] == "failed"
    assert start_pack_run(api, event_id)["id"] != stuck


def test_beat_expires_runs_by_calling_the_service(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert any(entry["task"] == "tasks.packs.expire_pack_runs" for entry in schedule.values())
    assert app.config["PACK_RUN_RETENTION_DAYS"] == 7


def _stall(job_id: str, seconds: int) -> None:
    """As if nothing had happened to the run for ``seconds``."""
    job = db.session.get(PackJob, job_id)
    job.progressed_at = datetime.now(UTC) - timedelta(seconds=seconds)
    db.session.commit()


def test_a_run_whose_work_was_lost_is_resumed(app, api, assembly, monkeypatch):
    """A worker killed mid-chunk, or a queue that lost its messages: the run's remaining work
    is queued again once nothing has moved for PACK_RUN_STALL_SECONDS."""
    monkeypatch.setattr(jobs, "CHUNK_SIZE", 2)
    stall = timedelta(seconds=app.config["PACK_RUN_STALL_SECONDS"])
    job_id = start_pack_run(api, assembly["event"]["id"])["id"]
    first, *rest = jobs.chunks(job_id)
    assert jobs.make_packs(job_id, first) is False  # then the rest was lost
    assert jobs.resume_stalled(datetime.now(UTC), stall) == []  # it moved a moment ago
    _stall(job_id, stall.seconds + 1)
    [resumed] = jobs.resume_stalled(datetime.now(UTC), stall)
    assert resumed == jobs.Resumption(job_id, rest, badges=True, assemble=False)
    assert jobs.resume_stalled(datetime.now(UTC), stall) == []  # once per stall
    for part in resumed.chunks:
        jobs.make_packs(job_id, part)
    assert jobs.make_badge_sheet(job_id) is True
    # Killed after claiming the assembly: the assembly alone is queued again.
    _stall(job_id, stall.seconds + 1)
    [resumed] = jobs.resume_stalled(datetime.now(UTC), stall)
    assert resumed == jobs.Resumption(job_id, [], badges=False, assemble=True)
    jobs.assemble(job_id)
    assert api.get(f"/jobs/{job_id}").json["state"] == "done"


def test_beat_resumes_stalled_runs_by_calling_the_service(app, api, assembly):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert any(entry["task"] == "tasks.packs.resume_stalled_runs" for entry in schedule.values())
    job_id = start_pack_run(api, assembly["event"]["id"])["id"]
    _stall(job_id, app.config["PACK_RUN_STALL_SECONDS"] + 1)
    queued = app.extensions["celery"].tasks["tasks.packs.resume_stalled_runs"]()
    assert queued == 1


def test_storage_out_of_reach_is_not_a_delegates_failure(api, assembly, monkeypatch):
    """The chunk fails (its task is tried again); no delegate is marked as failed for it."""
    from planner.storage import StorageOffline

    job_id = start_pack_run(api, assembly["event"]["id"])["id"]

    def offline(_pack):
        raise StorageOffline("the file storage is unavailable; try again in a moment")

    monkeypatch.setattr(service, "pack_pdf", offline)
    with pytest.raises(StorageOffline):
        jobs.make_packs(job_id, jobs.chunks(job_id)[0])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PackJobItem)) == 0
