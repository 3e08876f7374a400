"""The documents tab of a meeting (organisers upload, viewers read everything), the files
for signed-in staff, a delegate's documents through their RSVP link, and public documents
for anyone. Every file goes out as a download, after its reader's access is checked.

The upload forms are exempt from the application-wide CSRF check, which would read the body
under the small global limit: their FlaskForms check the same token themselves, once
``takes_paper`` has allowed a paper's size."""

from __future__ import annotations

import functools

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from planner.calendars.service import delegate_by_feed_token
from planner.db import get_or_404
from planner.documents import labels, queries, service
from planner.documents.api import CHANGING, FIXED, papers_response, takes_paper
from planner.documents.models import Document
from planner.documents.papers import papers_pdf
from planner.events import queries as events
from planner.events.models import Event, Participation
from planner.extensions import csrf
from planner.governance.agenda.queries import agenda, flat
from planner.uploads.views import upload_response
from planner.web.access import organisers_only
from planner.web.document_forms import DocumentForm, VersionForm
from planner.web.refusals import pages_blueprint, received_upload, saving

bp = pages_blueprint("documents_pages", __name__)
bp.add_app_template_global(labels.document_kind_label)
bp.add_app_template_global(labels.visibility_label)

_PAGE = "/meetings/<int:event_id>/documents"
#: A public document is the same for everyone: shared caches may keep it a little while.
PUBLIC = "public, max-age=300"


def _document_form(event: Event, **kwargs) -> DocumentForm:
    form = DocumentForm(**kwargs)
    form.kind.choices = labels.kind_choices()
    form.visibility.choices = [
        choice
        for choice in labels.visibility_choices()
        if event.body_id is not None or choice[0] != "members"
    ]
    form.agenda_item_id.choices = [SelectChoice("", _("The meeting as a whole"))] + [
        SelectChoice(entry.item.id, f"{entry.number}. {entry.item.title}")
        for entry in flat(agenda(event.id))
    ]
    return form


def _page(
    event: Event,
    form: DocumentForm | None = None,
    failed: tuple[int, VersionForm] | None = None,
    status: int = 200,
):
    documents = queries.documents_of(event.id)
    return render_template(
        "web/documents/index.html",
        event=event,
        shelves=queries.shelves(event.id, documents),
        form=form or _document_form(event, formdata=None),
        failed=failed,
        newest_versions=service.newest_versions,
        max_paper=current_app.config[service.PAPERS_LIMIT],
    ), status


@bp.get(_PAGE)
@login_required
def documents(event_id: int):
    return _page(get_or_404(Event, event_id, "meeting"))


@bp.post(_PAGE)
@csrf.exempt
@organisers_only
@takes_paper
def add(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form, status = received_upload(
        functools.partial(_document_form, event), "file", service.PAPERS_LIMIT
    )
    if status is None:
        values = {
            "title": form.title.data,
            "kind": form.kind.data,
            "visibility": form.visibility.data,
            "agenda_item_id": form.agenda_item_id.data,
        }
        with saving(form) as save:
            service.add(event, values, form.file.data.read(), form.file.data.filename,
                        form.language.data, current_user.id)  # fmt: skip
        if save.saved:
            flash(_("Document “%(title)s” added.", title=form.title.data))
            return redirect(url_for("documents_pages.documents", event_id=event.id), code=303)
        status = save.refusal.status if save.refusal else 422
    return _page(event, form, status=status)


@bp.post(f"{_PAGE}/<int:document_id>/versions")
@csrf.exempt
@organisers_only
@takes_paper
def add_version(event_id: int, document_id: int):
    event = get_or_404(Event, event_id, "meeting")
    document = service.document_of(event, document_id)
    form, status = received_upload(VersionForm, "file", service.PAPERS_LIMIT)
    if status is None:
        with saving(form) as save:
            service.add_version(document, form.file.data.read(), form.file.data.filename,
                                form.language.data, current_user.id)  # fmt: skip
        if save.saved:
            flash(_("New version of “%(title)s” added.", title=document.title))
            return redirect(url_for("documents_pages.documents", event_id=event.id), code=303)
        status = save.refusal.status if save.refusal else 422
    return _page(event, failed=(document.id, form), status=status)


@bp.get(f"{_PAGE}/<int:document_id>/versions/<int:version_id>")
@login_required
def version_file(event_id: int, document_id: int, version_id: int) -> Response:
    """One version, for the secretariat (organisers and viewers read every document)."""
    document = service.document_of(get_or_404(Event, event_id, "meeting"), document_id)
    return upload_response(service.version_of(document, version_id).upload, FIXED)


@bp.get("/rsvp/<token>/documents/<int:document_id>")
def delegate_file(token: str, document_id: int) -> Response:
    """A document of the delegate's meeting, if its visibility lets them read it: the newest
    version in ``?lang=``, else in their own language, else in English."""
    participation = events.participation_for_rsvp(token)
    document = service.document_of(participation.event, document_id)
    if not service.may_read(document, participation):
        abort(404)  # as for a document that does not exist: its title stays unknown
    language = request.args.get("lang") or participation.delegate.language
    return upload_response(service.version_for(document, language).upload, CHANGING)


@bp.get("/rsvp/<token>/papers.pdf")
def delegate_papers(token: str) -> Response:
    """Every document the delegate may read, in one PDF with bookmarks, in ``?lang=`` or
    their own language (English where a document has none in it)."""
    participation = events.participation_for_rsvp(token)
    shelves = delegate_documents(participation)
    if not shelves:
        abort(404)
    language = request.args.get("lang") or participation.delegate.language
    return papers_response(papers_pdf(shelves, language), language)


@bp.get("/calendar/delegates/<token>/documents/<int:document_id>")
def feed_file(token: str, document_id: int) -> Response:
    """A document linked from a delegate's personal feed: what their RSVP link would give
    them (the same visibility rules), found through the feed's secret instead."""
    delegate = delegate_by_feed_token(token)
    document = get_or_404(Document, document_id, "document")
    participation = events.participation_of_delegate(document.event_id, delegate.id)
    if participation is None or not service.may_read(document, participation):
        abort(404)  # as for a document that does not exist: its title stays unknown
    language = request.args.get("lang") or delegate.language
    return upload_response(service.version_for(document, language).upload, CHANGING)


@bp.get("/documents/<int:document_id>")
def public_file(document_id: int) -> Response:
    """A public document of a published meeting, for anyone (feeds link here)."""
    document = get_or_404(Document, document_id, "document")
    if not service.is_public(document):
        abort(404)
    version = service.version_for(document, request.args.get("lang"))
    return upload_response(version.upload, PUBLIC)


@bp.app_template_global()
def delegate_documents(participation: Participation) -> list[queries.Shelf]:
    """What a delegate's RSVP page lists: the documents they may read, by agenda item."""
    return queries.shelves(participation.event_id, queries.readable_by(participation))
