"""The e-mails themselves: what Outlook, Gmail and Apple Mail need to show Accept/Decline.

``multipart/mixed`` › ``multipart/alternative`` (text, HTML, ``text/calendar; method=…``)
plus the same calendar as ``invite.ics``. Written with ``policy.SMTP`` so every line ends in
CRLF, including inside the base64 calendar part; headers holding users' text are encoded here
(see :func:`user_header`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.charset import Charset
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime

from flask import render_template
from flask_babel import force_locale, gettext, ngettext

from planner.calendars.service import Announcement, Site, invitation
from planner.events.models import Event, Participation
from planner.i18n import language_for
from planner.links import (
    delegate_document_path,
    delegate_feed_path,
    rsvp_path,
    subscription_links,
)
from planner.localtime import local_times
from planner.notifications.models import MessageKind

_UTF8 = Charset("utf-8")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x00-\x1f\x7f]+")


def one_line(text: str) -> str:
    """Header text: line breaks and control characters become spaces (no header injection)."""
    return _BREAKS.sub(" ", text).strip()


@dataclass(frozen=True)
class _EncodedHeader:
    """A header line written exactly as built here. The e-mail policy keeps a value that has
    a ``name`` as it is and writes it with ``fold``; a string it would parse instead, decoding
    any encoded-word in it, and fold again: Pythons without the CVE-2024-6923 fix (3.11.7
    here) then write the decoded text raw, line breaks included."""

    name: str
    lines: tuple[str, ...]

    def fold(self, *, policy: Policy) -> str:
        return policy.linesep.join(self.lines) + policy.linesep


def user_header(message: EmailMessage, name: str, text: str, address: str | None = None) -> None:
    """Set a header made of users' text (a subject, or the display name of ``address``) so
    that nothing in it adds a header, a recipient or an encoded-word of the user's: the text
    goes on one line and, unless it is plain ASCII, becomes UTF-8 encoded-words made here,
    which readers decode back to exactly that text."""
    text = one_line(text)
    if text.isascii() and "=?" not in text:
        # ``Address`` quotes a name with commas, quotes or angle brackets.
        message[name] = Address(text, addr_spec=address) if address else text
        return
    if address:
        # One word, however long: readers put a space between the words of a display name.
        line = f"{_UTF8.header_encode(text)} <{Address(addr_spec=address).addr_spec}>"
    else:
        line = Header(text, _UTF8, header_name=name).encode(linesep="\n")
    message[name] = _EncodedHeader(name, tuple(f"{name}: {line}".split("\n")))


def where(event: Event) -> str | None:
    """The place as e-mails name it: venue and address."""
    if event.venue is None:
        return None
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _was_starts(participation: Participation, viewer_timezone: str | None) -> str | None:
    """The start the invitation announced, when the meeting has moved since."""
    announced = participation.invited_starts_at
    if announced is None or announced == participation.event.starts_at:
        return None
    return local_times(announced, participation.event.timezone, viewer_timezone)


def _was_where(participation: Participation) -> str | None:
    """The place the invitation announced, when the meeting has moved since."""
    if participation.invited_starts_at is None:  # invited before this was remembered
        return None
    announced, now = participation.invited_location, where(participation.event)
    return (announced or "—") if announced != now else None


def _how_long(span: timedelta) -> str:
    hours = max(0, round(span.total_seconds() / 3600))
    if hours >= 48:
        return ngettext("%(num)d day", "%(num)d days", hours // 24)
    return ngettext("%(num)d hour", "%(num)d hours", max(hours, 1))


def subject_for(kind: MessageKind, event: Event) -> str:
    title = one_line(event.title)
    return {
        MessageKind.INVITATION: gettext("Invitation: %(title)s", title=title),
        MessageKind.UPDATE: gettext("Updated: %(title)s", title=title),
        MessageKind.CANCELLATION: gettext("Cancelled: %(title)s", title=title),
        MessageKind.REMINDER: gettext("Reminder: %(title)s", title=title),
    }[kind]


def compose(
    kind: MessageKind,
    said: Announcement,
    participation: Participation,
    site: Site,
    now: datetime,
    message_id: str,
) -> tuple[str, bytes]:
    """(subject, MIME bytes) of this e-mail to this participant, in their language, saying
    what ``said`` decided."""
    event, delegate = participation.event, participation.delegate
    language = language_for(delegate.language)
    rsvp_url = site.base_url + rsvp_path(participation.rsvp_token)
    calendar = invitation(participation, site, rsvp_url, said)
    feed = subscription_links(
        site.base_url,
        delegate_feed_path(delegate.calendar_token),
        f"{delegate.full_name}: meetings",
    )
    with force_locale(language):
        subject = subject_for(kind, event)
        context = {
            "kind": kind.value,
            "event": event,
            "delegate": delegate,
            "participation": participation,
            "starts": local_times(event.starts_at, event.timezone, delegate.timezone),
            "ends": local_times(event.ends_at, event.timezone, delegate.timezone),
            "rsvp_url": rsvp_url,
            "feed": feed,
            "cancelled": said.method == "CANCEL",
            # Reminders say how far off the meeting is now (one may come late, after
            # downtime), and what moved since the invitation.
            "starts_in": _how_long(event.starts_at - now),
            "was_starts": _was_starts(participation, delegate.timezone),
            "where": where(event),
            "was_where": _was_where(participation),
        }
        text = render_template("mail/message.txt", **context)
        html = render_template("mail/message.html", **context)

    message = _envelope(kind, participation, site, subject, now, message_id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_alternative(
        calendar,
        maintype="text",
        subtype="calendar",
        params={"method": said.method, "charset": "UTF-8"},
    )
    message.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    # Only now: building the multiparts moves Content-* headers into the first part.
    message["Content-Language"] = language
    return subject, message.as_bytes()


def _envelope(
    kind: MessageKind,
    participation: Participation,
    site: Site,
    subject: str,
    now: datetime,
    message_id: str,
) -> EmailMessage:
    """The headers every e-mail to a participant carries."""
    delegate = participation.delegate
    message = EmailMessage(policy=policy.SMTP)
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(now)
    user_header(message, "From", site.organiser_name, site.organiser_email)
    user_header(message, "To", delegate.native_name or delegate.full_name, delegate.email)
    user_header(message, "Subject", subject)
    message["X-Planner-Message"] = kind.value
    message["X-Planner-Event"] = str(participation.event_id)
    return message


def compose_credentials(
    reason: str, participation: Participation, site: Site, now: datetime, message_id: str
) -> tuple[str, bytes]:
    """(subject, MIME bytes) of the e-mail telling a designated delegate, in their language,
    that the credentials committee rejected their credentials, and why (the committee's
    words, as data: escaped in the HTML part). Text and HTML, no calendar: the meeting has
    not changed."""
    event, delegate = participation.event, participation.delegate
    language = language_for(delegate.language)
    with force_locale(language):
        subject = gettext("Credentials not accepted: %(title)s", title=one_line(event.title))
        context = {
            "event": event,
            "delegate": delegate,
            "reason": reason,
            "starts": local_times(event.starts_at, event.timezone, delegate.timezone),
            "rsvp_url": site.base_url + rsvp_path(participation.rsvp_token),
        }
        text = render_template("mail/credentials.txt", **context)
        html = render_template("mail/credentials.html", **context)
    message = _envelope(MessageKind.CREDENTIALS, participation, site, subject, now, message_id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language
    return subject, message.as_bytes()


def compose_visa(
    kind: MessageKind,
    detail: str,
    participation: Participation,
    site: Site,
    now: datetime,
    message_id: str,
) -> tuple[str, bytes]:
    """(subject, MIME bytes) of an e-mail about the delegate's visa invitation letter, in
    their language: what happened (the organisers' message, the letter's number) and the link
    to their page. Never the passport data: the letter itself is downloaded from the page."""
    event, delegate = participation.event, participation.delegate
    language = language_for(delegate.language)
    with force_locale(language):
        title = one_line(event.title)
        subject = {
            MessageKind.VISA_CORRECTION: gettext(
                "Visa invitation letter: please correct your details · %(title)s", title=title
            ),
            MessageKind.VISA_ISSUED: gettext(
                "Your visa invitation letter is ready · %(title)s", title=title
            ),
            MessageKind.VISA_REVOKED: gettext(
                "Your visa invitation letter has been revoked · %(title)s", title=title
            ),
        }[kind]
        context = {
            "kind": kind.value,
            "event": event,
            "detail": detail,
            "starts": local_times(event.starts_at, event.timezone, delegate.timezone),
            "visa_url": site.base_url + rsvp_path(participation.rsvp_token) + "/visa",
        }
        text = render_template("mail/visa.txt", **context)
        html = render_template("mail/visa.html", **context)
    message = _envelope(kind, participation, site, subject, now, message_id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language
    return subject, message.as_bytes()


@dataclass(frozen=True)
class NewDocument:
    """A line of the "new documents" e-mail: the meeting, the document, and the link (the
    recipient's own, for that meeting) that opens it."""

    meeting: str
    title: str
    participation: Participation
    document_id: int


def compose_documents(
    documents: list[NewDocument],
    participation: Participation,
    site: Site,
    now: datetime,
    message_id: str,
) -> tuple[str, bytes]:
    """(subject, MIME bytes) of the e-mail telling a delegate, in their language, of new
    documents of their meetings, each linked through their own link. Text and HTML."""
    delegate = participation.delegate
    language = language_for(delegate.language)
    lines = [
        (
            item.meeting,
            item.title,
            site.base_url + delegate_document_path(item.participation.rsvp_token, item.document_id),
        )
        for item in documents
    ]
    with force_locale(language):
        # One document is named; several are counted (a plural whose forms name different
        # things cannot be translated into a language of one form, such as Korean).
        if len(lines) == 1:
            subject = gettext("New document: %(title)s", title=one_line(lines[0][1]))
        else:
            subject = ngettext("%(num)d new document", "%(num)d new documents", len(lines))
        context = {"delegate": delegate, "lines": lines}
        text = render_template("mail/documents.txt", **context)
        html = render_template("mail/documents.html", **context)
    message = _envelope(MessageKind.DOCUMENTS, participation, site, subject, now, message_id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language
    return subject, message.as_bytes()
