"""Entry point of `celery -A planner.worker worker|beat`."""

from planner import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
