"""Pages; each parses the request, calls services and renders."""

from __future__ import annotations

from flask import Blueprint, render_template

from planner.events.service import upcoming_public_events
from planner.members.models import Membership
from planner.members.service import membership_counts

bp = Blueprint("web", __name__)


@bp.get("/")
def index() -> str:
    return render_template(
        "web/index.html",
        meetings=upcoming_public_events(limit=20),
        counts=membership_counts(),
        Membership=Membership,
    )
