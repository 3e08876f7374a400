"""Lists cost a fixed number of SQL statements, however many rows they hold."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from planner.events.models import Event, EventKind, Session, SessionKind
from planner.extensions import db
from planner.members.models import Body, Delegate, Membership, Organisation
from tests.conftest import SEOUL_MORNING
from tests.support.queries import counted_statements


def _add_rows(first: int, count: int) -> None:
    """``count`` events, each with a body and three sessions with a speaker, and as many
    delegates, each of their own organisation."""
    body = db.session.scalar(sa.select(Body)) or Body(slug="executive-committee", name="EC")
    for n in range(first, first + count):
        organisation = Organisation(
            slug=f"city-{n}",
            name=f"City {n}",
            country="KR",
            timezone="Asia/Seoul",
            membership=Membership.FULL,
        )
        delegate = Delegate(
            full_name=f"Delegate {n}",
            email=f"d{n}@example.org",
            organisation=organisation,
            timezone="Asia/Seoul",
        )
        start = SEOUL_MORNING + timedelta(days=n)
        event = Event(
            kind=EventKind.EXECUTIVE_COMMITTEE,
            title=f"Meeting {n}",
            body=body,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            timezone="Asia/Seoul",
        )
        event.sessions = [
            Session(
                title=f"Session {k}",
                kind=SessionKind.BUSINESS,
                speakers=[delegate],
                starts_at=start + timedelta(hours=2 * k),
                ends_at=start + timedelta(hours=2 * k + 1),
            )
            for k in range(3)
        ]
        db.session.add_all((organisation, delegate, event))
    db.session.commit()


def _statements_for(api, path: str) -> int:
    db.session.expunge_all()
    with counted_statements() as statements:
        response = api.get(path)
    assert response.status_code == 200, response.json
    return len(statements), response.json


def test_event_and_delegate_lists_do_not_grow_in_statements(api):
    _add_rows(0, 50)
    few_events, page = _statements_for(api, "/events?per_page=500")
    few_delegates, delegates = _statements_for(api, "/delegates?per_page=500")
    assert page["total"] == 50 and len(page["items"][0]["sessions"]) == 3
    assert page["items"][0]["sessions"][0]["speaker_ids"]

    _add_rows(50, 450)
    many_events, page = _statements_for(api, "/events?per_page=500")
    many_delegates, delegates = _statements_for(api, "/delegates?per_page=500")
    assert len(page["items"]) == 500 and page["items"][-1]["body"] == "executive-committee"
    assert delegates["total"] == 500

    assert many_events == few_events
    assert many_delegates == few_delegates
    assert many_events <= 8


def test_sort_name_is_the_same_in_python_and_in_sql(app):
    """Lists sorted in Python (the meeting page) and in SQL (the participants page) agree."""
    organisation = Organisation(
        slug="city", name="City", country="KR", timezone="Asia/Seoul", membership=Membership.FULL
    )
    names = [("Kim Min-ji", "Kim"), ("Aiko Yamada", None), ("Zoe Adams", "Adams")]
    db.session.add_all(
        Delegate(
            full_name=full,
            family_name=family,
            email=f"{n}@example.org",
            organisation=organisation,
            timezone="Asia/Seoul",
        )
        for n, (full, family) in enumerate(names)
    )
    db.session.commit()

    in_sql = db.session.scalars(sa.select(Delegate.sort_name).order_by(Delegate.sort_name)).all()
    in_python = sorted(d.sort_name for d in db.session.scalars(sa.select(Delegate)))
    assert in_sql == in_python == ["Adams", "Aiko Yamada", "Kim"]
