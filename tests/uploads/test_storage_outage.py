"""The bucket out of reach in the middle of a request (its server gone): readers get 503 with
"the file storage is unavailable; try again in a moment" (a JSON error from the API, a page in
the UI), never a 500; an upload whose file could not be kept leaves no row behind."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from planner.auth.models import UserRole
from planner.governance.models import Credential
from planner.uploads.models import Upload
from tests.conftest import row_count
from tests.support.api_helpers import assert_error
from tests.support.credentials import designate, empty_storage, multipart, send_letter
from tests.support.letters import pdf_letter
from tests.support.pages import signed_in_client
from tests.support.s3 import free_port

pytestmark = pytest.mark.parametrize(
    "app", [pytest.param("s3", marks=pytest.mark.s3)], indirect=True, scope="session"
)
SAYS = "the file storage is unavailable; try again in a moment"


@pytest.fixture
def credential(app, api, assembly) -> dict:
    empty_storage()
    return designate(api, assembly, 0).json


def _bucket_gone(app, monkeypatch) -> None:
    """Nothing listens where the bucket was: every call to it fails to connect."""
    monkeypatch.setitem(app.config, "S3_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")


def test_a_letter_read_while_the_bucket_is_gone_is_a_503(app, api, assembly, credential,
                                                         monkeypatch):  # fmt: skip
    event_id = assembly["event"]["id"]
    assert send_letter(api, event_id, credential["id"], pdf_letter(), "a.pdf").status_code == 200
    _bucket_gone(app, monkeypatch)
    error = assert_error(
        api.get(f"/events/{event_id}/credentials/{credential['id']}/letter"),
        503,
        "service_unavailable",
    )
    assert error["message"] == SAYS


def test_a_letter_sent_while_the_bucket_is_gone_leaves_nothing(app, api, assembly, credential,
                                                               monkeypatch):  # fmt: skip
    _bucket_gone(app, monkeypatch)
    sent = send_letter(api, assembly["event"]["id"], credential["id"], pdf_letter(), "a.pdf")
    assert assert_error(sent, 503, "service_unavailable")["message"] == SAYS
    assert row_count(Upload) == 0
    assert row_count(Credential) == 1  # the credentials stay, without a letter
    listed = api.get(f"/events/{assembly['event']['id']}/credentials").json["items"]
    [seoul] = [item for item in listed if item["credential"]]
    assert seoul["credential"]["has_letter"] is False


def test_the_letter_form_says_the_storage_is_unavailable(app, api, assembly, credential,
                                                         monkeypatch):  # fmt: skip
    client = signed_in_client(app, UserRole.ORGANISER)
    _bucket_gone(app, monkeypatch)
    body, content_type = multipart({"letter": FileStorage(io.BytesIO(pdf_letter()), "a.pdf")})
    url = f"/meetings/{assembly['event']['id']}/credentials/{credential['id']}/letter"
    page = client.post(url, data=body, content_type=content_type)
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert SAYS in html and "Traceback" not in html
    assert row_count(Upload) == 0
