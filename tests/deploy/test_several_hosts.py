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
import re
import time
import urllib.parse
import urllib.request
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import throwaway_postgres
from tests.support.hosts import (
    ORGANISER,
    broker_ready,
    dispatch_reminders,
    host_environment,
    prepare,
    web,
    worker,
)
from tests.support.http_api import call, sign_in, until
from tests.support.s3 import moto_server, new_bucket, s3_settings
from tests.support.smtp_server import smtp_server_fixture

__all__ = ["smtp_server_fixture"]
PEOPLE = 25  # three chunks of packs: both workers get some
# A Redis database of its own: 13-15 serve other tests and 9 the pack bench, whose workers
# would take this test's tasks.
REDIS = "redis://127.0.0.1:6379/10"
RABBIT = "amqp://guest:guest@127.0.0.1:5672//"


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


@pytest.mark.redis
@pytest.mark.parametrize("broker", [REDIS, RABBIT], ids=["redis", "rabbitmq"])
def test_two_hosts_share_the_work_and_agree(tmp_path, smtp_server, broker):
    """(An S3 server of its own: four processes' traffic stays out of the session's one.)"""
    broker_ready(broker)
    with moto_server() as s3_endpoint, throwaway_postgres("planner_hosts") as database:
        storage = s3_settings(s3_endpoint, new_bucket(s3_endpoint), prefix="hosts/")
        env = host_environment(storage, database, broker, smtp_server.url(), tmp_path / "setup")
        prepare(env)
        hosts = []
        try:
            web_a, base_a = web("web-a", env, tmp_path / "a")
            token = sign_in(base_a, *ORGANISER)
            web_b, base_b = web("web-b", env, tmp_path / "b")
            workers = [worker("worker-a", env, tmp_path / "wa"),
                       worker("worker-b", env, tmp_path / "wb")]  # fmt: skip
            hosts = [web_a, web_b, *workers]
            _scenario(base_a, base_b, token, smtp_server, workers, env, tmp_path)
        finally:
            logs = {host.log.name: host.stop() for host in hosts}
        for name, text in logs.items():
            assert "Traceback" not in text, f"{name}:\n{text[-3000:]}"


def _scenario(base_a, base_b, token, smtp_server, workers, env, tmp_path) -> None:
    # On web A: the network, a meeting starting in 20 hours (its one-day reminder is due), and
    # its invitations.
    _, org = call(base_a, token, "POST", "/organisations", {
        "slug": "seoul", "name": "Seoul", "country": "KR", "timezone": "Asia/Seoul",
        "membership": "full"})  # fmt: skip
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=20)
    _, event = call(base_a, token, "POST", "/events", {
        "kind": "seminar", "title": "Seminar across hosts", "timezone": "Asia/Seoul",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "reminder_offsets": ["P1D"]})  # fmt: skip
    participants = []
    for n in range(PEOPLE):
        _, person = call(base_a, token, "POST", "/delegates", {
            "full_name": f"Delegate {n}", "email": f"d{n}@seoul.example",
            "organisation_id": org["id"]})  # fmt: skip
        _, joined = call(base_a, token, "POST", f"/events/{event['id']}/participants",
                          {"delegate_id": person["id"], "role": "guest"})  # fmt: skip
        participants.append(joined)
    call(base_a, token, "POST", f"/events/{event['id']}/publish")
    status, _queued = call(base_a, token, "POST", f"/events/{event['id']}/invitations")
    assert status == 202
    invited = smtp_server.wait_for(PEOPLE, timeout=60)
    time.sleep(1)  # nothing more comes: each invitation once
    assert len(smtp_server.messages) == PEOPLE
    assert len({m.rcpt_tos[0] for m in invited}) == PEOPLE

    # A delegate answers on web B; web A's API knows at once.
    _answer_on(base_b, participants[0]["rsvp_url"], "accepted")
    _, listed = call(base_a, token, "GET", f"/events/{event['id']}/participants")
    seen = next(p for p in listed["items"] if p["id"] == participants[0]["id"])
    assert seen["status"] == "accepted"

    # A change on A: B's feed of the meeting says it within a second.
    call(base_a, token, "PATCH", f"/events/{event['id']}", {"title": "Seminar, renamed"})

    def feed_of_b() -> bool:
        with urllib.request.urlopen(f"{base_b}/calendar/events/{event['id']}.ics") as answer:
            return b"SUMMARY:Seminar\\, renamed" in answer.read()

    until(feed_of_b, 2.0, "web B's feed shows the change made on web A")

    # A bulk pack run, spread over both workers; its zip served alike by A and B.
    status, job = call(base_a, token, "POST", f"/events/{event['id']}/packs")
    assert status == 202

    def finished():
        report = call(base_b, token, "GET", f"/jobs/{job['id']}")[1]
        return report if report["state"] in ("done", "failed") else None

    report = until(finished, 180, "the pack run finishes")
    assert report["state"] == "done", report
    path = "/" + report["result"]["zip"].split("/api/v1/", 1)[1]
    from_a, from_b = (call(base, token, "GET", path)[1] for base in (base_a, base_b))
    assert from_a == from_b
    with zipfile.ZipFile(io.BytesIO(from_a)) as packs:
        assert len(packs.namelist()) == PEOPLE
    for host in workers:
        assert "tasks.packs.make_pack_chunk" in host.log.read_text(), host.log.name

    # Reminders dispatched on both hosts at once: each participant reminded once.
    before = len(smtp_server.messages)
    dispatches = [dispatch_reminders(env, tmp_path / host) for host in ("a", "b")]
    said = [process.communicate(timeout=60)[0].decode() for process in dispatches]
    queued = sum(int(re.search(r"(\d+) reminder", text).group(1)) for text in said)
    assert queued == PEOPLE, said  # the answering delegate too: they come
    smtp_server.wait_for(before + PEOPLE, timeout=60)
    time.sleep(1)
    reminders = smtp_server.messages[before:]
    assert len(reminders) == PEOPLE
    subjects = {email.message_from_bytes(m.data)["X-Planner-Message"] for m in reminders}
    assert subjects == {"reminder"}, subjects
