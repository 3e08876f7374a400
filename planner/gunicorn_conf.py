"""gunicorn settings for serving the planner (docker-compose.yml, the Dockerfile):
``gunicorn -c python:planner.gunicorn_conf ... wsgi:app``."""

from __future__ import annotations

import gc
from typing import Any

from gunicorn.glogging import Logger

from planner.logs import redact


class RedactingLogger(Logger):
    """gunicorn's logger with every value of the access log line (request line, path, query,
    Referer and the other headers) free of RSVP and feed tokens."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """The worker has loaded the app. What it holds now (modules, templates, catalogues,
    fonts, compiled statements) lives as long as the worker: kept out of the collector's full
    passes (``gc.freeze``), which would otherwise walk those quarter of a million objects
    each time, up to a hundred milliseconds added to whichever request set one off."""
    gc.freeze()
