"""Runs every benchmark in turn."""

from bench import api_throughput, feed_latency, reminder_dispatch

if __name__ == "__main__":
    api_throughput.main()
    feed_latency.main()
    reminder_dispatch.main()
