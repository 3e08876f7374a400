"""Importing the directory from CSV and XLSX through the API: the preview row by row, the
import all or nothing and idempotent, every kind of bad file refused with nothing written, and
a cost in SQL statements that does not grow with the rows; on SQLite and PostgreSQL."""

from __future__ import annotations

import codecs
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.extensions import db
from planner.members.models import Delegate, Organisation
from planner.sheets.models import StagedSheet
from planner.sheets.staging import MAX_AGE, forget_stale
from planner.sheets.tasks import forget_stale_previews
from tests.conftest import row_count
from tests.sheets.files import (
    DELEGATE_HEADINGS,
    ORGANISATION_HEADINGS,
    csv_text,
    delegate_rows,
    form,
    xlsx,
    zip_bomb,
)
from tests.support.queries import counted_statements

MULTIPART = "multipart/form-data"
TWO_BAD_ROWS = [
    DELEGATE_HEADINGS,
    ["kim@seoul.example", "Kim Min-jun", "김민준", "seoul", "yes"],
    ["jean@lyon.example", "Jean Dupont", None, "lyon", "no"],  # no such organisation
    ["KIM@seoul.example", "Kim again", None, "seoul", "no"],  # the same e-mail
    ["lee@seoul.example", "Lee Seo-yeon", "이서연", "seoul", None],
]


def _send(api, path: str, kind: str, data: bytes, name: str):
    return api.post(path, data=form(kind, data, name), content_type=MULTIPART)


def preview(api, kind: str, data: bytes, name: str = "file.xlsx"):
    return _send(api, "/imports/preview", kind, data, name)


def run_import(api, kind: str, data: bytes, name: str = "file.xlsx"):
    return _send(api, "/imports", kind, data, name)


def test_the_preview_says_row_by_row_what_would_happen_and_writes_nothing(api, organisation):
    response = preview(api, "delegates", xlsx(TWO_BAD_ROWS))
    assert response.status_code == 200, response.json
    rows = {row["row"]: row for row in response.json["rows"]}
    assert [rows[n]["action"] for n in (2, 3, 4, 5)] == ["create", "refused", "refused", "create"]
    assert "No organisation has the slug 'lyon'." in rows[3]["problems"]["organisation"]
    assert rows[4]["problems"]["email"] == ["The same email is on row 2."]
    assert response.json["counts"] == {"create": 2, "update": 0, "unchanged": 0, "refused": 2}
    assert row_count(Delegate) == 0


def test_an_import_with_a_refused_row_writes_nothing(api, organisation):
    response = run_import(api, "delegates", xlsx(TWO_BAD_ROWS))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert "3, 4" in fields["file"][0]
    assert "row 3: organisation" in fields and "row 4: email" in fields
    assert row_count(Delegate) == 0


def test_import_creates_then_the_same_file_again_changes_nothing(api, organisation):
    data = xlsx([TWO_BAD_ROWS[0], TWO_BAD_ROWS[1], TWO_BAD_ROWS[4]])
    response = run_import(api, "delegates", data)
    assert response.status_code == 201, response.json
    assert response.json["counts"]["create"] == 2
    kim = db.session.scalar(sa.select(Delegate).where(Delegate.email == "kim@seoul.example"))
    assert (kim.native_name, kim.needs_visa_letter, kim.timezone) == ("김민준", True, "Asia/Seoul")
    again = run_import(api, "delegates", data)
    assert again.json["counts"] == {"create": 0, "update": 0, "unchanged": 2, "refused": 0}
    assert row_count(Delegate) == 2


def test_an_update_names_the_columns_it_changes_and_keeps_the_rest(api, delegate):
    rows = [
        ["email", "full_name", "organisation", "dietary_needs"],
        ["MINJUN.KIM@seoul.example", "Kim Min-jun", "seoul", "vegetarian"],
    ]
    planned = preview(api, "delegates", xlsx(rows)).json["rows"][0]
    assert (planned["action"], planned["changes"]) == ("update", ["dietary_needs"])
    assert run_import(api, "delegates", xlsx(rows)).status_code == 201
    found = api.get(f"/delegates/{delegate['id']}").json
    assert (found["dietary_needs"], found["native_name"]) == ("vegetarian", "김민준")


