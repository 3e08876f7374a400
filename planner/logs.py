"""Logs without secret links: the one redaction of RSVP and feed tokens, for every log that
shows a request (Werkzeug's development server, Flask's error log, and gunicorn's access log
through planner/gunicorn_conf.py).

Whoever reads a log (an operator, a log shipper, a support ticket) must not be able to answer
for a delegate or follow their calendar. Tokens are hidden wherever they appear in a line: in
the path, in a query string (``?next=/rsvp/...``, also percent-encoded), in a Referer.
"""

from __future__ import annotations

import logging
import re

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
