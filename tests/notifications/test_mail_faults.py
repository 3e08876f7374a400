"""Faults around e-mail delivery: Redis down while an organiser invites, a worker killed (-9)
in the middle of a batch of reminders, two reminder dispatchers at once. Whatever happens,
every e-mail reaches the SMTP server (aiosmtpd) once: none lost, none twice.

Each Redis test runs a ``redis-server`` of its own on a free loopback port, so it can be
stopped and started again, and real Celery workers (``celery -A planner.worker worker``) in
process groups of their own, so a ``kill -9`` takes the pool's children too.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask

from planner.db import utcnow
from planner.events.models import Event, ParticipantRole, Participation
from planner.extensions import db
from planner.members.models import Delegate
from planner.notifications.models import MessageKind, MessageStatus, OutboxMessage
from planner.notifications.tasks import sweep_outbox
from planner.reminders.models import ReminderSent
from planner.reminders.service import dispatch_due
from tests.conftest import ApiClient, make_app, row_count, service_missing
from tests.support.smtp_server import SMTPTestServer

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll ``condition`` until it holds (seconds it took), or fail after ``timeout``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not after {timeout} s")
        time.sleep(0.02)
    return time.monotonic() - start


# A Redis of the test's own --------------------------------------------------------------------


class PrivateRedis:
    """``redis-server`` on a free loopback port, without persistence; stop and start it again
    on the same port to play an outage."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def client(self) -> redis.Redis:
        return redis.Redis(host=HOST, port=self.port, socket_connect_timeout=2)

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
                   "--appendonly", "no", "--dir", str(self.folder)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        process = self.process

        def answers() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"redis-server exited with {process.returncode}")
            try:
                return bool(self.client().ping())
            except redis.RedisError:
                return False

        wait_until(answers, 10, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def queued(self) -> int:
        """Tasks waiting in the default queue."""
        return self.client().llen("celery")

    def unacked(self) -> set[bytes]:
        """Delivery tags of messages handed to a worker and not acknowledged yet."""
        return set(self.client().hkeys("unacked"))


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        service_missing("redis-server", FileNotFoundError("redis-server is not on PATH"))
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Real workers ---------------------------------------------------------------------------------


class Workers:
    """Starts ``celery -A planner.worker worker`` processes on the app's database, each in a
    process group of its own; stops whatever is left at the end."""

    def __init__(self, database: str, broker: str, mail_url: str, folder: Path) -> None:
        self.env = dict(os.environ, CELERY_BROKER_URL=broker, DATABASE_URL=database,
                        MAIL_URL=mail_url, PLANNER_INSTANCE_PATH=str(folder), SECRET_KEY="test",
                        PLANNER_BASE_URL="https://planner.example",
                        PLANNER_OUTBOX_SWEEP_GRACE_SECONDS="0")  # fmt: skip
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self, *pool: str) -> subprocess.Popen:
        number = len(self.started) + 1
        log = (self.folder / f"worker-{number}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "planner.worker", "worker", *pool,
             "-n", f"faults-{os.getpid()}-{number}@localhost", "--loglevel=WARNING"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.started.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """``kill -9`` of the worker and its pool's children, all at once."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def publisher_on(app, tmp_path) -> Iterator[Callable[[str], Flask]]:
    """``publisher_on(broker_url)``: an app on the same database as ``app`` whose commits
    publish to that broker (what a web process of the deployment is)."""
    made: list[Flask] = []

    def publisher(broker: str, **overrides) -> Flask:
        made.append(make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
                             CELERY_BROKER_URL=broker, **overrides))  # fmt: skip
        return made[-1]

    yield publisher
    for other in made:
        with other.app_context():
            db.engine.dispose()
    celery = app.extensions["celery"]  # later tests publish to their own broker again
    celery.set_default()
    celery.set_current()


# Reading the outbox and the mailbox -------------------------------------------------------------


def statuses(kind: MessageKind | None = None) -> dict[MessageStatus, int]:
    statement = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    if kind is not None:
        statement = statement.where(OutboxMessage.kind == kind)
    db.session.commit()  # a fresh snapshot each time (PostgreSQL)
    return dict(db.session.execute(statement).tuples().all())


def all_sent(count: int, kind: MessageKind | None = None) -> Callable[[], bool]:
    return lambda: statuses(kind) == {MessageStatus.SENT: count}


def message_ids(server: SMTPTestServer) -> list[str]:
    parser = BytesHeaderParser()
    return [str(parser.parsebytes(m.data)["Message-ID"]) for m in list(server.messages)]


def received_twice(server: SMTPTestServer) -> dict[str, list[str]]:
    """Recipients who got more than one e-mail (each has one outbox row in these tests), with
    the Message-IDs of their copies."""
    copies: dict[str, list[str]] = {}
    for message, message_id in zip(list(server.messages), message_ids(server), strict=True):
        copies.setdefault(message.rcpt_tos[0], []).append(message_id)
    return {recipient: ids for recipient, ids in copies.items() if len(ids) > 1}


def recorded_message_ids() -> list[str]:
    return sorted(db.session.scalars(sa.select(OutboxMessage.message_id)))


def seed_invited(event_id: int, total: int) -> None:
    """Bring the meeting to ``total`` participants, all invited (straight into the tables:
    the e-mails under test are the reminders, not these invitations)."""
    organisation_id, present = db.session.execute(
        sa.select(sa.func.min(Delegate.organisation_id), sa.func.count(Participation.id))
        .join(Participation, Participation.delegate_id == Delegate.id)
        .where(Participation.event_id == event_id)
    ).one()
    delegates = db.session.scalars(
        sa.insert(Delegate).returning(Delegate.id),
        [{"full_name": f"Delegate {n}", "email": f"delegate{n}@faults.example",
          "organisation_id": organisation_id, "timezone": "Asia/Seoul",
          **Delegate.new_link_columns()} for n in range(total - present)],
    ).all()  # fmt: skip
    db.session.execute(
        sa.insert(Participation),
        [{"event_id": event_id, "delegate_id": delegate_id, "role": ParticipantRole.GUEST,
          **Participation.new_link_columns()} for delegate_id in delegates],
    )  # fmt: skip
    db.session.execute(
        sa.update(Participation)
        .where(Participation.event_id == event_id)
        .values(invited_at=utcnow())
    )
    db.session.commit()
    assert row_count(Participation) == total


# 1. Redis down while an organiser invites -------------------------------------------------------


@pytest.mark.redis
@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_invitations_written_while_redis_is_down_go_out_once_after_the_sweep(
    app, api, meeting, smtp_server, private_redis, publisher_on, tmp_path
):
    publisher = publisher_on(private_redis.url)
    organiser = ApiClient(publisher.test_client(), api.token)
    private_redis.stop()

    began = time.monotonic()
    response = organiser.post(f"/events/{meeting['id']}/invitations")
    request_seconds = time.monotonic() - began
    assert (response.status_code, response.json) == (202, {"queued": 3})
    assert statuses() == {MessageStatus.PENDING: 3}  # written, waiting for a worker

    private_redis.start()  # empty: the tasks of the failed commit never reached it
    assert private_redis.queued() == 0
    workers = Workers(app.config["SQLALCHEMY_DATABASE_URI"], private_redis.url,
                      smtp_server.url(), tmp_path)  # fmt: skip
    try:
        workers.start("--pool=solo")
        # The sweep as beat runs it, by the worker (grace period 0 there).
        with publisher.app_context():
            sweep_outbox.apply_async()
        delivered = wait_until(all_sent(3), 60, "the swept invitations sent")
    except AssertionError as error:
        raise AssertionError(f"{error}\n{workers.logs()}") from None
    finally:
        workers.stop_all()
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(
        d["email"] for d in meeting["delegates"]
    )
    assert len(smtp_server.messages) == 3 and received_twice(smtp_server) == {}
    assert sorted(message_ids(smtp_server)) == recorded_message_ids()
    print(f"\ninvitations with Redis down: request {request_seconds:.2f} s; "
          f"sent {delivered:.2f} s after the sweep")  # fmt: skip


# 2. kill -9 of a worker in the middle of 500 reminders ------------------------------------------


BATCH = 500


def held_rows(server: PrivateRedis) -> dict[bytes, int]:
    """The outbox row of each task a worker took and did not acknowledge, by delivery tag."""
    held = {}
    for tag, raw in server.client().hgetall("unacked").items():
        headers = json.loads(raw)[0]["headers"]
        assert headers["task"] == "tasks.mail.deliver_message", headers["task"]
        (held[tag],) = ast.literal_eval(headers["argsrepr"])
    return held


def pool_children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (a prefork worker's pool)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.mark.redis
@pytest.mark.parametrize("app", [pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)  # fmt: skip
@pytest.mark.parametrize("victim", ["worker", "pool child"])
def test_a_worker_killed_mid_batch_loses_no_reminder_and_sends_none_twice(
    app, api, meeting, smtp_server, private_redis, publisher_on, tmp_path, victim
):
    """``worker``: kill -9 of the whole worker (main process and pool), then a new one; what
    the dead worker held stays unacknowledged in Redis for the visibility timeout (an hour),
    so the sweep must find it. ``pool child``: kill -9 of one pool process; the worker
    notices and puts its task back in the queue (acks_late + reject_on_worker_lost)."""
    seed_invited(meeting["id"], BATCH)
    # The meeting starts in 23 hours: the P1D reminders are due now, by every clock (the
    # pass stamps the rows with its ``now``, the sweep in the worker reads its own).
    start = utcnow() + timedelta(hours=23)
    db.session.execute(sa.update(Event).values(starts_at=start, ends_at=start + timedelta(hours=8)))
    db.session.commit()
    publisher = publisher_on(private_redis.url)
    with publisher.app_context():
        assert dispatch_due(utcnow()) == BATCH
        db.session.commit()  # after the commit: one deliver_message task per reminder
    assert private_redis.queued() == BATCH

    workers = Workers(app.config["SQLALCHEMY_DATABASE_URI"], private_redis.url,
                      smtp_server.url(), tmp_path)  # fmt: skip
    timings = {}
    held: dict[bytes, int] = {}

    def idle() -> bool:
        return private_redis.queued() == 0 and private_redis.unacked() <= set(held)

    try:
        first = workers.start("--pool=prefork", "--concurrency=2")
        timings["first 50"] = wait_until(
            lambda: len(smtp_server.messages) >= 50, 120, "50 reminders sent by the first worker"
        )
        if victim == "worker":
            workers.kill(first)
            held = held_rows(private_redis)  # what the dead worker had taken
            workers.start("--pool=prefork", "--concurrency=2")
        else:
            children = pool_children(first.pid)
            assert children, "no pool process found"
            os.kill(min(children), signal.SIGKILL)
        at_kill = len(smtp_server.messages)
        assert at_kill < BATCH, "the batch was over before the kill"
        timings["drained"] = wait_until(idle, 120, "the queue drained")
        db.session.commit()
        stranded = db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.status == MessageStatus.PENDING)
            .order_by(OutboxMessage.id)
        ).all()

        with publisher.app_context():
            sweep_outbox.apply_async()  # beat's sweep, grace period 0 in the workers
        timings["sweep"] = wait_until(all_sent(BATCH), 120, f"all {BATCH} reminders sent")
        wait_until(idle, 60, "the sweep's tasks done")  # those for sent rows send nothing
    except AssertionError as error:
        state = f"rows: {statuses()}, queued: {private_redis.queued()}, held: {held}"
        raise AssertionError(f"{error}\n{state}\n{workers.logs()}") from None
    finally:
        workers.stop_all()

    rows = db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.id)).tuples()
    row_of = dict(rows.all())
    twice = {row_of[recipient]: ids for recipient, ids in received_twice(smtp_server).items()}
    report = (f"\nkill -9 of a {victim} mid-batch: {at_kill} received at the kill; rows of the "
              f"tasks it held unacknowledged: {sorted(held.values())}; rows pending once the "
              f"queue was empty: {stranded}; received in all: {len(smtp_server.messages)}; "
              f"rows received more than once (row: Message-IDs of the copies): {twice}; "
              f"timings (s): { {k: round(v, 2) for k, v in timings.items()} }")  # fmt: skip
    print(report)
    # None lost: every row sent, every recipient reached.
    assert len({m.rcpt_tos[0] for m in smtp_server.messages}) == BATCH, report
    # SMTP cannot be exactly-once across a kill -9 between the server's "250" and the commit
    # of "sent": only messages the killed worker had in hand (at most its 2 processes) may
    # arrive twice, and then with the same Message-ID, so mail clients show them once.
    assert len(twice) <= 2, report
    assert all(len(set(ids)) == 1 for ids in twice.values()), report
    assert sorted(set(message_ids(smtp_server))) == recorded_message_ids(), report


# 3. Two dispatchers at once -----------------------------------------------------------------------


PARTICIPANTS = 200
OFFSETS = ["P7D", "P3D", "P1D", "PT2H", "PT30M"]
#: (how long before the start a pass runs, reminder offsets it finds due and not yet sent)
ROUNDS = [
    (timedelta(days=7), 1),
    (timedelta(days=7), 0),  # the same moment again: nothing new
    (timedelta(days=1), 2),  # P3D was missed: it and P1D, one e-mail
    (timedelta(hours=2), 1),
    (timedelta(minutes=30), 1),
]


def _race(app: Flask, now: datetime) -> list[int]:
    """Two dispatch passes at ``now``, each in its own thread, app context and session,
    started together; the e-mails each wrote."""
    barrier = threading.Barrier(2)
    written: list[int] = []
    errors: list[BaseException] = []

    def dispatcher() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                count = dispatch_due(now)
                db.session.commit()
                written.append(count)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a dispatcher hangs"
    assert not errors, errors
    return written


def test_two_dispatchers_at_once_write_each_reminder_once(app, api, meeting):
    seed_invited(meeting["id"], PARTICIPANTS)
    db.session.execute(
        sa.update(Event).where(Event.id == meeting["id"]).values(reminder_offsets=OFFSETS)
    )
    db.session.commit()
    start = datetime.fromisoformat(meeting["starts_at"])
    emails = ledger = 0
    splits = []
    for before, offsets in ROUNDS:
        written = _race(app, start - before)
        splits.append(sorted(written))
        emails += PARTICIPANTS if offsets else 0
        ledger += PARTICIPANTS * offsets
        assert sum(written) == (PARTICIPANTS if offsets else 0), (before, written)
        db.session.expire_all()
        assert row_count(OutboxMessage) == emails, before
        assert row_count(ReminderSent) == ledger, before
    keys = db.session.scalars(sa.select(OutboxMessage.idempotency_key)).all()
    assert len(set(keys)) == len(keys) == PARTICIPANTS * 4
    print(f"\ntwo dispatchers ({app.config['SQLALCHEMY_DATABASE_URI'][:10]}): "
          f"e-mails written by each, per round: {splits}")  # fmt: skip
