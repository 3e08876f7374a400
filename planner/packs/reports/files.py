"""Which reports there are and the files each is written to: one read of the rows, then the
PDF, or the table as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.events.models import Event
from planner.governance.reports import labels, service, tabular
from planner.packs.reports import pdf


@dataclass(frozen=True)
class Report:
    name: str  # in the URL and the file's ASCII name
    title: Callable[[], str]  # in the reader's language
    rows: Callable[[Event], Any]  # the rows as plain data (service)
    pdf: Callable[[Any], bytes]
    table: Callable[[Any], tabular.Table]


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


REPORTS = (
    Report(
        "credentials",
        labels.credentials_title,
        service.credentials_report,
        pdf.credentials_pdf,
        tabular.credentials_table,
    ),
    Report(
        "attendance",
        labels.attendance_title,
        service.attendance_list,
        pdf.attendance_pdf,
        tabular.attendance_table,
    ),
)
PDF = Format("pdf", "application/pdf")
CSV = Format("csv", "text/csv; charset=utf-8")
XLSX = Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
FORMATS = (PDF, CSV, XLSX)


def render(report: Report, file_format: Format, event: Event) -> bytes:
    """The report of the meeting as it stands now, in the current locale's words."""
    rows = report.rows(event)
    if file_format is PDF:
        return report.pdf(rows)
    table = report.table(rows)
    return tabular.to_csv(table) if file_format is CSV else tabular.to_xlsx(table)


def filenames(report: Report, file_format: Format, event: Event) -> tuple[str, str]:
    """The file's name in the reader's language with the meeting's title, and an ASCII one."""
    extension = file_format.extension
    return (
        f"{report.title()} - {event.title}.{extension}",
        f"{report.name}-{event.id}.{extension}",
    )
