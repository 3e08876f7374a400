"""Helpers around a General Assembly's credentials: more people per member, letters sent as
the API takes them, and the files storage holds."""

from __future__ import annotations

import io
import secrets

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from planner.uploads import service as uploads
from tests.support.meetings import person


def second_participant(api, assembly: dict, member: int, role: str = "observer") -> dict:
    """Another person of the ``member``-th organisation on the Assembly (an alternate to be)."""
    delegate = assembly["delegates"][member]
    other = person(api, delegate["organisation_id"], f"Second of {member}", f"둘째 {member}",
                   f"second-{secrets.token_hex(4)}@member.example", "Asia/Seoul")  # fmt: skip
    response = api.post(
        f"/events/{assembly['event']['id']}/participants",
        {"delegate_id": other["id"], "role": role},
    )
    assert response.status_code == 201, response.json
    return response.json


def designate(api, assembly: dict, member: int, alternate: dict | None = None):
    """POST the member's own voting delegate (and ``alternate``) as its credentials."""
    payload = {
        "organisation_id": assembly["delegates"][member]["organisation_id"],
        "delegate_id": assembly["participants"][member]["id"],
    }
    if alternate is not None:
        payload["alternate_id"] = alternate["id"]
    return api.post(f"/events/{assembly['event']['id']}/credentials", payload)


def multipart(fields: dict) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type, encoded in memory (the test client
    would spool a large one to a temporary file that a refused request leaves open)."""
    boundary, body = encode_multipart(fields)
    return body, f"multipart/form-data; boundary={boundary}"


def send_letter(api, event_id: int, credential_id: int, data: bytes, name: str | None):
    """Upload ``data`` as the credentials' letter."""
    return upload_letter(api, f"/events/{event_id}/credentials/{credential_id}/letter", data, name)


def upload_letter(api, path: str, data: bytes, name: str | None):
    """Upload ``data`` as a letter to ``path``, the way a client sends a file
    (multipart/form-data)."""
    body, content_type = multipart({"letter": FileStorage(io.BytesIO(data), name)})
    return api.post(path, data=body, content_type=content_type)


def stored_files() -> list[str]:
    """The keys of the uploads in storage (a folder or a bucket)."""
    return uploads.storage().keys()


def empty_storage() -> None:
    for key in stored_files():
        uploads.storage().delete(key)
