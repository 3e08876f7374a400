"""The check-in desk in Chromium at phone size: a keyboard-wedge scanner, the camera reading a
real badge, scans made offline and sent when the network returns, a name search, and
axe-core's serious and critical checks in every language."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sqlalchemy as sa
from PIL import Image

from planner.demo.loader import load_demo
from planner.events.models import Event, EventKind, ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from planner.governance.models import Credential, DoorScan
from tests.conftest import PASSWORD
from tests.support.browser import axe_violations, sign_in

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# API and service tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
ORGANISER = ("organiser@test.example", PASSWORD)
PHONE = {"width": 390, "height": 844}


def _participation(assembly, index: int) -> Participation:
    participation = db.session.get(Participation, assembly["participants"][index]["id"])
    assert participation is not None
    return participation


def _desk(chromium, live_server, assembly, locale: str = "en-GB", **options):
    context = chromium.new_context(locale=locale, viewport=PHONE, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = f"/meetings/{assembly['event']['id']}/desk"
    sign_in(page, live_server, path, ORGANISER)
    return context, page, errors


def _result(page, state: str) -> str:
    """The panel's text once it shows ``state``."""
    page.wait_for_selector(f"[data-result][data-state='{state}']", timeout=10_000)
    return page.locator("[data-result]").inner_text()


