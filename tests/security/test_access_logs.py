"""Access logs carry no secret link (issue 11, item 7): the development server's (Werkzeug) and
gunicorn's as docker-compose.yml starts it show ``***`` where an RSVP or feed token was, in the
path, in the query string and in the Referer."""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from werkzeug.serving import make_server

from planner.extensions import db
from planner.logs import redact
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "q-5jIihMfWAdAMh7LCkw7ZfsBTXl2W7mNEAcBAMpfrQ"
#: Requests whose access log line would otherwise carry TOKEN.
CARRYING = (
    f"/rsvp/{TOKEN}",
    f"/rsvp/{TOKEN}/pack.pdf?lang=fr",
    f"/rsvp/{TOKEN}/ballot",
    f"/api/v1/ballots/{TOKEN}",
    f"/api/v1/ballots/{TOKEN}/7",
    f"/calendar/delegates/{TOKEN}.ics",
    f"/calendar/delegates/17-{TOKEN}.ics",
    f"/login?next=/rsvp/{TOKEN}",
    f"/login?next=%2Frsvp%2F{TOKEN}%2Fpack.pdf",
    f"/calendar/public.ics?token={TOKEN}&x=1",
)


def test_redact_hides_every_secret_and_keeps_the_rest():
    assert redact(f'"GET /rsvp/{TOKEN}/pack.pdf?lang=fr HTTP/1.1" 200') == (
        '"GET /rsvp/***/pack.pdf?lang=fr HTTP/1.1" 200'
    )
    assert redact(f"/calendar/delegates/{TOKEN}.ics") == "/calendar/delegates/***.ics"
    assert redact("/calendar/public.ics?page=2") == "/calendar/public.ics?page=2"
    for path in CARRYING:
        assert TOKEN not in redact(path) and "***" in redact(path), path


def _get(url: str, **headers: str) -> None:
    with contextlib.suppress(urllib.error.HTTPError):  # a 404 is logged like any answer
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def test_the_development_server_log_shows_no_token(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in CARRYING:
            _get(f"http://127.0.0.1:{server.server_port}{path}")
    finally:
        server.shutdown()
        thread.join()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug" and "GET" in r.message]
    assert len(lines) == len(CARRYING)
    for line in lines:
        assert TOKEN not in line and "***" in line, line
    assert TOKEN not in caplog.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_as_compose_starts_it_logs_no_token(tmp_path):
    database = f"sqlite:///{tmp_path / 'planner.db'}"
    with make_app(database, tmp_path).app_context():
        db.create_all()
        db.engine.dispose()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    port = _free_port()
    command = (
        compose["services"]["web"]["command"]
        .replace("${WEB_WORKERS:-2}", "1")
        .replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    )
    argv = shlex.split(command)
    assert argv[0] == "gunicorn"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "PLANNER_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "log-test",
        "CELERY_BROKER_URL": "memory://",
    }
    log = tmp_path / "gunicorn.log"
    bin_dir = Path(sys.executable).parent
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(bin_dir / "gunicorn"), *argv[1:]],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(f"{base}/fonts/none.ttf", timeout=1)
                except urllib.error.HTTPError:
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail(log.read_text())
            for path in CARRYING:
                _get(base + path, Referer=f"{base}/rsvp/{TOKEN}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    lines = [line for line in text.splitlines() if '"GET ' in line and "/fonts/" not in line]
    assert len(lines) == len(CARRYING), text
    for line in lines:
        assert TOKEN not in line and "***" in line, line
    assert TOKEN not in text
