"""Delegate packs and badge sheets (planner/packs): their PDFs, fonts for every script, and
bulk pack runs."""
