"""Secrets and files across the app: no route leaks a secret link, access logs hide them,
secret links and check-in codes rotate, files are private, headers are set."""
