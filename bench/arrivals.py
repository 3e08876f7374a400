"""The arrivals board of a General Assembly with 500 arrivals, on PostgreSQL: the ``quorum``
bench's 500 participants, each with a flight over three days (Incheon and Gimpo, seven in
ten met at the airport) and a room in one of two hotel blocks. We time the board's read (one
statement with its pick-up runs, in a fresh session each time), the JSON answer of
``GET /api/v1/events/{id}/arrivals`` rendered afresh (not from the API's response cache) and
the organisers' HTML page (goal: under 100 ms each); we report median and 95th percentile,
and the statements of one board at 50 and at 500 arrivals: the same.

PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.quorum import FULL, MEMBERS, PARTICIPANTS, seed
from bench.support import migrate, postgres_database

RUNS = 100


def give_travel(event_id: int) -> None:
    """Two hotel blocks, and a flight for everyone, landing over the three days."""
    from planner.events.models import Event, Participation
    from planner.extensions import db
    from planner.travel.models import Airport, HotelBlock, Travel

    rng = random.Random(500)
    event = db.session.get(Event, event_id)
    assert event is not None
    blocks = [
        HotelBlock(
            event_id=event_id,
            name=name,
            rooms=300,
            check_in=date(2027, 5, 9),
            check_out=date(2027, 5, 12),
        )
        for name in ("Lotte Hotel Seoul", "Koreana Hotel")
    ]
    db.session.add_all(blocks)
    db.session.flush()
    ids = db.session.scalars(sa.select(Participation.id).where(Participation.event_id == event_id))
    for participation_id in ids:
        arrival = event.starts_at - timedelta(minutes=rng.randint(2 * 60, 3 * 24 * 60))
        db.session.add(Travel(
            participation_id=participation_id, arrival_at=arrival,
            arrival_flight=f"KE{rng.randint(1, 9999)}", arrival_airport=rng.choice(list(Airport)),
            departure_at=event.ends_at + timedelta(hours=rng.randint(2, 30)),
            hotel_block_id=rng.choice(blocks).id, needs_pickup=rng.random() < 0.7,
        ))  # fmt: skip
    db.session.commit()


def measure(app, event_id: int, token: str) -> tuple:
    """The board's times, statements, arrivals and runs (``_board``); the times of its API
    answer and of its page."""
    from flask_login import login_user

    from planner.auth.models import User
    from planner.extensions import db
    from planner.web.travel import arrivals

    api_times, page_times = [], []
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for run in range(RUNS + 1):
        # A query string of its own each time: rendered afresh, not from the response cache
        # (which serves a repeated read until the data changes).
        started = time.perf_counter()
        response = client.get(f"/api/v1/events/{event_id}/arrivals?run={run}", headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.get_data(True)
        if run:
            api_times.append(elapsed)
        # The organisers' page, as its view renders it for a signed-in viewer.
        with app.test_request_context(f"/meetings/{event_id}/arrivals"):
            login_user(db.session.scalar(sa.select(User)))
            started = time.perf_counter()
            page, status = arrivals(event_id)
            elapsed = time.perf_counter() - started
            assert status == 200 and "KE" in page
            if run:
                page_times.append(elapsed)
    return (*_board(app, event_id), api_times, page_times)


def _board(app, event_id: int) -> tuple[list[float], int, int, int]:
    """Times of the board, the statements of one, the arrivals and runs it found."""
    from planner.events.models import Event
    from planner.extensions import db
    from planner.travel.queries import arrivals_board

    statements: list[str] = []

    def record(*args):
        statements.append(args[2])

    board_times = []
    for run in range(RUNS + 1):
        with app.app_context():
            event = db.get_or_404(Event, event_id)
            if run == 0:
                sa.event.listen(db.engine, "before_cursor_execute", record)
            started = time.perf_counter()
            board = arrivals_board(event)
            elapsed = time.perf_counter() - started
            if run == 0:
                sa.event.remove(db.engine, "before_cursor_execute", record)
                arrivals, runs = len(board.arrivals), len(board.runs)
            else:
                board_times.append(elapsed)
    return board_times, len(statements), arrivals, runs


def _token() -> str:
    from planner.auth.models import UserRole
    from planner.auth.service import create_user, issue_token
    from planner.extensions import db

    user = create_user("bench@secretariat.example", "bench-password-1", UserRole.VIEWER)
    token, _record = issue_token(user, timedelta(days=1))
    db.session.commit()
    return token


def _ms(times: list[float]) -> str:
    times = sorted(times)
    median, p95 = statistics.median(times), times[int(len(times) * 0.95)]
    return f"median {median * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms"


def main() -> None:
    from planner import create_app
    from planner.extensions import db
    from planner.gunicorn_conf import post_worker_init

    for scale in (10, 1):
        members, full, participants = MEMBERS // scale, FULL // scale, PARTICIPANTS // scale
        with tempfile.TemporaryDirectory() as workdir, postgres_database() as (url, fresh):
            migrate(url, Path(workdir), fresh)
            app = create_app()
            with app.app_context():
                event_id = seed(members, full, participants)
                give_travel(event_id)
                token = _token()
            post_worker_init(None)  # as a gunicorn worker settles once the app is loaded
            board, statements, arrivals, runs, api, page = measure(app, event_id, token)
            with app.app_context():
                db.engine.dispose()
        print(
            f"arrivals  {arrivals} arrivals over three days, {runs} pick-up runs (PostgreSQL)\n"
            f"  board query            {_ms(board)}   {statements} statements\n"
            f"  API (JSON, uncached)   {_ms(api)}   (goal < 100 ms)\n"
            f"  page (HTML)            {_ms(page)}   (goal < 100 ms)"
        )


if __name__ == "__main__":
    main()
