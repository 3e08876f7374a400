"""A feed of 1,000 meetings, then the public feed of the demo network ten times over on
PostgreSQL (``BENCH_DATABASE_URL``, else a throwaway database).

- render: building it from the database against the bare icalendar library building the
  same VEVENTs from data already in memory (goal: at most 1.2x), in wall and CPU time (the
  machine may be shared: CPU time is the steadier), as long as its reader waits. Measured
  after one meeting changed (the feed's bytes are no longer cached, the other meetings'
  VEVENTs are), which is what every render but a process's first is; then a process's first
  render (nothing cached in it) when other processes rendered before (the VEVENTs stored in
  the database: goal at most 1.2x too), and the very first render of all (nothing stored
  either), whose VEVENTs are stored after its response (timed apart);
- warm: requests per second of /calendar/public.ics on gunicorn (2 workers), against the same
  bytes served as a static response by a bare Flask app (goal: at least 0.5x).
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import icalendar
import sqlalchemy as sa

from bench.support import (
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
    bare: Timing
    size: int
    meetings: int


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
        db.engine.dispose()
    bare = _best_of(ROUNDS, _bare_builder(body))
    meetings = body.count(b"BEGIN:VEVENT")
    return Figures(
        after_change, first_of_a_process, first_of_all, storing, bare, len(body), meetings
    )


def _print_render(figures: Figures, what: str) -> None:
    bare = figures.bare
    print(f"feed      GET {PATH} ({figures.meetings} meetings, {figures.size:,} bytes, {what})")
    print(f"  {'bare icalendar, same VEVENTs':38}: {bare.wall:7.1f} ms   (CPU {bare.cpu:.1f} ms)")
    rows = (
        ("render after a change", figures.after_change, "   (goal <= 1.2)"),
        ("first render of a process", figures.first_of_a_process, "   (goal <= 1.2)"),
        ("first render of all (nothing stored)", figures.first_of_all, ""),
    )
    for name, timing, goal in rows:
        print(f"  {name:38}: {timing.wall:7.1f} ms   {timing.ratio(bare)}{goal}")
    storing = figures.storing
    stored = f"{storing.wall:7.1f} ms   (CPU {storing.cpu:.1f} ms)"
    print(f"  {'  then stored, after the response':38}: {stored}")


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
    main()
