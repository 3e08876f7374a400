"""Changes write their e-mails in the same transaction; the e-mails have the shape mail
clients need to offer Accept/Decline, and each is written once."""

from __future__ import annotations

import email
from datetime import datetime, timedelta
from email import policy

import sqlalchemy as sa

from planner.events.models import Participation
from planner.extensions import db
from planner.notifications.models import MessageKind
from tests.support.calendar_clients import check_everywhere
from tests.support.meetings import remove_after_invitation
from tests.support.outbox import calendar_of, invite_all, outbox


def test_invitations_are_written_once_per_participant(api, meeting):
    assert invite_all(api, meeting) == 3
    assert invite_all(api, meeting) == 0
    messages = outbox(MessageKind.INVITATION)
    assert sorted(m.recipient for m in messages) == sorted(d["email"] for d in meeting["delegates"])
    assert all(m.status.value == "pending" and m.sequence == 0 for m in messages)
    invited = db.session.scalars(sa.select(Participation.invited_at)).all()
    assert all(invited)


def test_a_draft_cannot_be_invited_to(api, event):
    response = api.post(f"/events/{event['id']}/invitations")
    assert response.status_code == 409 and outbox() == []


def test_invitation_mime_shape_and_calendar(api, meeting):
    invite_all(api, meeting)
    raw = outbox()[0].body
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    message = email.message_from_bytes(raw, policy=policy.SMTP)
    assert message["X-Planner-Message"] == "invitation"
    assert message["X-Planner-Event"] == str(meeting["id"])
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in alternative.get_payload()]
    assert parts == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    calendar = calendar_part.get_payload(decode=True)
    assert calendar.count(b"\r\n") == calendar.count(b"\n")  # CRLF, no bare LF
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_payload(decode=True) == calendar
    parsed = check_everywhere(calendar)
    assert parsed.icaljs["method"] == "REQUEST"
    text = alternative.get_payload()[0].get_content()
    assert "/rsvp/" in text and "webcal://" in text
    # The meeting's time, and the Bangkok delegate's own beside it.
    bangkok = next(m for m in outbox() if m.recipient.endswith("bkk.example"))
    body = email.message_from_bytes(bangkok.body, policy=policy.SMTP)
    plain = body.get_payload()[0].get_payload()[0].get_content()
    assert "2027-05-11 10:00 (Asia/Seoul) · 2027-05-11 08:00 (Asia/Bangkok)" in plain


