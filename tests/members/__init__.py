"""The member directory (planner/members): organisations, bodies and seats, delegates,
venues, over the API, in the pages and in a browser."""
