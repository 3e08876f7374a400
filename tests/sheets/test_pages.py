"""The import page and the download links, with Flask's test client: the preview shows each
row's outcome and writes nothing, the confirmation imports the previewed file, and only
organisers import; organisers and viewers download, nobody else."""

from __future__ import annotations

import io
import re

import pytest

from planner.auth.models import UserRole
from planner.members.models import Delegate
from planner.sheets.models import StagedSheet
from tests.conftest import row_count
from tests.sheets.files import DELEGATE_HEADINGS, delegate_rows, xlsx
from tests.support.pages import signed_in_client

BAD = [DELEGATE_HEADINGS, *delegate_rows(2), ["x@y.example", "X", None, "atlantis", "no"]]


def _upload(client, data: bytes, name: str = "people.xlsx", kind: str = "delegates"):
    return client.post(
        "/members/import",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _token(html: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_preview_shows_refusals_and_offers_no_import(app, organisation):
    client = signed_in_client(app, UserRole.ORGANISER)
    response = _upload(client, xlsx(BAD))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="row-4" class="import-refused"' in html
    assert "No organisation has the slug &#39;atlantis&#39;." in html
    assert "1 row is refused" in html and 'name="token"' not in html
    assert row_count(Delegate) == 0


def test_a_clean_preview_imports_on_confirmation(app, organisation):
    client = signed_in_client(app, UserRole.ORGANISER)
    html = _upload(client, xlsx([DELEGATE_HEADINGS, *delegate_rows(2)])).get_data(as_text=True)
    assert html.count('class="import-create"') == 2 and row_count(Delegate) == 0
    done = client.post("/members/import/confirm", data={"token": _token(html)})
    assert done.status_code == 302
    assert "2 created" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert row_count(Delegate) == 2 and row_count(StagedSheet) == 0
    again = client.post("/members/import/confirm", data={"token": _token(html)})
    assert again.status_code == 422 and row_count(Delegate) == 2


def test_a_file_that_cannot_be_read_is_refused_beside_the_field(app, organisation):
    client = signed_in_client(app, UserRole.ORGANISER)
    response = _upload(client, "email;full_name\n".encode("utf-16-le"), "people.csv")
    assert response.status_code == 422
    assert 'id="file-error"' in response.get_data(as_text=True)
    assert _upload(client, b"", "empty.csv").status_code == 422


def test_only_organisers_import(app, organisation):
    viewer = signed_in_client(app, UserRole.VIEWER)
    assert viewer.get("/members/import").status_code == 403
    assert _upload(viewer, xlsx([DELEGATE_HEADINGS, *delegate_rows(1)])).status_code == 403
    assert viewer.post("/members/import/confirm", data={"token": "x"}).status_code == 403
    nobody = app.test_client()
    assert nobody.get("/members/import").status_code == 302
    assert _upload(nobody, xlsx(BAD)).status_code == 302
    assert row_count(Delegate) == 0


def test_a_token_of_another_organiser_imports_nothing(app, organisation):
    first = signed_in_client(app, UserRole.ORGANISER)
    html = _upload(first, xlsx([DELEGATE_HEADINGS, *delegate_rows(1)])).get_data(as_text=True)
    other = signed_in_client(app, UserRole.ADMIN)
    response = other.post("/members/import/confirm", data={"token": _token(html)})
    assert response.status_code == 422 and row_count(Delegate) == 0


@pytest.mark.parametrize("role", [UserRole.ORGANISER, UserRole.VIEWER])
def test_organisers_and_viewers_download_from_the_pages(app, event, delegate, role):
    client = signed_in_client(app, role)
    directory = client.get("/members").get_data(as_text=True)
    assert "/members/export?rows=delegates&amp;format=xlsx" in directory
    assert ("/members/import" in directory) is (role is UserRole.ORGANISER)
    for path in ("/members/export?rows=organisations&format=csv",
                 "/members/export?rows=delegates&format=xlsx",
                 f"/meetings/{event['id']}/participants/export?format=csv"):  # fmt: skip
        assert client.get(path).status_code == 200
    assert client.get("/members/export?rows=secrets&format=csv").status_code == 404
    assert client.get("/members/export?rows=delegates&format=pdf").status_code == 404
    participants = client.get(f"/meetings/{event['id']}/participants").get_data(as_text=True)
    assert f"/meetings/{event['id']}/participants/export?format=xlsx" in participants


def test_nobody_downloads_without_signing_in(app, event, delegate):
    client = app.test_client()
    for path in ("/members/export?rows=delegates&format=csv",
                 f"/meetings/{event['id']}/participants/export?format=csv"):  # fmt: skip
        assert client.get(path).status_code == 302
