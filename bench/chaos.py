"""The chaos test at the issue's size: 1,000 delegates invited and reminded and a 500-pack run
on the several-hosts topology while a worker is killed, Redis and PostgreSQL restarted and the
S3 server stopped for 20 s (tests/deploy/test_chaos.py, ``CHAOS_SCALE=full``). It prints the
seed, the schedule, the e-mails and duplicates, the run's end, the readers' answers and their
longest wait; ``CHAOS_SEED`` picks another schedule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    print("chaos (full schedule):", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-q", "-s", "-m", "chaos",
         "tests/deploy/test_chaos.py"],
        cwd=ROOT, env={**os.environ, "CHAOS_SCALE": "full", "REQUIRE_SERVICES": "1"},
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
