"""Responses that the API and the pages give alike."""

from __future__ import annotations

from flask import Response


def pdf_response(pdf: bytes, filename: str) -> Response:
    """A PDF shown in the browser and kept by no cache: packs carry check-in codes."""
    response = Response(pdf, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
