"""No text from users can add a header line or a recipient to an e-mail, on the Python that
``make run`` uses (3.11.7 here: before CPython's fix for CVE-2024-6923, its e-mail folder
writes the decoded text of an encoded-word back raw)."""

from __future__ import annotations

import email
from email import policy

import pytest
import sqlalchemy as sa

from planner.extensions import db
from planner.members.models import Delegate
from planner.notifications import service
from planner.notifications.compose import one_line
from planner.notifications.delivery import Transport
from planner.notifications.models import OutboxMessage

HOSTILE = [
    "=?utf-8?q?=0D=0ABcc:_victim@evil.example?=",
    "=?UTF-8?B?DQpCY2M6IHZpY3RpbUBldmlsLmV4YW1wbGU=?=",
    "Ünïcode =?utf-8?q?=0D=0ABcc:_victim@evil.example?= " + "긴" * 40,
    "x" * 90 + " =?utf-8?q?=0D=0ABcc:_victim@evil.example?=",
    "Evil\r\nBcc: victim@evil.example",
    "Evil\nX-Injected: yes",
    "Bob, Eve <eve@evil.example>, mallory@evil.example",
    '"Quoted" \\"escaped\\" <angle@evil.example>',
    "Ω" * 150,
    "word " * 39 + "end",
    "김민준 (서울특별시) · 東京都 · กรุงเทพมหานคร · Москва",
]


def delivered_headers(raw: bytes) -> email.message.EmailMessage:
    """The e-mail as a standard-library reader sees it, checked for extra headers."""
    message = email.message_from_bytes(raw, policy=policy.default)
    names = [name.lower() for name in message.keys()]  # noqa: SIM118 - header names
    assert "bcc" not in names and "cc" not in names and "x-injected" not in names
    assert len(names) == len(set(names)), names  # no header twice
    assert len(message["To"].addresses) == 1
    return message


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_and_titles_neither_add_headers_nor_recipients(api, meeting, hostile):
    # Straight into the database: input rules may refuse some of these, older rows may not.
    delegate = meeting["delegates"][0]
    db.session.execute(
        sa.update(Delegate).where(Delegate.id == delegate["id"]).values(native_name=hostile)
    )
    db.session.execute(
        sa.text("UPDATE events SET title = :title WHERE id = :id"),
        {"title": hostile, "id": meeting["id"]},
    )
    db.session.commit()
    assert api.post(f"/events/{meeting['id']}/invitations").status_code == 202
    row = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == delegate["email"])
    )
    message = delivered_headers(service.render(row).body)
    (to,) = message["To"].addresses
    assert to.addr_spec == delegate["email"]
    assert to.display_name == one_line(hostile)
    assert message["Subject"] == f"Invitation: {one_line(hostile)}"
    assert all(len(line) <= 998 for line in row.body.split(b"\r\n"))


def test_the_bytes_an_smtp_server_receives_keep_one_recipient(api, meeting, smtp_server, tmp_path):
    hostile = HOSTILE[0]
    db.session.execute(sa.update(Delegate).values(native_name=hostile))
    db.session.commit()
    assert api.post(f"/events/{meeting['id']}/invitations").status_code == 202
    transport = Transport.from_url(smtp_server.url(), tmp_path)
    for row_id in db.session.scalars(sa.select(OutboxMessage.id)).all():
        service.deliver(row_id, transport, "secretariat@assembly-planner.example")
    received = smtp_server.wait_for(3)
    for capture in received:
        message = delivered_headers(capture.data)
        assert message["To"].addresses[0].display_name == hostile
        assert capture.rcpt_tos == [message["To"].addresses[0].addr_spec]
