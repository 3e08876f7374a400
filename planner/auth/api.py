"""/api/v1/auth: bearer tokens for scripts."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, request

from planner.api import Blueprint, error_response, open_to_viewers, public
from planner.auth import service
from planner.auth.schemas import Credentials, TokenSchema
from planner.extensions import db

blp = Blueprint("auth", __name__, description="Bearer tokens")


@blp.post("/auth/token")
@blp.arguments(Credentials)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="wrong e-mail or password (the same answer for both)")
@blp.alt_response(
    429,
    description="too many failed attempts; try again later",
    headers={"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
)
@public
def create_token(credentials):
    config = current_app.config
    try:
        user = service.check_password(
            credentials["email"],
            credentials["password"],
            request.remote_addr or "",
            service.SignInThrottle.from_config(config),
        )
    except service.LoginThrottled as throttled:
        response, status = error_response(429, "too many failed sign-ins; try again later")
        response.headers["Retry-After"] = str(throttled.retry_after)
        return response, status
    if user is None:
        return error_response(401, "wrong e-mail or password")
    token, record = service.issue_token(user, timedelta(hours=config["API_TOKEN_TTL_HOURS"]))
    db.session.commit()
    return {"token": token, "expires_at": record.expires_at, "role": user.role.value}


@blp.delete("/auth/token")
@blp.response(204)
@open_to_viewers
def revoke_token():
    """Revoke the token this request carries."""
    service.revoke_token(request.headers["Authorization"].partition(" ")[2].strip())
    db.session.commit()
    g.pop("api_user", None)
