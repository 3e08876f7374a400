"""``/metrics`` for Prometheus: the outbox's backlog, the tasks waiting in a real broker and the
pack runs, read from the database and the broker at each scrape; behind a bearer token when
one is configured."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import redis
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from planner.db import utcnow
from planner.extensions import db
from planner.notifications.models import MessageStatus, OutboxMessage
from tests.conftest import make_app, service_missing
from tests.support.documents import committee

__all__ = ["committee"]
REDIS_URL = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = REDIS_URL if REDIS_URL.startswith("redis://") else "redis://127.0.0.1:6379/0"
REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/14"  # this test's own database, emptied first


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_the_outbox_backlog_is_counted(app, committee):
    """The committee's five invitations wait (no worker here); one is made older, one sent."""
    first, second = db.session.scalars(sa.select(OutboxMessage).limit(2)).all()
    first.created_at = utcnow() - timedelta(minutes=10)
    second.status = MessageStatus.SENT
    db.session.commit()
    answer = app.test_client().get("/metrics")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    figures = _samples(answer.get_data(True))
    assert figures[("planner_outbox_messages", (("status", "pending"),))] == 4
    assert figures[("planner_outbox_messages", (("status", "sent"),))] == 1
    assert figures[("planner_outbox_messages", (("status", "failed"),))] == 0
    assert 590 < figures[("planner_outbox_oldest_pending_seconds", ())] < 900
    assert figures[("planner_pack_runs", (("state", "running"),))] == 0
    assert figures[("planner_broker_up", ())] == 1


@pytest.mark.redis
def test_tasks_waiting_in_redis_are_counted(tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        service_missing("Redis", error)
    app = make_app(f"sqlite:///{tmp_path / 'm.db'}", tmp_path, CELERY_BROKER_URL=REDIS_URL)
    with app.app_context():
        db.create_all()
        celery = app.extensions["celery"]
        for number in range(3):  # no worker listens: they wait
            celery.send_task("tasks.mail.deliver_message", (number,))
    figures = _samples(app.test_client().get("/metrics").get_data(True))
    assert figures[("planner_task_queue_messages", (("queue", "celery"),))] == 3
    redis.Redis.from_url(REDIS_URL).flushdb()


def test_a_broker_that_does_not_answer_leaves_the_other_figures(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'm.db'}", tmp_path,
                   CELERY_BROKER_URL="redis://127.0.0.1:9/0")  # fmt: skip
    with app.app_context():
        db.create_all()
    figures = _samples(app.test_client().get("/metrics").get_data(True))
    assert figures[("planner_broker_up", ())] == 0
    assert figures[("planner_outbox_messages", (("status", "pending"),))] == 0
    assert not any(name == "planner_task_queue_messages" for name, _labels in figures)


def test_a_configured_token_is_asked_for(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'm.db'}", tmp_path, METRICS_TOKEN="scrape-secret")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = {"Authorization": "Bearer not-it"}
    assert client.get("/metrics", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer scrape-secret"}
    assert client.get("/metrics", headers=right).status_code == 200
