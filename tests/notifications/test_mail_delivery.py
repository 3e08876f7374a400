"""Delivering the outbox to a real SMTP server (aiosmtpd), by the service and by a real Celery
worker on Redis: accepted once, retried on 4xx, failed with the reason on 5xx."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from planner.extensions import db
from planner.notifications import service
from planner.notifications.delivery import Transport
from planner.notifications.models import MessageStatus, OutboxMessage
from tests.conftest import make_app, service_missing

ROOT = Path(__file__).resolve().parents[2]
SENDER = "secretariat@assembly-planner.example"


def invited(api, event: dict) -> list[OutboxMessage]:
    assert api.post(f"/events/{event['id']}/invitations").status_code == 202
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_message_is_sent_once_and_marked_sent(api, meeting, smtp_server, tmp_path):
    message = invited(api, meeting)[0]
    transport = Transport.from_url(smtp_server.url(), tmp_path)
    assert service.deliver(message.id, transport, SENDER) is None
    db.session.refresh(message)
    (received,) = smtp_server.wait_for(1)
    assert received.data.replace(b"\r\n", b"\n") == message.body.replace(b"\r\n", b"\n")
    assert received.rcpt_tos == [message.recipient]
    db.session.refresh(message)
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert service.deliver(message.id, transport, SENDER) is None  # sent: nothing more
    assert len(smtp_server.messages) == 1


def test_451_then_250_is_delivered_after_a_retry(api, meeting, smtp_server, tmp_path):
    message = invited(api, meeting)[0]
    transport = Transport.from_url(smtp_server.url(), tmp_path)
    smtp_server.answer_next(["451 4.3.0 try again later", None])
    retry_in = service.deliver(message.id, transport, SENDER)
    assert retry_in == 30
    db.session.refresh(message)
    assert message.status is MessageStatus.PENDING and "451" in message.last_error
    assert service.deliver(message.id, transport, SENDER) is None
    db.session.refresh(message)
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(smtp_server.wait_for(1)) == 1


def test_550_fails_the_message_with_the_reason_for_organisers(api, meeting, smtp_server, tmp_path):
    message = invited(api, meeting)[0]
    smtp_server.refuse_recipient(message.recipient, "550 5.1.1 mailbox unknown")
    transport = Transport.from_url(smtp_server.url(), tmp_path)
    assert service.deliver(message.id, transport, SENDER) is None
    page = api.get(f"/events/{meeting['id']}/messages").json
    failed = next(m for m in page["items"] if m["id"] == message.id)
    assert failed["status"] == "failed" and "550 5.1.1 mailbox unknown" in failed["last_error"]


def test_without_mail_url_messages_land_in_the_outbox_folder(app, api, meeting, tmp_path):
    messages = invited(api, meeting)
    transport = service.transport_from_config({"MAIL_URL": "", "INSTANCE_PATH": str(tmp_path)})
    for message in messages:
        service.deliver(message.id, transport, SENDER)
        db.session.refresh(message)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 3
    assert {f.read_bytes() for f in files} == {m.body for m in messages}


def _redis_url(database: str) -> str:
    """A Redis database of this test's own, one per database backend (xdist may run both at
    once, and each worker must only take its own tasks)."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    url = url if url.startswith("redis://") else "redis://127.0.0.1:6379/0"
    return url.rsplit("/", 1)[0] + ("/14" if database.startswith("sqlite") else "/13")


@pytest.mark.redis
def test_a_real_worker_on_redis_delivers_invitations(app, meeting, smtp_server, tmp_path):
    broker = _redis_url(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        service_missing("Redis", error)
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    env = dict(os.environ, CELERY_BROKER_URL=broker, DATABASE_URL=database,
               MAIL_URL=smtp_server.url(), PLANNER_INSTANCE_PATH=str(tmp_path),
               SECRET_KEY="test", PLANNER_BASE_URL="https://planner.example")  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "planner.worker", "worker", "--pool=solo",
         "-n", f"mail-{os.getpid()}@localhost", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    # The organiser's request runs in an app that publishes to that Redis.
    publisher = make_app(database, tmp_path, CELERY_BROKER_URL=broker)
    try:
        with publisher.app_context():
            client = publisher.test_client()
            token = client.post("/api/v1/auth/token", json={
                "email": "organiser@test.example", "password": "correct horse battery staple",
            }).json["token"]  # fmt: skip
            response = client.post(f"/api/v1/events/{meeting['id']}/invitations",
                                   headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            assert response.json == {"queued": 3}
        received = smtp_server.wait_for(3, timeout=60)
        assert sorted(r.rcpt_tos[0] for r in received) == sorted(
            d["email"] for d in meeting["delegates"]
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            db.session.expire_all()
            statuses = set(db.session.scalars(sa.select(OutboxMessage.status)))
            if statuses == {MessageStatus.SENT}:
                break
            time.sleep(0.2)
        assert statuses == {MessageStatus.SENT}
        assert len(smtp_server.messages) == 3  # once each
    finally:
        worker.terminate()
        worker.communicate(timeout=20)  # waits, and closes its pipe
        app.extensions["celery"].set_default()  # later tests publish to their own broker
        app.extensions["celery"].set_current()
