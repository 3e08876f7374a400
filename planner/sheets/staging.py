"""The file between its preview and the organiser's confirmation, kept on the server.

The preview stores the uploaded bytes in the uploads storage under a random name and hands
back a signed token naming them, their SHA-256, the kind of rows and the account that
previewed. The confirmation presents the token: the import reads exactly the bytes that were
previewed (the hash is checked), by the same account, within ``MAX_AGE``. The bytes are
deleted once imported.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from planner.errors import Invalid
from planner.sheets.service import Kind
from planner.uploads.service import storage

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


def stage(kind: Kind, data: bytes, filename: str, user_id: int | None) -> str:
    """Keep the file; the token that finds it again."""
    key = secrets.token_hex(32)
    storage().write(key, data)
    return _serializer().dumps(
        {
            "key": key,
            "kind": kind.value,
            "name": filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "user": user_id,
        }
    )


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
    try:
        with storage().open(claims["key"]) as file:
            data = file.read()
    except OSError:
        raise Invalid.field(FIELD, _("This file was imported already or is gone.")) from None
    if hashlib.sha256(data).hexdigest() != claims["sha256"]:
        raise Invalid.field(FIELD, _("This file changed since its preview: upload it again."))
    return Staged(Kind(claims["kind"]), claims["name"], data, claims["key"])


def discard(found: Staged) -> None:
    """After the import's commit: the bytes are not needed again."""
    storage().delete(found.key)
