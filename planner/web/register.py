"""The decisions register: what the network's meetings adopted, found by number or words.
Everyone signed in reads it."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from planner.extensions import db
from planner.governance.register import queries
from planner.web.refusals import pages_blueprint
from planner.web.register_forms import RegisterSearchForm

bp = pages_blueprint("register", __name__)

#: Enough for any year of any body; the register is searched, not paged.
SHOWN = 200


@bp.get("/decisions")
@login_required
def index():
    form = RegisterSearchForm(request.args)
    valid = form.validate()  # a wrong filter is reported; the others still apply
    text = None if form.q.errors else form.q.data
    year = None if form.year.errors else form.year.data
    statement = queries.decisions_matching(text, None, year)
    decisions = db.session.scalars(statement.limit(SHOWN)).all()
    return render_template(
        "web/register/index.html",
        form=form,
        decisions=decisions,
        filtered=bool(form.q.data or form.year.data),
    ), 200 if valid else 422
