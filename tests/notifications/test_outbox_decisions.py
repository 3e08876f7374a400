"""An e-mail says what was decided when it was queued: its kind, METHOD, STATUS and SEQUENCE
are those of the change that wrote it, however late it is delivered."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from planner.calendars.service import Feed, render_feed, site_from_config
from planner.extensions import db
from planner.notifications.models import MessageKind, OutboxMessage
from tests.support.outbox import calendar_of, invite_all, outbox

REQUEST_KINDS = {MessageKind.INVITATION, MessageKind.UPDATE, MessageKind.REMINDER}


def announced(message: OutboxMessage) -> dict:
    """METHOD, STATUS and SEQUENCE of the calendar an e-mail carries."""
    calendar = Calendar.from_ical(calendar_of(message.body))
    (vevent,) = calendar.walk("VEVENT")
    return {
        "method": str(calendar["METHOD"]),
        "status": str(vevent["STATUS"]),
        "sequence": int(vevent["SEQUENCE"]),
    }


def check_every_message_says_what_was_decided() -> None:
    """Each kind with its METHOD/STATUS, the row's SEQUENCE, rising per recipient."""
    last: dict[str, int] = defaultdict(lambda: -1)
    for message in outbox():
        said = announced(message)
        if message.kind is MessageKind.CANCELLATION:
            assert (said["method"], said["status"]) == ("CANCEL", "CANCELLED"), message.kind
        else:
            assert message.kind in REQUEST_KINDS
            assert said["method"] == "REQUEST" and said["status"] != "CANCELLED", message.kind
        assert said["sequence"] == message.sequence
        assert said["sequence"] > last[message.recipient], (message.recipient, message.kind)
        last[message.recipient] = said["sequence"]


def test_cancel_then_republish_before_delivery(api, meeting):
    invite_all(api, meeting)
    assert api.post(f"/events/{meeting['id']}/cancel").status_code == 200
    assert api.post(f"/events/{meeting['id']}/publish").status_code == 200
    cancellations = [announced(m) for m in outbox(MessageKind.CANCELLATION)]
    updates = [announced(m) for m in outbox(MessageKind.UPDATE)]
    assert len(cancellations) == len(updates) == 3
    assert all(
        c == {"method": "CANCEL", "status": "CANCELLED", "sequence": 1} for c in cancellations
    )
    assert all(u == {"method": "REQUEST", "status": "CONFIRMED", "sequence": 2} for u in updates)
    check_every_message_says_what_was_decided()


def test_removal_from_a_cancelled_meeting_has_the_feeds_sequence(app, api, meeting):
    invite_all(api, meeting)
    assert api.post(f"/events/{meeting['id']}/cancel").status_code == 200
    delegate, participant = meeting["delegates"][0], meeting["participants"][0]
    response = api.delete(f"/events/{meeting['id']}/participants/{participant['id']}")
    assert response.status_code == 204
    removal = outbox(MessageKind.CANCELLATION)[-1]
    assert removal.recipient == delegate["email"]
    feed = render_feed(
        Feed("delegate", str(delegate["id"]), "feed", True),
        site_from_config(app.config),
        now=datetime.fromisoformat(meeting["starts_at"]) - timedelta(days=1),
    )
    (vevent,) = Calendar.from_ical(feed).walk("VEVENT")
    assert announced(removal)["sequence"] == int(vevent["SEQUENCE"])
    assert announced(removal)["status"] == str(vevent["STATUS"]) == "CANCELLED"
    check_every_message_says_what_was_decided()


def _random_history(api, meeting: dict, rng: random.Random, steps: int) -> None:
    """Publish/update/cancel/remove/republish/invite in a random order, nothing delivered."""
    event_path = f"/events/{meeting['id']}"
    start = datetime.fromisoformat(meeting["starts_at"])
    organisation_id = meeting["delegates"][0]["organisation_id"]
    present = [p["id"] for p in meeting["participants"]]
    for step in range(steps):
        action = rng.choice(["update", "cancel", "republish", "remove", "invite", "add"])
        status = api.get(event_path).json["status"]
        if action == "update" and status != "cancelled":
            start += timedelta(hours=rng.choice([-2, 1, 3]))
            api.patch(event_path, {
                "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=8)).isoformat(),
            })  # fmt: skip
        elif action == "cancel" and status != "cancelled":
            assert api.post(f"{event_path}/cancel").status_code == 200
        elif action == "republish" and status == "cancelled":
            assert api.post(f"{event_path}/publish").status_code == 200
        elif action == "remove" and present:
            gone = present.pop(rng.randrange(len(present)))
            assert api.delete(f"{event_path}/participants/{gone}").status_code == 204
        elif action == "invite" and status != "cancelled":
            assert api.post(f"{event_path}/invitations").status_code == 202
        elif action == "add":
            delegate = api.post("/delegates", {
                "full_name": f"Step {step}", "email": f"step{step}@x.example",
                "organisation_id": organisation_id,
            }).json  # fmt: skip
            added = api.post(f"{event_path}/participants",
                             {"delegate_id": delegate["id"], "role": "guest"})  # fmt: skip
            present.append(added.json["id"])


@pytest.mark.parametrize("seed", range(10))
def test_random_histories_send_what_was_decided(api, meeting, seed):
    invite_all(api, meeting)
    _random_history(api, meeting, random.Random(seed), steps=40)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) > 3
    check_every_message_says_what_was_decided()


def test_removed_and_added_again_is_invited_above_the_cancellation(app, api, meeting):
    """A calendar keeps the copy with the highest SEQUENCE: the invitation of a delegate added
    back must outrank the CANCEL of their removal, and a second removal must be sent too."""
    invite_all(api, meeting)
    delegate, participant = meeting["delegates"][0], meeting["participants"][0]
    participants = f"/events/{meeting['id']}/participants"
    for _round in range(2):
        assert api.delete(f"{participants}/{participant['id']}").status_code == 204
        added = api.post(participants, {"delegate_id": delegate["id"], "role": "observer"})
        assert added.status_code == 201
        assert api.post(f"/events/{meeting['id']}/invitations").status_code in (200, 202)
    assert api.delete(f"{participants}/{participant['id']}").status_code == 204

    theirs = [m for m in outbox() if m.recipient == delegate["email"]]
    assert [m.kind for m in theirs] == [MessageKind.INVITATION, MessageKind.CANCELLATION] * 3
    check_every_message_says_what_was_decided()
    feed = render_feed(
        Feed("delegate", str(delegate["id"]), "feed", True),
        site_from_config(app.config),
        now=datetime.fromisoformat(meeting["starts_at"]) - timedelta(days=1),
    )
    (vevent,) = Calendar.from_ical(feed).walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == theirs[-1].sequence
