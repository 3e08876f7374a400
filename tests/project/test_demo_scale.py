"""``flask planner demo --scale N``: the demo network N times over, as the scale benches use
it (here N = 2, on a migrated database through the command itself)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from planner.db import utcnow
from planner.events.models import Event, EventStatus, Participation
from planner.extensions import db
from planner.members.models import Body, BodySeat, Delegate, Organisation
from tests.conftest import make_app


def _count(model: type, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_scale_two_doubles_the_network_and_its_meetings(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'scale.db'}", tmp_path)
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    said = runner.invoke(args=["planner", "demo", "--scale", "2"])
    assert said.exit_code == 0, said.output
    assert "166 full and 94 associate members, 500 delegates, 241 meetings" in said.output
    with app.app_context():
        # Every member twice (the secretariat once), each copy with its own delegates.
        assert _count(Organisation) == 2 * 130 + 1
        assert _count(Organisation, Organisation.slug == "seoul-2") == 1
        assert _count(Delegate, Delegate.email.like("%@seoul-2.example")) == 2
        assembly = db.session.scalar(sa.select(Body).where(Body.slug == "general-assembly"))
        assert _count(BodySeat, BodySeat.body_id == assembly.id) == 2 * 130
        # 120 meetings a step in all, then the congress of (here) every delegate.
        congress = db.session.scalar(sa.select(Event).where(Event.title.like("World Cities%")))
        assert congress.status is EventStatus.SCHEDULED and len(congress.sessions) == 6
        assert _count(Participation, Participation.event_id == congress.id) == 500
        past = _count(Event, Event.ends_at < utcnow())
        assert 60 < past < 181  # spread over the year before and the year after
        # Each participation has its own secret link.
        links = db.session.scalars(sa.select(Participation.rsvp_token_hash)).all()
        assert len(set(links)) == len(links) == _count(Participation)
    again = runner.invoke(args=["planner", "demo", "--scale", "2"])
    assert "already loaded" in again.output
    refused = runner.invoke(args=["planner", "demo", "--scale", "0"])
    assert refused.exit_code == 2 and "--scale" in refused.output
