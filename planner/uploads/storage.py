"""Where uploaded files' bytes live: one small interface (``Storage``), a local folder by
default. An S3-compatible bucket can come later as another class behind the same interface,
chosen by ``UPLOAD_STORAGE``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit


class Storage(Protocol):
    """What the uploads service needs of a store of files named by their random key."""

    def write(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``, which must be new."""

    def open(self, key: str) -> BinaryIO:
        """The bytes kept under ``key``, to read (the caller closes it)."""

    def delete(self, key: str) -> None:
        """Forget ``key``; nothing happens if it is not there."""


class LocalStorage:
    """A folder of the server (outside the web root: the instance folder by default), each
    file readable by the service's user only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys are made by the service (hex); anything else is a bug, never a path to follow.
        if not key.isalnum():
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def write(self, key: str, data: bytes) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never overwrite; 0600 whatever the umask of the process.
        handle = os.open(self._path(key), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(data)

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def storage_for(location: str) -> Storage:
    """The storage that ``UPLOAD_STORAGE`` names: a folder (a path or a ``file://`` URL)."""
    parts = urlsplit(location)
    if parts.scheme in ("", "file"):
        return LocalStorage(Path(parts.path if parts.scheme else location))
    raise ValueError(f"UPLOAD_STORAGE: no storage for {parts.scheme}:// URLs yet")
