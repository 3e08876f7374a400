"""Frozen voter rolls: who was entitled, present, represented, at the moment before a vote."""
