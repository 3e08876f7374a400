"""``/healthz`` checks the database, the broker and the file storage, each failure named (and
only named: no host or address reaches the answer); ``/readyz`` says whether the database
answers at this code's migration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import stamp, upgrade

from planner.extensions import db
from planner.ops.health import expected_revision
from tests.conftest import make_app

# A port nothing listens on: connections are refused at once.
CLOSED = "127.0.0.1:9"


def _checks(response) -> dict:
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"].startswith("no-store")
    return {name: check["ok"] for name, check in response.json["checks"].items()}


def test_a_healthy_process_says_so(app):
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 200 and answer.json["status"] == "ok"
    assert _checks(answer) == {"database": True, "broker": True, "storage": True}
    assert all(check["ms"] >= 0 for check in answer.json["checks"].values())


def test_an_unreachable_broker_is_named_without_its_address(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'h.db'}", tmp_path,
                   CELERY_BROKER_URL=f"redis://{CLOSED}/0")  # fmt: skip
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503 and answer.json["status"] == "failing"
    assert _checks(answer) == {"database": True, "broker": False, "storage": True}
    assert answer.json["checks"]["broker"]["error"]
    assert (
        CLOSED not in answer.get_data(True) and "9" not in answer.json["checks"]["broker"]["error"]
    )


def test_an_unreachable_database_fails_in_seconds(tmp_path):
    app = make_app(f"postgresql+psycopg://planner@{CLOSED}/planner", tmp_path)
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503
    assert _checks(answer) == {"database": False, "broker": True, "storage": True}
    assert app.test_client().get("/readyz").status_code == 503


def test_storage_that_cannot_keep_a_file_fails(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    folder = Path(app.config["UPLOAD_STORAGE"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_bytes(b"")  # a file where the folder should be (a lost mount, say)
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503
    assert _checks(answer) == {"database": True, "broker": True, "storage": False}


def test_ready_only_at_this_codes_migration(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    client = app.test_client()
    never = client.get("/readyz")
    assert never.status_code == 503 and _checks(never) == {"database": True, "schema": False}
    with app.app_context():
        upgrade()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and _checks(ready) == {"database": True, "schema": True}
    with app.app_context():
        stamp(revision="a18_travel")  # as if the code were deployed before its migration ran
        assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) != (
            expected_revision(str(Path(__file__).parents[2] / "planner" / "migrations"))
        )
    assert client.get("/readyz").status_code == 503


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_no_login_is_needed_and_nothing_is_cached(app, path):
    answer = app.test_client().get(path)
    assert answer.status_code == 200
    assert "no-store" in answer.headers["Cache-Control"]
