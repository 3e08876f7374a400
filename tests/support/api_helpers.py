"""Assertions shared by the API tests (each folder's test_api.py, and more)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from planner import models
from planner.extensions import db

#: The tables a failed write must leave untouched.
WRITABLE_MODELS = (
    models.Organisation,
    models.Delegate,
    models.Venue,
    models.Room,
    models.Event,
    models.Session,
    models.Participation,
    models.Body,
    models.BodySeat,
)


def assert_error(
    response: Any, status: int, code: str | None = None, field: str | None = None
) -> dict:
    """The response is a JSON error of the documented shape; returns its ``error`` object.

    ``field``, when given, must be named in ``error.fields``.
    """
    assert response.status_code == status, (response.status_code, response.get_data(True))
    assert response.mimetype == "application/json", response.mimetype
    assert "Traceback" not in response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    if code is not None:
        assert error["code"] == code, error
    if field is not None:
        assert field in error["fields"], error
    return error


def row_counts() -> dict[str, int]:
    """How many rows each writable table holds: compare before and after a refused write."""
    return {
        model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in WRITABLE_MODELS
    }
