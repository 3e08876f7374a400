"""Invitations and feeds as iCalendar (planner/calendars), read back by real calendar
clients' parsers and a CalDAV server, across changes of clocks."""
