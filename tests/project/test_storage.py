"""Storage: a folder and an S3 bucket (a moto server) keep, list, copy and delete files alike;
a bucket that is missing or out of reach stops the start with a message naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import create_app
from planner.storage import (
    LocalStorage,
    S3Storage,
    Storage,
    StorageUnavailable,
    check_key,
    storage_for,
)
from tests.support.s3 import free_port, new_bucket, s3_settings

SECRET = "s3cr3t-never-printed"


@pytest.fixture(params=["folder", "bucket"])
def store(request, tmp_path) -> Storage:
    if request.param == "folder":
        return LocalStorage(tmp_path / "packs")
    endpoint = request.getfixturevalue("s3_endpoint")
    return storage_for("packs", s3_settings(endpoint, new_bucket(endpoint), prefix="p/"))


def test_a_storage_keeps_lists_copies_and_deletes(store, tmp_path):
    store.write("cache/a.pdf", b"%PDF-a")
    store.write("cache/a.pdf", b"%PDF-A")  # a rebuilt pack replaces the cached one
    source = tmp_path / "zip"
    source.write_bytes(b"PK" * 1000)
    store.write_file("jobs/1/packs.zip", source)
    store.write("jobs/1/badges.pdf", b"%PDF-b")

    assert store.keys() == ["cache/a.pdf", "jobs/1/badges.pdf", "jobs/1/packs.zip"]
    assert store.keys("jobs/") == ["jobs/1/badges.pdf", "jobs/1/packs.zip"]
    with store.open("cache/a.pdf") as file:
        assert file.read() == b"%PDF-A"
    assert store.size("jobs/1/packs.zip") == 2000
    with store.local_path("jobs/1/packs.zip") as path:
        assert Path(path).read_bytes() == b"PK" * 1000
    for missing in (store.open, store.size):
        with pytest.raises(FileNotFoundError):
            missing("cache/none.pdf")
    with pytest.raises(FileNotFoundError), store.local_path("cache/none.pdf"):
        pass

    store.delete_under("jobs/1/")
    store.delete("cache/none.pdf")  # nothing there: nothing happens
    assert store.keys() == ["cache/a.pdf"]
    store.delete("cache/a.pdf")
    assert store.keys() == []


def test_a_bucket_keeps_its_files_under_the_prefix_and_area(s3_endpoint):
    settings = s3_settings(s3_endpoint, new_bucket(s3_endpoint), prefix="network-a/")
    store = storage_for("uploads", settings)
    assert isinstance(store, S3Storage)
    store.write("abc", b"x")
    listed = store.client.list_objects_v2(Bucket=settings["S3_BUCKET"])
    assert [item["Key"] for item in listed["Contents"]] == ["network-a/uploads/abc"]
    # Another area of the same bucket sees none of it.
    assert storage_for("packs", settings).keys() == []


@pytest.mark.parametrize("key", ["../secret_key", "cache/../../x", ".hidden", "a//b", "", "a b"])
def test_only_keys_the_code_makes_are_taken(key, tmp_path):
    with pytest.raises(ValueError, match="not a storage key"):
        check_key(key)
    with pytest.raises(ValueError, match="not a storage key"):
        LocalStorage(tmp_path).open(key)


def test_local_folders_are_the_default(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
    assert app.config["STORAGE"] == "local"
    uploads = storage_for("uploads", app.config)
    assert isinstance(uploads, LocalStorage) and uploads.root == tmp_path / "uploads"
    in_url = storage_for("packs", {**app.config, "PACK_STORAGE": "file:///srv/packs"})
    assert in_url.root == Path("/srv/packs")  # type: ignore[attr-defined]


def _start(tmp_path, **settings) -> str:
    """The message that stops an app's start with these settings."""
    with pytest.raises(StorageUnavailable) as refused:
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                    "SQLALCHEMY_DATABASE_URI": "sqlite://", **settings})  # fmt: skip
    message = str(refused.value)
    assert SECRET not in message
    return message


def test_a_missing_bucket_stops_the_start_naming_it(s3_endpoint, tmp_path):
    settings = {**s3_settings(s3_endpoint, "no-such-bucket"), "S3_SECRET_ACCESS_KEY": SECRET}
    message = _start(tmp_path, **settings)
    assert "'no-such-bucket'" in message and s3_endpoint in message
    assert "does not exist" in message


def test_an_unreachable_endpoint_stops_the_start_naming_it(tmp_path):
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = {**s3_settings(endpoint, "planner-files"), "S3_SECRET_ACCESS_KEY": SECRET}
    message = _start(tmp_path, **settings)
    assert "'planner-files'" in message and f"cannot reach {endpoint}" in message


def test_storage_settings_that_cannot_work_stop_the_start(s3_endpoint, tmp_path):
    assert "no bucket" in _start(tmp_path, **s3_settings(s3_endpoint, ""))
    assert "'local' or 's3'" in _start(tmp_path, STORAGE="ftp")
    settings = {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": "sqlite://", "PACK_STORAGE": "s3://b/p"}  # fmt: skip
    with pytest.raises(ValueError, match="PACK_STORAGE: a folder"):
        create_app(settings)


def test_a_bucket_without_credentials_stops_the_start_saying_so(s3_endpoint, tmp_path, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    settings = {**s3_settings(s3_endpoint, "planner-files"), "S3_ACCESS_KEY_ID": "",
                "S3_SECRET_ACCESS_KEY": ""}  # fmt: skip
    assert "no credentials (set PLANNER_S3_ACCESS_KEY_ID" in _start(tmp_path, **settings)
