"""Organisers' pages on the demo network: the dashboard, the General Assembly's meeting and
participants pages (about 250 participants, a full timetable), the meetings list and month, the
member directory (130 organisations) and the General Assembly's seats. Goal: the dashboard and
the 250-participant meeting page under 100 ms median on this machine; the others reported.

Then the same pages on the network ten times over (``demo --scale 10``: 1,300 members, 1,201
meetings, and the congress's pages with 2,000 participants), on PostgreSQL
(``BENCH_DATABASE_URL``, else a throwaway database): goal, every page under 150 ms."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.support import postgres_database, seeded_environment

SAMPLES = 50


def _median_ms(client, url: str) -> float:
    assert client.get(url).status_code == 200, url  # warm-up
    times = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    _report(1, 100, None)
    with postgres_database() as (url, _fresh):
        _report(10, 150, url)


def _report(scale: int, goal_ms: int, database_url: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="planner-bench-pages-"))
    try:
        seeded_environment(workdir, extra_events=0, database_url=database_url, scale=scale)
        import sqlalchemy as sa

        from planner import create_app
        from planner.auth.models import UserRole
        from planner.auth.service import create_user
        from planner.events.models import Event, EventKind, Participation
        from planner.extensions import db

        app = create_app({"WTF_CSRF_ENABLED": False})
        with app.app_context():
            create_user("pages@secretariat.example", "bench-password-1", UserRole.ORGANISER)
            db.session.commit()
            assembly = db.session.scalars(
                sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY).limit(1)
            ).one()
            participants = db.session.scalar(
                sa.select(sa.func.count()).where(Participation.event_id == assembly.id)
            )
            client = app.test_client()
            client.post(
                "/login",
                data={"email": "pages@secretariat.example", "password": "bench-password-1"},
            )
            month = assembly.starts_at.strftime("%Y-%m")
            pages = {
                "dashboard": "/dashboard",
                f"meeting page ({participants} participants)": f"/meetings/{assembly.id}",
                f"participants page ({participants})": f"/meetings/{assembly.id}/participants",
                "meetings list": "/meetings",
                "month calendar": f"/meetings/month?month={month}",
                "member directory (all)": "/members",
                "member directory, search": "/members?q=%EC%84%9C%EC%9A%B8",
                "General Assembly seats": "/bodies/general-assembly",
            }
            congress = db.session.scalar(sa.select(Event).where(Event.title.like("World Cities%")))
            if congress is not None:
                size = db.session.scalar(
                    sa.select(sa.func.count()).where(Participation.event_id == congress.id)
                )
                pages[f"congress page ({size} participants)"] = f"/meetings/{congress.id}"
                pages[f"congress participants ({size})"] = f"/meetings/{congress.id}/participants"
            medians = {name: _median_ms(client, url) for name, url in pages.items()}
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"organisers' pages (demo network x{scale}, in-process, median of {SAMPLES})")
    for name, median in medians.items():
        goal = scale > 1 or name.startswith(("dashboard", "meeting page"))
        print(f"  {name:38}: {median:6.1f} ms" + (f"   (goal < {goal_ms} ms)" if goal else ""))


if __name__ == "__main__":
    main()
