"""Delivery over a real SMTP server (aiosmtpd on loopback) and to an outbox folder."""

from __future__ import annotations

import email
import email.policy
import os
import smtplib
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest

from planner.notifications.delivery import (
    DEFAULT_TIMEOUT,
    DeliveryError,
    PermanentFailure,
    TemporaryFailure,
    Transport,
    retry_delay,
    safe_filename,
)
from tests.support.smtp_server import (
    SMTPTestServer,
    _free_port,
)

SENDER = "secretariat@planner.example"
DELEGATE = "delegate@city.example"

ICS = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Assembly Planner//EN\r\n"
    "METHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:event-42@planner.example\r\n"
    "SEQUENCE:3\r\n"
    "DTSTAMP:20260301T000000Z\r\n"
    "DTSTART:20260410T010000Z\r\n"
    "DTEND:20260410T030000Z\r\n"
    "SUMMARY:서울 총회 – Executive Committee\r\n"
    "DESCRIPTION:A long description that goes on and on so that it must be folded ov\r\n"
    " er several physical lines\\, as RFC 5545 asks.\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


def invitation(message_id: str = "<invite-1@planner.example>") -> bytes:
    """A message shaped like the real ones: text + HTML + base64 text/calendar."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = f"Secretariat <{SENDER}>"
    message["To"] = f"Kim Min-jun <{DELEGATE}>"
    message["Subject"] = "Invitation: 서울 총회 (Seoul General Assembly)"
    message["Message-ID"] = message_id
    message.set_content(
        "You are invited.\n.A line starting with a dot must survive SMTP's dot-stuffing.\n"
    )
    message.add_alternative("<p>You are invited.</p>\n", subtype="html")
    message.add_attachment(
        ICS,
        maintype="text",
        subtype="calendar",
        params={"method": "REQUEST"},
        cte="base64",
        disposition="inline",
        filename="invite.ics",
    )
    return message.as_bytes()


def test_plain_smtp_delivers_the_exact_bytes(smtp_server: SMTPTestServer) -> None:
    raw = invitation()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")

    Transport.from_url(smtp_server.url(), Path("/unused")).send(
        raw, SENDER, [DELEGATE], "<invite-1@planner.example>"
    )

    [received] = smtp_server.wait_for(1)
    assert received.data == raw
    assert received.mail_from == SENDER
    assert received.rcpt_tos == [DELEGATE]
    assert received.login is None and received.tls is False
    parsed = email.message_from_bytes(received.data, policy=email.policy.default)
    assert parsed["Subject"] == "Invitation: 서울 총회 (Seoul General Assembly)"
    [subject] = [line for line in received.data.split(b"\r\n") if line.startswith(b"Subject:")]
    assert subject.isascii() and b"=?utf-8?" in subject  # RFC 2047 on the wire
    [calendar] = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert calendar["Content-Transfer-Encoding"] == "base64"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_payload(decode=True) == ICS  # CRLF lines and folding intact
    text = parsed.get_body(("plain",)).get_content()
    assert "\n.A line starting with a dot" in text


def test_starttls_with_credentials_delivers(smtp_server: SMTPTestServer) -> None:
    url = smtp_server.url(starttls=True, auth=True)
    transport = Transport.from_url(url, Path("/unused"))
    assert transport.password == smtp_server.password  # percent-decoded

    raw = invitation()
    transport.send(raw, SENDER, [DELEGATE], "<m@x>")

    [received] = smtp_server.wait_for(1)
    assert received.tls is True
    assert received.login == smtp_server.username
    assert received.data == raw


def test_implicit_tls_with_credentials_delivers(smtp_server: SMTPTestServer) -> None:
    url = smtp_server.url(implicit_tls=True, auth=True)
    assert url.startswith("smtps://")

    Transport.from_url(url, Path("/unused")).send(invitation(), SENDER, [DELEGATE], "<m@x>")

    [received] = smtp_server.wait_for(1)
    assert received.tls is True and received.login == smtp_server.username


def test_certificates_are_verified_unless_verify_0(
    smtp_server: SMTPTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test CA is not trusted by default: a temporary failure that says why, nothing sent.
    url = smtp_server.url(starttls=True, verify=True)
    assert "verify" not in url
    with pytest.raises(TemporaryFailure, match=r"(?i)certificate"):
        Transport.from_url(url, Path("/unused")).send(invitation(), SENDER, [DELEGATE], "<m@x>")
    assert smtp_server.messages == []

    # Trusting that CA (OpenSSL's SSL_CERT_FILE) makes the same URL work, hostname checked.
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_server.ca_file))
    Transport.from_url(url, Path("/unused")).send(invitation(), SENDER, [DELEGATE], "<m@x>")
    assert smtp_server.wait_for(1)[0].tls is True


def test_starttls_is_never_silently_dropped(tmp_path: Path) -> None:
    server = SMTPTestServer(tmp_path / "ca.pem", offer_starttls=False)
    try:
        transport = Transport.from_url(server.url(starttls=True, auth=True), tmp_path)
        with pytest.raises(TemporaryFailure, match="STARTTLS"):
            transport.send(invitation(), SENDER, [DELEGATE], "<m@x>")
        assert server.messages == []
    finally:
        server.stop()


def test_wrong_password_is_a_permanent_failure_naming_535(smtp_server: SMTPTestServer) -> None:
    url = smtp_server.url(starttls=True, auth=True, password="not the password")
    with pytest.raises(PermanentFailure) as caught:
        Transport.from_url(url, Path("/unused")).send(invitation(), SENDER, [DELEGATE], "<m@x>")
    assert caught.value.code == 535
    assert caught.value.reason.startswith("535 ")
    assert "not the password" not in caught.value.reason
    assert smtp_server.messages == []


def test_451_is_temporary_and_the_retry_is_delivered(smtp_server: SMTPTestServer) -> None:
    smtp_server.answer_next(["451 4.3.0 try again later", None])
    transport = Transport.from_url(smtp_server.url(), Path("/unused"))

    with pytest.raises(TemporaryFailure) as caught:
        transport.send(invitation(), SENDER, [DELEGATE], "<m@x>")
    assert caught.value.code == 451
    assert "451 4.3.0 try again later" in caught.value.reason
    assert smtp_server.messages == []

    transport.send(invitation(), SENDER, [DELEGATE], "<m@x>")
    assert len(smtp_server.wait_for(1)) == 1


def test_550_on_data_is_permanent_with_the_reason(smtp_server: SMTPTestServer) -> None:
    smtp_server.answer_next(["550 5.1.1 mailbox unknown"])
    with pytest.raises(PermanentFailure) as caught:
        Transport.from_url(smtp_server.url(), Path("/unused")).send(
            invitation(), SENDER, [DELEGATE], "<m@x>"
        )
    assert caught.value.code == 550
    assert caught.value.reason.startswith("550 5.1.1 mailbox unknown")
    assert smtp_server.messages == []


def test_550_on_rcpt_is_permanent_and_names_the_address(smtp_server: SMTPTestServer) -> None:
    smtp_server.refuse_recipient(DELEGATE, "550 5.1.1 mailbox unknown")
    with pytest.raises(PermanentFailure) as caught:
        Transport.from_url(smtp_server.url(), Path("/unused")).send(
            invitation(), SENDER, [DELEGATE], "<m@x>"
        )
    assert caught.value.code == 550
    assert "550 5.1.1 mailbox unknown" in caught.value.reason
    assert DELEGATE in caught.value.reason
    assert smtp_server.messages == []


def test_refused_recipients_take_the_worst_code(smtp_server: SMTPTestServer) -> None:
    smtp_server.refuse_recipient("busy@city.example", "450 4.2.1 mailbox busy")
    transport = Transport.from_url(smtp_server.url(), Path("/unused"))
    with pytest.raises(TemporaryFailure, match=r"450 4\.2\.1 mailbox busy"):
        transport.send(invitation(), SENDER, ["busy@city.example"], "<m@x>")

    smtp_server.refuse_recipient("gone@city.example", "550 5.1.1 mailbox unknown")
    with pytest.raises(PermanentFailure) as caught:
        transport.send(invitation(), SENDER, ["busy@city.example", "gone@city.example"], "<m@x>")
    assert caught.value.code == 550 and "450" in caught.value.reason

    # One good recipient is enough for the server to take the message: that is "sent".
    transport.send(invitation(), SENDER, ["gone@city.example", DELEGATE], "<m@x>")
    [received] = smtp_server.wait_for(1)
    assert received.rcpt_tos == [DELEGATE]


def test_connection_refused_is_temporary() -> None:
    url = f"smtp://127.0.0.1:{_free_port()}?timeout=5"  # nothing listens there
    with pytest.raises(TemporaryFailure, match=r"127\.0\.0\.1"):
        Transport.from_url(url, Path("/unused")).send(invitation(), SENDER, [DELEGATE], "<m@x>")


def test_a_silent_server_times_out_as_temporary() -> None:
    with socket.socket() as listener:  # accepts (kernel backlog) but never greets
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        transport = Transport.from_url(f"smtp://127.0.0.1:{port}?timeout=0.3", Path("/unused"))
        with pytest.raises(TemporaryFailure):
            transport.send(invitation(), SENDER, [DELEGATE], "<m@x>")


def test_eight_bit_content_asks_for_8bitmime(smtp_server: SMTPTestServer) -> None:
    raw = (
        b"From: " + SENDER.encode() + b"\r\nTo: " + DELEGATE.encode() + b"\r\n"
        b"Subject: =?utf-8?b?7ISc7Jq4?=\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "서울에서 뵙겠습니다.\r\n".encode()
    )
    Transport.from_url(smtp_server.url(), Path("/unused")).send(raw, SENDER, [DELEGATE], "<m@x>")
    [received] = smtp_server.wait_for(1)
    assert received.data == raw
    assert "BODY=8BITMIME" in [option.upper() for option in received.mail_options]


def test_bare_line_feeds_go_out_as_crlf(smtp_server: SMTPTestServer) -> None:
    raw = b"Subject: hello\nTo: " + DELEGATE.encode() + b"\n\nline one\nline two\n"
    Transport.from_url(smtp_server.url(), Path("/unused")).send(raw, SENDER, [DELEGATE], "<m@x>")
    assert smtp_server.wait_for(1)[0].data == raw.replace(b"\n", b"\r\n")


@pytest.mark.parametrize(
    ("sender", "recipients"),
    [
        ("evil@x.example\r\nRCPT TO:<victim@y.example>", [DELEGATE]),
        (SENDER, ["a@x.example\nDATA"]),
        (SENDER, ["kim@서울.example"]),
        (SENDER, []),
    ],
)
def test_envelopes_that_cannot_be_sent_safely_are_refused(
    smtp_server: SMTPTestServer, sender: str, recipients: list[str]
) -> None:
    with pytest.raises(PermanentFailure):
        Transport.from_url(smtp_server.url(), Path("/unused")).send(
            invitation(), sender, recipients, "<m@x>"
        )
    assert smtp_server.messages == []


def test_a_failure_after_acceptance_is_not_a_failure(
    smtp_server: SMTPTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_quit(self: smtplib.SMTP) -> None:
        raise smtplib.SMTPServerDisconnected("gone during QUIT")

    monkeypatch.setattr(smtplib.SMTP, "quit", broken_quit)
    Transport.from_url(smtp_server.url(), Path("/unused")).send(
        invitation(), SENDER, [DELEGATE], "<m@x>"
    )
    assert len(smtp_server.wait_for(1)) == 1


# The file transport -----------------------------------------------------------------------


def test_file_transport_writes_one_eml_per_message_id_idempotently(tmp_path: Path) -> None:
    outbox = tmp_path / "instance" / "outbox"  # created on first use
    transport = Transport.from_url("", outbox)
    assert transport.kind == "file" and transport.outbox_dir == outbox

    transport.send(b"first draft\r\n", SENDER, [DELEGATE], "<invite-1@planner.example>")
    raw = invitation()  # (multipart boundaries are random: keep these bytes)
    transport.send(raw, SENDER, [DELEGATE], "<invite-1@planner.example>")
    transport.send(invitation("<invite-2@planner.example>"), SENDER, [DELEGATE], "invite-2@x")

    assert sorted(path.name for path in outbox.iterdir()) == [
        "invite-1@planner.example.eml",
        "invite-2@x.eml",
    ]
    assert (outbox / "invite-1@planner.example.eml").read_bytes() == raw


def test_file_names_are_safe_and_distinct() -> None:
    assert safe_filename("<abc.123@planner.example>") == "abc.123@planner.example"
    awkward = ["<../../etc/passwd>", "<a/b@x>", "<a_b@x>", "<a b@x>", "<.hidden@x>", "<é@x>"]
    names = [safe_filename(message_id) for message_id in awkward]
    assert len(set(names)) == len(names)
    for name in names:
        assert name and not name.startswith(".")
        assert all(character.isascii() and character not in "/\\ <>" for character in name)
    assert len(safe_filename("<" + "x" * 500 + "@planner.example>")) < 200
    assert safe_filename("<a/b@x>") == safe_filename("<a/b@x>")
    with pytest.raises(PermanentFailure):
        safe_filename("<>")


def test_file_transport_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = Transport.from_url(f"file://{tmp_path}", Path("/unused"))
    assert transport.outbox_dir == tmp_path
    transport.send(b"version 1\r\n", SENDER, [DELEGATE], "<m@x>")

    def failing_replace(source: str, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(TemporaryFailure, match="No space left"):
        transport.send(b"version 2\r\n", SENDER, [DELEGATE], "<m@x>")
    monkeypatch.undo()

    assert [path.name for path in tmp_path.iterdir()] == ["m@x.eml"]  # no temporary file
    assert (tmp_path / "m@x.eml").read_bytes() == b"version 1\r\n"  # the old copy, whole


# MAIL_URL ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", dict(kind="smtp", host="mail.example.org", port=25)),
        (
            "smtp://user:pass@mail.example.org:2525",
            dict(kind="smtp", port=2525, username="user", password="pass", starttls=False),
        ),
        ("smtp://mail.example.org:587?starttls=1", dict(port=587, starttls=True, verify=True)),
        ("smtp://mail.example.org:587?starttls=true", dict(starttls=True)),
        ("smtp://mail.example.org?starttls=0", dict(starttls=False)),
        (
            "smtp://us%40er:p%3Ass%2Fw%40rd@Mail.Example.org:587?starttls=yes",
            dict(username="us@er", password="p:ss/w@rd", host="mail.example.org"),
        ),
        ("smtps://mail.example.org", dict(kind="smtps", port=465, starttls=False)),
        ("SMTPS://u:p@mail.example.org:4650", dict(kind="smtps", port=4650, username="u")),
        ("smtp://mail.example.org?timeout=5", dict(timeout=5.0)),
        ("smtp://mail.example.org", dict(timeout=DEFAULT_TIMEOUT, username=None, verify=True)),
        ("smtps://127.0.0.1:8465?verify=0&timeout=2.5", dict(verify=False, timeout=2.5)),
        ("smtp://[::1]:2525", dict(host="::1", port=2525)),
        ("smtp://user:@mail.example.org", dict(username="user", password="")),
        ("file:///var/spool/out%20box", dict(kind="file", outbox_dir=Path("/var/spool/out box"))),
        ("file://localhost/srv/outbox", dict(kind="file", outbox_dir=Path("/srv/outbox"))),
        ("", dict(kind="file", outbox_dir=Path("/default/outbox"), host="")),
        ("   ", dict(kind="file", outbox_dir=Path("/default/outbox"))),
    ],
)
def test_mail_urls_are_parsed(url: str, expected: dict[str, object]) -> None:
    transport = Transport.from_url(url, Path("/default/outbox"))
    for name, value in expected.items():
        assert getattr(transport, name) == value, name


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x",
        "garbage",
        "mailto:someone@example.org",
        "http://mail.example.org",
        "smtp://",
        "smtp://:25",
        "smtp://mail.example.org:notaport",
        "smtp://mail.example.org:70000",
        "smtp://user@mail.example.org",
        "smtp://mail.example.org?startls=1",
        "smtp://mail.example.org?starttls=maybe",
        "smtp://mail.example.org?timeout=0",
        "smtp://mail.example.org?timeout=-3",
        "smtp://mail.example.org?timeout=soon",
        "smtp://mail.example.org?timeout=inf",
        "smtp://mail.example.org/some/path",
        "smtps://mail.example.org?starttls=1",
        "file://otherhost/outbox",
        "file:relative/outbox",
        "file:///outbox?x=1",
        "smtp://[::1",
    ],
)
def test_unusable_mail_urls_are_permanent_failures(url: str) -> None:
    with pytest.raises(PermanentFailure) as caught:
        Transport.from_url(url, Path("/default/outbox"))
    assert caught.value.reason and "MAIL_URL" in caught.value.reason


def test_the_password_stays_out_of_reprs_and_reasons() -> None:
    transport = Transport.from_url("smtp://u:hunter2@mail.example.org", Path("/x"))
    assert "hunter2" not in repr(transport)
    with pytest.raises(PermanentFailure) as caught:
        Transport.from_url("smtp://u:hunter2@mail.example.org?bogus=1", Path("/x"))
    assert "hunter2" not in caught.value.reason


def test_failures_are_delivery_errors_with_a_reason() -> None:
    for kind in (TemporaryFailure, PermanentFailure):
        error = kind("421 4.7.0 closing", 421)
        assert isinstance(error, DeliveryError)
        assert str(error) == error.reason == "421 4.7.0 closing" and error.code == 421


# Back-off ---------------------------------------------------------------------------------


def test_retry_delay_doubles_and_is_capped() -> None:
    assert [retry_delay(attempt) for attempt in range(1, 9)] == [
        30.0,
        60.0,
        120.0,
        240.0,
        480.0,
        960.0,
        1920.0,
        3600.0,
    ]
    assert retry_delay(1000) == 3600.0
    assert retry_delay(0) == retry_delay(1) == 30.0
    assert retry_delay(3, base=1, cap=10) == 4.0
    assert retry_delay(5, base=1, cap=10) == 10.0
    assert all(isinstance(retry_delay(attempt), float) for attempt in range(1, 100))
