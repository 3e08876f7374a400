"""A real S3 protocol server for the tests: moto's standalone server, in its own process on a
free port, and the settings that point an app (or a worker's environment) at a bucket in it.

Tests whose module is marked ``storage`` run a third time with the ``app`` fixture's "s3"
parameter: SQLite, and every file in a bucket of that server."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import boto3
import pytest
from flask import Flask

ACCESS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen, log: IO[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"moto_server stopped: {log.read()!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("moto_server did not start listening")


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto S3 server in a process of its own, for as long as the block runs (its URL)."""
    with moto_process() as (endpoint, _server):
        yield endpoint


@contextmanager
def moto_process() -> Iterator[tuple[str, subprocess.Popen]]:
    """The same, with its process (to stop and continue it: a stalled server)."""
    port = free_port()
    # Its log (a line per request) to a file: a pipe nobody reads fills up after some
    # hundreds of requests, and the server then hangs writing to it.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, server, log)
            yield f"http://127.0.0.1:{port}", server
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server that lives as long as the test session."""
    with moto_server() as endpoint:
        yield endpoint


def s3_settings(endpoint: str, bucket: str, prefix: str = "") -> dict[str, Any]:
    return {"STORAGE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket,
            "S3_PREFIX": prefix, "S3_REGION": "eu-west-3", "S3_ADDRESSING_STYLE": "",
            **ACCESS}  # fmt: skip


def new_bucket(endpoint: str) -> str:
    """A new, empty bucket on the server (its name)."""
    name = f"planner-{uuid.uuid4().hex[:12]}"
    client = boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name="eu-west-3",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    return name


#: The settings that say where an app keeps its files, to carry over to another app or process.
STORAGE_SETTINGS = (
    *("STORAGE", "UPLOAD_STORAGE", "PACK_STORAGE", "S3_BUCKET", "S3_PREFIX"),
    *("S3_ENDPOINT_URL", "S3_REGION", "S3_ADDRESSING_STYLE"),
    *("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"),
)


def storage_settings(app: Flask) -> dict[str, Any]:
    """``app``'s storage settings, for another app made on the same files."""
    return {name: app.config[name] for name in STORAGE_SETTINGS}


def storage_environment(app: Flask) -> dict[str, str]:
    """The same, as the environment of a worker process."""
    return {f"PLANNER_{name}": str(app.config[name] or "") for name in STORAGE_SETTINGS}
