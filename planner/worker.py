"""Entry point of `celery -A planner.worker worker|beat`."""

import gc

from planner import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
# What the app loaded lives as long as the process: kept out of full garbage collections (as
# gunicorn's workers do), and shared unchanged with the pool's forked children.
gc.freeze()
