"""POST /api/v1/ballots/{link}/{vote} with 8 concurrent clients on gunicorn and PostgreSQL:
130 members in the room casting an electronic ballot each, against the service's own GET
/api/v1/openapi.json sent by the same clients in the same run. Goal: a ratio of at least 0.3.

A vote takes 130 ballots and no more, so each round times 130 answers of openapi.json, then
opens a new vote (untimed) and times its 130 ballots; the figure is the median over ``ROUNDS``
rounds of each round's ratio, which a machine whose speed swings within a run needs.
PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import http.client
import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

from bench.support import gunicorn, postgres_database, seeded_environment

CLIENTS, VOTERS, ROUNDS = 8, 130, 5
WORKERS, THREADS = 2, 4


def voting_room() -> tuple[int, int, list[tuple[str, int]]]:
    """A meeting of a body of 130 voting members, each with an accredited delegate in the
    room, its roll frozen: (meeting id, agenda item id, [(link, member id)])."""
    from planner import create_app
    from planner.db import utcnow
    from planner.events.models import (
        Event,
        EventKind,
        EventStatus,
        ParticipantRole,
        ParticipantStatus,
        Participation,
    )
    from planner.extensions import db
    from planner.governance.models import AgendaItem, Credential, CredentialDecision
    from planner.governance.rolls import service as rolls
    from planner.members.models import (
        Body,
        BodySeat,
        Delegate,
        Membership,
        Organisation,
        SeatRole,
        VotingRule,
    )

    app = create_app()
    with app.app_context():
        rule = VotingRule.CURRENT_SEATS
        body = Body(slug="bench-council", name="Bench Council", voting_rule=rule)
        start = utcnow() + timedelta(hours=1)
        event = Event(
            kind=EventKind.EXECUTIVE_COMMITTEE,
            title="Bench council",
            body=body,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            timezone="Asia/Seoul",
            status=EventStatus.SCHEDULED,
        )
        for n in range(VOTERS):
            organisation = Organisation(
                slug=f"bench-{n}",
                name=f"Bench City {n}",
                country="KR",
                timezone="Asia/Seoul",
                membership=Membership.FULL,
            )
            body.seats.append(
                BodySeat(
                    organisation=organisation, role=SeatRole.MEMBER, term_start=date(2020, 1, 1)
                )
            )
            person = Delegate(
                full_name=f"Bench Delegate {n}",
                email=f"bench{n}@example.org",
                organisation=organisation,
                timezone="Asia/Seoul",
            )
            event.participations.append(
                Participation(
                    delegate=person,
                    role=ParticipantRole.VOTING_DELEGATE,
                    status=ParticipantStatus.ACCEPTED,
                    checked_in_at=utcnow(),
                )
            )
        db.session.add_all([body, event])
        db.session.flush()
        for participation in event.participations:
            db.session.add(
                Credential(
                    event_id=event.id,
                    delegate_id=participation.id,
                    organisation_id=participation.delegate.organisation_id,
                    decision=CredentialDecision.APPROVED,
                    decided_at=utcnow(),
                )
            )
        item = AgendaItem(event_id=event.id, position=1, title="Bench resolution")
        db.session.add(item)
        rolls.freeze(event, None)
        db.session.commit()
        links = [(p.rsvp_token, p.delegate.organisation_id) for p in event.participations]
        return event.id, item.id, links


class Client:
    """One keep-alive connection per client thread, as a phone's browser keeps one."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.netloc, timeout=60)

    def send(self, method: str, path: str, body: dict | None = None, headers=None) -> int:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        self.connection.request(method, path, body=data, headers=all_headers)
        response = self.connection.getresponse()
        response.read()
        return response.status


def _timed(clients: list[Client], requests: list[tuple]) -> float:
    """Seconds to send ``requests`` spread over the clients, all at once; every one a 2xx."""
    shares = [requests[n :: len(clients)] for n in range(len(clients))]

    def run(n: int) -> list[int]:
        return [clients[n].send(*request) for request in shares[n]]

    started = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = [s for share in pool.map(run, range(len(clients))) for s in share]
    elapsed = time.perf_counter() - started
    if any(status >= 300 for status in statuses):
        raise SystemExit(f"errors while measuring: {sorted(set(statuses))}")
    return elapsed


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="planner-bench-") as folder,
        postgres_database() as (url, _fresh),
    ):
        env = seeded_environment(Path(folder), 0, database_url=url, can_write=True)
        event_id, item_id, links = voting_room()
        organiser = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
        with gunicorn("wsgi:app", env, workers=WORKERS, threads=THREADS) as base:
            clients = [Client(base) for _ in range(CLIENTS)]
            openapi = [("GET", "/api/v1/openapi.json")] * VOTERS
            _timed(clients, openapi[: CLIENTS * 4])  # warm up
            ratios, openapi_rates, ballot_rates = [], [], []
            # Each round times the baseline and a vote's ballots side by side: the machine's
            # speed swings within a run, so each ratio is taken within one round, and the
            # median of the rounds is the figure.
            for _round in range(ROUNDS):
                openapi_rates.append(VOTERS / _timed(clients, openapi))
                votes = f"/api/v1/events/{event_id}/votes"
                opened = {"agenda_item_id": item_id, "question": "Adopt?", "method": "electronic"}
                conn = clients[0].connection
                conn.request(
                    "POST",
                    votes,
                    body=json.dumps(opened),
                    headers={"Content-Type": "application/json", **organiser},
                )
                vote = json.loads(conn.getresponse().read())
                ballots = [
                    (
                        "POST",
                        f"/api/v1/ballots/{link}/{vote['id']}",
                        {"organisation_id": member, "choice": ("yes", "no")[n % 2]},
                    )
                    for n, (link, member) in enumerate(links)
                ]
                ballot_rates.append(VOTERS / _timed(clients, ballots))
                ratios.append(ballot_rates[-1] / openapi_rates[-1])
                closed = clients[0].send("POST", f"{votes}/{vote['id']}/close", None, organiser)
                assert closed == 200, closed
    print(
        f"ballots   POST /api/v1/ballots/{{link}}/{{vote}} ({VOTERS} ballots x {ROUNDS} votes, "
        f"PostgreSQL, gunicorn -w {WORKERS} --threads {THREADS}, {CLIENTS} clients, "
        f"median of {ROUNDS} rounds)"
    )
    print(f"  openapi.json           : {median(openapi_rates):8.0f} req/s")
    print(
        f"  electronic ballots     : {median(ballot_rates):8.0f} req/s   "
        f"ratio {median(ratios):.2f} (goal >= 0.3)"
    )


if __name__ == "__main__":
    main()
