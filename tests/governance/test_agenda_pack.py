"""The agenda prints in the delegate pack, before the programme (which stays): numbers, titles,
kinds and sessions, in the delegate's language, user text printed literally."""

from __future__ import annotations

import io
import subprocess

import pdfplumber

from planner.events.models import Event
from planner.extensions import db
from planner.governance.agenda import service
from tests.support.pack_fixtures import pack_pdf, pdf_text

MARKUP = "Budget <b>2028</b> & dues </para>"


def _agenda(assembly) -> None:
    event = db.session.get(Event, assembly["event"]["id"])
    session = event.sessions[1]
    service.add(event, {"title": "Opening of the Assembly", "kind": "procedural",
                        "session_id": event.sessions[0].id})  # fmt: skip
    reports = service.add(event, {"title": "Reports", "kind": "report"})
    service.add(event, {"title": "Activity report", "parent_id": reports.id, "kind": "report",
                        "text": "Presented by the Secretary General"})  # fmt: skip
    service.add(event, {"title": MARKUP, "kind": "budget", "parent_id": reports.id})
    service.add(event, {"title": "Election of the President", "kind": "election",
                        "session_id": session.id})  # fmt: skip
    service.add(event, {"title": "총회 폐회", "kind": "procedural"})
    db.session.commit()


def _agenda_page(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    return next(text for text in pages if "\nAgenda\n" in text)


def test_the_pack_prints_the_agenda_before_the_programme(api, assembly, tmp_path):
    _agenda(assembly)
    response = pack_pdf(api, assembly, query="?lang=en")
    assert response.status_code == 200, response.data[:300]
    page = _agenda_page(response.data)
    for line in (
        "1 Opening of the Assembly procedural",
        "2 Reports report",
        "2.1 Activity report report",
        "Presented by the Secretary General",
        f"2.2 {MARKUP} budget",  # markup printed as written
        "3 Election of the President election",
        "4 총회 폐회 procedural",
        "Session: Plenary day 2",
    ):
        assert line in page, (line, page)
    text = pdf_text(response.data)
    assert text.index("Election of the President") < text.index("Programme")
    assert "Plenary day 1" in text.split("Programme", 1)[1]  # the programme is still there
    (tmp_path / "pack.pdf").write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "pack.pdf", "page"], cwd=tmp_path, check=True)


def test_the_agenda_speaks_the_delegates_language(api, assembly):
    _agenda(assembly)
    korean = pack_pdf(api, assembly, query="?lang=ko")
    page = pdf_text(korean.data)
    assert "의사일정" in page and "2.1" in page and "선거" in page
    french = pdf_text(pack_pdf(api, assembly, query="?lang=fr").data)
    assert "Ordre du jour" in french and "élection" in french


def test_a_meeting_without_an_agenda_prints_none(api, assembly):
    text = pdf_text(pack_pdf(api, assembly, query="?lang=en").data)
    assert "Programme" in text and "Agenda" not in text
