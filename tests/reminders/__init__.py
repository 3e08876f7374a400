"""Reminders before a meeting (planner/reminders): when they are due, once each."""
