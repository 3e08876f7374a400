"""Several hosts, simulated on one machine: two web processes (gunicorn) and two Celery
workers, each with an instance folder of its own (no shared disk), one PostgreSQL, one broker
(Redis, then RabbitMQ), files in one S3 bucket (moto's server), mail to one SMTP server.

An organiser on web A publishes a meeting and invites; the invitations arrive once each; a
delegate answers on web B and web A's API says so at once; a change made on A shows in B's
feed within a second; a bulk pack run spread over both workers leaves one zip that either web
process serves; reminders dispatched on both hosts at the same moment go out once."""

from __future__ import annotations

import email
import http.cookiejar
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from tests.conftest import service_missing, throwaway_postgres
from tests.support.s3 import free_port, moto_server, new_bucket, s3_settings
from tests.support.smtp_server import smtp_server_fixture

__all__ = ["smtp_server_fixture"]
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PEOPLE = 25  # three chunks of packs: both workers get some
REDIS = "redis://127.0.0.1:6379/9"
RABBIT = "amqp://guest:guest@127.0.0.1:5672//"


def _broker_ready(url: str) -> None:
    if url.startswith("redis://"):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
        except redis.RedisError as error:
            service_missing("Redis", error)
        return
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
            connection.default_channel.queue_purge("celery")
    except Exception as error:
        if "NOT_FOUND" not in str(error):
            service_missing("RabbitMQ", error)


class Host:
    """A process of one host, with its own instance folder and log."""

    def __init__(self, name: str, command: list[str], env: dict, folder: Path) -> None:
        folder.mkdir(parents=True)
        self.log = folder / f"{name}.log"
        self.env = {**env, "PLANNER_INSTANCE_PATH": str(folder)}
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(command, cwd=folder, env=self.env, stdout=output,
                                            stderr=subprocess.STDOUT)  # fmt: skip

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.log.read_text()


def _web(name: str, env: dict, folder: Path) -> tuple[Host, str]:
    port = free_port()
    host = Host(name, [str(BIN / "gunicorn"), "-c", "python:planner.gunicorn_conf", "-w", "1",
                       "--threads", "4", "-b", f"127.0.0.1:{port}", "planner:create_app()"],
                env, folder)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                assert answer.status == 200
                return host, base
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    raise AssertionError(host.stop())


def _worker(name: str, env: dict, folder: Path) -> Host:
    return Host(name, [sys.executable, "-m", "celery", "-A", "planner.worker", "worker",
                       "--concurrency=1", "-n", f"{name}-{os.getpid()}@localhost",
                       "--loglevel=INFO"], env, folder)  # fmt: skip


