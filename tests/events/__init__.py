"""Meetings (planner/events): events, sessions and participants over the API, the meetings
and participants pages and a browser, queries whose cost does not grow, concurrent writers."""
