"""Addresses of what the service publishes without a login: feeds and RSVP pages, and the
secrets in the personal ones.

Kept apart from every domain so that members and events can show their links (in the API)
without knowing the calendars package that serves them.

A secret link's token is HMAC-SHA256(SECRET_KEY, purpose + a random nonce of its row). The row
keeps the nonce and the SHA-256 of the token (unique, for lookup), never the token: the server
can write the link again whenever it needs it (the organisers' API, an e-mail composed days
later), a dump of the database alone cannot. A new nonce is a new link; the old one stops
working at once. A presented token is found by its hash, so no secret is compared byte by byte.

Why HMAC over (purpose, nonce) and not also the row id: the nonce alone is 128 random bits, so
it makes each token unique; leaving the id out lets a row get its secret before it has an id.
The purpose keeps a feed token from opening an RSVP page with the same nonce, and the other way.
Changing SECRET_KEY ends every secret link (as it ends sessions and check-in codes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any, ClassVar
from urllib.parse import quote

from flask import current_app
from itsdangerous.encoding import want_bytes

PUBLIC_FEED_PATH = "/calendar/public.ics"


def body_feed_path(slug: str) -> str:
    return f"/calendar/bodies/{slug}.ics"


def organisation_feed_path(slug: str) -> str:
    return f"/calendar/organisations/{slug}.ics"


def event_ics_path(event_id: int) -> str:
    return f"/calendar/events/{event_id}.ics"


#: What a secret link opens; part of what its token is derived from.
RSVP_LINK = "rsvp"
CALENDAR_FEED = "calendar-feed"


def link_token(purpose: str, nonce: str) -> str:
    """The secret in the URL of a row with this nonce (see the module's docstring)."""
    key = want_bytes(current_app.config["SECRET_KEY"])
    digest = hmac.new(key, f"{purpose}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What the database keeps of a token, and looks a presented one up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_link_secret(purpose: str) -> tuple[str, str]:
    """A fresh ``(nonce, token hash)`` for a row: a new link, the old one gone."""
    nonce = secrets.token_urlsafe(16)
    return nonce, token_hash(link_token(purpose, nonce))


class SecretLinked:
    """A table whose rows each have a secret link: the class names the link's purpose and the
    columns of its nonce and its token's hash. Every new row gets its own link, whoever
    creates it."""

    LINK_PURPOSE: ClassVar[str]
    LINK_NONCE_COLUMN: ClassVar[str]
    LINK_HASH_COLUMN: ClassVar[str]

    def __init__(self, **fields: Any) -> None:
        super().__init__(**fields)
        self.renew_link()

    @property
    def secret_token(self) -> str:
        """The secret in this row's link, derived again from its nonce."""
        return link_token(self.LINK_PURPOSE, getattr(self, self.LINK_NONCE_COLUMN))

    @classmethod
    def new_link_columns(cls) -> dict[str, str]:
        """Column values of a new link (for bulk inserts too)."""
        nonce, hashed = new_link_secret(cls.LINK_PURPOSE)
        return {cls.LINK_NONCE_COLUMN: nonce, cls.LINK_HASH_COLUMN: hashed}

    def renew_link(self) -> None:
        """A new link; the old one stops working."""
        for column, value in self.new_link_columns().items():
            setattr(self, column, value)


def delegate_feed_path(token: str) -> str:
    return f"/calendar/delegates/{token}.ics"


def rsvp_path(token: str) -> str:
    return f"/rsvp/{token}"


def delegate_document_path(token: str, document_id: int) -> str:
    """A document of the delegate's meeting, through their RSVP link (their language first)."""
    return f"{rsvp_path(token)}/documents/{document_id}"


def feed_document_path(token: str, document_id: int) -> str:
    """A document linked from the delegate's personal feed, behind that feed's secret."""
    return f"/calendar/delegates/{token}/documents/{document_id}"


def public_document_path(document_id: int) -> str:
    return f"/documents/{document_id}"


def delegate_pack_path(token: str) -> str:
    """The delegate's own pack, behind the same secret as their RSVP page."""
    return f"/rsvp/{token}/pack.pdf"


def job_file_path(job_id: str, name: str) -> str:
    return f"/api/v1/jobs/{job_id}/files/{name}"


def subscription_links(base_url: str, path: str, name: str) -> dict[str, str]:
    """Ways to follow the feed at ``path``: the plain .ics, webcal:// (calendar apps), and the
    add-by-URL pages of Google Calendar and Outlook.com."""
    https_url = f"{base_url}{path}"
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return {
        "ics": https_url,
        "webcal": webcal_url,
        "google": f"https://calendar.google.com/calendar/render?cid={quote(webcal_url, safe='')}",
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        f"url={quote(https_url, safe='')}&name={quote(name, safe='')}",
    }
