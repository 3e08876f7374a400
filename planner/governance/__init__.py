"""Credentials, voting rights, quorum and check-in at the door."""
