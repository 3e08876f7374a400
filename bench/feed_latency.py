"""A feed of 1,000 meetings, then the public feed of the demo network ten times over on
PostgreSQL (``BENCH_DATABASE_URL``, else a throwaway database).

- render: building it from the database against the bare icalendar library building the
  same VEVENTs from data already in memory (goal: at most 1.2x), in wall and CPU time (the
  machine may be shared: CPU time is the steadier), as long as its reader waits. Measured
  after one meeting changed (the feed's bytes are no longer cached, the other meetings'
  VEVENTs are), which is what every render but a process's first is; then a process's first
  render (nothing cached in it) when other processes rendered before (the VEVENTs stored in
  the database: goal at most 1.2x too), and the very first render of all (nothing stored
  either), whose VEVENTs are stored after its response (timed apart); and the first request
  a new gunicorn worker serves (``first-request``, in a process of its own: what it makes
  once, such as compiled statements, included), with the store warm and empty;
- warm: requests per second of /calendar/public.ics on gunicorn (2 workers), against the same
  bytes served as a static response by a bare Flask app (goal: at least 0.5x).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import icalendar
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder, run_wsgi_app

from bench.support import (
    ROOT,
    fetch,
    gunicorn,
    postgres_database,
    requests_per_second,
    seeded_environment,
)

PATH = "/calendar/public.ics"
MEETINGS = 1000
SCALE = 10
ROUNDS = 5


class Timing(NamedTuple):
    wall: float  # ms
    cpu: float  # ms

    def ratio(self, other: Timing) -> str:
        return f"ratio {self.wall / other.wall:.2f} (CPU {self.cpu / other.cpu:.2f})"


def _best_of(rounds: int, work, before=None) -> Timing:
    """Best wall and CPU times; each round starts from a collected heap (and ``before``,
    not timed), so the garbage of one side is not charged to the other."""
    walls, cpus = [], []
    for _ in range(rounds):
        if before is not None:
            before()
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(min(walls) * 1000, min(cpus) * 1000)


def _plain(value):
    """What a program using icalendar directly would hand it: Python values, not its types."""
    if hasattr(value, "dt"):
        return value.dt
    if hasattr(value, "cats"):
        return [str(category) for category in value.cats]
    if hasattr(value, "latitude"):
        return (value.latitude, value.longitude)
    if isinstance(value, int):
        return int(value)
    return str(value)


def _bare_builder(feed_bytes: bytes):
    """A function building the same calendar with icalendar alone, from plain values."""
    parsed = icalendar.Calendar.from_ical(feed_bytes)
    rows = [
        {name: _plain(component[name]) for name in component} for component in parsed.walk("VEVENT")
    ]
    zones = [icalendar.Timezone.from_ical(zone.to_ical()) for zone in parsed.walk("VTIMEZONE")]

    def build() -> bytes:
        calendar = icalendar.Calendar()
        for name in ("PRODID", "VERSION", "CALSCALE", "NAME", "X-WR-CALNAME"):
            calendar.add(name, parsed[name])
        for zone in zones:
            calendar.add_component(zone)
        for row in rows:
            vevent = icalendar.Event()
            for name, value in row.items():
                vevent.add(name, value)
            calendar.add_component(vevent)
        return calendar.to_ical()

    return build


class Figures(NamedTuple):
    after_change: Timing
    first_of_a_process: Timing  # the store warm
    first_of_all: Timing  # the store empty
    storing: Timing  # a first render of all's components, after its response
    new_process: Timing  # the first request a new process serves, the store warm
    new_process_nothing_stored: Timing
    bare: Timing
    size: int
    meetings: int


def first_request_of_a_process() -> None:
    """In a process of its own (``python -m bench.feed_latency first-request``), as a new
    gunicorn worker: the app made and the worker's start hook run, then its first GET of the
    feed timed as a WSGI server serves it, up to the last byte of the body (the response is
    closed after, which stores what was rendered)."""
    from planner import create_app
    from planner.gunicorn_conf import post_worker_init

    app = create_app()
    post_worker_init(SimpleNamespace(wsgi=app))
    environ = EnvironBuilder(path=PATH).get_environ()
    wall, cpu = time.perf_counter(), time.process_time()
    served, _status, _headers = run_wsgi_app(app.wsgi_app, environ)
    body = b"".join(served)
    timing = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    served.close()  # type: ignore[attr-defined]
    print(json.dumps({"wall": timing[0], "cpu": timing[1], "size": len(body)}))


def _in_new_processes(before) -> Timing:
    """The best of ROUNDS new processes' first requests, each after ``before``."""
    walls, cpus = [], []
    for _ in range(ROUNDS):
        before()
        child = subprocess.run(
            [sys.executable, "-m", "bench.feed_latency", "first-request"],
            cwd=ROOT, env=os.environ, check=True, capture_output=True, text=True,
        )  # fmt: skip
        figures = json.loads(child.stdout.splitlines()[-1])
        walls.append(figures["wall"])
        cpus.append(figures["cpu"])
    return Timing(min(walls), min(cpus))


