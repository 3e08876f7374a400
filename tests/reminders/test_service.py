"""Reminders: due from the current start, exactly once, re-timed by a reschedule."""

from __future__ import annotations

import email
from datetime import datetime, timedelta
from email import policy

import sqlalchemy as sa

from planner.db import utcnow
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.notifications import service
from planner.notifications.models import MessageKind, OutboxMessage
from planner.reminders.models import ReminderSent
from planner.reminders.service import dispatch_due
from tests.support.queries import counted_statements


def reminders(now: datetime | None = None) -> list[OutboxMessage]:
    """The queued reminders, composed as the delivering worker would at ``now``."""
    queued = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.REMINDER)
    )
    return [service.render(m, now) if m.body is None else m for m in queued]


def invited(api, event: dict) -> datetime:
    assert api.post(f"/events/{event['id']}/invitations").status_code == 202
    return datetime.fromisoformat(event["starts_at"])  # reminder offsets: P1D and PT2H


def test_nothing_is_due_before_the_first_offset(api, meeting):
    start = invited(api, meeting)
    assert dispatch_due(start - timedelta(days=1, minutes=1)) == 0
    assert reminders() == []


def test_each_offset_reminds_each_participant_exactly_once(api, meeting):
    start = invited(api, meeting)
    day_before = start - timedelta(days=1)
    assert dispatch_due(day_before) == 3
    db.session.commit()
    assert dispatch_due(day_before + timedelta(minutes=1)) == 0  # again: nothing new
    two_hours = start - timedelta(hours=2)
    assert dispatch_due(two_hours) == 3
    db.session.commit()
    assert dispatch_due(two_hours) == 0
    assert len(reminders()) == 6
    message = reminders()[0]
    assert b"X-Planner-Message: reminder" in message.body


def test_never_after_the_start_nor_for_cancelled_meetings_or_declined_people(api, meeting):
    start = invited(api, meeting)
    assert dispatch_due(start + timedelta(minutes=1)) == 0
    declined = meeting["participants"][0]
    api.patch(f"/events/{meeting['id']}/participants/{declined['id']}", {"status": "declined"})
    assert dispatch_due(start - timedelta(hours=2)) == 2
    db.session.commit()
    api.post(f"/events/{meeting['id']}/cancel")
    assert dispatch_due(start - timedelta(minutes=30)) == 0


def test_missed_reminders_go_out_once_when_several_are_due_together(api, meeting):
    start = invited(api, meeting)
    # Nothing ran the day before: at 90 minutes to go, both offsets are due.
    assert dispatch_due(start - timedelta(minutes=90)) == 3
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderSent)) == 6
    assert dispatch_due(start - timedelta(minutes=60)) == 0


def test_a_rescheduled_meeting_reminds_again_before_its_new_date(api, meeting):
    start = invited(api, meeting)
    assert dispatch_due(start - timedelta(days=1)) == 3
    db.session.commit()
    later = start + timedelta(days=7)
    api.patch(f"/events/{meeting['id']}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    assert dispatch_due(start - timedelta(hours=2)) == 0  # the old moment means nothing now
    assert dispatch_due(later - timedelta(days=1)) == 3


def test_a_pass_costs_the_same_statements_for_few_or_many_participants(api, meeting):
    start = invited(api, meeting)
    with counted_statements() as idle_few:
        assert dispatch_due(start - timedelta(days=2)) == 0
    with counted_statements() as due_few:
        assert dispatch_due(start - timedelta(days=1)) == 3
    db.session.commit()

    organisation_id = meeting["delegates"][0]["organisation_id"]
    for n in range(20):
        delegate = api.post("/delegates", {
            "full_name": f"Extra {n}", "email": f"extra{n}@x.example",
            "organisation_id": organisation_id,
        }).json  # fmt: skip
        api.post(f"/events/{meeting['id']}/participants",
                 {"delegate_id": delegate["id"], "role": "guest"})  # fmt: skip
    api.post(f"/events/{meeting['id']}/invitations")
    db.session.expunge_all()
    with counted_statements() as catching_up:
        assert dispatch_due(start - timedelta(hours=3)) == 20  # the newcomers' P1D, now due
    with counted_statements() as due_many:
        assert dispatch_due(start - timedelta(hours=2)) == 23
    assert len(catching_up) == len(due_few) and len(due_many) == len(due_few)
    assert len(idle_few) <= 2


def test_cli_runs_one_pass(app, api, meeting):
    invited(api, meeting)
    db.session.execute(sa.update(Event).values(
        starts_at=utcnow() + timedelta(hours=1), ends_at=utcnow() + timedelta(hours=9)
    ))  # fmt: skip
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["planner", "dispatch-reminders"])
    assert result.exit_code == 0 and "3 reminder(s) queued" in result.output
    assert len(reminders()) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 3


def test_a_reminder_says_how_soon_and_whether_the_meeting_moved(api, meeting):
    start = invited(api, meeting)
    korean = meeting["delegates"][0]
    api.patch(f"/delegates/{korean['id']}", {"language": "ko"})
    later = start + timedelta(days=2)
    api.patch(f"/events/{meeting['id']}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    assert dispatch_due(later - timedelta(hours=20)) == 3

    def text_of(message: OutboxMessage) -> str:
        mail = email.message_from_bytes(message.body, policy=policy.SMTP)
        return mail.get_payload()[0].get_payload()[0].get_content()

    by_recipient = {m.recipient: text_of(m) for m in reminders(later - timedelta(hours=20))}
    english = by_recipient[meeting["delegates"][1]["email"]]
    assert "starts in 20 hours." in english
    assert "New time since your invitation (it was 2027-05-11 10:00 (Asia/Seoul)" in english
    assert "New place" not in english
    assert "20시간 후에 시작됩니다" in by_recipient[korean["email"]]
    assert "초대 이후 일시가 변경되었습니다" in by_recipient[korean["email"]]


def test_a_reminder_names_the_new_place(api, meeting):
    start = invited(api, meeting)
    other = api.post("/venues", {
        "name": "Dongdaemun Design Plaza", "timezone": "Asia/Seoul", "address": "281 Eulji-ro",
    }).json  # fmt: skip
    sessions = api.get(f"/events/{meeting['id']}/sessions").json["items"]
    for session in sessions:  # their rooms belong to the old venue
        api.patch(f"/events/{meeting['id']}/sessions/{session['id']}", {"room_id": None})
    assert api.patch(f"/events/{meeting['id']}", {"venue_id": other["id"]}).status_code == 200
    assert dispatch_due(start - timedelta(hours=3)) == 3
    (message, *_) = reminders(start - timedelta(hours=3))
    text = email.message_from_bytes(message.body, policy=policy.SMTP)
    body = text.get_payload()[0].get_payload()[0].get_content()
    assert "New place since your invitation: Dongdaemun Design Plaza, 281 Eulji-ro" in body
    assert "(it was Seoul City Hall, 110 Sejong-daero, Jung-gu)" in body
    assert "New time" not in body


def test_a_pass_that_writes_nothing_leaves_every_cache_valid(api, meeting):
    from planner.caching import current_data_version

    start = invited(api, meeting)
    dispatch_due(start - timedelta(days=1))
    db.session.commit()
    version = current_data_version()
    with counted_statements() as statements:
        assert dispatch_due(start - timedelta(days=1) + timedelta(minutes=1)) == 0
    db.session.commit()
    assert current_data_version() == version
    assert not any("INSERT" in s for s in statements)  # nobody left: nothing to claim
