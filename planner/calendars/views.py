"""Feeds for calendar clients (no login): rendered from the database, cached per data version,
answered with 304 when the client's copy is current, without rendering anything."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, time
from functools import partial

from flask import Blueprint, Flask, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from planner.caching import LruCache, recent_data_version
from planner.calendars import store
from planner.calendars.service import find_feed, render_feed, site_from_config
from planner.db import utcnow
from planner.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("calendars", __name__, url_prefix="/calendar")
MAX_AGE = 300  # seconds a client or proxy may reuse a feed without asking
# How stale this process's knowledge of other processes' writes may be when serving a feed.
VERSION_MAX_AGE = 1.0


@bp.get("/public.ics")
def public_feed() -> Response:
    return _serve("public", "public")


@bp.get("/bodies/<slug>.ics")
def body_feed(slug: str) -> Response:
    return _serve("body", slug)


@bp.get("/organisations/<slug>.ics")
def organisation_feed(slug: str) -> Response:
    return _serve("organisation", slug)


@bp.get("/delegates/<token>.ics")
def delegate_feed(token: str) -> Response:
    return _serve("delegate", token)


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int) -> Response:
    return _serve("event", str(event_id))


def _serve(kind: str, ident: str) -> Response:
    feed = find_feed(kind, ident)  # unknown or revoked: 404 before anything else
    now = utcnow()
    version = recent_data_version(VERSION_MAX_AGE)
    # The window of a feed moves with the date, so the day is part of every validator.
    midnight = datetime.combine(now.date(), time(), UTC)
    key = (feed.kind, feed.key, version.token if version else None, now.date())
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    last_modified = max(version.changed_at, midnight) if version else now.replace(microsecond=0)
    response = Response(mimetype="text/calendar")
    response.set_etag(etag)
    response.last_modified = last_modified
    response.cache_control.max_age = MAX_AGE
    if feed.private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    if version is not None and _client_is_current(etag, last_modified):
        response.status_code = 304
        return response
    cache: LruCache = current_app.extensions["feed_cache"]
    body = cache.get(key) if version else None
    if body is None:
        site = site_from_config(current_app.config)
        rendered: list[store.Stored] = []
        body = render_feed(feed, site, now, current_app.extensions["vevent_cache"], rendered.extend)
        if rendered:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            response.call_on_close(partial(_store_for_other_processes, app, rendered))
        if version:
            cache.put(key, body)
    response.set_data(body)
    response.headers["Content-Disposition"] = f'inline; filename="{feed.kind}.ics"'
    return response


def _store_for_other_processes(app: Flask, rendered: list[store.Stored]) -> None:
    """What this process had to render, stored once its reader has the feed: storing is
    for the other processes, and a reader of a first render of all waited a tenth longer
    for it. In a transaction of its own, committed at once (the rows' locks held no
    longer); a failure costs another process one render, never this reader an error."""
    with app.app_context():
        store.store(rendered)
        try:
            db.session.commit()
        except SQLAlchemyError as error:
            log.warning("rendered feed components not stored, to be rendered again: %s", error)


def _client_is_current(etag: str, last_modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and since >= last_modified
