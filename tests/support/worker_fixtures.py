"""A real Celery worker on Redis, working on the test's own database: for tests of whole bulk
runs (tests/packs/test_jobs.py) and of pages that follow them in a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from tests.conftest import make_app, service_missing
from tests.support.s3 import storage_environment, storage_settings

ROOT = Path(__file__).resolve().parents[2]


def _redis_url(database: str) -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    url = url if url.startswith("redis://") else "redis://127.0.0.1:6379/0"
    return url.rsplit("/", 1)[0] + ("/12" if database.startswith("sqlite") else "/11")


@pytest.fixture
def pack_worker(app, tmp_path) -> Iterator[Flask]:
    """Two worker processes on an emptied Redis database, and an app that publishes to them.

    That app's Celery becomes the default one, so requests served in other threads (a live
    server's) queue their tasks for the worker too; the test's own Celery is put back after.
    """
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    broker = _redis_url(database)
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        service_missing("Redis", error)
    env = dict(os.environ, CELERY_BROKER_URL=broker, DATABASE_URL=database,
               PLANNER_INSTANCE_PATH=str(tmp_path), SECRET_KEY=app.config["SECRET_KEY"],
               **storage_environment(app))  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "planner.worker", "worker", "--concurrency=2",
         "-n", f"packs-{os.getpid()}@localhost", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield make_app(database, tmp_path, CELERY_BROKER_URL=broker, **storage_settings(app))
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
        app.extensions["celery"].set_default()
        app.extensions["celery"].set_current()
    assert b"Traceback" not in output, output.decode()[-2000:]
