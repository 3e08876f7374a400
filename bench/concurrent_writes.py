"""64 writers at once (failed sign-ins and real writes) beside unrelated reads, against the app
as ``make run`` serves it (SQLite, Flask's threaded server) and against gunicorn with threads
on PostgreSQL (``BENCH_DATABASE_URL``, a database it may wipe). Goal: every request answered
with its expected status, none slower than 2 s.

``tests/events/test_concurrent_writes.py`` fires the same load and checks the answers (not the
times).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from bench.support import flask_run, gunicorn, seeded_environment

WRITERS = 64
READERS = 16
ROUNDS = 5
# Long enough to see the answer of a request stuck behind an exhausted pool (30 s).
CLIENT_TIMEOUT = 120.0
# gunicorn threads per worker: more than the 15 connections of a worker's pool.
GUNICORN_THREADS = 32


class Request(NamedTuple):
    kind: str
    method: str
    path: str
    body: dict | None
    expected: frozenset[int]


class Outcome(NamedTuple):
    request: Request
    status: int | None  # None: no answer within CLIENT_TIMEOUT
    seconds: float

    @property
    def as_expected(self) -> bool:
        return self.status in self.request.expected


def load(writers: int = WRITERS, readers: int = READERS) -> list[Request]:
    """Half the writers sign in with a wrong password (unknown accounts: anyone can send
    these), half create an organisation; the readers ask for pages that write nothing."""
    run = secrets.token_hex(3)
    requests = []
    for n in range(writers):
        if n % 2:
            credentials = {"email": f"nobody-{run}-{n}@load.example", "password": "wrong guess"}
            requests.append(
                Request("sign-in", "POST", "/api/v1/auth/token", credentials,
                        frozenset({401, 429}))
            )  # fmt: skip
        else:
            organisation = {
                "slug": f"load-{run}-{n}",
                "name": f"Load test city {n}",
                "country": "KR",
                "city": "Seoul",
                "timezone": "Asia/Seoul",
                "membership": "full",
            }
            requests.append(
                Request("write", "POST", "/api/v1/organisations", organisation, frozenset({201}))
            )
    reads = ["/api/v1/events", "/calendar/public.ics", "/login", "/api/v1/organisations"]
    for n in range(readers):
        requests.append(Request("read", "GET", reads[n % len(reads)], None, frozenset({200})))
    return requests


def fire(base: str, token: str, requests: list[Request]) -> list[Outcome]:
    """Send every request at the same moment, each on its own connection."""
    start = threading.Barrier(len(requests))

    def send(request: Request) -> Outcome:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if request.kind == "sign-in":
            del headers["Authorization"]
        data = json.dumps(request.body).encode() if request.body is not None else None
        call = urllib.request.Request(base + request.path, data, headers, method=request.method)
        start.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(call, timeout=CLIENT_TIMEOUT) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:  # timed out or dropped
            status = None
        return Outcome(request, status, time.perf_counter() - started)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def _measure(label: str, base: str, token: str) -> None:
    """The first burst on the fresh server (its workers' first requests, their connections
    being opened) apart from the bursts after it."""
    print(f"  {label}")
    print(f"    first burst  {_summary(fire(base, token, load()))}")
    warm = [outcome for _ in range(ROUNDS) for outcome in fire(base, token, load())]
    print(f"    then         {_summary(warm)}")


def _summary(outcomes: list[Outcome]) -> str:
    times = sorted(outcome.seconds for outcome in outcomes)
    p99 = times[max(int(len(times) * 0.99) - 1, 0)]
    unexpected = sum(1 for outcome in outcomes if not outcome.as_expected)
    errors = sum(1 for outcome in outcomes if outcome.status is None or outcome.status >= 500)
    return (
        f"max {times[-1] * 1000:6.0f} ms   p99 {p99 * 1000:6.0f} ms   unexpected {unexpected}"
        f"   5xx or none {errors}   ({len(outcomes)} requests)"
    )


def main() -> None:
    print(
        f"concurrent writes: {WRITERS} writers + {READERS} readers at once, then {ROUNDS} times"
        " more (goal: none unexpected, max under 2000 ms)"
    )
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        workdir = Path(folder)
        sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
        env = seeded_environment(workdir, 0, database_url=sqlite_url, can_write=True)
        with flask_run(env) as base:
            _measure("make run (flask run, SQLite)", base, env["BENCH_TOKEN"])
        if not os.environ.get("BENCH_DATABASE_URL"):
            print("  PostgreSQL: skipped (set BENCH_DATABASE_URL to a database it may wipe)")
            return
        env = seeded_environment(workdir, 0, can_write=True)
        label = f"gunicorn -w 2 --threads {GUNICORN_THREADS}, PostgreSQL"
        with gunicorn("wsgi:app", env, threads=GUNICORN_THREADS) as base:
            _measure(label, base, env["BENCH_TOKEN"])


if __name__ == "__main__":
    main()
