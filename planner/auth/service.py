"""Accounts, password checks, bearer tokens and login throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask_babel import gettext as _

from planner.auth.models import ApiToken, FailedLogin, User, UserRole
from planner.db import utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.extensions import db

_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("no such account")
MIN_PASSWORD_LENGTH = 10


class LoginThrottled(Exception):
    """Too many recent failures for this e-mail or client address."""


def create_user(email: str, password: str, role: UserRole = UserRole.ORGANISER) -> User:
    email = email.strip().lower()
    password_hash = _new_password_hash(password)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            _("an account for %(email)s exists already", email=email),
            {"email": [_("already taken")]},
        )
    user = User(email=email, password_hash=password_hash, role=role)
    db.session.add(user)
    db.session.flush()
    return user


def load_user(session_id: str) -> User | None:
    """The active account a session cookie names (``<id>:<generation>``, see ``User.get_id``);
    None for a cookie signed in before the account's sessions were ended."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def check_password(
    email: str, password: str, remote_addr: str, *, limit: int, window: timedelta
) -> User | None:
    """The active account these credentials open, or None; raises when throttled.

    A wrong password and an unknown e-mail look the same to the caller, in answer and in time.
    """
    email = email.strip().lower()
    since = utcnow() - window
    failures = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(FailedLogin)
        .where(
            FailedLogin.at >= since,
            sa.or_(FailedLogin.email == email, FailedLogin.remote_addr == remote_addr),
        )
    )
    if failures >= limit:
        raise LoginThrottled
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if _verify(user.password_hash if user else _DUMMY_HASH, password) and user and user.active:
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return user
    db.session.add(FailedLogin(email=email[:254], remote_addr=remote_addr[:64]))
    return None


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def issue_token(user: User, ttl: timedelta) -> tuple[str, ApiToken]:
    """A new bearer token (shown once) and its stored record."""
    token = secrets.token_urlsafe(32)
    record = ApiToken(user=user, token_hash=_digest(token), expires_at=utcnow() + ttl)
    db.session.add(record)
    db.session.flush()
    return token, record


class Principal(NamedTuple):
    """Who a bearer token speaks for: enough to authorise, cheap to keep."""

    user_id: int
    email: str
    role: UserRole
    expires_at: datetime


def principal_for_token(token: str) -> Principal | None:
    """The active account holding this unrevoked token (expiry is the caller's check, so a
    remembered answer stays right)."""
    row = db.session.execute(
        sa.select(User.id, User.email, User.role, ApiToken.expires_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == _digest(token),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    ).first()
    return Principal(*row) if row else None


def revoke_token(token: str) -> bool:
    record = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if record is None or record.revoked_at is not None:
        return False
    record.revoked_at = utcnow()
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Managing accounts: every change below takes effect on the account's next request ----------


def _new_password_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid.field(
            "password", _("must be at least %(count)s characters", count=MIN_PASSWORD_LENGTH)
        )
    return _hasher.hash(password)


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def user_by_email(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(_("there is no account for %(email)s", email=email.strip()))
    return user


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("there is no such account"))
    return user


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session cookie issued so far stops working."""
    user.session_generation += 1


def revoke_tokens(user: User) -> int:
    """Revoke every unrevoked API token of the account; how many were."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def set_password(user: User, password: str) -> None:
    """A new password ends the account's sessions and tokens: whoever knew the old one (or
    holds what it opened) is out."""
    user.password_hash = _new_password_hash(password)
    end_sessions(user)
    revoke_tokens(user)


def set_role(user: User, role: UserRole) -> None:
    if user.role is UserRole.ADMIN and role is not UserRole.ADMIN:
        _keep_an_admin(user)
    user.role = role


def deactivate_user(user: User) -> None:
    """The account can no longer sign in; its sessions and tokens stop at once."""
    if user.role is UserRole.ADMIN:
        _keep_an_admin(user)
    user.active = False
    end_sessions(user)
    revoke_tokens(user)


def reactivate_user(user: User) -> None:
    user.active = True


def _keep_an_admin(leaving: User) -> None:
    """Refuse to leave the network with no active admin to manage accounts. The active
    admins' rows are locked, so two admins demoting each other at once cannot both pass."""
    admins = db.session.scalars(
        sa.select(User.id)
        .where(User.role == UserRole.ADMIN, User.active.is_(True))
        .with_for_update()
    ).all()
    if leaving.active and set(admins) <= {leaving.id}:
        raise Conflict(_("%(email)s is the last active admin: make another admin first",
                         email=leaving.email))  # fmt: skip
