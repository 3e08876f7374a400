"""iCalendar: invitations (iTIP REQUEST/CANCEL) and subscription feeds, from the database."""
