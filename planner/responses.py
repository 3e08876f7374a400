"""Responses that the API and the pages give alike."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response


def pdf_response(pdf: bytes, filename: str) -> Response:
    """A PDF shown in the browser and kept by no cache: packs carry check-in codes."""
    response = Response(pdf, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def download_response(data: bytes, content_type: str, filename: str, fallback: str) -> Response:
    """A file to save, kept by no cache: ``fallback`` (ASCII) names it for clients that know
    only ``filename``, the real name travels as RFC 6266's ``filename*`` in UTF-8. Path
    separators and control characters in the real name become dashes."""
    safe = "".join(
        "-" if ch in "/\\" or unicodedata.category(ch) == "Cc" else ch for ch in filename
    )
    assert fallback.isascii() and '"' not in fallback, fallback
    response = Response(data, content_type=content_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
