"""POST /api/v1/events/{id}/check-in with 4 concurrent clients (4 desks) on gunicorn and
PostgreSQL, against the service's own GET /api/v1/openapi.json in the same run. Goal: a ratio
of at least 0.3.

Every request is a real move: the demo General Assembly's badge codes in turn, checked in on
one round and out on the next (POST /check-out costs the same), each with a fresh scan id, so
every request verifies a signature, moves someone by a conditional UPDATE, records the scan
and commits a new data version.
PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from statistics import median

from bench.support import (
    WRK_THREADS,
    gunicorn,
    postgres_database,
    requests_per_second,
    seeded_environment,
)

CLIENTS = 4
#: Rounds of SECONDS-long runs of each figure, interleaved.
ROUNDS, SECONDS = 5, 4
#: gunicorn as deployed for the door: 2 workers of 2 threads (4 requests at once).
WORKERS, THREADS = 2, 2

# Cycles through the badge codes, in on the first round, out on the next, and so on: every
# request moves someone (the costliest kind: a repeat scan moves nobody and renews no cache).
# A scan id per request, from the wrk thread and a counter.
LUA = """
local bodies = %s
local paths = {"%s", "%s"}
local threads = %d
local counter = 0
local thread_id = 0
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end
request = function()
  -- This thread's share of the badges (every threads-th), round after round.
  local share = math.floor((#bodies - thread_id - 1) / threads) + 1
  local index = thread_id + (counter %% share) * threads
  local round = math.floor(counter / share)
  counter = counter + 1
  local body = '{"token": "' .. bodies[index + 1] .. '", "scan_id": "%s-' .. thread_id ..
    '-' .. counter .. '"}'
  return wrk.format("POST", paths[(round %% 2) + 1], nil, body)
end
"""


def badge_codes(env: dict[str, str]) -> tuple[int, list[str]]:
    """The demo Assembly's id and the badge codes of its expected participants."""
    import sqlalchemy as sa

    from planner import create_app
    from planner.events.models import EXPECTED_STATUSES, Event, EventKind, Participation
    from planner.extensions import db
    from planner.governance.door.service import check_in_token

    app = create_app()
    with app.app_context():
        assembly = db.session.scalars(
            sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY).order_by(Event.id)
        ).first()
        assert assembly is not None, "the demo network has a General Assembly"
        people = db.session.scalars(
            sa.select(Participation).where(
                Participation.event_id == assembly.id,
                Participation.status.in_(EXPECTED_STATUSES),
            )
        ).all()
        return assembly.id, [check_in_token(p) for p in people]


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="planner-bench-") as folder,
        postgres_database() as (url, _fresh),
    ):
        workdir = Path(folder)
        env = seeded_environment(workdir, 0, database_url=url, can_write=True)
        event_id, codes = badge_codes(env)
        badges = "{" + ", ".join(json.dumps(c) for c in codes) + "}"
        check_in, check_out = (f"/api/v1/events/{event_id}/check-{d}" for d in ("in", "out"))
        headers = {"Authorization": f"Bearer {env['BENCH_TOKEN']}",
                   "Content-Type": "application/json"}  # fmt: skip
        rounds: list[dict[str, float]] = []
        with gunicorn("wsgi:app", env, workers=WORKERS, threads=THREADS) as base:
            # Rounds of the baseline and both kinds of scan side by side: the machine's speed
            # swings within a run, so each ratio is taken within one round, and the median
            # of the rounds is the figure.
            for round_ in range(ROUNDS):
                figures = {
                    "openapi": requests_per_second(
                        base + "/api/v1/openapi.json", {}, seconds=SECONDS, connections=CLIENTS
                    )
                }
                # Every request a move (in, then out, then in...); then check-in alone, where
                # after a first pass everyone is in and each scan is a repeat. Scan ids are
                # new in every run, so no scan is a replay.
                for name, paths in (
                    ("moves", (check_in, check_out)),
                    ("repeats", (check_in,) * 2),
                ):
                    script = workdir / f"{name}.lua"
                    script.write_text(LUA % (badges, *paths, WRK_THREADS, f"{name}-{round_}"))
                    figures[name] = requests_per_second(
                        base + check_in, headers, seconds=SECONDS, connections=CLIENTS,
                        script=script,
                    )  # fmt: skip
                rounds.append(figures)
    print(
        f"check-in  POST /api/v1/events/{{id}}/check-in ({len(codes)} badges, PostgreSQL, "
        f"gunicorn -w {WORKERS} --threads {THREADS}, wrk -c{CLIENTS}, median of {ROUNDS} rounds)"
    )
    print(f"  openapi.json           : {median(r['openapi'] for r in rounds):8.0f} req/s")
    for name, label in (("moves", "in/out, all moves"), ("repeats", "check-in, repeats")):
        ratio = median(r[name] / r["openapi"] for r in rounds)
        per_second = median(r[name] for r in rounds)
        print(f"  {label:<23}: {per_second:8.0f} req/s   ratio {ratio:.2f} (goal >= 0.3)")


if __name__ == "__main__":
    main()