def _wedge(page, code: str) -> None:
    """What a keyboard-wedge scanner does: types the code into the focused field, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_a_desk_checks_in_and_out_by_keyboard_wedge_and_by_name(
    chromium, live_server, assembly, tmp_path
):
    kim, yamada, hanoi = (_participation(assembly, i) for i in range(3))
    db.session.add(
        Credential(event_id=yamada.event_id, organisation_id=yamada.delegate.organisation_id,
                   delegate_id=yamada.id)
    )  # fmt: skip
    hanoi.status = ParticipantStatus.DECLINED
    db.session.commit()
    codes = [check_in_token(p) for p in (kim, yamada, hanoi)]
    context, page, errors = _desk(chromium, live_server, assembly)
    # Each beep's pitch, as the page plays it.
    page.evaluate("""() => {
      window.pitches = [];
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        window.pitches.push(this.frequency.value);
        return start.apply(this, args);
      };
    }""")
    page.screenshot(path=str(tmp_path / "desk-ready.png"), full_page=True)
    assert page.evaluate("document.activeElement.id") == "desk-code"  # ready for the scanner
    _wedge(page, codes[0])
    text = _result(page, "admitted")
    assert "Admitted" in text and "김민준" in text and "Kim Min-jun" in text
    assert "서울특별시" in text and "Seoul Metropolitan Government" in text
    assert "Voting delegate" in text
    page.screenshot(path=str(tmp_path / "desk-admitted.png"), full_page=True)
    _wedge(page, codes[0])
    assert "Already in" in _result(page, "already-in")
    page.screenshot(path=str(tmp_path / "desk-already-in.png"), full_page=True)
    _wedge(page, codes[1])
    text = _result(page, "credentials-pending")
    assert "credentials pending" in text and "Credentials: letter missing" in text
    page.screenshot(path=str(tmp_path / "desk-credentials-pending.png"), full_page=True)
    _wedge(page, codes[2])
    assert "Nguyen Thi Minh Khai" in _result(page, "not-expected")
    page.screenshot(path=str(tmp_path / "desk-not-expected.png"), full_page=True)
    ids, _, signature = codes[0].rpartition(".")
    _wedge(page, f"{ids}.{'B' if signature[0] != 'B' else 'C'}{signature[1:]}")  # altered
    assert "not a current check-in code" in _result(page, "refused")
    page.screenshot(path=str(tmp_path / "desk-refused.png"), full_page=True)
    # Departures: the toggle, then a search by native name and its button.
    page.get_by_label("Departures").check()
    page.get_by_label("Name, in any script, or organisation").fill("민준")
    page.get_by_role("button", name="Search").click()
    found = page.locator("[data-results] li")
    found.first.wait_for()
    assert found.count() == 1 and "김민준" in found.inner_text()
    found.get_by_role("button", name="Check out").click()
    assert "Checked out" in _result(page, "checked-out")
    page.screenshot(path=str(tmp_path / "desk-checked-out.png"), full_page=True)
    assert page.locator("[data-log] li").count() == 6
    # A sound per outcome, each its own pitch (repeated beeps count once).
    pitches = list(dict.fromkeys(page.evaluate("window.pitches")))
    assert pitches == [880, 523, 660, 220, 165, 440]
    context.close()
    assert errors == []
    db.session.expire_all()
    assert _participation(assembly, 0).checked_out_at is not None
    assert _participation(assembly, 1).checked_in_at is not None
    assert _participation(assembly, 2).checked_in_at is None
    outcomes = db.session.scalars(sa.select(DoorScan.outcome).order_by(DoorScan.id)).all()
    assert outcomes == ["admitted", "already-in", "credentials-pending", "checked-out"]


def test_scans_made_offline_are_sent_once_when_the_network_returns(
    chromium, live_server, assembly, tmp_path
):
    codes = [check_in_token(_participation(assembly, i)) for i in range(3)]
    context, page, errors = _desk(chromium, live_server, assembly)
    context.set_offline(True)
    for code in codes:
        _wedge(page, code)
    _result(page, "queued")
    assert "Scans waiting to be sent: 3" in page.locator("[data-queue]").inner_text()
    page.screenshot(path=str(tmp_path / "desk-offline.png"), full_page=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == 0
    context.set_offline(False)
    page.wait_for_selector("[data-queue][hidden]", state="attached", timeout=15_000)
    page.wait_for_function(
        "document.querySelectorAll('[data-log] li[data-state=admitted]').length === 3"
    )
    # A reload sends nothing again: the queue is empty.
    page.reload()
    assert page.evaluate(f"localStorage.getItem('planner-desk-{assembly['event']['id']}')") == "[]"
    context.close()
    assert errors == []
    db.session.expire_all()
    scans = db.session.scalars(sa.select(DoorScan)).all()
    assert sorted(s.participation_id for s in scans) == sorted(
        p["id"] for p in assembly["participants"][:3]
    )
    assert {s.outcome for s in scans} == {"admitted"}
    assert all(s.scanned_at is not None for s in scans)


def test_a_queued_scan_survives_a_reload_and_a_replay_changes_nothing(
    chromium, live_server, assembly
):
    code = check_in_token(_participation(assembly, 0))
    context, page, errors = _desk(chromium, live_server, assembly)
    # As a desk that lost the network after scanning: the scan is in its queue, and the
    # server already got it once (its answer was lost on the way back).
    queued = {"scan_id": "7d0c6a3e-4f7b-4b8e-9a36-3c0f1f2b6d11", "direction": "in",
              "token": code, "scanned_at": "2026-01-01T01:02:03.000Z"}  # fmt: skip
    key = f"planner-desk-{assembly['event']['id']}"
    page.evaluate("([key, scan]) => localStorage.setItem(key, JSON.stringify([scan]))",
                  [key, queued])  # fmt: skip
    response = page.request.post(
        f"{live_server}/meetings/{assembly['event']['id']}/desk/check-in",
        data={k: v for k, v in queued.items() if k != "direction"},
        headers={"X-CSRFToken": page.locator("#desk").get_attribute("data-csrf")},
    )
    assert response.status == 200 and response.json()["outcome"] == "admitted"
    page.reload()
    assert "Kim Min-jun" in _result(page, "admitted")  # the stored answer, given again
    assert page.evaluate(f"localStorage.getItem('{key}')") == "[]"
    context.close()
    assert errors == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == 1


def _badge_video(api, event_id: int, tmp_path) -> str:
    """A Y4M video of the first badge of the meeting's real badge sheet (the packs' PDF,
    rendered by poppler as a phone's camera would see the printed page), for Chromium's fake
    camera."""
    assert shutil.which("pdftoppm"), "poppler-utils"
    sheet = api.get(f"/events/{event_id}/badges.pdf")
    assert sheet.status_code == 200
    (tmp_path / "badges.pdf").write_bytes(sheet.data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", tmp_path / "badges.pdf",
         tmp_path / "sheet"], check=True,
    )  # fmt: skip
    page = Image.open(next(tmp_path.glob("sheet*.png"))).convert("L")
    # The sheet's first badge: the page's top left (two columns, three rows of badges).
    badge = page.crop((0, 0, page.width // 2, page.height // 3))
    frame = Image.new("L", (640, 480), 255)
    badge.thumbnail((620, 460))
    frame.paste(badge, ((640 - badge.width) // 2, (480 - badge.height) // 2))
    frame.save(tmp_path / "camera-frame.png")
    return str(_y4m(frame, tmp_path / "badge.y4m"))


def _y4m(frame: Image.Image, path, frames: int = 30):
    """A grey picture as YUV 4:2:0 frames (Y4M: a text header, then FRAME and the planes)."""
    luma = frame.tobytes()
    chroma = bytes([128]) * ((frame.width // 2) * (frame.height // 2))
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{frame.width} H{frame.height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def test_a_desk_checks_in_by_camera_from_the_demo_assemblys_badge(
    api, live_server, tmp_path, launch_chromium
):
    load_demo()
    assembly = db.session.scalars(
        sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY).order_by(Event.id)
    ).first()
    video = _badge_video(api, assembly.id, tmp_path)
    browser = launch_chromium([
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ])  # fmt: skip
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, f"/meetings/{assembly.id}/desk", ORGANISER)
    page.get_by_role("button", name="Scan with the camera").click()
    # Admitted, or admitted with credentials pending: the demo's credentials decide.
    page.wait_for_selector(
        "[data-result][data-state=admitted], [data-result][data-state=credentials-pending]",
        timeout=15_000,
    )
    text = page.locator("[data-result]").inner_text()
    page.screenshot(path=str(tmp_path / "desk-camera.png"), full_page=True)
    browser.close()
    assert errors == []
    db.session.expire_all()
    # The demo's past meetings have their own scans: this meeting has this one only.
    (scan,) = db.session.scalars(sa.select(DoorScan).where(DoorScan.event_id == assembly.id)).all()
    arrived = db.session.get(Participation, scan.participation_id)
    assert arrived.event_id == assembly.id and arrived.checked_in_at is not None
    assert text.count(arrived.delegate.full_name) == 1  # a native name the same: once


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_desk_has_no_serious_accessibility_violations(
    chromium, live_server, assembly, locale, tmp_path
):
    context, page, _errors = _desk(chromium, live_server, assembly, locale, bypass_csp=True)
    violations = axe_violations(page)
    for code in (check_in_token(_participation(assembly, 0)), "altered"):
        _wedge(page, code)
        page.wait_for_selector("[data-result]:not([data-state=sending])")
        page.wait_for_timeout(300)
        violations += axe_violations(page)
    page.locator("#desk-search").fill("kim")
    page.locator("#desk-search").press("Enter")
    page.locator("[data-results] li").first.wait_for()
    violations += axe_violations(page)
    page.screenshot(path=str(tmp_path / f"desk-{locale}.png"), full_page=True)
    context.close()
    assert violations == []


def test_scans_wait_while_signed_out_and_follow_the_next_sign_in(chromium, live_server, assembly):
    code = check_in_token(_participation(assembly, 0))
    context, page, errors = _desk(chromium, live_server, assembly)
    context.clear_cookies()  # the session ended (signed out elsewhere, or expired)
    _wedge(page, code)
    assert "sign in again" in _result(page, "signed-out")
    assert "Scans waiting to be sent: 1" in page.locator("[data-queue]").inner_text()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == 0
    sign_in(page, live_server, f"/meetings/{assembly['event']['id']}/desk", ORGANISER)
    assert "Kim Min-jun" in _result(page, "admitted")
    context.close()
    assert errors == []
    db.session.expire_all()
    assert _participation(assembly, 0).checked_in_at is not None
