"""The notification tests' own fixture: ``smtp_server``, a real SMTP server (aiosmtpd) on
loopback for one test (tests/support/smtp_server.py)."""

from tests.support.smtp_server import smtp_server_fixture  # noqa: F401 - provides smtp_server
