"""Runs every benchmark in turn."""

from bench import api_throughput, feed_latency

if __name__ == "__main__":
    api_throughput.main()
    feed_latency.main()
