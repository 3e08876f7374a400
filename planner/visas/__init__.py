"""Visa invitation letters: the delegate's passport data, the organisers' decision, the
numbered letter (PDF) and its public verification page."""
