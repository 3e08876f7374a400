"""Credentials: who speaks for each voting member at a meeting, and the committee's decision."""
