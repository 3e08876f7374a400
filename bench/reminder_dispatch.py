"""Reminder dispatch over 10,000 participations x 3 offsets (P14D, P1D, PT2H), on PostgreSQL.

Three passes of ``dispatch_due`` and its commit, each in an application context of its own as
the beat task runs it, with the SQL it costs:

- nothing due (15 days before the first meeting; goal: under 1 s);
- 10,000 due (2 days before: everyone's P14D; goal: under 10 s), which writes the ledger
  rows and 10,000 outbox e-mails, and whose commit hands them to the broker (memory://);
- again a minute later: the ledger has them, nothing new.

The same passes run first on 1,000 participations (the same 10 meetings, 100 people each):
a pass's statement count should not depend on how many people there are. Then on 40,000
(the network ten times over, ``demo --scale 10``, has 38,199 participations): what one
e-mail costs should not grow either. "Statements" are
the statements SQLAlchemy runs (a ``selectinload`` of more than 500 keys runs several);
"round trips" also count each page of a many-row INSERT (1,000 rows a page).

PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database made
on the local server and dropped at the end.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.support import migrate, postgres_database

MEETINGS = 10
OFFSETS = ["P14D", "P1D", "PT2H"]
SIZES = (1_000, 10_000, 40_000)
LANGUAGES = ("en", "fr", "ko")
TIMEZONES = ("Asia/Seoul", "Europe/Paris", "Asia/Bangkok", "America/Bogota")


@dataclass
class Pass:
    queued: int
    dispatch_s: float
    commit_s: float
    cpu_s: float  # of this process (the machine may be shared)
    statements: int
    round_trips: int

    @property
    def seconds(self) -> float:
        return self.dispatch_s + self.commit_s


def _insert(connection: sa.Connection, model: type, rows: list[dict]) -> list[int]:
    """Core bulk insert into the model's table; the new ids, in the order of ``rows``."""
    id_column: sa.ColumnClause[int] = sa.column("id")
    statement = sa.insert(model).returning(id_column, sort_by_parameter_order=True)
    return list(connection.scalars(statement, rows))


