"""Two writers that both pass the service's checks: the database decides, the loser gets 409."""

from __future__ import annotations

import sqlalchemy as sa

from planner.events.models import Event
from planner.extensions import db
from planner.members import service as members
from planner.members.models import Delegate
from tests.support.api_helpers import assert_error


def test_duplicate_email_that_slips_past_the_check_is_a_409(api, delegate, monkeypatch):
    # As if the other request inserted between our check and our commit.
    monkeypatch.setattr(members, "_ensure_email_free", lambda email: None)
    response = api.post(
        "/delegates",
        {
            "full_name": "Another Kim",
            "email": delegate["email"],
            "organisation_id": delegate["organisation_id"],
        },
    )
    assert_error(response, 409)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == 1


def test_event_changed_between_read_and_write_is_a_409(api, event):
    def concurrent_edit(session, flush_context, instances):
        with db.engine.begin() as other:
            other.execute(
                sa.update(Event)
                .where(Event.id == event["id"])
                .values(title="Theirs", version=Event.version + 1)
            )

    sa.event.listen(db.session, "before_flush", concurrent_edit, once=True)
    response = api.patch(f"/events/{event['id']}", {"title": "Mine"})
    assert_error(response, 409)
    db.session.expire_all()
    assert db.session.get(Event, event["id"]).title == "Theirs"
