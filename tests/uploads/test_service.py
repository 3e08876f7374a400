"""Uploads: checked by content and by name, kept under random private names, and nothing
written when a file is refused or the change it came with rolls back; in a folder and in an
S3 bucket."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import current_app

from planner.errors import Invalid, TooLarge
from planner.extensions import db
from planner.storage import LocalStorage
from planner.uploads import service as uploads
from planner.uploads.models import Upload
from tests.conftest import row_count
from tests.support.credentials import empty_storage, stored_files
from tests.support.letters import (
    HTML,
    LINUX_EXECUTABLE,
    PNG_SIGNATURE_ONLY,
    WINDOWS_EXECUTABLE,
    image_letter,
    pdf_letter,
)

pytestmark = pytest.mark.storage


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (pdf_letter(), "Délégation.pdf", "application/pdf"),
        (image_letter("PNG"), "scan.PNG", "image/png"),
        (image_letter("JPEG"), "photo.jpeg", "image/jpeg"),
        (image_letter("JPEG"), "photo.jpg", "image/jpeg"),
    ],
)
def test_a_letter_is_kept_under_a_random_private_name(app, data, name, content_type):
    upload = uploads.store(data, name)
    db.session.commit()
    assert (upload.filename, upload.content_type, upload.size) == (name, content_type, len(data))
    assert stored_files() == [upload.key] and len(upload.key) == 64
    store = uploads.storage()
    if isinstance(store, LocalStorage):
        path = store.root / upload.key
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        # Outside the web root: in the instance folder, nowhere near the static files.
        assert path.is_relative_to(Path(current_app.config["INSTANCE_PATH"]))
        assert not path.is_relative_to(Path(current_app.static_folder or "/static"))
    else:  # under the configured prefix, in the uploads area
        assert f"planner/uploads/{upload.key}" in _bucket_names(store)
    with uploads.open_upload(upload) as file:
        assert file.read() == data


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (WINDOWS_EXECUTABLE, "letter.pdf", "not a valid PDF, JPEG, PNG file"),
        (LINUX_EXECUTABLE, "scan.png", "not a valid PDF, JPEG, PNG file"),
        (HTML, "letter.pdf", "not a valid PDF, JPEG, PNG file"),
        (PNG_SIGNATURE_ONLY, "scan.png", "not a valid PDF, JPEG, PNG file"),
        (pdf_letter()[:-200], "cut.pdf", "not a valid PDF, JPEG, PNG file"),
        (image_letter("PNG"), "letter.pdf", "is a PNG but its name does not end in .png"),
        (pdf_letter(), "letter.exe", "is a PDF but its name does not end in .pdf"),
        (b"", "letter.pdf", "the file is empty"),
        (pdf_letter(), "../../etc/letter.pdf", "may not contain / or \\"),
        (pdf_letter(), "C:\\Users\\kim\\letter.pdf", "may not contain / or \\"),
        (pdf_letter(), "letter\n.pdf", "control characters"),
        (pdf_letter(), "letter\x00.pdf", "control characters"),
        (pdf_letter(), "letter\u202efdp.exe.pdf", "control characters"),
        (pdf_letter(), "  ", "choose a file"),
        (pdf_letter(), None, "choose a file"),
        (pdf_letter(), "x" * 197 + ".pdf", "longer than 200 characters"),
    ],
)
def test_a_bad_file_is_refused_naming_the_field_and_nothing_is_written(app, data, name, says):
    with pytest.raises(Invalid) as refused:
        uploads.store(data, name, field="letter")
    assert list(refused.value.fields) == ["letter"]
    assert says in refused.value.fields["letter"][0]
    db.session.rollback()
    assert row_count(Upload) == 0 and stored_files() == []


def test_a_file_over_the_limit_is_too_large(app):
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    current_app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        with pytest.raises(TooLarge) as refused:
            uploads.store(pdf_letter() + b"%" * 1000, "big.pdf", field="letter")
    finally:
        current_app.config["UPLOAD_MAX_BYTES"] = limit
    assert refused.value.status == 413 and "letter" in refused.value.fields
    assert row_count(Upload) == 0 and stored_files() == []


def test_a_rolled_back_upload_leaves_no_file(app):
    uploads.store(pdf_letter(), "letter.pdf")
    assert len(stored_files()) == 1
    db.session.rollback()
    assert row_count(Upload) == 0 and stored_files() == []


def _bucket_names(store) -> list[str]:
    listed = store.client.list_objects_v2(Bucket=store.bucket)
    return [item["Key"] for item in listed.get("Contents", ())]
