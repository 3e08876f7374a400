"""Where a page may send the browser once it is done (after sign-in and the like)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, url_for
from werkzeug.wrappers import Response

# Longer than any page of this site; a longer target is someone's payload, not a page.
MAX_TARGET_LENGTH = 2048


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None.

    Browsers drop tabs and newlines from a Location and read a backslash as a slash, so
    ``/<TAB>/evil.example`` and ``/\\evil.example`` lead to another host; and a newline would
    break the header itself. Any whitespace, control character or backslash is refused
    before the rest is parsed: what is left must have no scheme and no host.
    """
    if not target or len(target) > MAX_TARGET_LENGTH or "\\" in target:
        return None
    if any(character.isspace() or not character.isprintable() for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def redirect_to_local(target: str | None, fallback_endpoint: str) -> Response:
    """Redirect to ``target`` if it is a path on this site, else to the fallback page."""
    return redirect(local_path(target) or url_for(fallback_endpoint))
