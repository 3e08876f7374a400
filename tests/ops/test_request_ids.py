"""Every answer carries a request id (the proxy's ``X-Request-ID`` when it sent a sane one);
with ``PLANNER_LOG_FORMAT=json`` gunicorn and a Celery worker write JSON lines, and the task a
request queued logs that request's id: one grep follows a click into the worker."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis

from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = REDIS_URL if REDIS_URL.startswith("redis://") else "redis://127.0.0.1:6379/0"
REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/13"  # this test's own database, emptied first


@pytest.mark.parametrize(
    ("given", "kept"),
    [("edge-7f3a.42", True), ("", False), ("a" * 65, False), ("two words", False),
     ("<script>", False)],
)  # fmt: skip
def test_an_answer_carries_a_request_id(app, given, kept):
    answer = app.test_client().get("/healthz", headers={"X-Request-ID": given} if given else {})
    request_id = answer.headers["X-Request-ID"]
    if kept:
        assert request_id == given
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: What Celery prints itself, outside logging, when told to stop (celery.apps.worker).
_SHUTDOWN_NOTICE = re.compile(r"(worker: (Warm|Cold) shutdown \(MainProcess\))?")


def _json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        if _SHUTDOWN_NOTICE.fullmatch(line):
            continue
        assert line.startswith("{"), f"not a JSON line: {line!r}"
        lines.append(json.loads(line))
    return lines


@pytest.mark.redis
@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_request_id_follows_the_work_into_the_worker(app, api, event, delegate, tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        service_missing("Redis", error)
    joined = {"delegate_id": delegate["id"], "role": "observer"}
    assert api.post(f"/events/{event['id']}/participants", joined).status_code == 201
    assert api.post(f"/events/{event['id']}/publish").status_code == 200
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PLANNER_INSTANCE_PATH": app.config["INSTANCE_PATH"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "CELERY_BROKER_URL": REDIS_URL,
        "PLANNER_LOG_FORMAT": "json",
        "MAIL_URL": "",
    }
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    with web_log.open("wb") as web_out, worker_log.open("wb") as worker_out:
        processes = [
            subprocess.Popen(
                [str(bin_dir / "gunicorn"), "-c", "python:planner.gunicorn_conf", "-w", "1",
                 "-b", f"127.0.0.1:{port}", "--access-logfile", "-", "planner:create_app()"],
                cwd=tmp_path, env=env, stdout=web_out, stderr=subprocess.STDOUT,
            ),
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "planner.worker", "worker",
                 "--pool=solo", "-n", f"ids-{os.getpid()}@localhost", "--loglevel=INFO"],
                cwd=ROOT, env=env, stdout=worker_out, stderr=subprocess.STDOUT,
            ),
        ]  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(200):
                try:
                    urllib.request.urlopen(f"{base}/readyz", timeout=2)
                except urllib.error.HTTPError:
                    break  # answering (503: this database was made without migrations)
                except OSError:
                    time.sleep(0.1)
            invite = urllib.request.Request(
                f"{base}/api/v1/events/{event['id']}/invitations", method="POST",
                headers={"Authorization": f"Bearer {api.token}", "X-Request-ID": "click-42"},
            )  # fmt: skip
            with urllib.request.urlopen(invite, timeout=10) as answer:
                assert answer.status == 202 and answer.headers["X-Request-ID"] == "click-42"
            for _attempt in range(300):
                if "click-42" in worker_log.read_text() and " sent " in worker_log.read_text():
                    break
                time.sleep(0.1)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    web = _json_lines(web_log.read_text())
    access = [line for line in web if line["logger"] == "gunicorn.access"]
    assert any(
        line["request_id"] == "click-42" and line["status"] == "202" and "invitations" in
        line["message"] for line in access
    ), access  # fmt: skip
    worker = _json_lines(worker_log.read_text())
    sent = [line for line in worker if line["logger"] == "planner.notifications.service"]
    assert sent and all(line["request_id"] == "click-42" for line in sent), worker
    assert all(line["task_id"] != "-" for line in sent)
    assert "sent" in sent[0]["message"]
