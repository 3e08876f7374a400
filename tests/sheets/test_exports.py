"""Exporting the directory and a meeting's participants as CSV and XLSX through the API: names
in both scripts, formula-looking text kept as text, the directory importable again unchanged,
and who may read them; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planner.db import utcnow
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from tests.sheets.files import form
from tests.support.credentials import designate
from tests.support.queries import counted_statements

HYPERLINK = '=HYPERLINK("https://evil.example","click")'


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Hangul
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_directory_exports_with_the_import_columns_and_imports_back_unchanged(
    api, organisation
):
    api.post("/delegates", {
        "full_name": HYPERLINK, "native_name": "@SUM(A1)", "email": "evil@seoul.example",
        "organisation_id": organisation["id"], "needs_visa_letter": True,
    })  # fmt: skip
    for kind in ("organisations", "delegates"):
        for extension in ("csv", "xlsx"):
            response = api.get(f"/exports/{kind}?format={extension}")
            assert response.status_code == 200
            assert f'filename="{kind}.{extension}"' in response.headers["Content-Disposition"]
            back = api.post("/imports", data=form(kind, response.data, f"{kind}.{extension}"),
                            content_type="multipart/form-data")  # fmt: skip
            assert back.status_code == 201, back.json
            assert {row["action"] for row in back.json["rows"]} == {"unchanged"}
    rows = _csv_rows(api.get("/exports/delegates?format=csv").data)
    evil = dict(zip(rows[0], rows[1], strict=True))
    assert evil["full_name"] == "'" + HYPERLINK and evil["native_name"] == "'@SUM(A1)"
    assert (evil["organisation"], evil["needs_visa_letter"]) == ("seoul", "yes")
    cells = _xlsx_rows(api.get("/exports/delegates?format=xlsx").data)
    assert cells[1][1] == "'" + HYPERLINK
    organisations = _xlsx_rows(api.get("/exports/organisations?format=xlsx").data)
    assert organisations[1][:3] == ["seoul", "Seoul Metropolitan Government", "서울특별시"]


def test_the_participants_export_holds_answers_needs_roles_and_credentials(api, assembly):
    event_id = assembly["event"]["id"]
    seoul = assembly["participants"][0]
    person = api.post("/delegates", {
        "full_name": "Park Ji-woo", "email": "park@seoul.example",
        "organisation_id": assembly["delegates"][0]["organisation_id"],
    }).json  # fmt: skip
    alternate = api.post(f"/events/{event_id}/participants",
                         {"delegate_id": person["id"], "role": "alternate"}).json  # fmt: skip
    assert designate(api, assembly, 0, alternate=alternate).status_code == 201
    accepted = db.session.get(Participation, seoul["id"])
    accepted.status, accepted.responded_at = ParticipantStatus.ACCEPTED, utcnow()
    accepted.delegate.dietary_needs = "halal"
    db.session.commit()
    for extension, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        response = api.get(f"/events/{event_id}/exports/participants?format={extension}")
        assert response.status_code == 200
        rows = read(response.data)
        assert list(rows[0][:3]) == ["Organisation", "Organisation (own script)", "Name"]
        by_name = {row[2]: row for row in rows[1:]}
        assert len(by_name) == len(assembly["participants"]) + 1
        kim = by_name["Kim Min-jun"]
        assert list(kim[:4]) == ["Seoul Metropolitan Government", "서울특별시", "Kim Min-jun",
                                 "김민준"]  # fmt: skip
        assert (kim[7], kim[8], kim[10]) == ("Voting delegate", "accepted", "halal")
        assert kim[13] == "Delegate: letter missing"
        assert (by_name["Park Ji-woo"][7], by_name["Park Ji-woo"][13]) == (
            "Alternate", "Alternate: letter missing")  # fmt: skip
        assert by_name["Yamada Taro"][8] == "no answer"
        assert not by_name["Yamada Taro"][13]


def test_exporting_500_participants_costs_a_fixed_number_of_statements(api, assembly):
    event_id = assembly["event"]["id"]
    path = f"/events/{event_id}/exports/participants?format=xlsx"
    with counted_statements() as few:
        assert api.get(path).status_code == 200
    organisation_id = assembly["delegates"][0]["organisation_id"]
    for n in range(30):
        person = api.post("/delegates", {"full_name": f"P {n}", "email": f"p{n}@x.example",
                                         "organisation_id": organisation_id}).json  # fmt: skip
        api.post(f"/events/{event_id}/participants",
                 {"delegate_id": person["id"], "role": "observer"})  # fmt: skip
    with counted_statements() as many:
        assert api.get(path).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "path",
    ["/exports/organisations", "/exports/delegates", "/events/{event}/exports/participants"],
)
def test_organisers_and_viewers_export_nobody_else(api, viewer_api, anonymous_api, event, path):
    path = path.format(event=event["id"]) + "?format=csv"
    assert api.get(path).status_code == 200
    assert viewer_api.get(path).status_code == 200
    assert anonymous_api.get(path).status_code == 401
    assert api.get(path.replace("csv", "pdf")).status_code == 422


def test_a_meeting_that_does_not_exist_has_no_participants_to_export(api):
    assert api.get("/events/999/exports/participants?format=csv").status_code == 404