def test_rows_obey_the_rules_of_the_api(api):
    rows = [
        ORGANISATION_HEADINGS,
        ["lyon", "Lyon", None, "FR", "Europe/Paris", "full"],
        ["Bad Slug", "Nowhere", None, "XX", "Mars/Olympus", "member"],
        ["two-lines", "A\nname", None, "KR", "Asia/Seoul", "full"],
    ]
    response = preview(api, "organisations", xlsx(rows))
    problems = [row["problems"] for row in response.json["rows"]]
    assert problems[0] == {}
    assert set(problems[1]) == {"slug", "country", "timezone", "membership"}
    assert set(problems[2]) == {"name"}


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (xlsx([DELEGATE_HEADINGS, ["a@b.example", "=1+1", None, "seoul", "no"]]), "f.xlsx",
         "formula"),
        (xlsx([DELEGATE_HEADINGS, delegate_rows(1)[0]], merge="A1:B1"), "m.xlsx", "merged"),
        (xlsx([["email", "full_name"], ["a@b.example", "A"]]), "c.xlsx",
         "Missing columns: organisation"),
        (xlsx([[*DELEGATE_HEADINGS, "shoe_size"]]), "u.xlsx", "Unknown columns: shoe_size"),
        (xlsx([DELEGATE_HEADINGS, *delegate_rows(10_000)]), "big.xlsx", "more than 5000 rows"),
        (zip_bomb(), "bomb.xlsx", "more than 50 MB"),
        (csv_text([DELEGATE_HEADINGS, ["a@b.example", "Zoé", "", "seoul", ""]]).encode("latin-1"),
         "l.csv", "not UTF-8"),
        (b"PK\x03\x04 not really", "x.xlsx", "could not be read"),
        (b"%PDF-1.7", "x.pdf", ".csv or .xlsx"),
    ],
    ids=["formula", "merged-header", "missing-column", "unknown-column", "10000-rows",
         "zip-bomb", "latin-1", "broken-zip", "pdf"],
)  # fmt: skip
def test_a_bad_file_is_refused_clearly_and_nothing_is_written(api, organisation, data, name, says):
    for path in ("/imports/preview", "/imports"):
        response = _send(api, path, "delegates", data, name)
        assert response.status_code == 422, response.json
        assert says in response.json["error"]["fields"]["file"][0]
    assert row_count(Delegate) == 0
    assert row_count(StagedSheet) == 0


@pytest.mark.parametrize(
    "encoded",
    [
        lambda text: codecs.BOM_UTF8 + text.encode(),
        lambda text: text.encode("utf-16"),  # with its byte-order mark, as Excel saves it
        lambda text: text.replace(",", ";").encode(),  # French Excel's separator
    ],
    ids=["utf-8-bom", "utf-16", "semicolons"],
)
def test_csv_in_utf_8_with_a_bom_or_utf_16_is_read(api, organisation, encoded):
    data = encoded(csv_text([DELEGATE_HEADINGS, *delegate_rows(3)]))
    response = run_import(api, "delegates", data, "people.csv")
    assert response.status_code == 201, response.json
    names = db.session.scalars(sa.select(Delegate.native_name).order_by(Delegate.email)).all()
    assert names == ["대표 0", "대표 1", "대표 2"]


