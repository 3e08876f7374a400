"""Runs every benchmark in turn."""

from bench import (
    api_throughput,
    arrivals,
    ballots,
    chaos,
    check_in,
    concurrent_writes,
    feed_latency,
    minutes,
    pack_build,
    page_render,
    quorum,
    reminder_dispatch,
    sheets,
)

if __name__ == "__main__":
    api_throughput.main()
    feed_latency.main()
    reminder_dispatch.main()
    pack_build.main()
    page_render.main()
    concurrent_writes.main()
    quorum.main()
    check_in.main()
    ballots.main()
    minutes.main()
    arrivals.main()
    sheets.main()
    chaos.main()
