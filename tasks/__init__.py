"""Celery: the app bound to Flask, and tasks that only call planner services."""
