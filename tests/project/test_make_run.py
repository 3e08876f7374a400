"""``make run``: the web server, the worker and beat agree on the address links point to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Stands in for .venv/bin/celery and .venv/bin/flask: loads the application the way the real
# program would (the worker and beat through planner.worker, the web server through wsgi), then
# writes down which base URL it was configured with.
STAND_IN = f"""#!{sys.executable}
import json, os, sys
sys.path.insert(0, {str(ROOT)!r})
if os.path.basename(sys.argv[0]) == "celery":
    from planner.worker import flask_app as app
    process = sys.argv[3]
else:
    from wsgi import app
    process = "web"
with open(os.environ["STAND_IN_REPORT"], "a") as report:
    report.write(json.dumps({{process: app.config["PLANNER_BASE_URL"]}}) + "\\n")
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, "http://127.0.0.1:5999"),
        ({"PLANNER_BASE_URL": "https://p.example"}, "https://p.example"),
    ],
)
def test_make_run_gives_all_three_processes_the_same_base_url(tmp_path, given, expected):
    stand_ins = tmp_path / "bin"
    stand_ins.mkdir()
    for program in ("celery", "flask"):
        (stand_ins / program).write_text(STAND_IN)
        (stand_ins / program).chmod(0o755)
    report = tmp_path / "report.jsonl"
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("PLANNER_")
    }
    environment |= {"STAND_IN_REPORT": str(report), "PLANNER_INSTANCE_PATH": str(tmp_path)}
    environment |= given
    # "-o demo": the database set-up is not what is checked here.
    subprocess.run(
        ["make", "--no-print-directory", "-o", "demo", "run", f"BIN={stand_ins}", "PORT=5999"],
        cwd=ROOT, env=environment, start_new_session=True, timeout=120, capture_output=True,
    )  # fmt: skip
    seen: dict[str, str] = {}
    for line in report.read_text().splitlines():
        seen |= json.loads(line)
    assert seen == {"worker": expected, "beat": expected, "web": expected}
