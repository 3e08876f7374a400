"""What the API and the pages share for uploads: a bigger body allowed on the routes that
take a file, and the one way an upload's bytes are handed out."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request, send_file

from planner.uploads.models import Upload
from planner.uploads.service import open_upload

#: Room for the rest of a multipart form (field names, boundaries, a CSRF token) beside the
#: largest file the service takes.
FORM_OVERHEAD = 64 * 1024


def takes_upload(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let this route's request body be as large as the largest upload (the application's
    ``MAX_CONTENT_LENGTH`` is far smaller); anything larger still answers 413."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"] + FORM_OVERHEAD
        return view(*args, **kwargs)

    return wrapper


def upload_response(upload: Upload) -> Response:
    """The file as a download, never shown inline (a browser must not run or render what a
    delegate sent), kept by no cache; callers have checked that the reader may see it."""
    response = send_file(
        open_upload(upload),
        mimetype=upload.content_type,
        as_attachment=True,
        download_name=upload.filename,
        conditional=False,
        etag=False,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
