"""Spreadsheet pages: organisers import the directory (a preview of every row first, then a
confirmation that imports exactly the previewed file, all or nothing); organisers and viewers
download the directory and a meeting's participants as CSV or XLSX."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.db import get_or_404, utcnow
from planner.errors import DomainError
from planner.events.models import Event
from planner.extensions import csrf, db
from planner.responses import download_response
from planner.sheets import service, staging
from planner.sheets.exports import (
    FORMATS,
    Export,
    delegates_export,
    organisations_export,
    participants_export,
)
from planner.sheets.service import COLUMNS, Kind
from planner.uploads.service import check_filename
from planner.uploads.views import takes_upload
from planner.web.access import organisers_only
from planner.web.refusals import pages_blueprint, received_upload, saving, show_refusal
from planner.web.sheet_forms import ConfirmImportForm, ImportForm

bp = pages_blueprint("sheets_pages", __name__)

_IMPORT = "/members/import"
_DIRECTORY_EXPORTS = {"organisations": organisations_export, "delegates": delegates_export}


def _import_page(form: ImportForm, status: int = 200, **preview):
    return render_template(
        "web/directory/import.html", form=form, columns=COLUMNS, **preview
    ), status


@bp.get(_IMPORT)
@organisers_only
def import_form():
    return _import_page(ImportForm(formdata=None))


@bp.post(_IMPORT)
@csrf.exempt  # the form's own token is checked once the larger body limit applies
@organisers_only
@takes_upload
def preview():
    """The preview: every row and what importing would do with it; nothing written. The file
    stays on the server for the confirmation."""
    form, status = received_upload(ImportForm, field="file")
    if status is not None:
        return _import_page(form, status)
    kind = Kind(form.kind.data)
    try:
        name = check_filename(form.file.data.filename)
        data = form.file.data.read()
        planned = service.preview(kind, data, name)
    except DomainError as error:
        show_refusal(form, error)
        return _import_page(form, error.status)
    confirm = None
    if not planned.refused and planned.rows:
        token = staging.stage(kind, data, name, current_user.id, utcnow())
        db.session.commit()
        confirm = ConfirmImportForm(formdata=None, token=token)
    return _import_page(ImportForm(formdata=None, kind=kind.value), plan=planned,
                        filename=name, confirm=confirm)  # fmt: skip


@bp.post(f"{_IMPORT}/confirm")
@organisers_only
def confirm_import():
    """Import the previewed file in one transaction; a refusal shows the form again."""
    form = ConfirmImportForm()
    upload = ImportForm(formdata=None)
    if not form.validate_on_submit():
        upload.form_errors.append(_("The form expired; please send it again."))
        return _import_page(upload, 422)
    try:
        found = staging.staged(form.token.data, current_user.id)
    except DomainError as error:
        upload.form_errors.append(error.message)
        return _import_page(upload, error.status)
    with saving(upload) as save:
        planned = service.import_rows(found.kind, found.data, found.filename)
        staging.discard(found)
    if not save.saved:
        return _import_page(upload, save.refusal.status if save.refusal else 422)
    counts = planned.counts
    flash(_("Imported %(name)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
            name=found.filename, created=counts[service.Action.CREATE],
            updated=counts[service.Action.UPDATE],
            unchanged=counts[service.Action.UNCHANGED]))  # fmt: skip
    return redirect(url_for("sheets_pages.import_form"))


def _download(export: Export):
    file_format = FORMATS.get(request.args.get("format", ""))
    if file_format is None:
        abort(404)
    filename, fallback = export.filenames(file_format)
    return download_response(
        export.render(file_format), file_format.content_type, filename, fallback
    )


@bp.get("/members/export")
@login_required
def export_directory():
    """``?rows=organisations|delegates&format=csv|xlsx``"""
    export = _DIRECTORY_EXPORTS.get(request.args.get("rows", ""))
    if export is None:
        abort(404)
    return _download(export())


@bp.get("/meetings/<int:event_id>/participants/export")
@login_required
def export_participants(event_id: int):
    return _download(participants_export(get_or_404(Event, event_id, "event")))
