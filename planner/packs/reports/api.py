"""/api/v1 endpoints of the reports: each report in each format at its own URL, so that the
OpenAPI document names the content type of each. Organisers and viewers may read them."""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale, get_locale

from planner.api import Blueprint
from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.minutes.queries import minutes_record
from planner.governance.minutes.schemas import MinutesPdfArgs
from planner.packs.reports.files import FORMATS, REPORTS, Format, Report, filenames, render
from planner.packs.reports.minutes import minutes_filenames, minutes_pdf
from planner.responses import download_response

blp = Blueprint(
    "reports", __name__, description="Credentials report, attendance list and minutes as files"
)

#: The body of a file download, as OpenAPI describes one.
FILE = {"type": "string", "format": "binary"}
_LANGUAGE = "In the reader's language: the language cookie, else Accept-Language."
_ABOUT = {
    "credentials": "Every voting member of the meeting, its designated delegate and alternate "
    "(names in both scripts), its Delegation of Authority letter, where its credentials stand "
    "and the committee's decision; totals per state. Members with no credential are listed "
    "with no delegate designated.",
    "attendance": "Everyone expected at the meeting (not declined or removed) by organisation: "
    "role, present / left / not arrived, check-in and check-out times in the meeting's time "
    "zone; the live quorum (present, represented, needed). The PDF has a column to sign in.",
}


def _add(report: Report, file_format: Format) -> None:
    def view(event_id: int) -> Response:
        event = get_or_404(Event, event_id, "event")
        filename, fallback = filenames(report, file_format, event)
        data = render(report, file_format, event)
        return download_response(data, file_format.content_type, filename, fallback)

    view.__doc__ = f"{_ABOUT[report.name]}\n\n{_LANGUAGE}"
    rule = f"/events/<int:event_id>/reports/{report.name}.{file_format.extension}"
    endpoint = f"{report.name}_{file_format.extension}"
    documented = blp.alt_response(422, description="the meeting belongs to no body")(view)
    documented = blp.response(
        200,
        FILE,
        content_type=file_format.content_type.partition(";")[0],
        description=f"the {report.name} report as {file_format.extension.upper()}",
    )(documented)
    blp.get(rule, endpoint=endpoint)(documented)


for _report in REPORTS:
    for _format in FORMATS:
        _add(_report, _format)


@blp.get("/events/<int:event_id>/minutes.pdf")
@blp.arguments(MinutesPdfArgs, location="query")
@blp.response(200, FILE, content_type="application/pdf", description="the minutes as PDF")
def minutes_as_pdf(args, event_id: int) -> Response:
    """The minutes (see ``GET /events/{event_id}/minutes``) as PDF in ``lang``, else the
    reader's language: marked "Draft" until approved, then with the approval and version."""
    event = get_or_404(Event, event_id, "event")
    with force_locale(args["lang"] or str(get_locale())):
        record = minutes_record(event)
        pdf = minutes_pdf(record)
        filename, fallback = minutes_filenames(record)
    return download_response(pdf, "application/pdf", filename, fallback)
