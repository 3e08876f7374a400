"""A feed of 1,000 meetings.

- render: building it from the database against the bare icalendar library building the
  same VEVENTs from data already in memory (goal: at most 1.2x). Measured after one meeting
  changed (the feed's bytes are no longer cached, the other meetings' VEVENTs are), which is
  what every render but a process's first is; the first render is reported beside it;
- warm: requests per second of /calendar/public.ics on gunicorn (2 workers), against the same
  bytes served as a static response by a bare Flask app (goal: at least 0.5x).
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

import icalendar
import sqlalchemy as sa

from bench.support import fetch, gunicorn, requests_per_second, seeded_environment

PATH = "/calendar/public.ics"
MEETINGS = 1000
ROUNDS = 5


def _best_of(rounds: int, work) -> float:
    """Best wall time in ms; each round starts from a collected heap, so the garbage of one
    side is not charged to the other."""
    timings = []
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


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


def render_figures() -> tuple[float, float, float, int]:
    """Milliseconds of a render after a change, of a first render, of the bare library; and
    the feed's size."""
    from planner import create_app
    from planner.calendars.service import component_cache, find_feed, render_feed, site_from_config
    from planner.db import utcnow
    from planner.events.models import Event
    from planner.extensions import db

    app = create_app()
    with app.app_context():
        site = site_from_config(app.config)
        feed = find_feed("public", "public")
        now = utcnow()
        body = render_feed(feed, site, now)
        first = _best_of(ROUNDS, lambda: render_feed(feed, site, now))
        components = component_cache()
        render_feed(feed, site, now, components)
        changed = db.session.scalars(sa.select(Event).order_by(Event.id).limit(1)).one()

        def after_a_change() -> None:
            changed.title += "!"
            db.session.commit()
            render_feed(feed, site, now, components)

        after_change = _best_of(ROUNDS, after_a_change)
    bare = _best_of(ROUNDS, _bare_builder(body))
    return after_change, first, bare, len(body)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="planner-bench-feed-") as folder:
        workdir = Path(folder)
        env = seeded_environment(workdir, extra_events=MEETINGS, publish=True)
        change_ms, first_ms, bare_ms, size = render_figures()
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
    database = env["DATABASE_URL"].split(":", 1)[0]
    meetings = body.count(b"BEGIN:VEVENT")
    print(f"feed      GET {PATH} ({meetings} meetings, {size:,} bytes, {database})")
    print(f"  bare icalendar, same VEVENTs : {bare_ms:7.1f} ms")
    print(f"  render after a change        : {change_ms:7.1f} ms   ratio {change_ms / bare_ms:.2f}"
          "   (goal <= 1.2)")  # fmt: skip
    print(f"  first render of a process    : {first_ms:7.1f} ms   ratio {first_ms / bare_ms:.2f}")
    print(f"  warm: {planner_rps:.0f} req/s, static bytes: {bare_rps:.0f} req/s"
          f"   ratio {planner_rps / bare_rps:.2f}   (goal >= 0.5)")  # fmt: skip


if __name__ == "__main__":
    main()
