"""Accounts, password checks, bearer tokens and login throttling."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, cast

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask_babel import gettext as _

from planner.auth.models import ApiToken, FailedLogin, User, UserRole
from planner.db import get_or_404, take_turns, utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.extensions import db

_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("no such account")
MIN_PASSWORD_LENGTH = 10


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
    email: str, password: str, remote_addr: str, throttle: SignInThrottle
) -> User | None:
    """The active account these credentials open, or None; raises LoginThrottled first when
    ``throttle`` says this attempt must wait. The caller commits: a success forgets the
    attempt (and may store a rehashed password), a failure keeps it on record.

    A wrong password and an unknown e-mail look the same to the caller, in answer and in time.
    """
    email = email.strip().lower()
    attempt_id = throttle.admit(email, remote_addr)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if _verify(user.password_hash if user else _DUMMY_HASH, password) and user and user.active:
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        throttle.forget(attempt_id)
        return user
    return None


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


class LoginThrottled(Exception):
    """This sign-in must wait: ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInThrottle:
    """How often anyone may try a password; the sign-in page and the API's token share it.

    - Per client address: at most ``address_limit`` failures in ``window``, whatever the
      accounts; then the address waits until its oldest failure leaves the window. This stops
      one client guessing at one account or at many. Behind a reverse proxy every client has
      the proxy's address unless ``PROXY_FIX_X_FOR`` says how many proxies to trust.
    - Per account (e-mail), from any address: one failure costs nothing (a typo), each
      further failure in the window doubles the wait before the next password check (1, 2,
      4 … seconds after the latest failure), at most ``backoff_cap``. This slows guessing
      at one account from many addresses, yet its owner, signing in from their own
      address, waits at most ``backoff_cap`` after an attacker's latest failure, never the
      window (the hard lock per account it replaces let anyone lock anyone out).

    Counted and recorded in one step: the attempts of one address or account take turns
    (SQLite lets one writer in at a time, and the attempt's INSERT comes before its count;
    PostgreSQL takes a transaction-scoped advisory lock per address and per account), so
    each sees every attempt admitted before it, and parallel guesses are checked no more
    often than sequential ones. Admitted attempts stay on record as failures unless they
    succeed, until they leave the window; refused ones leave no record, so hammering while
    refused does not lengthen the wait.
    """

    address_limit: int
    window: timedelta
    backoff_cap: timedelta

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SignInThrottle:
        return cls(
            address_limit=config["LOGIN_FAILURE_LIMIT"],
            window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
            backoff_cap=timedelta(seconds=config["LOGIN_BACKOFF_MAX_SECONDS"]),
        )

    def admit(self, email: str, remote_addr: str) -> int:
        """Record this attempt and return its id, or raise LoginThrottled (the attempt then
        leaves no record). Commits the session, so call it before making any change."""
        email, remote_addr = email[:254], remote_addr[:64]
        take_turns(f"address:{remote_addr}", f"account:{email}")
        attempt = FailedLogin(email=email, remote_addr=remote_addr)
        db.session.add(attempt)
        db.session.flush()
        attempt_id = attempt.id
        wait = self._wait(attempt_id, email, remote_addr)
        if wait > timedelta(0):
            db.session.rollback()
            raise LoginThrottled(math.ceil(wait.total_seconds()))
        db.session.commit()
        return attempt_id

    def forget(self, attempt_id: int) -> None:
        """A successful attempt is no failure."""
        db.session.execute(sa.delete(FailedLogin).where(FailedLogin.id == attempt_id))

    def forget_old_attempts(self) -> int:
        """Delete the attempts older than the window (no count reads them again), so that
        anyone sending sign-ins cannot grow the record without bound; returns how many."""
        # A DELETE gives a CursorResult; Session.execute is typed as returning a plain Result.
        result = cast(
            sa.CursorResult[Any],
            db.session.execute(
                sa.delete(FailedLogin).where(FailedLogin.at < utcnow() - self.window)
            ),
        )
        return result.rowcount

    def _wait(self, attempt_id: int, email: str, remote_addr: str) -> timedelta:
        now = utcnow()
        recent = FailedLogin.at >= now - self.window
        from_address, oldest = db.session.execute(
            sa.select(sa.func.count(), sa.func.min(FailedLogin.at)).where(
                recent, FailedLogin.remote_addr == remote_addr
            )
        ).one()
        wait = oldest + self.window - now if from_address > self.address_limit else timedelta(0)
        for_account, latest = db.session.execute(
            sa.select(sa.func.count(), sa.func.max(FailedLogin.at)).where(
                recent, FailedLogin.email == email, FailedLogin.id != attempt_id
            )
        ).one()
        if for_account > 1:
            wait = max(wait, latest + self.backoff(for_account) - now)
        return wait

    def backoff(self, failures: int) -> timedelta:
        """2**(failures-2) seconds, at most the cap (past 2**20 s any cap is smaller)."""
        return min(timedelta(seconds=2 ** min(failures - 2, 20)), self.backoff_cap)


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


# Built once: every API write asks it (reads remember its answers).
_PRINCIPAL = (
    sa.select(User.id, User.email, User.role, ApiToken.expires_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_hash == sa.bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )
)


def principal_for_token(token: str) -> Principal | None:
    """The active account holding this unrevoked token (expiry is the caller's check, so a
    remembered answer stays right)."""
    row = db.session.connection().execute(_PRINCIPAL, {"token_hash": _digest(token)}).first()
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
    return get_or_404(User, user_id, "account")


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session cookie issued so far stops working."""
    user.session_generation += 1


def revoke_tokens(user: User) -> int:
    """Revoke every unrevoked API token of the account; how many were."""
    result = cast(
        sa.CursorResult[Any],
        db.session.execute(
            sa.update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        ),
    )
    return result.rowcount


def set_password(user: User, password: str) -> None:
    """A new password ends the account's sessions and tokens: whoever knew the old one (or
    holds what it opened) is out."""
    user.password_hash = _new_password_hash(password)
    _shut_out(user)


def set_role(user: User, role: UserRole) -> None:
    if user.role is UserRole.ADMIN and role is not UserRole.ADMIN:
        _keep_an_admin(user)
    user.role = role


def deactivate_user(user: User) -> None:
    """The account can no longer sign in; its sessions and tokens stop at once."""
    if user.role is UserRole.ADMIN:
        _keep_an_admin(user)
    user.active = False
    _shut_out(user)


def _shut_out(user: User) -> None:
    """Whoever holds the account's sessions or API tokens is out at their next request."""
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
