"""The JSON API over real HTTP, for tests that drive a running server from outside (a
gunicorn process, the compose stack): sign in for a bearer token, call, wait for a state."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def sign_in(base: str, email: str, password: str) -> str:
    """A bearer token from POST /api/v1/auth/token."""
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token",
        method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["token"]


def call(
    base: str, token: str, method: str, path: str, body: dict | None = None, timeout: float = 30
) -> tuple[int, Any]:
    """(status, body) of /api/v1{path}: JSON decoded, anything else (a zip) as bytes."""
    request = urllib.request.Request(
        f"{base}/api/v1{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        data = answer.read()
        if answer.headers.get_content_type() == "application/json":
            return answer.status, json.loads(data)
        return answer.status, data


def until(check: Callable[[], T | None], seconds: float, what: str, every: float = 0.1) -> T:
    """The first truthy answer of ``check``, polled for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(every)
    raise AssertionError(f"not within {seconds} s: {what}")