def test_a_move_sends_updates_and_a_cancel_cancellations_to_the_invited_only(api, meeting):
    invite_all(api, meeting)
    late = api.post("/delegates", {
        "full_name": "Late Comer", "email": "late@seoul.example",
        "organisation_id": meeting["delegates"][0]["organisation_id"],
    }).json  # fmt: skip
    api.post(f"/events/{meeting['id']}/participants", {"delegate_id": late["id"], "role": "guest"})

    later = datetime.fromisoformat(meeting["starts_at"]) + timedelta(hours=1)
    api.patch(f"/events/{meeting['id']}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    api.patch(f"/events/{meeting['id']}", {"title": "Only the title changes"})
    updates = outbox(MessageKind.UPDATE)
    assert len(updates) == 3 and {m.sequence for m in updates} == {1}
    assert "late@seoul.example" not in {m.recipient for m in updates}
    assert b"SEQUENCE:1" in calendar_of(updates[0].body)

    api.post(f"/events/{meeting['id']}/cancel")
    cancellations = outbox(MessageKind.CANCELLATION)
    assert len(cancellations) == 3
    message = email.message_from_bytes(cancellations[0].body, policy=policy.SMTP)
    assert message["X-Planner-Message"] == "cancellation"
    assert message.get_payload()[0].get_payload()[2].get_param("method") == "CANCEL"


def test_removing_an_invited_participant_writes_their_cancellation(api, meeting):
    invite_all(api, meeting)
    remove_after_invitation(api, meeting, meeting["participants"][0])
    (cancel,) = outbox(MessageKind.CANCELLATION)
    assert cancel.recipient == meeting["delegates"][0]["email"] and cancel.sequence == 1


def test_a_refused_change_writes_no_email(api, meeting):
    invite_all(api, meeting)
    before = len(outbox())
    response = api.patch(f"/events/{meeting['id']}", {
        "starts_at": meeting["ends_at"], "ends_at": meeting["starts_at"],
    })  # fmt: skip
    assert response.status_code == 422 and len(outbox()) == before


def test_headers_survive_hostile_names_and_titles(api, meeting):
    # Straight into the database: the API refuses line breaks in names, older rows may not.
    db.session.execute(
        sa.text("UPDATE delegates SET native_name = :name WHERE email = :email"),
        {"name": 'Evil\r\nBcc: victim@example.org "quoted" 김', "email": "somchai@bkk.example"},
    )
    db.session.commit()
    api.patch(f"/events/{meeting['id']}", {"title": 'Séance «plénière», "총회"'})
    invite_all(api, meeting)
    raw = next(m for m in outbox() if m.recipient == "somchai@bkk.example").body
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in head
    message = email.message_from_bytes(raw, policy=policy.SMTP)
    assert message["Subject"] == 'Invitation: Séance «plénière», "총회"'
    assert message["To"].addresses[0].addr_spec == "somchai@bkk.example"
    assert "Bcc" not in message


def test_messages_endpoint_lists_every_email_of_the_meeting(api, meeting):
    invite_all(api, meeting)
    page = api.get(f"/events/{meeting['id']}/messages").json
    assert page["total"] == 3
    first = page["items"][0]
    assert first["kind"] == "invitation" and first["status"] == "pending"
    assert first["participant_id"] in {p["id"] for p in meeting["participants"]}
    assert api.get("/events/999999/messages").status_code == 404


def test_each_delegate_reads_their_own_language(api, meeting):
    for delegate, language in zip(meeting["delegates"], ("ko", "fr", "th"), strict=True):
        api.patch(f"/delegates/{delegate['id']}", {"language": language})
    invite_all(api, meeting)
    subjects = {m.recipient: m for m in outbox()}
    korean = email.message_from_bytes(subjects["somchai@bkk.example"].body, policy=policy.SMTP)
    assert korean["Subject"].startswith("초대: ") and korean["Content-Language"] == "ko"
    text = korean.get_payload()[0].get_payload()[0].get_content()
    assert "아래 회의에 귀하를 초대합니다." in text
    french = email.message_from_bytes(subjects["elodie@lyon.example"].body, policy=policy.SMTP)
    assert french["Subject"].startswith("Invitation\u202f: ")
    # Thai has no catalogue yet: English.
    thai = email.message_from_bytes(subjects["keola@hnl.example"].body, policy=policy.SMTP)
    assert thai["Subject"].startswith("Invitation: ") and thai["Content-Language"] == "en"


def test_inviting_costs_the_same_statements_for_few_or_many(api, meeting):
    from tests.support.queries import counted_statements

    def invite_counting() -> int:
        db.session.expunge_all()
        with counted_statements() as statements:
            assert api.post(f"/events/{meeting['id']}/invitations").status_code == 202
        return len(statements)

    few = invite_counting()  # the three of the fixture
    organisation_id = meeting["delegates"][0]["organisation_id"]
    for n in range(20):
        delegate = api.post("/delegates", {
            "full_name": f"Extra {n}", "email": f"extra{n}@x.example",
            "organisation_id": organisation_id,
        }).json  # fmt: skip
        api.post(f"/events/{meeting['id']}/participants",
                 {"delegate_id": delegate["id"], "role": "guest"})  # fmt: skip
    assert invite_counting() == few
    assert len(outbox(MessageKind.INVITATION)) == 23
