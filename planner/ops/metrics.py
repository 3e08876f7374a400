"""Figures for Prometheus: what is waiting, read from the database and the broker when the
scraper asks (so every web process answers the same, whichever one it reaches; nothing is
counted in a process's memory).

- ``planner_outbox_messages{status}``: e-mails by state; ``pending`` is the backlog.
- ``planner_outbox_oldest_pending_seconds``: how long the oldest pending e-mail has waited.
- ``planner_task_queue_messages{queue}``: tasks waiting in the broker for a worker, and
  ``planner_broker_up`` (0 when the broker did not answer: then there is no queue figure).
- ``planner_pack_runs{state}``: bulk pack runs by state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import sqlalchemy as sa
from celery import Celery
from flask import current_app
from kombu.exceptions import ChannelError
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from planner.db import utcnow
from planner.extensions import db
from planner.notifications.models import MessageStatus, OutboxMessage
from planner.ops.health import BROKER_TIMEOUT
from planner.packs.models import JobState, PackJob

log = logging.getLogger(__name__)


class Backlog(Collector):
    """Read at each scrape, inside the request's application context."""

    def collect(self) -> Iterator[Metric]:
        yield from self._outbox()
        yield from self._queues()
        yield self._pack_runs()

    def _outbox(self) -> Iterator[Metric]:
        counts = _counts(OutboxMessage.status)
        messages = GaugeMetricFamily(
            "planner_outbox_messages", "E-mails in the outbox by state", labels=["status"]
        )
        for status in MessageStatus:
            messages.add_metric([status.value], counts.get(status, 0))
        yield messages
        oldest = db.session.scalar(
            sa.select(sa.func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == MessageStatus.PENDING
            )
        )
        waited = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "planner_outbox_oldest_pending_seconds",
            "How long the oldest pending e-mail has waited",
            value=max(waited, 0.0),
        )

    def _queues(self) -> Iterator[Metric]:
        celery: Celery = current_app.extensions["celery"]
        name = celery.conf.task_default_queue
        try:
            with celery.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
                try:
                    channel = connection.default_channel
                    waiting = channel.queue_declare(queue=name, passive=True).message_count
                except ChannelError:  # not declared yet: no worker has started, none queued
                    waiting = 0
        except Exception as error:  # the figures of the database still go out
            log.warning("metrics: the broker did not answer: %r", error)
            yield GaugeMetricFamily("planner_broker_up", "The broker answered", value=0)
            return
        yield GaugeMetricFamily("planner_broker_up", "The broker answered", value=1)
        queues = GaugeMetricFamily(
            "planner_task_queue_messages", "Tasks waiting in the broker", labels=["queue"]
        )
        queues.add_metric([name], waiting)
        yield queues

    def _pack_runs(self) -> Metric:
        counts = _counts(PackJob.state)
        runs = GaugeMetricFamily("planner_pack_runs", "Bulk pack runs by state", labels=["state"])
        for state in JobState:
            runs.add_metric([state.value], counts.get(state, 0))
        return runs


def _counts(column: sa.orm.InstrumentedAttribute) -> dict:
    """Rows by the value of ``column``."""
    rows = db.session.execute(sa.select(column, sa.func.count()).group_by(column))
    return {value: count for value, count in rows}


def exposition() -> bytes:
    """The figures in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Backlog())
    return generate_latest(registry)
