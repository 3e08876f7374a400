"""The minutes of a meeting: a draft built from its record, approved at a later meeting."""
