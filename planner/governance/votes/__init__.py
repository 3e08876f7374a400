"""Votes and elections on agenda items: opening, ballots, closing and counting."""
