"""/api/v1 endpoints of spreadsheets: importing the directory (a preview, then the import) and
exporting the directory and a meeting's participants as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict

from planner.api import Blueprint, acting_user_id
from planner.db import get_or_404, utcnow
from planner.errors import Invalid
from planner.events.models import Event
from planner.extensions import db
from planner.responses import download_response
from planner.sheets import service, staging
from planner.sheets.exports import (
    FORMATS,
    Export,
    delegates_export,
    organisations_export,
    participants_export,
)
from planner.sheets.reading import FIELD
from planner.sheets.schemas import ExportQuery, ImportFormSchema, PlanSchema
from planner.uploads.service import check_filename
from planner.uploads.views import takes_upload


class _MultipartParser(type(Blueprint.ARGUMENTS_PARSER)):  # type: ignore[misc]
    """Reads a form's fields and its file from one multipart body, so that one schema (and
    one request body in the OpenAPI document) describes both."""

    __location_map__ = {
        **type(Blueprint.ARGUMENTS_PARSER).__location_map__,
        "multipart": "load_multipart",
    }

    def load_multipart(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class _Blueprint(Blueprint):
    ARGUMENTS_PARSER = _MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


blp = _Blueprint("sheets", __name__, description="Spreadsheets: directory imports and exports")

_FILES = {
    file_format.content_type.partition(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for file_format in FORMATS.values()
}
_TOO_LARGE = "the file (or the whole body) is larger than allowed"


def _uploaded(args: dict[str, Any]) -> tuple[bytes, str]:
    upload = args.get("file")
    if upload is None:
        raise Invalid.field(FIELD, _("choose a file to upload"))
    name = check_filename(upload.filename, FIELD)
    data = upload.read()
    if not data:
        raise Invalid.field(FIELD, _("the file is empty"))
    return data, name


@blp.post("/imports/preview")
@takes_upload
@blp.arguments(ImportFormSchema, location="multipart")
@blp.response(200, PlanSchema)
@blp.alt_response(413, description=_TOO_LARGE)
def preview_import(args):
    """What importing the file would do, row by row: create, update, leave unchanged, or
    refuse, with the reasons per column. Nothing is written to the directory; the file is kept
    for an hour, and the answer's ``token`` imports exactly it. A file that cannot be read at
    all (a formula, a merged or missing heading, too many rows, not UTF-8...) is a 422 naming
    ``file``."""
    data, name = _uploaded(args)
    planned = service.preview(args["kind"], data, name)
    token = staging.stage(args["kind"], data, name, acting_user_id(), utcnow())
    db.session.commit()
    return {"kind": planned.kind, "counts": planned.counts, "rows": planned.rows, "token": token}


@blp.post("/imports")
@takes_upload
@blp.arguments(ImportFormSchema, location="multipart")
@blp.response(201, PlanSchema)
@blp.alt_response(413, description=_TOO_LARGE)
def run_import(args):
    """Import the file (or the previewed one, by ``token``) in one transaction: every row or,
    while any row is refused, none (422 naming ``file`` and each refused row's columns).
    Organisations are matched by ``slug``, delegates by ``email``: importing the same file
    again changes nothing."""
    found = None
    if args.get("token"):
        found = staging.staged(args["token"], acting_user_id())
        if found.kind is not args["kind"]:
            raise Invalid.field("kind", _("The preview was of %(kind)s.", kind=found.kind.value))
        data, name = found.data, found.filename
    else:
        data, name = _uploaded(args)
    planned = service.import_rows(args["kind"], data, name)
    if found is not None:
        staging.discard(found)
    db.session.commit()
    return {"kind": planned.kind, "counts": planned.counts, "rows": planned.rows}


def _download(export: Export, extension: str) -> Response:
    file_format = FORMATS[extension]
    filename, fallback = export.filenames(file_format)
    return download_response(
        export.render(file_format), file_format.content_type, filename, fallback
    )


_EXPORTED = {"200": {"description": "the file, as CSV or XLSX", "content": _FILES}}


@blp.get("/exports/organisations")
@blp.arguments(ExportQuery, location="query")
@blp.doc(responses=_EXPORTED)
def export_organisations(args):
    """Every organisation, with the import's columns: edit it and import it again."""
    return _download(organisations_export(), args["format"])


@blp.get("/exports/delegates")
@blp.arguments(ExportQuery, location="query")
@blp.doc(responses=_EXPORTED)
def export_delegates(args):
    """Every delegate, with the import's columns (``organisation`` is its slug)."""
    return _download(delegates_export(), args["format"])


@blp.get("/events/<int:event_id>/exports/participants")
@blp.arguments(ExportQuery, location="query")
@blp.doc(responses=_EXPORTED)
def export_participants(args, event_id: int):
    """Everyone invited to the meeting: organisation and name in Latin script and their own,
    e-mail, role, answer and when it came, needs, visa letter, and their part in a member's
    credentials; in the reader's language."""
    event = get_or_404(Event, event_id, "event")
    return _download(participants_export(event), args["format"])
