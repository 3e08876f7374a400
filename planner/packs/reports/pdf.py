"""The reports as PDF on A4 landscape, in the packs' fonts and styles: every name in its own
script beside its Latin form, each script drawn from a font that has it (``packs.fonts``).

The attendance list is printed for the minutes: each participant's row has a box to sign in.
"""

from __future__ import annotations

import io
from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from planner.events.labels import role_label
from planner.governance.models import CredentialState
from planner.governance.reports.labels import (
    attendance_title,
    credential_state_label,
    credential_totals,
    credentials_title,
    letter_label,
    presence_label,
    quorum_figures,
)
from planner.governance.reports.service import (
    AttendanceList,
    AttendanceRow,
    CredentialRow,
    CredentialsReport,
    Meeting,
    Name,
    Presence,
)
from planner.localtime import local_moment
from planner.packs.fonts import SANS, markup, register_fonts
from planner.packs.styles import MUTED, RULE, SHADE, in_colour, table
from planner.packs.text import fill, para, styled

PAGE = landscape(A4)
MARGIN_X = 15 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 16 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X
SIGNATURE_HEIGHT = 24  # points: room for a signature in each row of the attendance list
#: States that ask the committee for something, set in bold.
_ATTENTION = {CredentialState.MISSING, CredentialState.REJECTED, None}


class ReportDocument(BaseDocTemplate):
    """One frame per page; the meeting as a header, the report and the page as a footer."""

    def __init__(self, buffer: io.BytesIO, meeting: Meeting, title: str, page=PAGE):
        self.page_size, self.width = page, page[0] - 2 * MARGIN_X
        super().__init__(
            buffer,
            pagesize=page,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{title} · {meeting.title}",
            author=meeting.network,
            creator=meeting.network,
            pageCompression=1,
            initialFontName=SANS,  # else an unembedded Helvetica lands in the PDF
        )
        width = self.width
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, width, page[1] - MARGIN_TOP - MARGIN_BOTTOM)
        self.addPageTemplates([PageTemplate("report", [frame], onPage=self._page)])
        self._header = styled(f"{markup(meeting.network)} · {markup(meeting.title)}", "header")
        self._header.wrap(width, 30)
        self._footer = para(title, "footer")
        self._footer.wrap(width * 0.7, 20)

    def _page(self, canvas, doc) -> None:
        width = self.width
        top = self.page_size[1] - MARGIN_TOP + 6 * mm
        self._header.drawOn(canvas, MARGIN_X, top)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2, MARGIN_X + width, top - 2)
        canvas.line(MARGIN_X, MARGIN_BOTTOM - 5 * mm, MARGIN_X + width, MARGIN_BOTTOM - 5 * mm)
        canvas.restoreState()
        self._footer.drawOn(canvas, MARGIN_X, MARGIN_BOTTOM - 10 * mm)
        number = para(_("Page %(number)s", number=canvas.getPageNumber()), "footer_right")
        number.wrap(width * 0.3, 20)
        number.drawOn(canvas, MARGIN_X + width * 0.7, MARGIN_BOTTOM - 10 * mm)


def credentials_pdf(report: CredentialsReport) -> bytes:
    """Totals per state, then every voting member: who speaks for it, its letter, its state and
    the committee's decision."""
    title = credentials_title()
    widths = _widths(0.20, 0.19, 0.17, 0.10, 0.13, 0.21)
    rows: list[list] = [
        headings(
            _("Voting member"),
            _("Delegate"),
            _("Alternate"),
            _("Authority letter"),
            _("Credentials"),
            _("Decision"),
        )
    ]
    zone = ZoneInfo(report.meeting.timezone)
    rows += [_credential_cells(row, zone) for row in report.rows]
    story = [
        *_heading(title, report.meeting),
        figures_row(credential_totals(report)),
        Spacer(1, 8),
        table(rows, widths),
    ]
    return _build(report.meeting, title, story)


def _credential_cells(row: CredentialRow, zone: ZoneInfo) -> list:
    if row.state is None:
        letter = ""
    else:
        letter = para(letter_label(row.letter_needed, row.letter_in), "cell")
    state_style = "cell_bold" if row.state in _ATTENTION else "cell"
    decision = []
    if row.decided_at is not None:
        decision.append(para(_time(row.decided_at, zone), "cell_muted"))
    if row.reason:
        decision.append(para(row.reason, "cell"))
    return [
        name_cell(row.member),
        name_cell(row.delegate) if row.delegate else "",
        name_cell(row.alternate) if row.alternate else "",
        letter,
        para(credential_state_label(row.state), state_style),
        decision,
    ]


