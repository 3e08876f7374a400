"""A meeting's documents (agenda, reports, budget, draft resolutions, presentations): each in
language versions with their history, read by whom its visibility allows."""
