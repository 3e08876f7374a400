"""/api/v1 endpoints of delegate packs, badge sheets and bulk pack runs."""

from __future__ import annotations

from flask import Response, current_app, send_file, url_for

from planner.api import Blueprint, carries_secrets, uncached
from planner.packs import jobs, service
from planner.packs.schemas import JobSchema, PackArgs, PaperArgs
from planner.packs.tasks import launch_run
from planner.responses import pdf_response

blp = Blueprint("packs", __name__, description="Delegate packs, badges and bulk pack runs")


@blp.get("/events/<int:event_id>/participants/<int:participant_id>/pack.pdf")
@blp.arguments(PackArgs, location="query")
@blp.response(200, content_type="application/pdf", description="the delegate's pack")
@carries_secrets
def pack(args, event_id: int, participant_id: int) -> Response:
    pack = service.pack_for(event_id, participant_id, args["lang"], args["paper"])
    return pdf_response(service.pack_pdf(pack), service.pack_filename(pack.person))


@blp.get("/events/<int:event_id>/badges.pdf")
@blp.arguments(PackArgs, location="query")
@blp.response(200, content_type="application/pdf", description="every coming participant's badge")
@carries_secrets
def badge_sheet(args, event_id: int) -> Response:
    pdf = service.badge_sheet_pdf(event_id, args["paper"], args["lang"])
    return pdf_response(pdf, "badges.pdf")


@blp.post("/events/<int:event_id>/packs")
@blp.arguments(PaperArgs, location="query")
@blp.response(202, JobSchema, description="the new run")
@blp.alt_response(
    200, schema=JobSchema, description="a run of this meeting is under way already: that run"
)
@blp.alt_response(503, description="the job queue is unavailable; try again in a moment")
def start_packs(args, event_id: int):
    """Make every coming participant's pack on the workers; follow the job's progress. A
    meeting has one run at a time: while one is queued or running, it is the answer."""
    job, started = launch_run(event_id, args["paper"])
    report = jobs.job_report(job, current_app.config["PLANNER_BASE_URL"])
    return report, 202 if started else 200, {"Location": url_for("packs.job", job_id=job.id)}


@blp.get("/jobs/<job_id>")
@blp.response(200, JobSchema)
@uncached
def job(job_id: str):
    return jobs.job_report(jobs.get_job(job_id), current_app.config["PLANNER_BASE_URL"])


@blp.get("/jobs/<job_id>/files/<name>")
@blp.response(200, description="a file of a finished run: packs.zip, packs-print.pdf, badges.pdf")
@carries_secrets
@blp.alt_response(410, description="the run expired: its files were deleted")
def job_file(job_id: str, name: str) -> Response:
    """Streamed from storage through the application (the same checks and headers whatever
    the storage), never a redirect to the bucket."""
    key = jobs.job_file(job_id, name)
    store = service.storage()
    size = store.size(key)
    response = send_file(store.open(key), as_attachment=True, download_name=name)
    response.content_length = size
    response.headers["Cache-Control"] = "private, no-store"  # everyone's packs and check-in codes
    return response
