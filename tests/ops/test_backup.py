"""The backup and restore the README documents, done as it says: ``pg_dump -Fc`` and
``flask planner export-files``, then ``pg_restore`` into a fresh database and
``flask planner import-files`` into a fresh storage (here an S3 bucket, from local folders:
the way to move an installation onto several hosts). The restored installation serves the
same meeting and the same bytes of its paper, and is ready at once."""

from __future__ import annotations

import subprocess

import pytest

from planner.extensions import db
from tests.conftest import ApiClient, make_app, throwaway_postgres
from tests.support.documents import paper, send_paper
from tests.support.s3 import new_bucket, s3_settings

pytestmark = pytest.mark.parametrize("app", ["postgres"], indirect=True)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_a_backup_restores_into_a_fresh_database_and_bucket(app, api, event, tmp_path, s3_endpoint):
    original = paper("Budget 2027, as adopted")
    document = send_paper(api, event["id"], original, title="Budget 2027").json
    dump, files = tmp_path / "planner.dump", tmp_path / "files"
    source = _libpq(app.config["SQLALCHEMY_DATABASE_URI"])
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-d", source, "-f", str(dump)], check=True)
    exported = app.test_cli_runner().invoke(args=["planner", "export-files", str(files)])
    assert exported.exit_code == 0 and "file(s) copied" in exported.output, exported.output
    count = int(exported.output.split()[0])  # the paper, and what earlier tests left
    assert count == sum(1 for path in files.rglob("*") if path.is_file()) >= 1

    with throwaway_postgres("planner_restore") as target:
        subprocess.run(["pg_restore", "--no-owner", "-d", _libpq(target), str(dump)], check=True)
        storage = s3_settings(s3_endpoint, new_bucket(s3_endpoint), prefix="restored/")
        restored = make_app(target, tmp_path / "restored", **storage)
        with restored.app_context():  # the command runs in the app whose context is current
            runner = restored.test_cli_runner()
            imported = runner.invoke(args=["planner", "import-files", str(files)])
        assert imported.exit_code == 0, imported.output
        assert imported.output.startswith(f"{count} file(s) stored")
        client = restored.test_client()
        assert client.get("/readyz").status_code == 200  # at this code's migration
        reader = ApiClient(client, api.token)  # the API token came back with the database
        meeting = reader.get(f"/events/{event['id']}")
        assert meeting.status_code == 200 and meeting.json["title"] == event["title"]
        served = reader.get(f"/events/{event['id']}/documents/{document['id']}/file")
        assert served.status_code == 200 and served.data == original
        with restored.app_context():  # its connections closed before the database is dropped
            db.session.remove()
            db.engine.dispose()
