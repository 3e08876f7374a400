"""The credentials report and the attendance list: their rows, and each as PDF, CSV and XLSX
through the API, in the reader's language, on SQLite and PostgreSQL.

The ``assembly`` has six full members writing in five scripts. ``credentials`` puts them in
every state: Seoul approved (with an alternate), Tokyo pending (its delegate heads the
authority: no letter needed), Hanoi missing its letter, Bangkok rejected, Lyon with no delegate
designated, Quezon approved."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from urllib.parse import unquote

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from planner.auth.models import UserRole
from planner.db import utcnow
from planner.events.models import Event, ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision, CredentialState
from planner.governance.reports.service import Presence, attendance_list, credentials_report
from planner.governance.reports.tabular import defused
from tests.conftest import event_payload
from tests.support.door import accredit, arrive, leave
from tests.support.pack_fixtures import pdf_text
from tests.support.pages import signed_in_client
from tests.support.queries import counted_statements

HYPERLINK = '=HYPERLINK("https://evil.example","click")'
DECIDED = datetime(2027, 5, 10, 23, 30, tzinfo=UTC)  # 08:30 on 11 May in Seoul


def _credential(participation_id: int, decision=CredentialDecision.PENDING, reason=None):
    participation = db.session.get(Participation, participation_id)
    db.session.add(
        Credential(
            event_id=participation.event_id,
            organisation_id=participation.delegate.organisation_id,
            delegate_id=participation_id,
            decision=decision,
            reason=reason,
            decided_at=None if decision is CredentialDecision.PENDING else DECIDED,
        )
    )
    db.session.commit()


def _participant(api, event_id: int, organisation_id: int, role="observer", **delegate) -> int:
    person = api.post("/delegates", {"organisation_id": organisation_id, **delegate}).json
    response = api.post(
        f"/events/{event_id}/participants", {"delegate_id": person["id"], "role": role}
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def meeting(api, assembly) -> dict:
    """The assembly's credentials in every state; Seoul's delegate in the room, Tokyo's come
    and gone, a Quezon observer named like a spreadsheet formula, a Lyon guest who declined."""
    event_id = assembly["event"]["id"]
    seoul, tokyo, hanoi, bangkok, _lyon, quezon = (p["id"] for p in assembly["participants"])
    organisations = [d["organisation_id"] for d in assembly["delegates"]]
    alternate = _participant(
        api, event_id, organisations[0], "alternate", full_name="Lee Seo-yeon",
        native_name="이서연", email="alt@seoul.example", timezone="Asia/Seoul",
    )  # fmt: skip
    accredit(seoul, alternate)
    db.session.get(Participation, tokyo).delegate.heads_authority = True
    _credential(tokyo)
    _credential(hanoi)
    _credential(bangkok, CredentialDecision.REJECTED, "-signed by nobody")
    accredit(quezon)
    formula = _participant(
        api, event_id, organisations[5], full_name=HYPERLINK, email="f@quezon.example",
        timezone="Asia/Manila",
    )  # fmt: skip
    declined = _participant(
        api, event_id, organisations[4], full_name="Declined Guest", email="d@lyon.example",
        timezone="Europe/Paris",
    )  # fmt: skip
    db.session.get(Participation, declined).status = ParticipantStatus.DECLINED
    db.session.commit()
    arrive(seoul)
    arrive(tokyo)
    leave(tokyo)
    return {"event_id": event_id, "alternate": alternate, "formula": formula}


def _get(client, meeting, name: str, **kwargs):
    return client.get(f"/events/{meeting['event_id']}/reports/{name}", **kwargs)


def test_the_credentials_report_lists_every_voting_member_and_its_state(meeting):
    report = credentials_report(db.session.get(Event, meeting["event_id"]))
    rows = {row.member.latin: row for row in report.rows}
    assert list(rows) == [
        "Bangkok Metropolitan Administration", "Hanoi People's Committee", "Métropole de Lyon",
        "Quezon City", "Seoul Metropolitan Government", "Tokyo Metropolitan Government",
    ]  # fmt: skip
    assert {name: row.state for name, row in rows.items()} == {
        "Bangkok Metropolitan Administration": CredentialState.REJECTED,
        "Hanoi People's Committee": CredentialState.MISSING,
        "Métropole de Lyon": None,
        "Quezon City": CredentialState.APPROVED,
        "Seoul Metropolitan Government": CredentialState.APPROVED,
        "Tokyo Metropolitan Government": CredentialState.PENDING,
    }
    seoul = rows["Seoul Metropolitan Government"]
    assert (seoul.member.native, seoul.delegate.native, seoul.alternate.native) == (
        "서울특별시", "김민준", "이서연",
    )  # fmt: skip
    assert seoul.letter_needed and not seoul.letter_in
    assert not rows["Tokyo Metropolitan Government"].letter_needed
    bangkok = rows["Bangkok Metropolitan Administration"]
    assert (bangkok.reason, bangkok.decided_at) == ("-signed by nobody", DECIDED)
    assert rows["Métropole de Lyon"].delegate is None
    assert dict(report.totals) == {
        CredentialState.MISSING: 1, CredentialState.PENDING: 1, CredentialState.APPROVED: 2,
        CredentialState.REJECTED: 1, None: 1,
    }  # fmt: skip


def test_the_attendance_list_says_who_is_present_left_or_not_arrived(meeting):
    attendance = attendance_list(db.session.get(Event, meeting["event_id"]))
    presence = {row.person.latin: row.presence for row in attendance.rows}
    assert "Declined Guest" not in presence
    assert presence["Kim Min-jun"] is Presence.PRESENT
    assert presence["Yamada Taro"] is Presence.LEFT
    assert presence["Lee Seo-yeon"] is Presence.NOT_ARRIVED
    assert presence[HYPERLINK] is Presence.NOT_ARRIVED
    organisations = [row.organisation.latin for row in attendance.rows]
    assert organisations == sorted(organisations, key=str.casefold)  # grouped, in name order
    seoul = [row.person.latin for row in attendance.rows if row.organisation.native == "서울특별시"]
    assert seoul == ["Kim Min-jun", "Lee Seo-yeon"]  # the voting delegate before the alternate
    tokyo = next(row for row in attendance.rows if row.person.latin == "Yamada Taro")
    assert tokyo.checked_in_at is not None and tokyo.checked_out_at > tokyo.checked_in_at
    # Only Seoul counts: Tokyo's delegate left (and is not yet approved).
    figures = (attendance.entitled, attendance.present, attendance.represented, attendance.needed)
    assert figures == (6, 1, 0, 4)


def test_a_delegate_back_in_the_room_shows_no_stale_check_out(meeting, assembly):
    tokyo = assembly["participants"][1]["id"]
    arrive(tokyo)
    attendance = attendance_list(db.session.get(Event, meeting["event_id"]))
    row = next(row for row in attendance.rows if row.person.latin == "Yamada Taro")
    assert (row.presence, row.checked_out_at) == (Presence.PRESENT, None)


def test_the_pdfs_print_names_in_their_own_scripts(api, meeting):
    for name, expected in (
        ("credentials", ["Credentials report", "Authority letter", "no delegate designated",
                         "-signed by nobody", "rejected"]),
        ("attendance", ["Attendance list", "Signature", "not arrived", "left", "present",
                        "Needed for a quorum"]),
    ):  # fmt: skip
        response = _get(api, meeting, f"{name}.pdf")
        assert response.status_code == 200, response.data[:300]
        assert response.content_type == "application/pdf"
        text = pdf_text(response.data)
        for word in [*expected, "General Assembly 2027", "서울특별시", "김민준", "Kim Min-jun",
                     "山田 太郎", "東京都", "이서연", "Nguyễn Thị Minh Khai"]:  # fmt: skip
            assert word in text, (name, word)
    assert HYPERLINK in pdf_text(_get(api, meeting, "attendance.pdf").data)


def _csv_rows(response) -> list[list[str]]:
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Hangul
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_csv_files_parse_back_with_formulas_defused(api, meeting):
    response = _get(api, meeting, "credentials.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(response)
    assert header[:4] == [
        "Voting member", "Voting member (own script)", "Delegate", "Delegate (own script)",
    ]  # fmt: skip
    assert header[-1] == "Decided (Asia/Seoul)"
    by_member = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert len(by_member) == 6
    seoul = by_member["Seoul Metropolitan Government"]
    assert (seoul["Voting member (own script)"], seoul["Delegate (own script)"]) == (
        "서울특별시",
        "김민준",
    )
    assert seoul["Alternate (own script)"] == "이서연"
    bangkok = by_member["Bangkok Metropolitan Administration"]
    assert (bangkok["Credentials"], bangkok["Decided (Asia/Seoul)"]) == (
        "rejected", "2027-05-11 08:30",
    )  # fmt: skip
    assert bangkok["Reason"] == "'-signed by nobody"  # a leading minus would be a formula
    assert by_member["Métropole de Lyon"]["Credentials"] == "no delegate designated"
    assert by_member["Hanoi People's Committee"]["Authority letter"] == "missing"

    header, *rows = _csv_rows(_get(api, meeting, "attendance.csv"))
    assert header[:4] == ["Organisation", "Organisation (own script)", "Name", "Name (own script)"]
    people = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    assert "'" + HYPERLINK in people and HYPERLINK not in people
    assert people["Yamada Taro"]["Attendance"] == "left"
    assert people["Kim Min-jun"]["Checked in (Asia/Seoul)"].startswith("20")
    assert people["Lee Seo-yeon"]["Checked in (Asia/Seoul)"] == ""


def test_formula_triggers_are_defused_and_other_cells_left_alone():
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert defused(f"{trigger}1+1") == f"'{trigger}1+1"
    assert defused("Kim = Min-jun") == "Kim = Min-jun"
    assert defused(-3) == -3 and defused(None) is None


def test_the_xlsx_files_read_back_with_a_bold_frozen_heading(api, meeting):
    response = _get(api, meeting, "attendance.xlsx")
    assert response.status_code == 200
    assert response.content_type.startswith("application/vnd.openxmlformats-officedocument")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert sheet.title == "Attendance list"
    assert sheet.freeze_panes == "A2"
    heading = [cell.value for cell in sheet[1]]
    assert heading[:3] == ["Organisation", "Organisation (own script)", "Name"]
    assert all(cell.font.bold for cell in sheet[1])
    people = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "'" + HYPERLINK in people  # text, not a formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    kim = people["Kim Min-jun"]
    assert kim[1] == "서울특별시" and isinstance(kim[8], datetime)
    assert 8 <= sheet.column_dimensions["A"].width <= 60
    summary = {label: figure for label, figure in book["Summary"].iter_rows(values_only=True)}
    assert summary == {"Voting members": 6, "Present": 1, "Represented": 0,
                       "Needed for a quorum": 4}  # fmt: skip

    book = load_workbook(io.BytesIO(_get(api, meeting, "credentials.xlsx").data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][7] == "Credentials" and len(rows) == 7
    assert rows[4][:3] == ("Quezon City", "Lungsod Quezon", "<b>Bold</b> & <font name='x'>")
    assert dict(book["Summary"].iter_rows(values_only=True))["approved"] == 2


@pytest.mark.parametrize(
    ("headers", "member", "state"),
    [
        ({"Accept-Language": "fr-FR,fr;q=0.9"}, "Membre votant", "approuvés"),
        ({"Accept-Language": "ko-KR,ko;q=0.9"}, "투표 회원", "승인됨"),
    ],
)
def test_the_files_speak_the_readers_language(api, meeting, headers, member, state):
    header, *rows = _csv_rows(_get(api, meeting, "credentials.csv", headers=headers))
    assert header[0] == member
    assert state in {row[7] for row in rows}
    with force_locale(headers["Accept-Language"][:2]):
        assert member in pdf_text(_get(api, meeting, "credentials.pdf", headers=headers).data)


def test_the_language_cookie_chooses_too(app, api, meeting):
    api.client.set_cookie("lang", "ko")
    header = _csv_rows(_get(api, meeting, "attendance.csv"))[0]
    assert header[0] == "기관"
    disposition = _get(api, meeting, "attendance.pdf").headers["Content-Disposition"]
    assert f'filename="attendance-{meeting["event_id"]}.pdf"' in disposition
    assert "filename*=UTF-8''%EC%B6%9C%EC%84%9D" in disposition  # 출석…, percent-encoded


def test_who_may_read_the_reports(api, viewer_api, anonymous_api, meeting):
    for name in ("credentials", "attendance"):
        for extension in ("pdf", "csv", "xlsx"):
            path = f"{name}.{extension}"
            assert _get(anonymous_api, meeting, path).status_code == 401
            assert _get(viewer_api, meeting, path).status_code == 200, path
            response = _get(api, meeting, path)
            assert response.status_code == 200, path
            assert response.headers["Cache-Control"] == "private, no-store"
            disposition = response.headers["Content-Disposition"]
            assert disposition.startswith(f'attachment; filename="{name}-{meeting["event_id"]}')
            assert "filename*=UTF-8''" in disposition


def test_a_meeting_of_no_body_has_no_reports_and_an_unknown_one_is_not_found(api, venue):
    seminar = api.post("/events", event_payload(venue_id=venue["id"])).json
    for name in ("credentials.pdf", "attendance.csv", "attendance.xlsx"):
        response = api.get(f"/events/{seminar['id']}/reports/{name}")
        assert response.status_code == 422
        assert "no body" in response.json["error"]["message"]
        assert api.get(f"/events/999999/reports/{name}").status_code == 404


def test_the_openapi_document_names_each_files_content_type(anonymous_api):
    paths = anonymous_api.get("/openapi.json").json["paths"]
    for name in ("credentials", "attendance"):
        for extension, media in (
            ("pdf", "application/pdf"),
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            operation = paths[f"/api/v1/events/{{event_id}}/reports/{name}.{extension}"]["get"]
            assert list(operation["responses"]["200"]["content"]) == [media]
            assert {"401", "404", "422"} <= set(operation["responses"])


def test_decided_times_are_in_the_meetings_zone(meeting):
    with force_locale("en"):
        report = credentials_report(db.session.get(Event, meeting["event_id"]))
    assert report.meeting.timezone == "Asia/Seoul"
    assert report.meeting.as_of <= utcnow()


def test_the_quorum_page_links_the_six_files_and_a_signed_in_viewer_gets_them(app, meeting):
    viewer = signed_in_client(app, UserRole.VIEWER)
    html = viewer.get(f"/meetings/{meeting['event_id']}/quorum").get_data(as_text=True)
    assert '<h2 id="reports">Reports</h2>' in html
    links = re.findall(rf'href="(/api/v1/events/{meeting["event_id"]}/reports/[^"]+)"', html)
    assert sorted(link.rpartition("/")[2] for link in links) == [
        "attendance.csv", "attendance.pdf", "attendance.xlsx",
        "credentials.csv", "credentials.pdf", "credentials.xlsx",
    ]  # fmt: skip
    for link in links:
        assert viewer.get(link).status_code == 200, link
    french = viewer.get(f"/meetings/{meeting['event_id']}/quorum?lang=fr").get_data(as_text=True)
    assert '<h2 id="reports">Rapports</h2>' in french and "Liste de présence" in french


def _statements(event_id: int) -> int:
    db.session.expire_all()  # nothing read before may spare a lazy load
    with counted_statements() as statements:
        event = db.session.get(Event, event_id)
        credentials_report(event)
        attendance_list(event)
    return len(statements)


def test_the_rows_cost_the_same_statements_however_many_people_come(api, assembly, meeting):
    few = _statements(meeting["event_id"])
    for index, delegate in enumerate(assembly["delegates"]):
        _participant(
            api, meeting["event_id"], delegate["organisation_id"], full_name=f"Guest {index}",
            email=f"guest{index}@example.org", timezone="Asia/Seoul",
        )  # fmt: skip
    lyon = assembly["participants"][4]["id"]
    accredit(lyon)
    arrive(lyon)
    assert _statements(meeting["event_id"]) == few


def test_the_files_real_name_carries_no_path_separator(api, meeting):
    event_id = meeting["event_id"]
    event = api.get(f"/events/{event_id}").json
    changed = api.patch(
        f"/events/{event_id}", {"title": 'Budget/2027 "draft"', "version": event["version"]}
    )
    assert changed.status_code == 200, changed.json
    disposition = _get(api, meeting, "credentials.csv").headers["Content-Disposition"]
    fallback, _, real = disposition.partition("; filename*=UTF-8''")
    assert fallback == f'attachment; filename="credentials-{event_id}.csv"'
    assert unquote(real) == 'Credentials report - Budget-2027 "draft".csv'
