"""Where the files that another process may read live: uploads, cached packs and the files of
bulk pack runs. A folder of the server by default (enough while every process shares one
disk), or an S3-compatible bucket (MinIO, Ceph, AWS, Scaleway...) when web processes and
workers run on several hosts: ``STORAGE`` chooses.

Each kind of file has its area: a folder of its own (``UPLOAD_STORAGE``, ``PACK_STORAGE``), or
a prefix in the one bucket (``<S3_PREFIX>uploads/``, ``<S3_PREFIX>packs/``). Keys are made by
the code (random hex, hashes, job ids; "/" between parts), never taken from a request.
Scratch files (a PDF being built, pdfunite's inputs) stay in local temporary files.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import urlsplit

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
)
from botocore.exceptions import ConnectionError as EndpointUnreachable
from flask_babel import gettext as _

from planner.errors import Unavailable

#: The areas, and the setting that names each one's folder when files stay local.
AREAS = {"uploads": "UPLOAD_STORAGE", "packs": "PACK_STORAGE"}
#: One part of a key: letters, digits, and . _ - inside (never "..", never a leading dot).
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: Give up on an unreachable endpoint after this many seconds per attempt.
CONNECT_TIMEOUT = 5
#: Give up on an endpoint that took the connection but does not answer (a stalled server)
#: after this many seconds per attempt; with ``ATTEMPTS``, a request waits at most about
#: 2 x (5 + 10) s for the bucket: less than a web worker's 30 s timeout.
READ_TIMEOUT = 10
ATTEMPTS = 2


class StorageUnavailable(RuntimeError):
    """The configured storage cannot be used: the message names the bucket and endpoint."""


class StorageOffline(Unavailable):
    """The bucket did not answer (down, out of reach, stalled): the request that needed it
    answers 503 and may work a moment later."""


@contextmanager
def _reachable() -> Iterator[None]:
    """A bucket that cannot be reached is a service unavailable, not a bug (a 500)."""
    try:
        yield
    except (EndpointUnreachable, HTTPClientError) as error:
        raise StorageOffline(_("the file storage is unavailable; try again in a moment")) from error


class Storage(Protocol):
    """What the services need of a store of files named by keys."""

    def write(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``: readers see the whole file or none."""

    def write_file(self, key: str, path: Path) -> None:
        """Keep the bytes of the local file ``path`` under ``key``."""

    def open(self, key: str) -> BinaryIO:
        """The bytes under ``key``, to read as a stream (the caller closes it);
        ``FileNotFoundError`` if there are none."""

    def size(self, key: str) -> int:
        """How many bytes ``key`` holds; ``FileNotFoundError`` if none."""

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        """A context manager giving a local file with the bytes of ``key`` (the stored file
        itself in a folder, a temporary copy for a bucket), for programs that read paths."""

    def keys(self, prefix: str = "") -> list[str]:
        """The keys that start with ``prefix``, sorted."""

    def delete(self, key: str) -> None:
        """Forget ``key``; nothing happens if it is not there."""

    def delete_under(self, prefix: str) -> None:
        """Forget every key under ``prefix`` (a folder of keys, ending with "/")."""


def check_key(key: str) -> str:
    """``key`` if it is one the code makes; anything else is a bug, never a path to follow."""
    if not all(_PART.fullmatch(part) for part in key.split("/")):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """A folder of the server (outside the web root: the instance folder by default), each
    file and folder its user's only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    @contextmanager
    def _replacing(self, key: str) -> Iterator[BinaryIO]:
        """A private temporary file beside ``key``'s, put in its place once written whole."""
        path = self._path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")  # 0600
        try:
            with os.fdopen(handle, "wb") as file:
                yield file
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def write(self, key: str, data: bytes) -> None:
        with self._replacing(key) as file:
            file.write(data)

    def write_file(self, key: str, path: Path) -> None:
        with self._replacing(key) as file, path.open("rb") as source:
            shutil.copyfileobj(source, file)

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def keys(self, prefix: str = "") -> list[str]:
        if not self.root.is_dir():
            return []
        found = (
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() and not path.name.endswith(".part")
        )
        return sorted(key for key in found if key.startswith(prefix))

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_under(self, prefix: str) -> None:
        shutil.rmtree(self._path(prefix.rstrip("/")), ignore_errors=True)


