"""GET /api/v1/events?per_page=50 on gunicorn (2 workers) against a bare Flask endpoint
answering the same bytes, in one run. Goal: a ratio of at least 0.35."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.support import fetch, gunicorn, requests_per_second, seeded_environment

PATH = "/api/v1/events?per_page=50"


def cold_render_ms(env: dict[str, str], rounds: int = 20) -> float:
    """Time of one uncached render (the data version changes before each request)."""
    from planner import create_app
    from planner.caching import bump_data_version
    from planner.extensions import db

    app = create_app()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
    total = 0.0
    with app.app_context():
        for _ in range(rounds):
            with db.engine.begin() as connection:
                bump_data_version(connection)
            started = time.perf_counter()
            assert client.get(PATH, headers=headers).status_code == 200
            total += time.perf_counter() - started
    return total / rounds * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        workdir = Path(folder)
        env = seeded_environment(workdir, extra_events=488)
        headers = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
        with gunicorn("wsgi:app", env) as base:
            body = fetch(base + PATH, headers)
            planner_rps = requests_per_second(base + PATH, headers)
        (workdir / "body.json").write_bytes(body)
        env["BENCH_BODY_FILE"] = str(workdir / "body.json")
        with gunicorn("bench.bare_app:app", env) as base:
            assert fetch(base + PATH, {}) == body
            bare_rps = requests_per_second(base + PATH, {})
        cold = cold_render_ms(env)
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"api list  GET {PATH} ({len(body):,} bytes, {database}, gunicorn -w 2, wrk -c8)")
    print(f"  planner : {planner_rps:8.0f} req/s")
    print(f"  bare    : {bare_rps:8.0f} req/s")
    print(f"  ratio   : {planner_rps / bare_rps:8.2f}   (goal >= 0.35)")
    print(f"  uncached render: {cold:.1f} ms per request (in-process, after a data change)")


if __name__ == "__main__":
    main()