def test_the_token_imports_exactly_the_previewed_file_once(api, viewer_api, organisation):
    previewed = preview(api, "delegates", xlsx([DELEGATE_HEADINGS, *delegate_rows(2)]))
    token = previewed.json["token"]
    assert row_count(StagedSheet) == 1
    form = {"kind": "delegates", "token": token}
    assert api.post("/imports", data={**form, "kind": "organisations"},
                    content_type=MULTIPART).status_code == 422  # fmt: skip
    response = api.post("/imports", data=form, content_type=MULTIPART)
    assert response.status_code == 201, response.json
    assert row_count(Delegate) == 2 and row_count(StagedSheet) == 0
    again = api.post("/imports", data=form, content_type=MULTIPART)
    assert again.status_code == 422 and "token" in again.json["error"]["fields"]
    forged = api.post("/imports", data={**form, "token": token[:-2] + "xx"}, content_type=MULTIPART)
    assert forged.status_code == 422


def test_only_organisers_preview_or_import(api, viewer_api, anonymous_api, organisation):
    data = xlsx([DELEGATE_HEADINGS, *delegate_rows(1)])
    assert preview(viewer_api, "delegates", data).status_code == 403
    assert run_import(viewer_api, "delegates", data).status_code == 403
    assert preview(anonymous_api, "delegates", data).status_code == 401
    assert run_import(anonymous_api, "delegates", data).status_code == 401
    assert row_count(Delegate) == 0 and row_count(StagedSheet) == 0


def test_organisations_import_and_reimport(api):
    rows = [ORGANISATION_HEADINGS, ["lyon", "Lyon", None, "FR", "Europe/Paris", "full"],
            ["seoul", "Seoul", "서울특별시", "KR", "Asia/Seoul", "associate"]]  # fmt: skip
    assert run_import(api, "organisations", xlsx(rows)).json["counts"]["create"] == 2
    rows[2][5] = "full"
    assert run_import(api, "organisations", xlsx(rows)).json["counts"] == {
        "create": 0, "update": 1, "unchanged": 1, "refused": 0,
    }  # fmt: skip
    seoul = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "seoul"))
    assert seoul.membership == "full" and seoul.status == "active"


def _statements_to_import(api, count: int, first: int) -> int:
    # Some cells empty: rows with and without a value must still share one INSERT.
    rows = [
        [f"p{first + n}@city.example", f"Person {n}", "사람" if n % 3 else None, "seoul", "no"]
        for n in range(count)
    ]
    with counted_statements() as statements:
        response = run_import(api, "delegates", xlsx([DELEGATE_HEADINGS, *rows]))
    assert response.status_code == 201, response.json
    return len(statements)


def test_the_statements_of_an_import_do_not_grow_with_its_rows(api, organisation):
    assert _statements_to_import(api, 5, 0) == _statements_to_import(api, 200, 1000)


def test_a_preview_never_confirmed_is_forgotten_after_an_hour(app, api, organisation):
    """Beat's hourly task deletes it (and each new preview deletes those older than an hour)."""
    previewed = preview(api, "delegates", xlsx([DELEGATE_HEADINGS, *delegate_rows(2)]))
    assert row_count(StagedSheet) == 1
    later = utcnow() + timedelta(seconds=MAX_AGE - 60)
    assert forget_stale(later) == 0 and row_count(StagedSheet) == 1
    assert forget_stale(later + timedelta(minutes=2)) == 1
    db.session.commit()
    assert row_count(StagedSheet) == 0
    form = {"kind": "delegates", "token": previewed.json["token"]}
    gone = api.post("/imports", data=form, content_type=MULTIPART)
    assert "imported already or is gone" in gone.json["error"]["fields"]["token"][0]
    assert row_count(Delegate) == 0

    # The task beat runs, called in process.
    preview(api, "delegates", xlsx([DELEGATE_HEADINGS, *delegate_rows(1)]))
    db.session.execute(sa.update(StagedSheet).values(created_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    assert forget_stale_previews.apply().get() == 1
    assert row_count(StagedSheet) == 0
    beat = app.extensions["celery"].conf.beat_schedule.values()
    assert "tasks.sheets.forget_stale_previews" in {entry["task"] for entry in beat}
