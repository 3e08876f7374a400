"""The calendar tests' own fixture: ``caldav_server``, a Radicale CalDAV server and a client for
its empty calendar (tests/support/calendar_clients.py)."""

from tests.support.calendar_clients import caldav_server_fixture  # noqa: F401 - caldav_server
