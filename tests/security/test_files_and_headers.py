"""Files only the service's own user can read, and headers (issue 11, item 8): files 0600 and
folders 0700 from their creation; Strict-Transport-Security behind an https base URL;
``Cache-Control: no-store`` on everything that carries secrets or personal data, while the
public feeds stay cacheable with their validators."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from planner.packs import jobs
from tests.conftest import PASSWORD, make_app


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _private(path: Path) -> None:
    expected = 0o700 if path.is_dir() else 0o600
    assert _mode(path) == expected, f"{path}: {oct(_mode(path))}"


@pytest.fixture
def usual_umask():
    """The umask a shell usually gives (022): the service must not depend on a stricter one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_generated_secret_key_and_its_folder_are_private(tmp_path, usual_umask):
    instance = tmp_path / "instance"
    app = make_app(f"sqlite:///{tmp_path / 'x.db'}", instance, SECRET_KEY=None)
    assert app.config["SECRET_KEY"]
    _private(instance)
    _private(instance / "secret_key")


def test_the_database_made_by_db_upgrade_is_private(tmp_path, usual_umask):
    instance = tmp_path / "instance"
    database = instance / "planner.db"
    app = make_app(f"sqlite:///{database}", instance, SECRET_KEY=None)  # as `make run` does
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        db.engine.dispose()
    _private(database)
    _private(instance)


def test_pack_cache_and_run_files_are_private(app, api, assembly):
    event_id = assembly["event"]["id"]
    participant = assembly["participants"][0]["id"]
    assert api.get(f"/events/{event_id}/participants/{participant}/pack.pdf").status_code == 200
    job = api.post(f"/events/{event_id}/packs").json
    jobs.make_badge_sheet(job["id"])
    for part in jobs.chunks(job["id"]):
        jobs.make_packs(job["id"], part)
    jobs.assemble(job["id"])

    storage = Path(app.config["PACK_STORAGE"])
    made = [storage, storage / "cache", *(storage / "cache").iterdir()]
    folder = storage / jobs.job_folder(job["id"])
    made += [storage / "jobs", folder, *folder.iterdir()]
    assert {path.name for path in folder.iterdir()} >= set(jobs.RESULT_FILES.values())
    for path in made:
        _private(path)


# Headers ---------------------------------------------------------------------------------------


def test_hsts_is_sent_when_the_base_url_is_https(app, tmp_path):
    assert app.config["PLANNER_BASE_URL"].startswith("https://")
    sent = app.test_client().get("/login").headers.get("Strict-Transport-Security", "")
    assert "max-age=" in sent and int(sent.split("max-age=")[1].split(";")[0]) >= 31536000

    plain = make_app(f"sqlite:///{tmp_path / 'x.db'}", tmp_path, PLANNER_BASE_URL="http://x")
    assert "Strict-Transport-Security" not in plain.test_client().get("/login").headers


def _no_store(response) -> None:
    assert response.status_code == 200, (response.status_code, response.data[:200])
    assert "no-store" in response.headers.get("Cache-Control", ""), response.headers


def test_answers_with_secrets_or_personal_data_are_not_stored(app, api, assembly):
    event_id = assembly["event"]["id"]
    participant = assembly["participants"][0]
    one = f"/events/{event_id}/participants/{participant['id']}"
    assert api.post(f"/events/{event_id}/publish").status_code == 200
    for path in (
        f"/events/{event_id}/participants",
        one + "/invite.ics",
        one + "/pack.pdf",
        f"/events/{event_id}/badges.pdf",
        "/delegates",
        f"/delegates/{participant['delegate_id']}",
        f"/events/{event_id}/messages",
    ):
        _no_store(api.get(path))
    job = api.post(f"/events/{event_id}/packs").json
    jobs.make_badge_sheet(job["id"])
    for part in jobs.chunks(job["id"]):
        jobs.make_packs(job["id"], part)
    jobs.assemble(job["id"])
    for url in api.get(f"/jobs/{job['id']}").json["result"].values():
        _no_store(api.get(url.split("/api/v1", 1)[1]))

    client = app.test_client()
    rsvp = participant["rsvp_url"].removeprefix("https://planner.example")
    _no_store(client.get(rsvp))
    _no_store(client.get(rsvp + "/pack.pdf"))

    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    login = {"email": "kim@secretariat.example", "password": PASSWORD}
    assert client.post("/login", data=login).status_code == 302
    for page in (
        "/dashboard",
        f"/meetings/{event_id}",
        f"/meetings/{event_id}/participants",
        f"/meetings/{event_id}/packs",
        "/members",
    ):
        _no_store(client.get(page))


def test_public_feeds_stay_cacheable_with_their_validators(app, api, assembly):
    assert api.post(f"/events/{assembly['event']['id']}/publish").status_code == 200
    client = app.test_client()
    for path in ("/calendar/public.ics", "/calendar/bodies/general-assembly.ics"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["ETag"]
        assert "no-store" not in response.headers["Cache-Control"]
        assert "public" in response.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
