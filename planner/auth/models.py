"""Tables of accounts and credentials."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.caching import not_cached
from planner.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from planner.extensions import Model


class UserRole(enum.StrEnum):
    ADMIN = "admin"  # everything, including accounts
    ORGANISER = "organiser"  # reads and changes meetings and the directory
    VIEWER = "viewer"  # reads only

    @property
    def can_write(self) -> bool:
        return self is not UserRole.VIEWER


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    active: Mapped[bool] = mapped_column(default=True)
    # Raised to end every session signed in before (sign-out, new password, deactivation):
    # a session cookie names the generation it was signed in under.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session cookie holds
        return f"{self.id}:{self.session_generation}"


class ApiToken(Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


@not_cached
class FailedLogin(Model):
    """A sign-in attempt not known to have succeeded: recorded before its password check, so
    parallel attempts count each other, and removed when it succeeds or is refused, or by beat
    once older than the window; recent rows per address or e-mail throttle further tries
    (auth.service.SignInThrottle)."""

    __tablename__ = "failed_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
