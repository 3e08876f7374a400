"""The file between its preview and the organiser's confirmation, kept on the server.

The preview keeps the uploaded bytes (a ``StagedSheet`` row under a random key) and hands back
a signed token naming them, the kind of rows and the account that previewed. The confirmation
presents the token: the import reads exactly the bytes that were previewed, by the same
account, within ``MAX_AGE``, and deletes them in its own transaction, so a token imports once.
Previews never confirmed are deleted after ``MAX_AGE`` (beat, hourly; and each new preview).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from planner.errors import Invalid
from planner.extensions import db
from planner.sheets.models import StagedSheet
from planner.sheets.service import Kind

MAX_AGE = 3600  # seconds: an hour to read a preview and confirm
FIELD = "token"
_SALT = "planner.sheets.staged-import"


@dataclass(frozen=True)
class Staged:
    kind: Kind
    filename: str
    data: bytes
    key: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def stage(kind: Kind, data: bytes, filename: str, user_id: int | None, now: datetime) -> str:
    """Keep the file (the caller commits); the token that finds it again."""
    forget_stale(now)
    key = secrets.token_hex(32)
    db.session.add(StagedSheet(key=key, data=data, created_at=now))
    db.session.flush()
    return _serializer().dumps({"key": key, "kind": kind.value, "name": filename, "user": user_id})


def staged(token: str, user_id: int | None) -> Staged:
    """The file a token names, as it was previewed; Invalid naming ``token`` otherwise."""
    try:
        claims = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired:
        raise Invalid.field(FIELD, _("This preview has expired: upload the file again.")) from None
    except BadSignature:
        raise Invalid.field(FIELD, _("This preview is unknown: upload the file again.")) from None
    if claims.get("user") != user_id:
        raise Invalid.field(FIELD, _("This preview was made by another account."))
    data = db.session.scalar(sa.select(StagedSheet.data).where(StagedSheet.key == claims["key"]))
    if data is None:
        raise Invalid.field(FIELD, _("This file was imported already or is gone."))
    return Staged(Kind(claims["kind"]), claims["name"], data, claims["key"])


def discard(found: Staged) -> None:
    """In the import's transaction: the file is not needed again, and no second import of the
    same token can find it (a concurrent one deletes nothing and fails as stale)."""
    if _delete(StagedSheet.key == found.key) != 1:
        raise Invalid.field(FIELD, _("This file was imported already or is gone."))


def forget_stale(now: datetime) -> int:
    """Delete the previews older than ``MAX_AGE``; how many there were."""
    return _delete(StagedSheet.created_at < now - timedelta(seconds=MAX_AGE))


def _delete(condition: sa.ColumnElement[bool]) -> int:
    result = db.session.execute(sa.delete(StagedSheet).where(condition))
    return cast(sa.CursorResult[Any], result).rowcount
