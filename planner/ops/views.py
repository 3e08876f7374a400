"""``/healthz``, ``/readyz`` and ``/metrics``: outside the API (no account, no version in the
path, as load balancers and Prometheus expect), never cached. ``/metrics`` asks for
``PLANNER_METRICS_TOKEN`` as a bearer token when one is set."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST

from planner.ops import health, metrics

bp = Blueprint("ops", __name__)


def _answer(outcomes: list[health.Outcome]) -> tuple[Response, int]:
    ok = all(outcome.ok for outcome in outcomes)
    body = {
        "status": "ok" if ok else "failing",
        "checks": {outcome.name: outcome.as_json() for outcome in outcomes},
    }
    return jsonify(body), 200 if ok else 503


@bp.get("/healthz")
def healthz():
    """Database, broker and file storage, each within a few seconds: 200, or 503 naming what
    failed."""
    return _answer(health.health())


@bp.get("/readyz")
def readyz():
    """Whether to send this process requests: its database answers, at this code's migration."""
    return _answer(health.readiness())


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(401)
    return Response(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
