"""Runs every benchmark in turn."""

from bench import api_throughput

if __name__ == "__main__":
    api_throughput.main()
