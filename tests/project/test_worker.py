"""The Celery worker that `make run` and docker-compose start boots with the app and answers
on a real Redis broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from planner import create_app
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]
# The server CI names (or the local one), database 15: this test's own, emptied first.
REDIS_URL = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = REDIS_URL if REDIS_URL.startswith("redis://") else "redis://127.0.0.1:6379/0"
REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/15"


@pytest.mark.redis
def test_worker_process_answers_a_ping_over_redis(tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        service_missing("Redis", error)
    env = dict(
        os.environ,
        CELERY_BROKER_URL=REDIS_URL,
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.db'}",
        PLANNER_INSTANCE_PATH=str(tmp_path),
        SECRET_KEY="test",
    )
    name = f"test-worker-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "planner.worker",
            "worker",
            "--pool=solo",
            "-n",
            name,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        celery = create_app(
            {"CELERY_BROKER_URL": REDIS_URL, "INSTANCE_PATH": str(tmp_path)}
        ).extensions["celery"]
        replies = []
        deadline = time.monotonic() + 30
        while not replies and time.monotonic() < deadline and worker.poll() is None:
            replies = celery.control.ping(destination=[name], timeout=1.0)
        assert replies == [{name: {"ok": "pong"}}], worker.stdout and worker.stdout.read1()
    finally:
        worker.terminate()
        worker.communicate(timeout=20)  # waits, and closes its pipe
