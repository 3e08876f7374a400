"""The demo network a newcomer sees first: members, bodies, venues, meetings, delegates."""
