"""Delegate packs and badge sheets through the API and the delegate's secret link: who gets
one, what it prints in every script and its cache (the check-in code on its badge:
tests/governance/test_check_in.py)."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from planner.demo.loader import load_demo
from planner.events.models import Event, EventKind, Participation
from planner.extensions import db
from planner.members.models import Body, BodySeat, Organisation, SeatRole
from planner.packs import documents, replay, service
from planner.packs.sections import participants
from tests.conftest import SEOUL_MORNING
from tests.support.api_helpers import assert_error
from tests.support.pack_fixtures import INJECTION, MEMBERS, pack_pdf, pdf_text


def test_an_organiser_gets_a_delegates_pack_with_names_in_every_script(api, assembly):
    response = pack_pdf(api, assembly)
    assert response.status_code == 200, response.data[:300]
    assert response.content_type == "application/pdf"
    text = pdf_text(response.data)
    for *_, latin, native in MEMBERS:
        if latin != INJECTION:
            assert latin in text
        if native and native != "สมชาย ใจดี":  # shaped Thai: see test_fonts.py
            assert native in text
    assert "General Assembly 2027" in text
    assert "Multipurpose Hall" in text


def _fonts(pdf: bytes) -> dict:
    """Every font the PDF's pages use, with its descriptor."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = descriptor.get_object() if descriptor else {}
    return fonts


def test_every_font_in_a_pack_and_a_badge_sheet_is_embedded_as_a_subset(api, assembly):
    sheet = api.get(f"/events/{assembly['event']['id']}/badges.pdf").data
    for pdf in (pack_pdf(api, assembly).data, sheet):
        fonts = _fonts(pdf)
        assert len(fonts) >= 4  # Latin, Hangul, Japanese, Thai at least
        for name, descriptor in fonts.items():
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            assert name[7] == "+", f"{name} is not a subset"


def test_markup_in_a_name_prints_literally(api, assembly):
    response = pack_pdf(api, assembly, index=MEMBERS.index(MEMBERS[-1]))
    assert response.status_code == 200
    assert INJECTION in pdf_text(response.data)


def test_the_pack_speaks_the_delegates_language_unless_asked_otherwise(app, api, assembly):
    with app.test_request_context():
        with force_locale("ko"):
            korean = gettext("Your schedule")
        with force_locale("fr"):
            french = gettext("Your schedule")
    assert korean != "Your schedule" and french != "Your schedule"
    assert korean in pdf_text(pack_pdf(api, assembly, 0).data)  # Kim Min-jun reads Korean
    assert french in pdf_text(pack_pdf(api, assembly, 2).data)  # the Hanoi delegate reads French
    english = pdf_text(pack_pdf(api, assembly, 0, "?lang=en").data)
    assert "Your schedule" in english and korean not in english


def test_letter_paper_on_request(api, assembly):
    pages = PdfReader(io.BytesIO(pack_pdf(api, assembly, 0, "?paper=letter").data)).pages
    assert round(float(pages[0].mediabox.width)) == 612  # 8.5 in
    pages = PdfReader(io.BytesIO(pack_pdf(api, assembly).data)).pages
    assert round(float(pages[0].mediabox.width)) == 595  # A4


def test_bad_options_answer_json_errors(api, assembly):
    assert_error(pack_pdf(api, assembly, 0, "?lang=de"), 422, field="lang")
    assert_error(pack_pdf(api, assembly, 0, "?paper=a3"), 422, field="paper")
    event_id = assembly["event"]["id"]
    assert_error(api.get(f"/events/{event_id}/participants/999999/pack.pdf"), 404)
    assert_error(api.get(f"/events/{event_id}/badges.pdf?paper=a5"), 422, field="paper")


@pytest.mark.storage
def test_a_pack_is_cached_until_something_it_shows_changes(app, api, assembly):
    def cached() -> set:
        return set(service.storage().keys("cache/"))

    first = pack_pdf(api, assembly).data
    built = cached()
    assert pack_pdf(api, assembly).data == first
    assert cached() == built
    # Another delegate's change shows in everyone's participant list.
    other = assembly["delegates"][1]["id"]
    assert api.patch(f"/delegates/{other}", {"full_name": "Yamada Hanako"}).status_code == 200
    changed = pack_pdf(api, assembly).data
    assert changed != first and "Yamada Hanako" in pdf_text(changed)
    assert len(cached() - built) == 1
    event = api.get(f"/events/{assembly['event']['id']}").json
    renamed = {"title": "Extraordinary Assembly", "version": event["version"]}
    assert api.patch(f"/events/{event['id']}", renamed).status_code == 200
    assert "Extraordinary Assembly" in pdf_text(pack_pdf(api, assembly).data)
    assert len(cached() - built) == 2


