"""/api/v1 endpoints of the decisions register."""

from __future__ import annotations

from planner.api import Blueprint
from planner.api.fields import paginate
from planner.governance.register import queries
from planner.governance.register.schemas import (
    DecisionQuery,
    RegisteredDecisionPage,
    RegisteredDecisionSchema,
)

blp = Blueprint("decisions", __name__, description="The decisions register")


@blp.get("/decisions")
@blp.arguments(DecisionQuery, location="query")
@blp.response(200, RegisteredDecisionPage)
def list_decisions(args):
    """Adopted resolutions, latest first: found by number, by words of their title or text,
    by body and by year."""
    statement = queries.decisions_matching(args.get("q"), args.get("body"), args.get("year"))
    return paginate(statement, args["page"], args["per_page"])


@blp.get("/decisions/<int:decision_id>")
@blp.response(200, RegisteredDecisionSchema)
def get_decision(decision_id: int):
    return queries.decision(decision_id)