def _sign_in(base: str, email: str, password: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token", method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["token"]


def _call(base: str, token: str, method: str, path: str, body: dict | None = None):
    request = urllib.request.Request(
        f"{base}/api/v1{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        data = answer.read()
        return answer.status, (json.loads(data) if answer.headers.get_content_type() ==
                               "application/json" else data)  # fmt: skip


def _answer_on(base: str, rsvp_url: str, answer: str) -> None:
    """As a delegate's browser: the RSVP page, then its form (with its CSRF token)."""
    path = urllib.parse.urlsplit(rsvp_url).path
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = browser.open(base + path, timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "answer": answer}).encode()
    assert browser.open(base + path, data=form, timeout=10).status == 200


def _until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.mark.redis
@pytest.mark.parametrize("broker", [REDIS, RABBIT], ids=["redis", "rabbitmq"])
def test_two_hosts_share_the_work_and_agree(tmp_path, smtp_server, broker):
    """(An S3 server of its own: four processes' traffic stays out of the session's one.)"""
    _broker_ready(broker)
    with moto_server() as s3_endpoint, throwaway_postgres("planner_hosts") as database:
        storage = s3_settings(s3_endpoint, new_bucket(s3_endpoint), prefix="hosts/")
        env = {
            **os.environ, **{f"PLANNER_{k}": str(v) for k, v in storage.items()},
            "DATABASE_URL": database, "CELERY_BROKER_URL": broker,
            "SECRET_KEY": "one-secret-for-every-host",
            # Plain HTTP, so that the RSVP form's session cookie is not a Secure one.
            "MAIL_URL": smtp_server.url(), "PLANNER_BASE_URL": "http://planner.example",
            "PLANNER_INSTANCE_PATH": str(tmp_path / "setup"),
        }  # fmt: skip
        # As an operator would: the migration, then an organiser account (all in processes
        # of their own: this test holds no database connection).
        flask = [str(BIN / "flask"), "--app", "planner"]
        subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([*flask, "planner", "create-organiser", "organiser@hosts.example"],
                       input=b"organiser-password-1\n", env=env, check=True,
                       capture_output=True)  # fmt: skip
        hosts = []
        try:
            web_a, base_a = _web("web-a", env, tmp_path / "a")
            token = _sign_in(base_a, "organiser@hosts.example", "organiser-password-1")
            web_b, base_b = _web("web-b", env, tmp_path / "b")
            workers = [_worker("worker-a", env, tmp_path / "wa"),
                       _worker("worker-b", env, tmp_path / "wb")]  # fmt: skip
            hosts = [web_a, web_b, *workers]
            _scenario(base_a, base_b, token, smtp_server, workers, env, tmp_path)
        finally:
            logs = {host.log.name: host.stop() for host in hosts}
        for name, text in logs.items():
            assert "Traceback" not in text, f"{name}:\n{text[-3000:]}"


def _scenario(base_a, base_b, token, smtp_server, workers, env, tmp_path) -> None:
    # On web A: the network, a meeting starting in 20 hours (its one-day reminder is due), and
    # its invitations.
    _, org = _call(base_a, token, "POST", "/organisations", {
        "slug": "seoul", "name": "Seoul", "country": "KR", "timezone": "Asia/Seoul",
        "membership": "full"})  # fmt: skip
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=20)
    _, event = _call(base_a, token, "POST", "/events", {
        "kind": "seminar", "title": "Seminar across hosts", "timezone": "Asia/Seoul",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "reminder_offsets": ["P1D"]})  # fmt: skip
    participants = []
    for n in range(PEOPLE):
        _, person = _call(base_a, token, "POST", "/delegates", {
            "full_name": f"Delegate {n}", "email": f"d{n}@seoul.example",
            "organisation_id": org["id"]})  # fmt: skip
        _, joined = _call(base_a, token, "POST", f"/events/{event['id']}/participants",
                          {"delegate_id": person["id"], "role": "guest"})  # fmt: skip
        participants.append(joined)
    _call(base_a, token, "POST", f"/events/{event['id']}/publish")
    status, _queued = _call(base_a, token, "POST", f"/events/{event['id']}/invitations")
    assert status == 202
    invited = smtp_server.wait_for(PEOPLE, timeout=60)
    time.sleep(1)  # nothing more comes: each invitation once
    assert len(smtp_server.messages) == PEOPLE
    assert len({m.rcpt_tos[0] for m in invited}) == PEOPLE

    # A delegate answers on web B; web A's API knows at once.
    _answer_on(base_b, participants[0]["rsvp_url"], "accepted")
    _, listed = _call(base_a, token, "GET", f"/events/{event['id']}/participants")
    seen = next(p for p in listed["items"] if p["id"] == participants[0]["id"])
    assert seen["status"] == "accepted"

    # A change on A: B's feed of the meeting says it within a second.
    _call(base_a, token, "PATCH", f"/events/{event['id']}", {"title": "Seminar, renamed"})

    def feed_of_b() -> bool:
        with urllib.request.urlopen(f"{base_b}/calendar/events/{event['id']}.ics") as answer:
            return b"SUMMARY:Seminar\\, renamed" in answer.read()

    _until(feed_of_b, 2.0, "web B's feed shows the change made on web A")

    # A bulk pack run, spread over both workers; its zip served alike by A and B.
    status, job = _call(base_a, token, "POST", f"/events/{event['id']}/packs")
    assert status == 202

    def finished():
        report = _call(base_b, token, "GET", f"/jobs/{job['id']}")[1]
        return report if report["state"] in ("done", "failed") else None

    report = _until(finished, 180, "the pack run finishes")
    assert report["state"] == "done", report
    path = "/" + report["result"]["zip"].split("/api/v1/", 1)[1]
    from_a, from_b = (_call(base, token, "GET", path)[1] for base in (base_a, base_b))
    assert from_a == from_b
    with zipfile.ZipFile(io.BytesIO(from_a)) as packs:
        assert len(packs.namelist()) == PEOPLE
    for worker in workers:
        assert "tasks.packs.make_pack_chunk" in worker.log.read_text(), worker.log.name

    # Reminders dispatched on both hosts at once: each participant reminded once.
    before = len(smtp_server.messages)
    dispatches = [
        subprocess.Popen(
            [str(BIN / "flask"), "--app", "planner", "planner", "dispatch-reminders"],
            cwd=tmp_path / host,
            env={**env, "PLANNER_INSTANCE_PATH": str(tmp_path / host)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for host in ("a", "b")
    ]
    said = [process.communicate(timeout=60)[0].decode() for process in dispatches]
    queued = sum(int(re.search(r"(\d+) reminder", text).group(1)) for text in said)
    assert queued == PEOPLE, said  # the answering delegate too: they come
    smtp_server.wait_for(before + PEOPLE, timeout=60)
    time.sleep(1)
    reminders = smtp_server.messages[before:]
    assert len(reminders) == PEOPLE
    subjects = {email.message_from_bytes(m.data)["X-Planner-Message"] for m in reminders}
    assert subjects == {"reminder"}, subjects
