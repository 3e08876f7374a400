"""Proxies: a voting member that cannot attend mandates another to vote for it."""