def render_figures() -> Figures:
    """A render after a change, a process's first, the very first, the bare library: what
    a reader waits for (the feed view stores what it rendered once the response is sent,
    timed apart)."""
    from planner import create_app
    from planner.calendars import store
    from planner.calendars.models import RenderedComponent
    from planner.calendars.service import component_cache, find_feed, render_feed, site_from_config
    from planner.db import utcnow
    from planner.events.models import Event
    from planner.extensions import db

    app = create_app()
    with app.app_context():
        site = site_from_config(app.config)
        feed = find_feed("public", "public")
        now = utcnow()
        rendered: list[store.Stored] = []

        def serve(components=None) -> bytes:
            rendered.clear()
            return render_feed(feed, site, now, components, rendered.extend)

        def store_rendered() -> None:
            """As the feed view does after the response: in a transaction of its own."""
            store.store(rendered)
            db.session.commit()

        def forget_stored() -> None:
            db.session.execute(sa.delete(RenderedComponent))
            db.session.commit()

        body = serve()
        store_rendered()
        first_of_a_process = _best_of(ROUNDS, serve)  # a new component cache each time
        first_of_all = _best_of(ROUNDS, serve, before=forget_stored)

        def render_anew() -> None:
            forget_stored()
            serve()

        storing = _best_of(ROUNDS, store_rendered, before=render_anew)
        components = component_cache()
        serve(components)
        changed = db.session.scalars(sa.select(Event).order_by(Event.id).limit(1)).one()

        def change() -> None:
            store_rendered()
            changed.title += "!"
            db.session.commit()

        after_change = _best_of(ROUNDS, lambda: serve(components), before=change)
        store_rendered()
        new_process = _in_new_processes(before=lambda: None)
        new_process_nothing_stored = _in_new_processes(before=forget_stored)
        db.engine.dispose()
    bare = _best_of(ROUNDS, _bare_builder(body))
    meetings = body.count(b"BEGIN:VEVENT")
    return Figures(
        after_change, first_of_a_process, first_of_all, storing, new_process,
        new_process_nothing_stored, bare, len(body), meetings,
    )  # fmt: skip


def _print_render(figures: Figures, what: str) -> None:
    bare = figures.bare
    print(f"feed      GET {PATH} ({figures.meetings} meetings, {figures.size:,} bytes, {what})")
    print(f"  {'bare icalendar, same VEVENTs':38}: {bare.wall:7.1f} ms   (CPU {bare.cpu:.1f} ms)")
    rows = (
        ("render after a change", figures.after_change, "   (goal <= 1.2)"),
        ("first render of a process", figures.first_of_a_process, "   (goal <= 1.2)"),
        ("first render of all (nothing stored)", figures.first_of_all, ""),
        ("  then stored, after the response", figures.storing, None),
        ("first request of a new process", figures.new_process, "   (goal <= 1.2)"),
        ("  the same, nothing stored", figures.new_process_nothing_stored, ""),
    )
    for name, timing, goal in rows:
        compared = f"(CPU {timing.cpu:.1f} ms)" if goal is None else timing.ratio(bare) + goal
        print(f"  {name:38}: {timing.wall:7.1f} ms   {compared}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="planner-bench-feed-") as folder:
        workdir = Path(folder)
        env = seeded_environment(workdir, extra_events=MEETINGS, publish=True)
        figures = render_figures()
        with gunicorn("wsgi:app", env) as base:
            body = fetch(base + PATH, {})
            planner_rps = requests_per_second(base + PATH, {})
        (workdir / "body.ics").write_bytes(body)
        env.update(
            BENCH_BODY_FILE=str(workdir / "body.ics"),
            BENCH_BODY_PATH=PATH,
            BENCH_BODY_TYPE="text/calendar",
        )
        with gunicorn("bench.bare_app:app", env) as base:
            assert fetch(base + PATH, {}) == body
            bare_rps = requests_per_second(base + PATH, {})
    _print_render(figures, env["DATABASE_URL"].split(":", 1)[0])
    print(f"  warm: {planner_rps:.0f} req/s, static bytes: {bare_rps:.0f} req/s"
          f"   ratio {planner_rps / bare_rps:.2f}   (goal >= 0.5)")  # fmt: skip
    with postgres_database() as (url, _fresh), tempfile.TemporaryDirectory() as folder:
        seeded_environment(Path(folder), extra_events=0, database_url=url, scale=SCALE)
        figures = render_figures()
    _print_render(figures, f"demo network x{SCALE}, postgresql")


if __name__ == "__main__":
    if sys.argv[1:] == ["first-request"]:
        first_request_of_a_process()
    else:
        main()
