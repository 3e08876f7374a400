"""Errors that services raise; the HTTP layers turn them into responses.

Services know nothing of HTTP, but every rule they enforce maps to one status code, which is
kept here beside the error so that the API and the web UI answer alike.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """The account is known but may not do this (a read-only viewer asking for secrets)."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The change contradicts what is stored: a duplicate, a stale version, rows still in use."""

    status = 409
    code = "conflict"


class Gone(DomainError):
    """It existed and was deleted on purpose (a bulk run's files after their retention)."""

    status = 410
    code = "gone"


class TooLarge(DomainError):
    """A file (an upload) larger than the service takes."""

    status = 413
    code = "payload_too_large"


class Invalid(DomainError):
    """Well-formed input that breaks a rule (end before start, a room of another venue...)."""

    status = 422
    code = "validation_error"

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls(f"{name}: {message}", {name: [message]})


class Unavailable(DomainError):
    """A service the request needs (the job queue) is down; trying again later may work."""

    status = 503
    code = "service_unavailable"
