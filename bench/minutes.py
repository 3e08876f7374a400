"""The minutes of a 3-day General Assembly on PostgreSQL: 20 agenda items (five of them
sub-items), 10 closed votes of which 2 elections, 500 participants of 130 members (the
``quorum`` bench's network), a frozen roll, the secretariat's text under every item. We build
the PDF as the endpoint does, the record read in a fresh session each time, and report the
median and slowest of the runs (goal: under 2 s) and the SQL statements of one read.

PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.quorum import FULL, MEMBERS, PARTICIPANTS, seed
from bench.support import migrate, postgres_database

ITEMS, SUB_ITEMS, QUESTIONS, ELECTIONS = 15, 5, 8, 2
RUNS = 5
TEXT = (
    "The chair introduced the item; the secretariat presented the paper circulated before the "
    "meeting. Members from the region asked about the schedule and the budget lines; the "
    "chair noted the comments for the record. "
) * 3


def record_the_meeting(event_id: int) -> None:
    """The Assembly's agenda, votes, elections and decisions, as running it would leave them."""
    from planner.db import utcnow
    from planner.events.models import Event
    from planner.extensions import db
    from planner.governance.models import (
        AgendaItem,
        AgendaItemKind,
        Candidate,
        MajorityRule,
        Tally,
        Vote,
        VoteMethod,
        VoteOutcome,
    )  # fmt: skip
    from planner.governance.register.service import record
    from planner.governance.rolls.service import freeze
    from planner.members.models import Body, Organisation, SeatRole

    event = db.session.get(Event, event_id)
    assert event is not None
    event.ends_at = event.starts_at + timedelta(days=2, hours=8)  # three days
    committee = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(committee)
    roll = freeze(event, None)
    items = []
    for n in range(ITEMS):
        kind = AgendaItemKind.ELECTION if n >= ITEMS - ELECTIONS else AgendaItemKind.RESOLUTION
        items.append(AgendaItem(event=event, position=n + 1, title=f"Resolution {n + 1}",
                                text="The text put to the meeting.", kind=kind,
                                minutes_text=TEXT))  # fmt: skip
    for n in range(SUB_ITEMS):
        items.append(AgendaItem(event=event, parent=items[n], position=1, title="Report",
                                kind=AgendaItemKind.REPORT, minutes_text=TEXT))  # fmt: skip
    db.session.add_all(items)
    members = db.session.scalars(sa.select(Organisation.id).order_by(Organisation.id)).all()
    closed = utcnow()
    counted = roll.present + roll.represented
    for n in range(QUESTIONS + ELECTIONS):
        election = n >= QUESTIONS
        vote = Vote(
            event=event, agenda_item=items[ITEMS - ELECTIONS + n - QUESTIONS if election else n],
            roll_id=roll.id, question=f"Do you adopt resolution {n + 1}?",
            method=VoteMethod.ROLL_CALL, rule=MajorityRule.SIMPLE, quorum_counted=counted,
            quorum_needed=roll.needed, opened_at=closed - timedelta(minutes=10 * (20 - n)),
            closed_at=closed - timedelta(minutes=10 * (20 - n) - 5),
            outcome=VoteOutcome.ELECTED if election else VoteOutcome.ADOPTED,
        )  # fmt: skip
        db.session.add(vote)
        if election:
            vote.seats, vote.seat_role, vote.seat_body = 3, SeatRole.MEMBER, committee
            for position, organisation_id in enumerate(members[n * 6 : n * 6 + 6], start=1):
                vote.candidates.append(Candidate(organisation_id=organisation_id,
                                                 position=position))  # fmt: skip
        db.session.flush()
        if election:
            tallies = {"ballots": counted} | {
                f"candidate:{c.id}": counted - 7 * c.position for c in vote.candidates
            }
        else:
            tallies = {"yes": counted - 12, "no": 8, "abstain": 4}
        db.session.add_all(Tally(vote_id=vote.id, choice=k, count=v) for k, v in tallies.items())
        if not election:
            record(vote)
    db.session.commit()


def measure(app, event_id: int) -> tuple[list[float], int, int]:
    """Times of ``RUNS`` builds (after one to warm up), the statements and pages of one."""
    import io

    from pypdf import PdfReader

    from planner.events.models import Event
    from planner.extensions import db
    from planner.governance.minutes.queries import minutes_record
    from planner.packs.reports.minutes import minutes_pdf

    statements: list[str] = []

    def note(*args):
        statements.append(args[2])

    times, pages = [], 0
    for run in range(RUNS + 1):
        with app.test_request_context("/?lang=en"):
            event = db.get_or_404(Event, event_id)
            if run == 0:
                sa.event.listen(db.engine, "before_cursor_execute", note)
            started = time.perf_counter()
            pdf = minutes_pdf(minutes_record(event))
            elapsed = time.perf_counter() - started
            if run == 0:
                sa.event.remove(db.engine, "before_cursor_execute", note)
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
            else:
                times.append(elapsed)
    return times, len(statements), pages


def main() -> None:
    from planner import create_app
    from planner.extensions import db

    with tempfile.TemporaryDirectory() as workdir, postgres_database() as (url, fresh):
        migrate(url, Path(workdir), fresh)
        app = create_app()
        with app.app_context():
            event_id = seed(MEMBERS, FULL, PARTICIPANTS)
            record_the_meeting(event_id)
        times, statements, pages = measure(app, event_id)
        with app.app_context():
            db.engine.dispose()
    print(
        f"minutes   3-day Assembly: {ITEMS + SUB_ITEMS} agenda items, "
        f"{QUESTIONS + ELECTIONS} votes ({ELECTIONS} elections), {PARTICIPANTS} participants "
        f"(PostgreSQL)\n"
        f"  record + PDF  median {statistics.median(times):5.2f} s   slowest {max(times):5.2f} s"
        f"   (goal < 2 s)   {statements} statements, {pages} pages"
    )


if __name__ == "__main__":
    main()
