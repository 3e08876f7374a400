"""The reports as one table each (a heading row, then one row per member or participant), and
the one writer that turns such a table into CSV or XLSX.

Spreadsheets run what looks like a formula: a cell of user text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so that it stays text
(OWASP's advice against CSV injection); XLSX gets the same cells, since openpyxl too stores a
string starting with ``=`` as a formula. Times are the meeting's local wall-clock times, the
zone named in the heading.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planner.events.labels import role_label
from planner.governance.reports.labels import (
    attendance_title,
    credential_state_label,
    credential_totals,
    credentials_title,
    letter_label,
    presence_label,
    quorum_figures,
)
from planner.governance.reports.service import AttendanceList, CredentialsReport, Name

Cell = str | int | datetime | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TIME_FORMAT = "yyyy-mm-dd hh:mm"
# Excel's sheet names: at most 31 characters, none of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDTH_RANGE = (8, 60)


@dataclass(frozen=True)
class Table:
    title: str
    headings: list[str]
    rows: list[list[Cell]]
    #: Figures above the rows (totals, the quorum): a second sheet in XLSX, left out of CSV,
    #: which holds one table for a program to read.
    summary: list[tuple[str, int]] = field(default_factory=list)


def credentials_table(report: CredentialsReport) -> Table:
    zone = ZoneInfo(report.meeting.timezone)
    rows: list[list[Cell]] = []
    for row in report.rows:
        designated = row.state is not None
        rows.append(
            [
                *_both(row.member),
                *_both(row.delegate),
                *_both(row.alternate),
                letter_label(row.letter_needed, row.letter_in) if designated else None,
                credential_state_label(row.state),
                row.reason,
                local_time(row.decided_at, zone),
            ]
        )
    headings = [
        _("Voting member"),
        _("Voting member (own script)"),
        _("Delegate"),
        _("Delegate (own script)"),
        _("Alternate"),
        _("Alternate (own script)"),
        _("Authority letter"),
        _("Credentials"),
        _("Reason"),
        _("Decided (%(zone)s)", zone=report.meeting.timezone),
    ]
    return Table(credentials_title(), headings, rows, credential_totals(report))


def attendance_table(attendance: AttendanceList) -> Table:
    zone = ZoneInfo(attendance.meeting.timezone)
    rows: list[list[Cell]] = [
        [
            *_both(row.organisation),
            *_both(row.person),
            row.title,
            row.position,
            role_label(row.role),
            presence_label(row.presence),
            local_time(row.checked_in_at, zone),
            local_time(row.checked_out_at, zone),
        ]
        for row in attendance.rows
    ]
    headings = [
        _("Organisation"),
        _("Organisation (own script)"),
        _("Name"),
        _("Name (own script)"),
        _("Courtesy title"),
        _("Position"),
        _("Role"),
        _("Attendance"),
        _("Checked in (%(zone)s)", zone=attendance.meeting.timezone),
        _("Checked out (%(zone)s)", zone=attendance.meeting.timezone),
    ]
    return Table(attendance_title(), headings, rows, quorum_figures(attendance))


def _both(name: Name | None) -> list[Cell]:
    if name is None:
        return [None, None]
    return [name.latin, name.native]


def local_time(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """The meeting's wall-clock time, to the minute (what a spreadsheet shows)."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def defused(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula, made plain text by a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Hangul (or any non-ASCII) right;
    CRLF line ends, as RFC 4180 has them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([defused(heading) for heading in table.headings])
    for row in table.rows:
        writer.writerow([_csv_text(defused(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def to_xlsx(table: Table) -> bytes:
    """One sheet of rows under a bold, frozen heading row, columns as wide as their text; the
    summary figures on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = _sheet_name(table.title)
    workbook.properties.title = table.title
    sheet.append([_xlsx_text(defused(heading)) for heading in table.headings])
    for row in table.rows:
        sheet.append([_xlsx_text(defused(value)) for value in row])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = TIME_FORMAT
    _fit_columns(sheet, [table.headings, *table.rows])
    if table.summary:
        summary = workbook.create_sheet(_sheet_name(_("Summary")))
        for label, figure in table.summary:
            summary.append([_xlsx_text(defused(label)), figure])
        _fit_columns(summary, table.summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_text(value: Cell) -> Cell:
    """Control characters have no place in the file format: openpyxl refuses them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet_name(title: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", title)[:31]


def _fit_columns(sheet, rows) -> None:
    """Each column as wide as its longest line of text (wide East Asian characters count two),
    within sensible bounds."""
    low, high = _WIDTH_RANGE
    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths.get(index, low), _display_width(value) + 2)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width, high)


def _display_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(TIME_FORMAT)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))
