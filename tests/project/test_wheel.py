"""The package installs whole: a wheel, installed into a fresh virtual environment outside the
checkout, migrates its database and serves translated pages with nothing else on the path."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _build_wheel(tmp_path: Path) -> Path:
    """Built from a copy of the checkout without its local artefacts, so a stale build/ folder
    cannot slip into the wheel (the .mo files are compiled in the copy: they are not in git)."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "build", "dist", "*.egg-info", "instance", "node_modules"
        ),
    )
    subprocess.run(
        [BIN / "pybabel", "compile", "-d", source / "planner" / "translations"],
        check=True,
        capture_output=True,
    )
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source], check=True
    )
    (wheel,) = dist.glob("*.whl")
    return wheel


def _environment(venv: Path) -> dict[str, str]:
    """The installed package's own defaults: no checkout on the path, no configuration."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PLANNER_", "FLASK_", "CELERY_", "PYTHON", "VIRTUAL_ENV"))
        and name not in {"DATABASE_URL", "SECRET_KEY", "MAIL_URL"}
    }
    return {**kept, "PATH": f"{venv / 'bin'}{os.pathsep}{kept.get('PATH', '')}"}


def test_wheel_installs_migrates_and_serves_french(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {
        "planner",
        wheel.name.split("-py3")[0] + ".dist-info",
    }
    for expected in (
        "planner/templates/web/login.html",
        "planner/templates/mail/message.txt",
        "planner/migrations/env.py",
        "planner/migrations/alembic.ini",
        "planner/static/pack-progress.js",
        "planner/static/app.css",
        "planner/translations/fr/LC_MESSAGES/messages.mo",
        "planner/translations/ko/LC_MESSAGES/messages.po",
        "planner/packs/fonts/NotoSans-Regular.ttf",
        "planner/celery.py",
        "planner/notifications/tasks.py",
    ):
        assert expected in names, expected

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run(
        [venv / "bin" / "pip", "install", "-q", "--disable-pip-version-check", wheel], check=True
    )
    workdir = tmp_path / "run"
    workdir.mkdir()
    env = _environment(venv)

    def run(*argv: str) -> str:
        return subprocess.run(
            argv, cwd=workdir, env=env, check=True, capture_output=True, text=True
        ).stdout

    where = run(
        "python",
        "-c",
        "import planner, importlib.util as u; print(planner.__file__); print(u.find_spec('tasks'))",
    )
    assert where.splitlines() == [
        str(next(venv.glob("lib/python*/site-packages/planner/__init__.py"))),
        "None",
    ]
    run("flask", "--app", "planner", "db", "upgrade")
    # The default instance folder: instance/ in the working directory.
    assert (workdir / "instance" / "planner.db").is_file()
    registered = run(
        "python",
        "-c",
        "from planner.worker import celery; celery.loader.import_default_modules();"
        " print(' '.join(sorted(celery.tasks)))",
    ).split()
    assert {
        "tasks.mail.deliver_message",
        "tasks.auth.forget_old_sign_in_attempts",
        "tasks.reminders.dispatch_reminders",
        "tasks.packs.run_pack_job",
    } <= set(registered)

    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        ["gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "planner:create_app()"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/login", headers={"Accept-Language": "fr"}
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                # The first request imports and builds what the app needs: on a busy
                # machine it takes a while; a timeout is tried again like a refusal.
                with urllib.request.urlopen(request, timeout=20) as response:
                    page = response.read().decode()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/app.css") as response:
            stylesheet = response.read()
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    assert "Se connecter" in page
    assert "/static/app.css" in page and stylesheet
