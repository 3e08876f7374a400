"""The yardstick: a bare Flask endpoint answering fixed bytes (those of the real endpoint)."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


@app.get("/api/v1/events")
def events() -> Response:
    return Response(BODY, mimetype="application/json")
