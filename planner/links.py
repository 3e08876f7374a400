"""Addresses of what the service publishes without a login: feeds and RSVP pages.

Kept apart from every domain so that members and events can show their links (in the API)
without knowing the calendars package that serves them.
"""

from __future__ import annotations

from urllib.parse import quote

PUBLIC_FEED_PATH = "/calendar/public.ics"


def body_feed_path(slug: str) -> str:
    return f"/calendar/bodies/{slug}.ics"


def organisation_feed_path(slug: str) -> str:
    return f"/calendar/organisations/{slug}.ics"


def event_ics_path(event_id: int) -> str:
    return f"/calendar/events/{event_id}.ics"


def delegate_feed_token(delegate_id: int, secret: str) -> str:
    """The token in a delegate's feed URL: their id (to find them), then their secret (compared
    in constant time). A new secret revokes the old URL."""
    return f"{delegate_id}-{secret}"


def delegate_feed_path(delegate_id: int, secret: str) -> str:
    return f"/calendar/delegates/{delegate_feed_token(delegate_id, secret)}.ics"


def rsvp_path(secret: str) -> str:
    return f"/rsvp/{secret}"


def delegate_pack_path(secret: str) -> str:
    """The delegate's own pack, behind the same secret as their RSVP page."""
    return f"/rsvp/{secret}/pack.pdf"


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
