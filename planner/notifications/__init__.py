"""E-mail: the outbox, composition and delivery."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """E-mail listens to what the events domain announces; a MAIL_URL that cannot work stops
    the start, not the first delivery."""
    from planner.notifications.service import listen_to_events, transport_from_config

    listen_to_events()
    transport_from_config(app.config)
