"""Benchmarks (not tests): `make bench` runs them and prints their figures."""
