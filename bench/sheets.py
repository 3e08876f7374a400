"""Spreadsheets on PostgreSQL, over the ``quorum`` bench's network (130 members, an Assembly
of 500 participants):

- importing 5,000 delegates from an XLSX (names in Latin and Hangul, all columns the export
  writes), preview included: read, plan, then read, plan and write in one transaction, as the
  preview and the confirmation do (goal: under 10 s); then the same file again (all rows
  unchanged), and the SQL statements of each;
- the Assembly's 500 participants exported as XLSX (goal: under 1 s).

PostgreSQL: ``BENCH_DATABASE_URL`` (a database it may wipe), else a throwaway database.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from bench.quorum import FULL, MEMBERS, PARTICIPANTS, seed
from bench.support import migrate, postgres_database

DELEGATES = 5_000
RUNS = 5


def delegates_xlsx(count: int) -> bytes:
    from planner.sheets.service import DELEGATE_COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.name for column in DELEGATE_COLUMNS])
    for n in range(count):
        values = {
            "email": f"imported{n}@city.example", "full_name": f"Delegate Number {n}",
            "native_name": f"대표 {n}", "family_name": "Number", "title": "Mx",
            "position": "Director of International Relations",
            "organisation": f"city-{n % MEMBERS}", "language": "ko", "timezone": "Asia/Seoul",
            "dietary_needs": "vegetarian" if n % 7 == 0 else None,
            "accessibility_needs": None, "needs_visa_letter": "yes" if n % 3 else "no",
            "heads_authority": "no",
        }  # fmt: skip
        sheet.append([values[column.name] for column in DELEGATE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed_import(data: bytes) -> tuple[float, int, dict]:
    """Preview, then import and commit; seconds, SQL statements, the counts."""
    from planner.extensions import db
    from planner.sheets.service import Kind, import_rows, preview

    statements = []

    def record(*_args):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    started = time.perf_counter()
    preview(Kind.DELEGATES, data, "delegates.xlsx")
    db.session.rollback()
    planned = import_rows(Kind.DELEGATES, data, "delegates.xlsx")
    db.session.commit()
    elapsed = time.perf_counter() - started
    sa.event.remove(db.engine, "before_cursor_execute", record)
    return elapsed, len(statements), {a.value: n for a, n in planned.counts.items()}


def timed_export(event_id: int) -> list[float]:
    from planner.events.models import Event
    from planner.extensions import db
    from planner.packs.reports.files import XLSX
    from planner.sheets.exports import participants_export

    times = []
    for _ in range(RUNS):
        db.session.expire_all()
        started = time.perf_counter()
        data = participants_export(db.get_or_404(Event, event_id)).render(XLSX)
        times.append(time.perf_counter() - started)
        assert data.startswith(b"PK")
    return times


def main() -> None:
    from planner import create_app
    from planner.extensions import db

    with tempfile.TemporaryDirectory() as workdir, postgres_database() as (url, fresh):
        migrate(url, Path(workdir), fresh)
        app = create_app()
        data = delegates_xlsx(DELEGATES)
        with app.test_request_context():
            event_id = seed(MEMBERS, FULL, PARTICIPANTS)
            first = timed_import(data)
            again = timed_import(data)
            exports = timed_export(event_id)
            db.engine.dispose()
    print(f"sheets    {DELEGATES:,} delegates from XLSX ({len(data):,} bytes, PostgreSQL)")
    for label, (seconds, statements, counts) in (("first import", first), ("same again", again)):
        print(f"  {label:<12}: preview + import {seconds:5.2f} s   (goal < 10 s)   "
              f"{statements} statements   {counts}")  # fmt: skip
    print(
        f"  export {PARTICIPANTS} participants as XLSX: median {statistics.median(exports):5.2f}"
        f" s   slowest {max(exports):5.2f} s   (goal < 1 s)"
    )


if __name__ == "__main__":
    main()
