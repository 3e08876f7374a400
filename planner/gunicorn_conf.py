"""gunicorn settings for serving the planner (docker-compose.yml, the Dockerfile):
``gunicorn -c python:planner.gunicorn_conf ... wsgi:app``."""

from __future__ import annotations

import gc
import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger

from planner.logs import JSON, json_lines, redact

log = logging.getLogger(__name__)


class RedactingLogger(Logger):
    """gunicorn's logger with every value of the access log line (request line, path, query,
    Referer and the other headers) free of RSVP and feed tokens; with
    ``PLANNER_LOG_FORMAT=json``, its error and access lines are JSON lines like the app's."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if _json():
            for handler in self.error_log.handlers:
                json_lines(handler)

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        if not _json():
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return None
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": atoms["r"],
            "status": atoms["s"],
            "ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": atoms["B"],
            "remote": atoms["h"],
            "user_agent": atoms["a"],
            "request_id": atoms.get("{x-request-id}o", "-"),
            "task_id": "-",
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))
        return None


def _json() -> bool:
    return os.environ.get("PLANNER_LOG_FORMAT", "text") == JSON


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """The worker has loaded the app (``worker.wsgi``), and makes what its first feed reader
    would otherwise wait for: the VTIMEZONEs of the meetings' zones (a database that does
    not answer yet only leaves them to that reader). What it holds now (modules, templates,
    catalogues, fonts, compiled statements, zones) lives as long as the worker: kept out of
    the collector's full passes (``gc.freeze``), which would otherwise walk those quarter of
    a million objects each time, up to a hundred milliseconds added to whichever request set
    one off."""
    # What the worker's app has loaded already (the master process needs none of it).
    from flask import Flask
    from sqlalchemy.exc import SQLAlchemyError

    from planner.calendars.service import prepare_zones

    app = getattr(worker, "wsgi", None)
    if isinstance(app, Flask):
        with app.app_context():
            try:
                prepare_zones()
            except SQLAlchemyError as error:
                log.warning("time zones not prepared, left to the first feed: %s", error)
    gc.freeze()
