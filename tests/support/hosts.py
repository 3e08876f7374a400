"""Several hosts simulated on one machine (tests/deploy): web processes (gunicorn), Celery
workers and one beat, each with an instance folder of its own, talking to one PostgreSQL, one
broker, one bucket (moto's server) and one SMTP server; and, for the chaos test, a Redis and a
PostgreSQL server of the test's own, which it may restart without disturbing anyone else."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.conftest import service_missing
from tests.support.http_api import until
from tests.support.s3 import free_port

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
ORGANISER = ("organiser@hosts.example", "organiser-password-1")


class Host:
    """A process of one host, with its own instance folder and log; it can be killed and
    started again (as a supervisor would), its log kept across lives."""

    def __init__(self, name: str, command: list[str], env: dict, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.command = command
        self.folder = folder
        self.log = folder / f"{name}.log"
        self.env = {**env, "PLANNER_INSTANCE_PATH": str(folder)}
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        with self.log.open("ab") as output:
            return subprocess.Popen(self.command, cwd=self.folder, env=self.env, stdout=output,
                                    stderr=subprocess.STDOUT)  # fmt: skip

    def kill(self) -> None:
        """kill -9: no goodbye, whatever it was doing."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def restart(self) -> None:
        self.process = self._start()

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        return self.log.read_text()


def web(name: str, env: dict, folder: Path) -> tuple[Host, str]:
    """A gunicorn web process (one worker, four threads) ready to serve, and its URL."""
    port = free_port()
    host = Host(name, [str(BIN / "gunicorn"), "-c", "python:planner.gunicorn_conf", "-w", "1",
                       "--threads", "4", "-b", f"127.0.0.1:{port}", "planner:create_app()"],
                env, folder)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                assert answer.status == 200
                return host, base
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    raise AssertionError(host.stop())


def worker(name: str, env: dict, folder: Path) -> Host:
    return Host(name, [sys.executable, "-m", "celery", "-A", "planner.worker", "worker",
                       "--concurrency=1", "-n", f"{name}-{os.getpid()}@localhost",
                       "--loglevel=INFO"], env, folder)  # fmt: skip


def beat(env: dict, folder: Path) -> Host:
    """The one beat of the deployment: reminders dispatched and the outbox swept each minute."""
    return Host("beat", [sys.executable, "-m", "celery", "-A", "planner.worker", "beat",
                         "--loglevel=INFO", "--schedule", str(folder / "celerybeat-schedule")],
                env, folder)  # fmt: skip


def dispatch_reminders(env: dict, folder: Path) -> subprocess.Popen:
    """`flask planner dispatch-reminders` on a host (as its cron would), under way."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [str(BIN / "flask"), "--app", "planner", "planner", "dispatch-reminders"],
        cwd=folder, env={**env, "PLANNER_INSTANCE_PATH": str(folder)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def prepare(env: dict) -> None:
    """As an operator would: the migration, then the organiser's account (in processes of
    their own: the test holds no database connection)."""
    flask = [str(BIN / "flask"), "--app", "planner"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "planner", "create-organiser", ORGANISER[0]],
                   input=f"{ORGANISER[1]}\n".encode(), env=env, check=True,
                   capture_output=True)  # fmt: skip


def host_environment(storage: dict, database: str, broker: str, mail_url: str,
                     setup: Path) -> dict:  # fmt: skip
    """What every host's process is started with: the same secret, database, broker, bucket
    and mail server."""
    return {
        **os.environ, **{f"PLANNER_{k}": str(v) for k, v in storage.items()},
        "DATABASE_URL": database, "CELERY_BROKER_URL": broker,
        "SECRET_KEY": "one-secret-for-every-host",
        # Plain HTTP, so that the RSVP form's session cookie is not a Secure one.
        "MAIL_URL": mail_url, "PLANNER_BASE_URL": "http://planner.example",
        "PLANNER_INSTANCE_PATH": str(setup),
        # The code of this checkout, whichever one the virtualenv was installed from.
        "PYTHONPATH": str(ROOT),
    }  # fmt: skip


def broker_ready(url: str) -> None:
    """The broker answers and its queue is empty (else the test is skipped, or fails in CI)."""
    if url.startswith("redis://"):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
        except redis.RedisError as error:
            service_missing("Redis", error)
        return
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
            connection.default_channel.queue_purge("celery")
    except Exception as error:
        if "NOT_FOUND" not in str(error):
            service_missing("RabbitMQ", error)


class OwnRedis:
    """A Redis server of the test's own on ``port``, saving to its folder on shutdown as a
    deployed one does (docker-compose keeps /data): a restart keeps what was queued."""

    def __init__(self, port: int, folder: Path) -> None:
        if shutil.which("redis-server") is None:
            service_missing("Redis", "no redis-server binary")
        folder.mkdir(parents=True, exist_ok=True)
        self.port, self.folder = port, folder
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
             str(self.folder), "--save", "3600 1", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        until(lambda: _answers(client), 20, "Redis answers")
        return process

    def restart(self) -> None:
        """A clean restart (SIGTERM: it saves, then stops), as `systemctl restart` does."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process = self._start()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


class OwnPostgres:
    """A PostgreSQL cluster of the test's own (Debian's pg_createcluster), on ``port``: a
    restart of it is a real restart of the server the app uses, and no one else's."""

    def __init__(self, port: int, name: str) -> None:
        versions = sorted(Path("/etc/postgresql").glob("*")) if shutil.which(
            "pg_createcluster") else []  # fmt: skip
        if not versions:
            service_missing("PostgreSQL", "no pg_createcluster (Debian's postgresql-common)")
        self.version, self.name, self.port = versions[-1].name, name, port
        self._ctl("pg_dropcluster", "--stop", check=False)
        subprocess.run(["pg_createcluster", self.version, name, "-p", str(port), "--",
                        "--auth=trust"], check=True, capture_output=True)  # fmt: skip
        self._ctl("pg_ctlcluster", "start")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _ctl(self, program: str, *action: str, check: bool = True) -> None:
        command = [program, self.version, self.name, *action]
        if program == "pg_ctlcluster":
            command.insert(1, "--skip-systemctl-redirect")
        subprocess.run(command, check=check, capture_output=True)

    def restart(self) -> None:
        self._ctl("pg_ctlcluster", "restart", "-m", "fast")

    def drop(self) -> None:
        self._ctl("pg_dropcluster", "--stop", check=False)


@contextmanager
def own_services(
    tmp_path: Path, redis_port: int, postgres_port: int
) -> Iterator[tuple[OwnRedis, OwnPostgres]]:
    own_redis = OwnRedis(redis_port, tmp_path / "redis")
    try:
        own_postgres = OwnPostgres(postgres_port, f"chaos{os.getpid()}")
        try:
            yield own_redis, own_postgres
        finally:
            own_postgres.drop()
    finally:
        own_redis.stop()