def seed(participations: int, start: datetime) -> None:
    """Empty the tables, then: one organisation, a venue, ``MEETINGS`` scheduled meetings
    of three sessions each at ``start`` (a day apart), and ``participations`` delegates
    split evenly between them, all invited, some having accepted."""
    from planner.caching import bump_data_version
    from planner.events.models import Event, Participation, Session, Venue
    from planner.extensions import db
    from planner.members.models import Delegate, Organisation

    tag = secrets.token_hex(3)
    per_meeting = participations // MEETINGS
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        invited_at = start - timedelta(days=30)
        stamps = {"created_at": invited_at, "updated_at": invited_at}
        (organisation_id,) = _insert(connection, Organisation, [{
            "slug": "bench-city", "name": "Bench City", "country": "KR", "city": "Seoul",
            "timezone": "Asia/Seoul", "membership": "full", "status": "active", **stamps,
        }])  # fmt: skip
        (venue_id,) = _insert(connection, Venue, [{
            "name": "City Hall", "address": "110 Sejong-daero, Jung-gu", "city": "Seoul",
            "country": "KR", "timezone": "Asia/Seoul", "latitude": 37.5663,
            "longitude": 126.9779, **stamps,
        }])  # fmt: skip
        delegate_ids = _insert(connection, Delegate, [{
            "full_name": f"Delegate {n}", "family_name": f"Family {n}",
            "email": f"delegate-{tag}-{n}@bench.example", "organisation_id": organisation_id,
            "language": LANGUAGES[n % len(LANGUAGES)], "timezone": TIMEZONES[n % len(TIMEZONES)],
            "needs_visa_letter": False, **Delegate.new_link_columns(), **stamps,
        } for n in range(participations)])  # fmt: skip
        event_ids = _insert(connection, Event, [{
            "kind": "general-assembly", "title": f"General Assembly {n}", "venue_id": venue_id,
            "starts_at": start + timedelta(days=n), "ends_at": start + timedelta(days=n, hours=8),
            "timezone": "Asia/Seoul", "status": "scheduled", "sequence": 0, "version": 1,
            "description": "The yearly meeting of the network's members.",
            "languages": ["en", "ko"], "reminder_offsets": OFFSETS, "confidential": False,
            **stamps,
        } for n in range(MEETINGS)])  # fmt: skip
        _insert(connection, Session, [{
            "event_id": event_id, "title": f"Session {k}", "kind": "plenary",
            "starts_at": start + timedelta(days=n, hours=3 * k),
            "ends_at": start + timedelta(days=n, hours=3 * k + 2),
        } for n, event_id in enumerate(event_ids) for k in range(3)])  # fmt: skip
        _insert(connection, Participation, [{
            "event_id": event_ids[n // per_meeting], "delegate_id": delegate_id,
            "role": "voting-delegate", "status": "accepted" if n % 3 else "invited",
            "responded_at": invited_at if n % 3 else None, "invited_at": invited_at,
            "credential_status": "none", **Participation.new_link_columns(), **stamps,
        } for n, delegate_id in enumerate(delegate_ids)])  # fmt: skip
        # As a live database has it: the row the caches key on (a pass updates it).
        bump_data_version(connection)


@contextmanager
def counted(engine: sa.Engine) -> Iterator[list]:
    """The execution contexts of every cursor execute: one per round trip, shared by the
    batches of one statement."""
    calls: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        calls.append(context if context is not None else object())

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield calls
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def one_pass(app, now: datetime) -> Pass:
    """``dispatch_due(now)`` and its commit, as the beat task runs them."""
    from planner.extensions import db
    from planner.reminders.service import dispatch_due

    with app.app_context(), counted(db.engine) as calls:
        cpu = time.process_time()
        started = time.perf_counter()
        queued = dispatch_due(now)
        dispatched = time.perf_counter()
        db.session.commit()
        committed = time.perf_counter()
        cpu = time.process_time() - cpu
    statements = len({id(context) for context in calls})
    return Pass(queued, dispatched - started, committed - dispatched, cpu, statements, len(calls))


def passes(app, participations: int) -> list[Pass]:
    from planner.db import utcnow

    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    with app.app_context():
        seed(participations, start)
    # Two days before the first meeting (the last starts 9 days later), every P14D is due
    # and no P1D yet.
    results = [
        one_pass(app, start - timedelta(days=15)),
        one_pass(app, start - timedelta(days=2)),
        one_pass(app, start - timedelta(days=2) + timedelta(minutes=1)),
    ]
    assert [r.queued for r in results] == [0, participations, 0], results
    return results


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="planner-bench-reminders-") as folder,
        postgres_database() as (url, fresh),
    ):
        migrate(url, Path(folder), fresh)
        from planner import create_app
        from planner.extensions import db

        app = create_app()
        try:
            small, large, scaled = (passes(app, size) for size in SIZES)
        finally:
            with app.app_context():
                db.engine.dispose()
    database = url.split(":", 1)[0]
    print(f"reminders dispatch ({database}, {SIZES[1]:,} participations x {len(OFFSETS)}"
          f" offsets, {MEETINGS} meetings)")  # fmt: skip
    labels = ("nothing due", f"{large[1].queued:,} due", "again, none new")
    # The third pass has nothing to send either: the goal of a pass with nothing due.
    goals = ("(goal < 1 s) ", "(goal < 10 s)", "(goal < 1 s) ")
    for label, goal, figures, few in zip(labels, goals, large, small, strict=True):
        print(f"  {label:<16}: {figures.seconds:6.2f} s  {figures.statements:3d} statements"
              f" ({figures.round_trips:3d} round trips)   {goal}   [{SIZES[0]:,}:"
              f" {few.statements} statements, {few.round_trips} round trips]")  # fmt: skip
    busy = large[1]
    print(f"  {busy.queued:,} due: dispatch_due {busy.dispatch_s:.2f} s"
          f" ({busy.dispatch_s / busy.queued * 1000:.2f} ms per e-mail), commit"
          f" {busy.commit_s:.2f} s (hands {busy.queued:,} delivery tasks to memory://);"
          f" {busy.cpu_s:.2f} s CPU in this process")  # fmt: skip
    per_email = ", ".join(
        f"{size:,}: {run[1].cpu_s / run[1].queued * 1000:.2f} ms ({run[1].statements} statements)"
        for size, run in zip(SIZES, (small, large, scaled), strict=True)
    )
    print(f"  CPU per e-mail of the pass with all due, by size: {per_email}")


if __name__ == "__main__":
    main()
