"""Logs without secret links: the one redaction of RSVP and feed tokens, for every log that
shows a request (Werkzeug's development server, Flask's error log, and gunicorn's access log
through planner/gunicorn_conf.py).

Whoever reads a log (an operator, a log shipper, a support ticket) must not be able to answer
for a delegate or follow their calendar. Tokens are hidden wherever they appear in a line: in
the path, in a query string (``?next=/rsvp/...``, also percent-encoded), in a Referer.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from celery.signals import (
    before_task_publish,
    celeryd_init,
    setup_logging,
    task_postrun,
    task_prerun,
)
from flask import Flask, Response, request

MASK = "***"
_SEP = r"(?:/|%2F)"
#: A secret path segment: /rsvp/<token>, /calendar/delegates/<token>.ics and the ballots'
#: API, /api/v1/ballots/<token> (the same RSVP token).
_SECRET_SEGMENT = re.compile(
    rf"({_SEP}(?:rsvp|calendar{_SEP}delegates|ballots){_SEP})[^/?#&\s\"'%]+?(\.ics)?(?=[/?#&\s\"'%]|$)",
    re.IGNORECASE,
)
#: A query parameter that names a secret (token=, rsvp_token=, secret=...).
_SECRET_PARAMETER = re.compile(r"([?&][^=&#\s\"']*(?:token|secret)[^=&#\s\"']*=)[^&#\s\"']*", re.I)


def redact(text: str) -> str:
    """``text`` with every RSVP or feed token replaced by ``***``."""
    text = _SECRET_SEGMENT.sub(rf"\g<1>{MASK}\g<2>", text)
    return _SECRET_PARAMETER.sub(rf"\g<1>{MASK}", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message without its secrets (the arguments are merged in first,
    as the request line is one of them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        return True


#: One instance, so that adding it again (every create_app) changes nothing.
SECRET_FILTER = RedactSecrets()


def redact_request_logs(app_logger: logging.Logger) -> None:
    """Werkzeug's request lines and the app's own log (``Exception on /rsvp/<token>``)."""
    logging.getLogger("werkzeug").addFilter(SECRET_FILTER)
    app_logger.addFilter(SECRET_FILTER)


# Request ids and JSON lines ----------------------------------------------------------------

#: The id of the request being served (``X-Request-ID``, taken from a proxy that set one, else
#: made here), and of the task being run: every log line shows them, and a task queued by a
#: request carries the request's id, so one grep finds a click and all it set off.
REQUEST_ID: ContextVar[str | None] = ContextVar("planner_request_id", default=None)
TASK_ID: ContextVar[str | None] = ContextVar("planner_task_id", default=None)
REQUEST_ID_HEADER = "X-Request-ID"
_TASK_HEADER = "planner_request_id"
#: What a request id received from outside may look like (anything else is replaced).
_REQUEST_ID_FORM = re.compile(r"[A-Za-z0-9._:-]{1,64}")
JSON = "json"


class RequestIds(logging.Filter):
    """Puts the current request and task ids on every record (``-`` where there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get() or "-"
        record.task_id = TASK_ID.get() or "-"
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request and
    task ids, and the exception's traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "task_id": getattr(record, "task_id", "-"),
        }
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    """With ``json``: the root logger writes JSON lines to stderr (Flask, Celery, gunicorn's
    error log and the libraries all propagate there), redacted and with the ids. Otherwise the
    servers' own formats stay."""
    if log_format != JSON:
        return
    root = logging.getLogger()
    if any(isinstance(handler.formatter, JsonLines) for handler in root.handlers):
        return
    handler = logging.StreamHandler()
    json_lines(handler)
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)  # Python's warnings too, as lines of the "py.warnings" log
    # A Celery worker would put its own handlers in place of these (not while one listens)
    # and print its banner among the lines.
    setup_logging.connect(_keep_logging, weak=False, dispatch_uid="planner.json-logs")
    celeryd_init.connect(_no_banner, weak=False, dispatch_uid="planner.json-logs-banner")


def json_lines(handler: logging.Handler) -> None:
    """The handler writes redacted JSON lines with the ids."""
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestIds())
    handler.addFilter(SECRET_FILTER)


def _keep_logging(**_kwargs: Any) -> None:
    """Celery's ``setup_logging``: the configuration is made already."""


def _no_banner(instance: Any = None, **_kwargs: Any) -> None:
    """Celery's ``celeryd_init``: the worker starts as with ``--quiet``."""
    if instance is not None:
        instance.quiet = True


def init_request_ids(app: Flask) -> None:
    """Each request gets its id before anything logs, and answers with it."""

    @app.before_request
    def _take_request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        REQUEST_ID.set(given if _REQUEST_ID_FORM.fullmatch(given) else uuid.uuid4().hex)

    @app.after_request
    def _answer_request_id(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = REQUEST_ID.get() or ""
        return response

    @app.teardown_request
    def _forget_request_id(_error: BaseException | None) -> None:
        REQUEST_ID.set(None)


def carry_request_ids() -> None:
    """A task queued while serving a request carries its id; running it sets both ids.
    (Celery's signals: connected once, whatever the number of apps.)"""
    before_task_publish.connect(_stamp_task, weak=False, dispatch_uid="planner.request-id")
    task_prerun.connect(_enter_task, weak=False, dispatch_uid="planner.task-ids")
    task_postrun.connect(_leave_task, weak=False, dispatch_uid="planner.task-ids-end")


def _stamp_task(headers: dict | None = None, **_kwargs: Any) -> None:
    if headers is not None and REQUEST_ID.get():
        headers[_TASK_HEADER] = REQUEST_ID.get()


def _enter_task(task_id: str | None = None, task: Any = None, **_kwargs: Any) -> None:
    TASK_ID.set(task_id)
    request_id = getattr(task.request, _TASK_HEADER, None) if task is not None else None
    REQUEST_ID.set(request_id)


def _leave_task(**_kwargs: Any) -> None:
    TASK_ID.set(None)
    REQUEST_ID.set(None)
