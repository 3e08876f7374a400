"""A body with its seats and meetings on it, written straight to the database: what the
dashboard's tests (pages and browser) show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planner.events.models import (
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    Participation,
)
from planner.extensions import db
from planner.members.models import Body, BodySeat, Delegate, Membership, Organisation, SeatRole

FUTURE = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


def add_meeting(n: int, body: Body | None, delegates: list[Delegate], statuses) -> Event:
    event = Event(
        kind=EventKind.EXECUTIVE_COMMITTEE if body else EventKind.SEMINAR,
        title=f"Meeting {n} <b>bold</b>",
        body=body,
        starts_at=FUTURE + timedelta(days=n),
        ends_at=FUTURE + timedelta(days=n, hours=6),
        timezone="Asia/Seoul",
        status=EventStatus.SCHEDULED,
    )
    for delegate, status in zip(delegates, statuses, strict=False):
        event.participations.append(
            Participation(
                delegate=delegate,
                role=ParticipantRole.VOTING_DELEGATE if body else ParticipantRole.GUEST,
                status=status,
            )
        )
    db.session.add(event)
    return event


def add_network(seats: int) -> tuple[Body, list[Delegate]]:
    body = Body(slug="executive-committee", name="Executive Committee")
    delegates = []
    for n in range(seats):
        organisation = Organisation(slug=f"city-{n}", name=f"City {n}", country="KR",
                                    timezone="Asia/Seoul", membership=Membership.FULL)  # fmt: skip
        body.seats.append(BodySeat(organisation=organisation, role=SeatRole.MEMBER,
                                   term_start=date(2020, 1, 1)))  # fmt: skip
        delegates.append(Delegate(full_name=f"Delegate {n}", email=f"d{n}@example.org",
                                  organisation=organisation, timezone="Asia/Seoul"))  # fmt: skip
    db.session.add(body)
    return body, delegates
