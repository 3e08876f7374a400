"""Reminders: which are due now, and the ledger that makes each go out exactly once."""
