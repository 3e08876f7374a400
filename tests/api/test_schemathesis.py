"""Schemathesis over the running API on PostgreSQL: no server error, no answer that breaks the
OpenAPI document, no status the document does not list.

The app is migrated on a throwaway database, loaded with the demo network and an organiser
account, and served by gunicorn on a free loopback port; Schemathesis's CLI then runs every
phase (examples, coverage, fuzzing, stateful) with every check, a fixed seed and a bounded
number of examples. tests/api/schemathesis.toml holds its settings and explains each exception.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
EMAIL, PASSWORD = "fuzz@secretariat.example", "schemathesis-organiser"
SEED = 20261204
EXAMPLES_PER_OPERATION = 25
# Beyond the response-time check's budget (tests/api/schemathesis.toml), so that check reports it.
REQUEST_TIMEOUT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [BIN / "flask", *args], env=env, cwd=ROOT, input=stdin, text=True, check=True,
        capture_output=True,
    )  # fmt: skip


@pytest.fixture
def served_api(tmp_path) -> Iterator[str]:
    """The demo network on a new PostgreSQL database behind gunicorn: the API's base URL."""
    with throwaway_postgres("planner_schemathesis") as database_url:
        port = _free_port()
        env = {
            **os.environ,
            "FLASK_APP": "wsgi",
            "DATABASE_URL": database_url,
            "PLANNER_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "schemathesis",
            "PLANNER_BASE_URL": f"http://127.0.0.1:{port}",
            # Bulk pack runs are queued, never run: the run checks the API, not the workers.
            "CELERY_BROKER_URL": "memory://",
            # Fuzzing POST /auth/token fails thousands of sign-ins from this one address; the
            # run's own sign-ins must still pass (throttling has its own tests).
            "PLANNER_LOGIN_FAILURE_LIMIT": "1000000",
            "PLANNER_LOGIN_BACKOFF_MAX_SECONDS": "0",
        }
        _flask(env, "db", "upgrade")
        _flask(env, "planner", "demo")
        _flask(env, "planner", "create-organiser", EMAIL, stdin=PASSWORD + "\n")
        # No cap on the request line: gunicorn answers a query string over 4094 bytes with
        # its own 414 page before the app sees it (a setting of the deployment, not of the
        # API); Schemathesis draws such strings, and the app's answer to them is what's tested.
        server = subprocess.Popen(
            [BIN / "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "--limit-request-line", "0", "wsgi:app"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            _wait_for(base + "/openapi.json", server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        assert server.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.postgres
def test_the_api_keeps_to_its_openapi_document(served_api, tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [
            BIN / "schemathesis", "--config-file", CONFIG, "run", served_api + "/openapi.json",
            "--checks", "all",
            "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", str(EXAMPLES_PER_OPERATION),
            "--seed", str(SEED),
            "--generation-database", "none",  # the same run every time
            "--request-timeout", str(REQUEST_TIMEOUT_SECONDS),
            "--workers", "2",
            "--no-color",
        ],
        env={**os.environ, "PLANNER_FUZZ_EMAIL": EMAIL, "PLANNER_FUZZ_PASSWORD": PASSWORD},
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = result.stdout + result.stderr
    print(f"schemathesis took {time.monotonic() - started:.0f} s\n{report}")
    assert result.returncode == 0, report
