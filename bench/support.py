"""Shared pieces of the benchmarks: a seeded database, servers, a load generator."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BIN = Path(sys.executable).parent
#: wrk's threads: each drives its share of the connections.
WRK_THREADS = 2
#: Where a benchmark makes its throwaway PostgreSQL database, without BENCH_DATABASE_URL.
SERVER_URL = "postgresql://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seeded_environment(
    workdir: Path,
    extra_events: int,
    publish: bool = False,
    database_url: str | None = None,
    can_write: bool = False,
    scale: int = 1,
) -> dict[str, str]:
    """A database migrated, with the demo network (``scale`` times over) and ``extra_events``
    more meetings (each with four sessions, 18 hours apart from a month ago: all inside a
    feed's window), and
    ``BENCH_TOKEN``: a viewer's token, or an organiser's when the benchmark writes."""
    env = dict(os.environ)
    # A database of the caller's (e.g. PostgreSQL), or a SQLite file of the run's own.
    env["DATABASE_URL"] = (
        database_url or os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    )
    env["PLANNER_INSTANCE_PATH"] = str(workdir)
    env["CELERY_BROKER_URL"] = "memory://"
    env["SECRET_KEY"] = "bench"
    env["FLASK_APP"] = "wsgi"
    # Each benchmark starts from empty: BENCH_DATABASE_URL names a database it may wipe.
    for step in (["downgrade", "base"], ["upgrade"]):
        subprocess.run(
            [PYTHON_BIN / "flask", "db", *step], env=env, cwd=ROOT, check=True, capture_output=True
        )
    subprocess.run(
        [PYTHON_BIN / "flask", "planner", "demo", "--scale", str(scale)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    os.environ.update(
        {
            k: env[k]
            for k in ("DATABASE_URL", "PLANNER_INSTANCE_PATH", "CELERY_BROKER_URL", "SECRET_KEY")
        }
    )
    from planner import create_app
    from planner.auth.models import UserRole
    from planner.auth.service import create_user, issue_token
    from planner.db import utcnow
    from planner.events import service as events
    from planner.events.models import EventKind, SessionKind
    from planner.extensions import db

    app = create_app()
    with app.app_context():
        first = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
        for n in range(extra_events):
            start = first + timedelta(hours=18 * n)
            event = events.create_event(
                {
                    "kind": EventKind.SEMINAR,
                    "title": f"Seminar {n}: cities and data",
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=8),
                    "timezone": "Asia/Seoul",
                    "body_slug": "executive-committee",
                }
            )
            for k in range(4):
                events.add_session(
                    event,
                    {
                        "title": f"Session {k}",
                        "kind": SessionKind.PANEL,
                        "starts_at": start + timedelta(hours=2 * k),
                        "ends_at": start + timedelta(hours=2 * k + 1),
                    },
                )
            if publish:
                events.publish_event(event)
        role = UserRole.ORGANISER if can_write else UserRole.VIEWER
        user = create_user("bench@secretariat.example", "bench-password-1", role)
        token, _ = issue_token(user, timedelta(days=1))
        db.session.commit()
    env["BENCH_TOKEN"] = token
    return env


@contextmanager
def postgres_database() -> Iterator[tuple[str, bool]]:
    """(URL, whether it was made here): the caller's, or a new database dropped afterwards."""
    if given := os.environ.get("BENCH_DATABASE_URL"):
        yield given, False
        return
    name = f"planner_bench_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + "/" + name, True
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(app_path: str, env: dict[str, str], workers: int = 2, threads: int = 1):
    """gunicorn serving ``app_path`` with the production settings (``planner.gunicorn_conf``);
    with ``threads`` > 1 its threaded (gthread) workers."""
    port = free_port()
    command = [PYTHON_BIN / "gunicorn", "-c", "python:planner.gunicorn_conf"]
    command += ["-w", str(workers), "--threads", str(threads)]
    with _server([*command, "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_path],
                 env, port) as base:  # fmt: skip
        yield base


@contextmanager
def flask_run(env: dict[str, str]):
    """The app served as ``make run`` serves it: Flask's threaded development server."""
    port = free_port()
    command = [PYTHON_BIN / "flask", "--app", "wsgi", "run", "--host", "127.0.0.1"]
    with _server([*command, "--port", str(port)], env, port) as base:
        yield base


@contextmanager
def _server(command: list, env: dict[str, str], port: int):
    """The server's base URL once the app answers (gunicorn listens before its workers have
    loaded the app); stopped afterwards."""
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                fetch(base + "/api/v1/openapi.json", {})
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} stopped at start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def requests_per_second(
    url: str,
    headers: dict[str, str],
    seconds: int = 10,
    connections: int = 8,
    script: Path | None = None,
) -> float:
    """wrk's figure: 2 threads, 8 connections unless told (both servers measured the same
    way); ``script``: a wrk Lua script shaping the requests (a POST and its bodies)."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for this benchmark: apt-get install wrk")
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    script_args = ["-s", str(script)] if script else []
    if script is None:
        fetch(url, headers)  # warm up
    output = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            *header_args,
            *script_args,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"errors while measuring {url}:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if found is None:
        raise SystemExit(f"wrk printed no rate for {url}:\n{output}")
    return float(found.group(1))


def migrate(url: str, workdir: Path, fresh: bool) -> None:
    """The schema by the migrations, and the environment ``create_app`` reads (no demo)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        PLANNER_INSTANCE_PATH=str(workdir),
        CELERY_BROKER_URL="memory://",
        SECRET_KEY="bench",
        FLASK_APP="wsgi",
    )
    # A database of the caller's starts from empty: BENCH_DATABASE_URL names one it may wipe.
    for step in [["upgrade"]] if fresh else [["downgrade", "base"], ["upgrade"]]:
        subprocess.run(
            [PYTHON_BIN / "flask", "db", *step], env=env, cwd=ROOT, check=True, capture_output=True
        )
    os.environ.update(
        {
            k: env[k]
            for k in ("DATABASE_URL", "PLANNER_INSTANCE_PATH", "CELERY_BROKER_URL", "SECRET_KEY")
        }
    )
