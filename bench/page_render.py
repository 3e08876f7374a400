"""Organisers' pages on the demo network: the dashboard, the General Assembly's meeting and
participants pages (about 250 participants, a full timetable), the meetings list and month, the
member directory (130 organisations) and the General Assembly's seats. Goal: the dashboard and
the 250-participant meeting page under 100 ms median on this machine; the others reported."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.support import seeded_environment

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
    workdir = Path(tempfile.mkdtemp(prefix="planner-bench-pages-"))
    try:
        seeded_environment(workdir, extra_events=0)
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
                sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY)
            ).first()
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
            medians = {name: _median_ms(client, url) for name, url in pages.items()}
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("organisers' pages (demo network, in-process, median of 50)")
    for name, median in medians.items():
        goal = "   (goal < 100 ms)" if name.startswith(("dashboard", "meeting page")) else ""
        print(f"  {name:34}: {median:6.1f} ms{goal}")


if __name__ == "__main__":
    main()
