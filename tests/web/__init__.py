"""The pages of planner/web/views.py: the landing page, the dashboard and the delegates'
RSVP page, with the test client and in a browser."""
