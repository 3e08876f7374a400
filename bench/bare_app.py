"""The yardstick: a bare Flask endpoint answering fixed bytes (those of the real endpoint)."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
MIMETYPE = os.environ.get("BENCH_BODY_TYPE", "application/json")


@app.get(os.environ.get("BENCH_BODY_PATH", "/api/v1/events"))
def static_body() -> Response:
    return Response(BODY, mimetype=MIMETYPE)
