"""The coming General Assembly's documents, made at load time (small one-page PDFs by
ReportLab): a public agenda in English and French, an annual report for the participants in
a second version, and a draft budget for the members under the budget item of the agenda."""

from __future__ import annotations

import io

import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from planner.documents import service as documents
from planner.events.models import Event, EventKind, EventStatus
from planner.extensions import db
from planner.governance.models import AgendaItem, AgendaItemKind


def _pdf(title: str, *lines: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(72, A4[1] - 90, title)
    canvas.setFont("Helvetica", 12)
    for row, line in enumerate(lines):
        canvas.drawString(72, A4[1] - 130 - row * 20, line)
    canvas.save()
    return buffer.getvalue()


def attach_papers(meetings: list[Event]) -> None:
    assembly = next(
        event
        for event in meetings
        if event.kind is EventKind.GENERAL_ASSEMBLY and event.status is EventStatus.SCHEDULED
    )
    agenda = documents.add(
        assembly,
        {"title": "Provisional agenda", "kind": "agenda", "visibility": "public"},
        _pdf("Provisional agenda", "1. Opening", "2. Reports", "3. Budget", "4. Elections"),
        "provisional-agenda.pdf",
        "en",
    )
    documents.add_version(
        agenda,
        _pdf("Ordre du jour provisoire", "1. Ouverture", "2. Rapports", "3. Budget"),
        "ordre-du-jour-provisoire.pdf",
        "fr",
    )
    report = documents.add(
        assembly,
        {"title": "Annual report 2026", "kind": "report", "visibility": "participants"},
        _pdf("Annual report 2026", "Draft circulated for comments."),
        "annual-report-2026.pdf",
        "en",
    )
    documents.add_version(
        report,
        _pdf("Annual report 2026", "Final version, with the members' comments."),
        "annual-report-2026-final.pdf",
        "en",
    )
    budget_item = db.session.scalar(
        sa.select(AgendaItem.id)
        .where(AgendaItem.event_id == assembly.id, AgendaItem.kind == AgendaItemKind.BUDGET)
        .order_by(AgendaItem.parent_id.is_not(None), AgendaItem.position)
        .limit(1)
    )
    documents.add(
        assembly,
        {
            "title": "Draft budget 2027",
            "kind": "budget",
            "visibility": "members",
            "agenda_item_id": budget_item,
        },
        _pdf("Draft budget 2027", "Income and expenditure for members' approval."),
        "draft-budget-2027.pdf",
        "en",
    )
