"""The Celery application and its beat schedule, configured from the Flask app it serves.

Each domain keeps its tasks in its own ``tasks.py``; they are registered under the names
they had when they lived in a top-level ``tasks`` package (``tasks.mail.deliver_message``...),
so messages already queued in a broker and the beat schedule keep finding them.

By default it runs on kombu's filesystem transport under ``instance/broker`` (no server to
install, shared by every process on the machine); ``CELERY_BROKER_URL=redis://...`` in
production and CI.
"""

from __future__ import annotations

from pathlib import Path

from celery import Celery, Task
from flask import Flask, current_app, has_app_context


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        """Every task runs inside an application context (database session, config): in a
        worker, this app's; called in process (a ``flask planner`` command), a fresh context of
        the app already current, since Celery's default app is the one made last."""

        def __call__(self, *args, **kwargs):
            owner = current_app._get_current_object() if has_app_context() else app
            with owner.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    broker_url = app.config["CELERY_BROKER_URL"]
    settings = {
        # The read/write URLs win over Celery's own CELERY_BROKER_URL environment lookup, so
        # the Flask configuration (and a test's override of it) decides.
        "broker_url": broker_url,
        "broker_read_url": broker_url,
        "broker_write_url": broker_url,
        "task_ignore_result": True,
        # Tasks are idempotent: acknowledge after the work, and redeliver if a worker dies.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": 300,
        "task_soft_time_limit": 240,
        "broker_connection_retry_on_startup": True,
        "timezone": "UTC",
        "include": [
            "planner.auth.tasks",
            "planner.calendars.tasks",
            "planner.documents.tasks",
            "planner.notifications.tasks",
            "planner.packs.tasks",
            "planner.reminders.tasks",
            "planner.sheets.tasks",
            "planner.visas.tasks",
        ],
        # Publishing from a request must not hang on a broker that is down: the outbox
        # sweep sends what could not be queued.
        "broker_connection_timeout": 3,
        "beat_schedule": {
            "sweep-outbox": {"task": "tasks.mail.sweep_outbox", "schedule": 60.0},
            "dispatch-reminders": {
                "task": "tasks.reminders.dispatch_reminders",
                "schedule": 60.0,
            },
            "queue-document-digests": {
                "task": "tasks.documents.queue_digests",
                "schedule": 300.0,
            },
            "expire-pack-runs": {"task": "tasks.packs.expire_pack_runs", "schedule": 3600.0},
            "resume-stalled-pack-runs": {
                "task": "tasks.packs.resume_stalled_runs",
                "schedule": 60.0,
            },
            "forget-stale-import-previews": {
                "task": "tasks.sheets.forget_stale_previews",
                "schedule": 3600.0,
            },
            "forget-stale-feed-components": {
                "task": "tasks.calendars.forget_stale_components",
                "schedule": 24 * 3600.0,
            },
            "erase-visa-passport-data": {
                "task": "tasks.visas.erase_passport_data",
                "schedule": 24 * 3600.0,
            },
            # Once per window: the record then holds at most two windows of attempts.
            "forget-old-sign-in-attempts": {
                "task": "tasks.auth.forget_old_sign_in_attempts",
                "schedule": app.config["LOGIN_FAILURE_WINDOW_MINUTES"] * 60.0,
            },
        },
    }
    # A broker that is down must not hold up the request that queues mail (the outbox sweep
    # sends what could not be queued): fail the publish at once instead of retrying.
    settings["broker_transport_options"] = {"max_retries": 0}
    if broker_url.startswith("filesystem://"):
        settings["broker_transport_options"].update(_filesystem_folders(app))
    celery.config_from_object(settings)
    celery.set_default()
    app.extensions["celery"] = celery

    from planner.notifications.service import outbox_committed
    from planner.notifications.tasks import enqueue_committed

    outbox_committed.connect(enqueue_committed)
    return celery


def _filesystem_folders(app: Flask) -> dict[str, str | bool | float]:
    folder = Path(app.config["INSTANCE_PATH"]) / "broker"
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        # The folder is polled: often enough that a newcomer sees mail go out at once.
        "polling_interval": 0.1,
    }
