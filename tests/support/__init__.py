"""What the tests share and are not tests themselves: fixtures registered in tests/conftest.py
(the shared meeting, the pack assembly, the RSVP invitation, the browser, the pack worker),
helpers (API errors, pages, statement counts, outbox), and the harnesses of real programs:
calendar clients (with js/ for ical.js and axe-core), an SMTP server."""
