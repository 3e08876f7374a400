"""The agenda of a meeting: numbered items, one level of sub-items."""