class S3Storage:
    """A prefix in an S3-compatible bucket. A put is atomic there: readers see the whole
    object or none."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def write(self, key: str, data: bytes) -> None:
        with _reachable():
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def write_file(self, key: str, path: Path) -> None:
        # In parts for a large file (a run's zip), several at once.
        with _reachable():
            self.client.upload_file(str(path), self.bucket, self._name(key))

    def open(self, key: str) -> BinaryIO:
        try:
            with _reachable():
                found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            raise _missing(error, key) from error
        body: BinaryIO = found["Body"]
        return body

    def size(self, key: str) -> int:
        try:
            with _reachable():
                found = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            raise _missing(error, key) from error
        return int(found["ContentLength"])

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        # A closed temporary file: a thousand copies held at once hold no descriptors.
        handle, temporary = tempfile.mkstemp(suffix=Path(key).suffix)
        os.close(handle)
        try:
            try:
                with _reachable():
                    self.client.download_file(self.bucket, self._name(key), temporary)
            except ClientError as error:
                raise _missing(error, key) from error
            yield Path(temporary)
        finally:
            os.unlink(temporary)

    def _names(self, prefix: str) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix
        )
        with _reachable():
            for page in pages:
                for item in page.get("Contents", ()):
                    yield item["Key"]

    def keys(self, prefix: str = "") -> list[str]:
        return sorted(name[len(self.prefix) :] for name in self._names(prefix))

    def delete(self, key: str) -> None:
        with _reachable():
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def delete_under(self, prefix: str) -> None:
        check_key(prefix.rstrip("/"))
        names = list(self._names(prefix))
        for start in range(0, len(names), 1000):  # the most one request deletes
            batch = [{"Key": name} for name in names[start : start + 1000]]
            with _reachable():
                self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )


def _missing(error: ClientError, key: str) -> Exception:
    """A missing object is a missing file, as for a folder; anything else stays itself."""
    code = str(error.response.get("Error", {}).get("Code", ""))
    return FileNotFoundError(key) if code in ("NoSuchKey", "404", "NotFound") else error


def storage_for(area: str, config: Mapping[str, Any]) -> Storage:
    """The storage of ``area`` ("uploads", "packs") that ``config`` describes."""
    if config["STORAGE"] == "s3":
        return S3Storage(_client(config), config["S3_BUCKET"], f"{config['S3_PREFIX']}{area}/")
    location = config[AREAS[area]]
    parts = urlsplit(location)
    if parts.scheme not in ("", "file"):
        raise ValueError(f"{AREAS[area]}: a folder (a path or a file:// URL), not {location}")
    return LocalStorage(Path(parts.path if parts.scheme else location))


_clients: dict[tuple[Any, ...], Any] = {}


def _client(config: Mapping[str, Any]) -> Any:
    """The S3 client of this process (a forked worker makes its own: connections are not
    shared across a fork)."""
    endpoint = config["S3_ENDPOINT_URL"] or None
    settings = (
        os.getpid(),
        endpoint,
        config["S3_REGION"] or None,
        config["S3_ACCESS_KEY_ID"] or None,
        config["S3_SECRET_ACCESS_KEY"] or None,
        config["S3_ADDRESSING_STYLE"] or ("path" if endpoint else "auto"),
    )
    client = _clients.get(settings)
    if client is None:
        _, endpoint, region, key_id, secret, style = settings
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            config=BotoConfig(
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=READ_TIMEOUT,
                retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
                s3={"addressing_style": style},
            ),
        )
        _clients[settings] = client
    return client


def check_storage(config: Mapping[str, Any]) -> None:
    """Refuse to start on a storage that cannot work: an unknown kind, a folder setting that
    is no folder, a bucket that is missing or out of reach (the message names it)."""
    kind = config["STORAGE"]
    if kind not in ("local", "s3"):
        raise StorageUnavailable(f"STORAGE must be 'local' or 's3', not {kind!r}")
    if kind == "local":
        for area in AREAS:
            storage_for(area, config)
        return
    bucket = config["S3_BUCKET"]
    where = config["S3_ENDPOINT_URL"] or "AWS S3"
    if not bucket:
        raise StorageUnavailable("STORAGE is 's3' but no bucket is set (PLANNER_S3_BUCKET)")
    try:
        _client(config).head_bucket(Bucket=bucket)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in ("404", "NoSuchBucket", "NotFound"):
            reason = "does not exist"
        elif code in ("403", "AccessDenied", "Forbidden"):
            reason = "refuses these credentials"
        else:
            reason = f"answered {code or error}"
        raise StorageUnavailable(f"S3 bucket {bucket!r} at {where} {reason}") from error
    except NoCredentialsError as error:
        raise StorageUnavailable(
            f"S3 bucket {bucket!r} at {where}: no credentials (set PLANNER_S3_ACCESS_KEY_ID "
            "and PLANNER_S3_SECRET_ACCESS_KEY, or boto3's own AWS_* variables)"
        ) from error
    except (BotoCoreError, ValueError) as error:
        raise StorageUnavailable(f"S3 bucket {bucket!r}: cannot reach {where}: {error}") from error


def export_files(config: Mapping[str, Any], folder: Path) -> int:
    """Copy every stored file (of every area) into ``folder``/<area>/<key>: the file half of a
    backup, whichever storage holds them. How many were copied."""
    copied = 0
    for area in AREAS:
        store = storage_for(area, config)
        for key in store.keys():  # noqa: SIM118  (a storage, not a dict)
            target = folder / area / key
            target.parent.mkdir(parents=True, exist_ok=True)
            with store.open(key) as stored, target.open("wb") as copy:
                shutil.copyfileobj(stored, copy)
            copied += 1
    return copied


def import_files(config: Mapping[str, Any], folder: Path) -> int:
    """Put back what ``export_files`` wrote into the storage ``config`` names (the same kind or
    the other: a folder's files into a bucket, say). How many were put."""
    put = 0
    for area in AREAS:
        root = folder / area
        if not root.is_dir():
            continue
        store = storage_for(area, config)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            store.write_file(check_key(path.relative_to(root).as_posix()), path)
            put += 1
    return put
