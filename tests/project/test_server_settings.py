"""What the production server's settings (``planner.gunicorn_conf``) do to a worker."""

from __future__ import annotations

import gc
import logging
from types import SimpleNamespace

from planner.calendars.service import _vtimezone
from planner.gunicorn_conf import post_worker_init
from tests.conftest import event_payload, make_app


def test_a_worker_keeps_what_it_loaded_out_of_full_collections(app):
    """Full collections walk only what requests made, not the loaded app (the arrivals
    board's 95th percentile fell from 176 to 37 ms with it; ``python -m bench.arrivals``)."""
    before = gc.get_freeze_count()
    try:
        post_worker_init(None)
        assert gc.get_freeze_count() > before + 100_000
    finally:
        gc.unfreeze()


def test_a_worker_makes_its_feeds_time_zones_before_its_first_reader(app, api):
    """icalendar takes about 20 ms for a VTIMEZONE of a zone without daylight saving time:
    made when the worker starts, not while a feed's first reader waits."""
    event = api.post("/events", event_payload(timezone="Asia/Tokyo")).json
    assert api.post(f"/events/{event['id']}/publish").status_code == 200
    _vtimezone.cache_clear()
    try:
        post_worker_init(SimpleNamespace(wsgi=app))
    finally:
        gc.unfreeze()
    made = _vtimezone.cache_info().misses
    assert made == 1

    feed = app.test_client().get("/calendar/public.ics")
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n" in feed.data
    assert _vtimezone.cache_info().misses == made


def test_a_worker_starts_while_the_database_does_not_answer(tmp_path, caplog):
    unreachable = make_app("postgresql+psycopg://postgres@127.0.0.1:1/planner", tmp_path)
    try:
        with caplog.at_level(logging.WARNING, logger="planner.gunicorn_conf"):
            post_worker_init(SimpleNamespace(wsgi=unreachable))
    finally:
        gc.unfreeze()
    assert "time zones not prepared" in caplog.text
