"""The e-mails themselves: what Outlook, Gmail and Apple Mail need to show Accept/Decline.

``multipart/mixed`` › ``multipart/alternative`` (text, HTML, ``text/calendar; method=…``)
plus the same calendar as ``invite.ics``. Written with ``policy.SMTP`` so every line ends in
CRLF, including inside the base64 calendar part, and headers are encoded per RFC 2047.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from flask import render_template
from flask_babel import force_locale, gettext, ngettext

from planner.calendars.service import Site, invitation, invitation_is_cancel
from planner.events.models import Event, Participation
from planner.links import delegate_feed_path, rsvp_path, subscription_links
from planner.localtime import local_times
from planner.notifications.models import MessageKind

LANGUAGES = ("en", "fr", "ko")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x00-\x1f\x7f]+")


def one_line(text: str) -> str:
    """Header text: line breaks and control characters become spaces (no header injection)."""
    return _BREAKS.sub(" ", text).strip()


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
    kind: MessageKind, participation: Participation, site: Site, now: datetime, message_id: str
) -> tuple[str, bytes]:
    """(subject, MIME bytes) of this e-mail to this participant, in their language."""
    event, delegate = participation.event, participation.delegate
    language = delegate.language if delegate.language in LANGUAGES else "en"
    rsvp_url = site.base_url + rsvp_path(participation.rsvp_token)
    calendar = invitation(participation, site, rsvp_url)
    method = "CANCEL" if invitation_is_cancel(participation) else "REQUEST"
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
            "cancelled": method == "CANCEL",
            # Reminders say how far off the meeting is now (one may come late, after
            # downtime), and what moved since the invitation.
            "starts_in": _how_long(event.starts_at - now),
            "was_starts": _was_starts(participation, delegate.timezone),
            "where": where(event),
            "was_where": _was_where(participation),
        }
        text = render_template("mail/message.txt", **context)
        html = render_template("mail/message.html", **context)

    message = EmailMessage(policy=policy.SMTP)
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(now)
    message["From"] = Address(one_line(site.organiser_name), addr_spec=site.organiser_email)
    message["To"] = Address(one_line(delegate.native_name or delegate.full_name),
                            addr_spec=delegate.email)  # fmt: skip
    message["Subject"] = one_line(subject)
    message["X-Planner-Message"] = kind.value
    message["X-Planner-Event"] = str(event.id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_alternative(
        calendar, maintype="text", subtype="calendar", params={"method": method, "charset": "UTF-8"}
    )
    message.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    # Only now: building the multiparts moves Content-* headers into the first part.
    message["Content-Language"] = language
    return subject, message.as_bytes()
