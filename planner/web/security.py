"""Headers every answer carries: a Content-Security-Policy with no inline script or style (the
pages load one stylesheet and, where needed, scripts from /static), no framing,
Strict-Transport-Security when the service is reached over https, and ``Cache-Control:
no-store`` unless the view chose its own caching.

No-store is the default because nearly every page and API answer carries personal data or a
secret link (RSVP pages, packs, invite.ics, participants, delegates, run files): no browser,
proxy or shared computer should keep a copy. What may be cached says so itself: the feeds
(public, or private to the calendar of one delegate, with ETag and 304s), fonts and static
files.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
#: Two years, as the HSTS preload list asks; no includeSubDomains: the service may share its
#: domain with sites it knows nothing of.
STRICT_TRANSPORT_SECURITY = "max-age=63072000"


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config["PLANNER_BASE_URL"].startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def init_security(app: Flask) -> None:
    """Session cookies: HttpOnly always, SameSite=Lax, Secure (and HSTS) when served over
    HTTPS."""
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config["PLANNER_BASE_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.after_request(_secure_headers)
