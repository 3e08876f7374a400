"""Accounts, roles and tokens (planner/auth): the API's tokens, sign-in and its throttle,
the pages' sessions, account management from the CLI, the admins' page and a browser."""
