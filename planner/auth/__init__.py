"""Organiser accounts, their roles, API tokens and the brake on password guessing."""