def attendance_pdf(attendance: AttendanceList) -> bytes:
    """The live quorum, then everyone expected by organisation: role, what the door saw, and a
    box to sign in."""
    title = attendance_title()
    widths = _widths(0.29, 0.12, 0.10, 0.11, 0.11, 0.27)
    zone = ZoneInfo(attendance.meeting.timezone)
    rows: list[list] = [
        headings(
            _("Participant"),
            _("Role"),
            _("Attendance"),
            _("Checked in (%(zone)s)", zone=attendance.meeting.timezone),
            _("Checked out (%(zone)s)", zone=attendance.meeting.timezone),
            _("Signature"),
        )
    ]
    commands: list[tuple] = [("GRID", (5, 1), (5, -1), 0.4, RULE)]
    for organisation, people in groupby(attendance.rows, key=lambda row: row.organisation):
        at = len(rows)
        rows.append([name_cell(organisation, "cell_bold"), "", "", "", "", ""])
        commands += [
            ("SPAN", (0, at), (-1, at)),
            ("BACKGROUND", (0, at), (-1, at), SHADE),
            ("NOSPLIT", (0, at), (-1, at + 1)),  # a group's name stays with its first person
        ]
        rows += [_attendance_cells(row, zone) for row in people]
    story = [
        *_heading(title, attendance.meeting),
        figures_row(quorum_figures(attendance)),
        Spacer(1, 8),
        table(rows, widths, commands),
    ]
    return _build(attendance.meeting, title, story)


def _attendance_cells(row: AttendanceRow, zone: ZoneInfo) -> list:
    person = [name_cell(row.person)]
    about = " · ".join(part for part in (row.title, row.position) if part)
    if about:
        person.append(para(about, "cell_muted"))
    presence_style = "cell_bold" if row.presence is Presence.PRESENT else "cell"
    return [
        person,
        para(role_label(row.role), "cell"),
        para(presence_label(row.presence), presence_style),
        para(_time(row.checked_in_at, zone), "cell") if row.checked_in_at else "",
        para(_time(row.checked_out_at, zone), "cell") if row.checked_out_at else "",
        Spacer(1, SIGNATURE_HEIGHT),
    ]


def _build(meeting: Meeting, title: str, story: list[Flowable]) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    ReportDocument(buffer, meeting, title).build(story)
    return buffer.getvalue()


def _heading(title: str, meeting: Meeting) -> list[Flowable]:
    moment = local_moment(meeting.as_of, meeting.timezone)
    return [
        para(title, "h1", bold=True),
        para(meeting.title, "h2", bold=True),
        styled(fill(_("As of %(moment)s"), moment=markup(moment)), "small"),
        Spacer(1, 6),
    ]


def figures_row(figures: list[tuple[str, int]]) -> Flowable:
    """A row of labelled figures: the totals or the quorum at the top of a report."""
    cells = [[para(label, "cell_head") for label, _figure in figures]]
    cells.append([para(str(figure), "h2", bold=True) for _label, figure in figures])
    return table(cells, [min(WIDTH / len(figures), 40 * mm)] * len(figures))


def headings(*labels: str) -> list:
    return [para(label, "cell_head") for label in labels]


def _widths(*shares: float) -> list[float]:
    return [WIDTH * share for share in shares]


def name_cell(name: Name, style: str = "cell"):
    """The name in its own script (bold) beside its Latin form (muted), as the packs print it."""
    if name.native is None:
        return para(name.latin, style)
    native = markup(name.native, bold=True, lang=name.language)
    return styled(f"{native} {in_colour(markup(name.latin), MUTED)}", style)


def _time(moment: datetime, zone: ZoneInfo) -> str:
    """Day and time where the meeting is (its zone is named in the report's heading)."""
    locale = get_locale()
    day = format_skeleton("MMMd", moment, tzinfo=zone, locale=locale)
    return f"{day} {format_skeleton('Hm', moment, tzinfo=zone, locale=locale)}"
