"""E-mail: the outbox, composition and delivery."""
