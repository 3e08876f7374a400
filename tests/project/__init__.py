"""The project around the app: the wheel, `make run`, migrations and the demo data, the
Celery worker, translations, and the layering of planner/ read from its source."""
