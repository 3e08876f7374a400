"""/api/v1 endpoints of a meeting's documents: the list, uploads (a new document, a new
version; multipart/form-data), a document's history and its files. Organisers write; viewers
read every document, whatever its visibility (they are the secretariat's own)."""

from __future__ import annotations

from typing import IO

from flask import Response, send_file
from flask_babel import gettext as _

from planner.api import Blueprint, acting_user_id
from planner.api.fields import PageArgs, page_schema
from planner.db import get_or_404
from planner.documents import queries, service
from planner.documents.models import Document
from planner.documents.papers import papers_pdf
from planner.documents.schemas import (
    DocumentHistorySchema,
    DocumentSchema,
    DocumentUploadSchema,
    LanguageArgs,
    VersionUploadSchema,
)
from planner.errors import NotFound
from planner.events.models import Event
from planner.extensions import db
from planner.uploads.views import takes_upload_up_to, upload_response

blp = Blueprint("documents", __name__, description="A meeting's documents and their versions")

_LIST = "/events/<int:event_id>/documents"
_ONE = f"{_LIST}/<int:document_id>"
#: A file that may change (the newest version): kept, but checked again at each use.
CHANGING = "private, no-cache"
#: A version's file never changes.
FIXED = "private, max-age=31536000, immutable"
_PDF = {
    "200": {
        "description": "the PDF, as a download, with its SHA-256 as ETag (If-None-Match with "
        "it answers 304 Not Modified, without a body)",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    },
}
_TOO_LARGE = "the file (or the whole body) is larger than PAPERS_MAX_BYTES allows"

takes_paper = takes_upload_up_to(service.PAPERS_LIMIT)


def _document(event_id: int, document_id: int) -> Document:
    return service.document_of(get_or_404(Event, event_id, "event"), document_id)


@blp.get(_LIST)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(DocumentSchema))
def list_documents(args, event_id: int):
    """The meeting's documents, each with the newest version in each of its languages."""
    documents = queries.documents_of(get_or_404(Event, event_id, "event").id)
    start = (args["page"] - 1) * args["per_page"]
    return {"items": documents[start : start + args["per_page"]], "total": len(documents)}


@blp.post(_LIST)
@takes_paper
@blp.arguments(DocumentUploadSchema, location="multipart")
@blp.response(201, DocumentHistorySchema)
@blp.alt_response(413, description=_TOO_LARGE)
def add_document(data, event_id: int):
    """A new document with its first version: a PDF (checked by its content), of the meeting
    or of one of its agenda items. Its readers are e-mailed (an hourly digest at most)."""
    event = get_or_404(Event, event_id, "event")
    file = data.pop("file")
    language = data.pop("language")
    document = service.add(
        event, data, file.read(), file.filename, language, uploaded_by_id=acting_user_id()
    )
    db.session.commit()
    return document


@blp.get(f"{_LIST}/papers.pdf")
@blp.arguments(LanguageArgs, location="query")
@blp.doc(responses={"200": _PDF["200"]})
def papers(args, event_id: int) -> Response:
    """Every document of the meeting in one PDF, in ``lang`` (English, else the first
    language, for a document without it), with a bookmark for each under its agenda item."""
    documents = queries.documents_of(get_or_404(Event, event_id, "event").id)
    if not documents:
        raise NotFound(_("this meeting has no documents"))
    shelves = queries.shelves(event_id, documents)
    return papers_response(papers_pdf(shelves, args.get("lang")), args.get("lang") or "en")


def papers_response(pdf: IO[bytes], language: str) -> Response:
    """The papers PDF as a download, streamed from its temporary file, kept by no cache (it
    is joined for its reader)."""
    response = send_file(
        pdf,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"papers-{language}.pdf" if language.isascii() else "papers.pdf",
        conditional=False,
        etag=False,
        max_age=None,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.get(_ONE)
@blp.response(200, DocumentHistorySchema)
def get_document(event_id: int, document_id: int):
    """The document with its whole history: every version in every language."""
    return _document(event_id, document_id)


@blp.patch(_ONE)
@blp.arguments(DocumentSchema(partial=True))
@blp.response(200, DocumentHistorySchema)
def edit_document(changes, event_id: int, document_id: int):
    """Another title, kind, visibility, or agenda item (``null``: the meeting itself)."""
    document = service.edit(_document(event_id, document_id), changes)
    db.session.commit()
    return document


@blp.post(f"{_ONE}/versions")
@takes_paper
@blp.arguments(VersionUploadSchema, location="multipart")
@blp.response(201, DocumentHistorySchema)
@blp.alt_response(413, description=_TOO_LARGE)
def add_version(data, event_id: int, document_id: int):
    """A new version in a language (the next number in it; the older ones stay)."""
    document = _document(event_id, document_id)
    file = data["file"]
    service.add_version(
        document, file.read(), file.filename, data["language"], uploaded_by_id=acting_user_id()
    )
    db.session.commit()
    return document


@blp.get(f"{_ONE}/file")
@blp.arguments(LanguageArgs, location="query")
@blp.doc(responses=_PDF)
def file(args, event_id: int, document_id: int) -> Response:
    """The newest version in ``lang`` (English, else the first language, without one)."""
    version = service.version_for(_document(event_id, document_id), args.get("lang"))
    return upload_response(version.upload, CHANGING)


@blp.get(f"{_ONE}/versions/<int:version_id>/file")
@blp.doc(responses=_PDF)
def version_file(event_id: int, document_id: int, version_id: int) -> Response:
    """One version of the history, as it was uploaded."""
    version = service.version_of(_document(event_id, document_id), version_id)
    return upload_response(version.upload, FIXED)
