"""Pages; each parses the request, calls services and renders."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from planner.errors import DomainError
from planner.events.service import upcoming_public_events
from planner.members.models import Membership
from planner.members.service import membership_counts
from planner.packs import service as packs
from planner.packs.api import pdf_response

bp = Blueprint("web", __name__)


@bp.get("/")
def index() -> str:
    return render_template(
        "web/index.html",
        meetings=upcoming_public_events(limit=20),
        counts=membership_counts(),
        Membership=Membership,
    )


@bp.get("/rsvp/<token>/pack.pdf")
def delegate_pack(token: str) -> Response:
    """The delegate's own pack through the secret link of their invitation (no account)."""
    lang = request.args.get("lang")
    paper = request.args.get("paper", "a4")
    try:
        pack = packs.pack_for_delegate(token, lang, paper)
    except DomainError as error:
        return Response(error.message, error.status, content_type="text/plain; charset=utf-8")
    return pdf_response(packs.pack_pdf(pack), packs.pack_filename(pack.person))
