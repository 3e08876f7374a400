"""Quorum and check-in at the door (planner/governance)."""
