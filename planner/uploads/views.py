"""What the API and the pages share for uploads: a bigger body allowed on the routes that
take a file, and the one way an upload's bytes are handed out."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request, send_file

from planner.uploads.models import Upload
from planner.uploads.service import UPLOAD_LIMIT, open_upload

#: Room for the rest of a multipart form (field names, boundaries, a CSRF token) beside the
#: largest file the service takes.
FORM_OVERHEAD = 64 * 1024


def takes_upload_up_to(setting: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let the route's request body be as large as the largest upload that ``setting``
    allows (the application's ``MAX_CONTENT_LENGTH`` is far smaller); anything larger still
    answers 413."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request.max_content_length = current_app.config[setting] + FORM_OVERHEAD
            return view(*args, **kwargs)

        return wrapper

    return decorate


#: Routes taking a letter or an image (``UPLOAD_MAX_BYTES``).
takes_upload = takes_upload_up_to(UPLOAD_LIMIT)


def upload_response(upload: Upload, cache_control: str = "private, no-store") -> Response:
    """The file as a download, never shown inline (a browser must not run or render what a
    delegate sent); callers have checked that the reader may see it. By default kept by no
    cache; a file that may be cached (``cache_control``) carries its SHA-256 as ETag and
    answers a matching conditional request with 304."""
    cached = "no-store" not in cache_control
    # Streamed from storage (a folder or the bucket) through this response, never a redirect
    # to the bucket: the reader's rights are checked on every request and the headers below
    # hold whatever the storage.
    response = send_file(
        open_upload(upload),
        mimetype=upload.content_type,
        as_attachment=True,
        download_name=upload.filename,
        conditional=cached,
        etag=upload.sha256 if cached else False,
        max_age=None,
    )
    if response.status_code == 200:
        response.content_length = upload.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = cache_control
    return response
