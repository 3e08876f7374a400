"""The test suite. conftest.py holds the app (on SQLite and PostgreSQL), the API clients and
the factories every folder uses; each folder tests one part of planner/ through its service,
API, pages and a real browser, and support/ holds the harnesses they share."""
