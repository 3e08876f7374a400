"""The live quorum of a 130-member General Assembly with 500 participants, on PostgreSQL.

83 full members in good standing (dues paid last year) and 47 associates; each member sends
three or four people (500 in all); the 83 voting members have credentials approved with an
alternate; about two thirds of the delegates are in the room, some alternates too, and ten
proxies stand. ``live_quorum`` runs as the quorum endpoint runs it, in a fresh session each
time; we report its median and 95th percentile time and its SQL statements (goal: under
20 ms, and the same statements however many people). The same count on a tenth of the
people shows that the statements do not grow.

PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.support import migrate, postgres_database

MEMBERS = 130
FULL = 83
PARTICIPANTS = 500
PROXIES = 10  # among the first 60 full members: six apart
RUNS = 200


def seed(members: int, full: int, participants: int) -> int:
    """The network and its Assembly; the meeting's id."""
    from planner.db import utcnow
    from planner.events.models import (
        Event,
        EventKind,
        EventStatus,
        ParticipantRole,
        ParticipantStatus,
        Participation,
    )
    from planner.extensions import db
    from planner.governance.models import Credential, CredentialDecision, Proxy
    from planner.members.models import Body, Delegate, Dues, DuesStatus, Membership, Organisation

    starts = datetime(2027, 5, 11, 1, 0, tzinfo=UTC)
    body = Body(slug="general-assembly", name="General Assembly")
    event = Event(kind=EventKind.GENERAL_ASSEMBLY, title="General Assembly", body=body,
                  starts_at=starts, ends_at=starts + timedelta(hours=8),
                  timezone="Asia/Seoul", status=EventStatus.SCHEDULED)  # fmt: skip
    db.session.add_all([body, event])
    organisations = []
    for index in range(members):
        organisation = Organisation(
            slug=f"city-{index}", name=f"City {index}", country="KR", timezone="Asia/Seoul",
            membership=Membership.FULL if index < full else Membership.ASSOCIATE,
        )  # fmt: skip
        organisation.dues.append(
            Dues(year=starts.year - 1, status=DuesStatus.PAID, amount=2000, currency="USD")
        )
        organisations.append(organisation)
    db.session.add_all(organisations)
    people: list[list[Participation]] = [[] for _ in organisations]
    for index in range(participants):
        organisation = organisations[index % members]
        delegate = Delegate(full_name=f"Delegate {index}", email=f"d{index}@bench.example",
                            organisation=organisation, timezone="Asia/Seoul")  # fmt: skip
        role = (
            ParticipantRole.VOTING_DELEGATE
            if index < members
            else ParticipantRole.ALTERNATE
            if index < 2 * members
            else ParticipantRole.OBSERVER
        )
        participation = Participation(
            event=event, delegate=delegate, role=role, status=ParticipantStatus.ACCEPTED
        )  # fmt: skip
        people[index % members].append(participation)
        db.session.add_all([delegate, participation])
    db.session.flush()
    now = utcnow()
    for index, (organisation, taking_part) in enumerate(zip(organisations, people, strict=True)):
        voting, alternate = taking_part[0], taking_part[1]
        if index % 3:
            voting.checked_in_at = now
        elif index % 2:
            alternate.checked_in_at = now
        if index < full:
            credential = Credential(
                event=event, organisation=organisation, delegate_id=voting.id,
                alternate_id=alternate.id, decision=CredentialDecision.APPROVED, decided_at=now,
            )  # fmt: skip
            db.session.add(credential)
    for index in range(min(PROXIES, full // 8)):
        giver, holder = organisations[6 * index], organisations[6 * index + 1]
        db.session.add(Proxy(event=event, giver=giver, holder=holder))
    db.session.commit()
    return event.id


def measure(app, event_id: int) -> tuple[list[float], int, tuple[int, int, int]]:
    """Times of ``RUNS`` counts, the statements of one, and (entitled, present, represented)."""
    from planner.events.models import Event
    from planner.extensions import db
    from planner.governance.quorum.live import live_quorum

    statements: list[str] = []

    def record(*args):
        statements.append(args[2])

    times = []
    for run in range(RUNS + 1):
        with app.app_context():
            event = db.session.get(Event, event_id)
            assert event is not None and event.body is not None
            engine = db.engine
            if run == 0:
                sa.event.listen(engine, "before_cursor_execute", record)
            started = time.perf_counter()
            quorum = live_quorum(event)
            elapsed = time.perf_counter() - started
            if run == 0:
                sa.event.remove(engine, "before_cursor_execute", record)
            else:
                times.append(elapsed)
    return times, len(statements), (quorum.entitled, quorum.present, quorum.represented)


def main() -> None:
    from planner import create_app
    from planner.extensions import db

    for scale in (10, 1):
        members, full, participants = MEMBERS // scale, FULL // scale, PARTICIPANTS // scale
        with tempfile.TemporaryDirectory() as workdir, postgres_database() as (url, fresh):
            migrate(url, Path(workdir), fresh)
            app = create_app()
            with app.app_context():
                event_id = seed(members, full, participants)
            times, statements, (entitled, present, represented) = measure(app, event_id)
            with app.app_context():
                db.engine.dispose()
        times.sort()
        print(
            f"quorum    {members} members, {participants} participants (PostgreSQL): "
            f"{entitled} voting, {present} present, {represented} represented\n"
            f"  live_quorum  median {statistics.median(times) * 1000:6.2f} ms   "
            f"p95 {times[int(len(times) * 0.95)] * 1000:6.2f} ms   (goal < 20 ms)   "
            f"{statements} statements"
        )


if __name__ == "__main__":
    main()
