"""Quorum: forecast from the answers before a meeting, counted live from the door during it."""