def test_only_organisers_and_the_delegate_themselves_get_a_pack(
    app, api, viewer_api, anonymous_api, assembly
):
    assert_error(pack_pdf(viewer_api, assembly), 403)
    assert_error(pack_pdf(anonymous_api, assembly), 401)
    assert_error(viewer_api.get(f"/events/{assembly['event']['id']}/badges.pdf"), 403)
    client = app.test_client()
    mine, theirs = (db.session.get(Participation, p["id"]) for p in assembly["participants"][:2])
    response = client.get(f"/rsvp/{mine.rsvp_token}/pack.pdf")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    text = pdf_text(response.data)
    assert "김민준" in text
    # The link is the delegate's own: it cannot be turned into another's.
    assert client.get(f"/rsvp/{mine.rsvp_token}x/pack.pdf").status_code == 404
    assert client.get(f"/rsvp/{theirs.rsvp_token}/pack.pdf").data != response.data
    # Removed from the meeting: the link stops working.
    api.delete(f"/events/{assembly['event']['id']}/participants/{mine.id}")
    assert client.get(f"/rsvp/{mine.rsvp_token}/pack.pdf").status_code == 404


def test_a_session_restricted_to_a_body_is_on_its_members_schedules_only(api, assembly):
    other = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(other)
    seoul = db.session.query(Organisation).filter_by(slug="seoul").one()
    db.session.add(BodySeat(body=other, organisation=seoul, role=SeatRole.MEMBER,
                            term_start=date(2026, 1, 1)))  # fmt: skip
    db.session.commit()
    event_id = assembly["event"]["id"]
    start = SEOUL_MORNING + timedelta(hours=4)
    response = api.post(f"/events/{event_id}/sessions", {
        "title": "Executive Committee breakfast", "kind": "business",
        "restricted_to": "executive-committee", "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 201, response.json
    packs = service.meeting_packs(event_id)
    (restricted,) = [s for s in packs.meeting.sessions if s.restricted_to_body_id == other.id]
    seoul_pack = packs.personal[assembly["participants"][0]["id"]]
    tokyo_pack = packs.personal[assembly["participants"][1]["id"]]
    assert seoul_pack.attends(restricted) and not tokyo_pack.attends(restricted)


def _page_images(pdf: bytes, directory) -> list[bytes]:
    directory.mkdir()
    (directory / "pack.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "pack.pdf", "page"], cwd=directory, check=True)
    return [image.read_bytes() for image in sorted(directory.glob("page-*.png"))]


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_pack_drawn_on_the_first_packs_layout_equals_one_laid_out_whole(
    app, tmp_path, monkeypatch
):
    """The demo Assembly's programme and participant list run over several pages, with tables
    split between them: the second pack of the meeting draws them from the first one's layout,
    and looks and reads exactly as if it had been laid out whole."""
    load_demo()
    event_id = db.session.scalar(
        sa.select(Event.id).where(Event.kind == EventKind.GENERAL_ASSEMBLY).order_by(Event.id)
    )
    personal = service.meeting_packs(event_id).personal
    first, other = (
        replace(personal[pid], language="en") for pid in service.coming_participations(event_id)[:2]
    )
    layouts = []
    lay_out = participants.section

    def counted(context, column: float):
        layouts.append(context)
        return lay_out(context, column)

    monkeypatch.setattr(participants, "section", counted)

    def build(pack) -> bytes:
        with force_locale("en"):
            return documents.build_pack(pack)

    replay.forget()
    whole = build(other)
    replay.forget()
    build(first)
    drawn_again = build(other)
    assert len(layouts) == 2  # the last pack laid out no participant list of its own
    images = _page_images(whole, tmp_path / "whole")
    assert len(images) > 8
    assert _page_images(drawn_again, tmp_path / "again") == images
    assert pdf_text(drawn_again) == pdf_text(whole)
