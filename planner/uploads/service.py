"""Taking in an uploaded file: its name and its bytes checked, then kept under a random name.

A file is what its bytes say, not what its name or the sender claims: a PDF starts with
``%PDF-`` and ends with ``%%EOF``; JPEG and PNG images start with their signatures and must
open whole in Pillow. Its name must agree with what it is (``letter.pdf`` holding HTML, or an
executable renamed ``scan.png``, is refused), and may not carry a path or control characters.
Every refusal is an ``Invalid`` (or ``TooLarge``) naming the form field, raised before
anything is written.

The file is written to storage when its row is flushed; if the transaction then rolls back
(a later rule refused the change it belonged to), the file is deleted again, so a refusal
leaves neither a row nor a file.
"""

from __future__ import annotations

import enum
import hashlib
import io
import secrets
import unicodedata
import warnings
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from pathlib import Path, PurePath
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session as DbSession

from planner.db import listen_once
from planner.errors import Invalid, TooLarge
from planner.extensions import db
from planner.storage import Storage, storage_for
from planner.uploads.models import Upload

_WRITTEN = "planner.uploads_written"
#: Where a PDF's end-of-file marker may sit: within this many bytes of the end.
_PDF_TAIL = 1024
#: Characters a file name may not hold: controls, invisible formatting (a right-to-left
#: override turns ``fdp.exe`` into what reads as ``exe.pdf``), line and paragraph breaks.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-_PDF_TAIL:]


def _is_image(signature: bytes, pillow_format: str) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        if not data.startswith(signature):
            return False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                    image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombWarning,
            Image.DecompressionBombError,
        ):
            return False
        return True

    return check


class Kind(enum.Enum):
    """The kinds of file people may upload: (content type, name endings, check of the bytes)."""

    PDF = ("application/pdf", (".pdf",), _is_pdf)
    JPEG = ("image/jpeg", (".jpg", ".jpeg"), _is_image(b"\xff\xd8\xff", "JPEG"))
    PNG = ("image/png", (".png",), _is_image(b"\x89PNG\r\n\x1a\n", "PNG"))

    def __init__(
        self, content_type: str, suffixes: tuple[str, ...], check: Callable[[bytes], bool]
    ) -> None:
        self.content_type = content_type
        self.suffixes = suffixes
        self.check = check

    @property
    def label(self) -> str:
        return self.name


#: What a letter (a Delegation of Authority, a proxy's mandate) may be.
LETTERS = (Kind.PDF, Kind.JPEG, Kind.PNG)


def storage() -> Storage:
    return storage_for("uploads", current_app.config)


#: The setting that caps uploads: letters and images. Meeting papers have their own
#: (``PAPERS_MAX_BYTES``): a budget or a deck of slides runs larger than a signed letter.
UPLOAD_LIMIT = "UPLOAD_MAX_BYTES"


def max_bytes(setting: str = UPLOAD_LIMIT) -> int:
    return int(current_app.config[setting])


def check_filename(filename: str | None, field: str = "file") -> str:
    """The name the file came with, if it is a plain name (no folder, nothing hidden)."""
    name = (filename or "").strip()
    if not name:
        raise Invalid.field(field, _("choose a file to upload"))
    if "/" in name or "\\" in name:
        raise Invalid.field(field, _("the file name may not contain / or \\"))
    if any(unicodedata.category(c) in _HIDDEN for c in name):
        raise Invalid.field(field, _("the file name may not contain control characters"))
    if len(name) > Upload.filename.type.length:
        raise Invalid.field(
            field, _("the file name is longer than %(n)d characters", n=Upload.filename.type.length)
        )
    return name


def sniff(data: bytes, name: str, kinds: Collection[Kind], field: str = "file") -> Kind:
    """What the bytes are, among ``kinds``, if the name says the same."""
    allowed = ", ".join(kind.label for kind in kinds)
    found = next((kind for kind in kinds if kind.check(data)), None)
    if found is None:
        raise Invalid.field(
            field,
            _("this file is not a valid %(kinds)s file (checked by its content)", kinds=allowed),
        )
    if PurePath(name).suffix.lower() not in found.suffixes:
        raise Invalid.field(
            field,
            _(
                "the file is a %(kind)s but its name does not end in %(suffixes)s",
                kind=found.label,
                suffixes=" / ".join(found.suffixes),
            ),
        )
    return found


def store(
    data: bytes,
    filename: str | None,
    kinds: Collection[Kind] = LETTERS,
    uploaded_by_id: int | None = None,
    field: str = "file",
    limit_setting: str = UPLOAD_LIMIT,
) -> Upload:
    """Check an uploaded file and keep it: its row (flushed) and its bytes in storage.
    ``limit_setting`` names the configuration that caps its size."""
    name = check_filename(filename, field)
    if not data:
        raise Invalid.field(field, _("the file is empty"))
    limit = max_bytes(limit_setting)
    if len(data) > limit:
        raise TooLarge(
            _("the file is larger than %(n)d bytes", n=limit),
            {field: [_("larger than %(n)d bytes", n=limit)]},
        )
    kind = sniff(data, name, kinds, field)
    upload = Upload(
        key=secrets.token_hex(32),
        filename=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=uploaded_by_id,
    )
    db.session.add(upload)
    db.session.flush()
    where = storage()
    where.write(upload.key, data)
    _remember_written(where, upload.key)
    return upload


def open_upload(upload: Upload) -> BinaryIO:
    """The stored bytes of an upload as a stream, for a view that has checked who asks."""
    return storage().open(upload.key)


def upload_path(upload: Upload) -> AbstractContextManager[Path]:
    """A local file with the upload's bytes while the block runs, for readers that seek."""
    return storage().local_path(upload.key)


def _remember_written(where: Storage, key: str) -> None:
    listen_once(DbSession, "after_commit", _keep_written)
    listen_once(DbSession, "after_rollback", _delete_written)
    db.session.info.setdefault(_WRITTEN, []).append((where, key))


def _keep_written(session: DbSession) -> None:
    session.info.pop(_WRITTEN, None)


def _delete_written(session: DbSession) -> None:
    """The rows of these files were rolled back: their bytes go too."""
    for where, key in session.info.pop(_WRITTEN, ()):
        where.delete(key)
