"""The rules of a meeting's documents: what a paper is (a PDF, checked by its content, within
``PAPERS_MAX_BYTES``), how its language versions and their history grow, who may read it, and
the notices that the hourly "new documents" e-mail gathers.

A new upload never replaces a file: it is the next version in its language, and the older
ones stay readable. Reading follows the document's visibility: ``public`` (anyone, once the
meeting is published and not confidential), ``participants`` (the meeting's participants,
not those the organisers removed) or ``members`` (those participants whose organisation is a
member of the meeting's body on the meeting's day). Each refusal names the field at fault
and comes before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from planner.api.fields import LANGUAGE_PATTERN
from planner.calendars.service import ATTACHMENT_SOURCES, FEED_ATTACHMENT_SOURCES, Feed, Site
from planner.db import one_of
from planner.documents.models import (
    Document,
    DocumentKind,
    DocumentNotice,
    DocumentVersion,
    Visibility,
)
from planner.errors import Invalid, NotFound
from planner.events.models import (
    EXPECTED_STATUSES,
    LIVE_STATUSES,
    Event,
    ParticipantStatus,
    Participation,
)
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.agenda.service import item_of
from planner.governance.proxies.service import lock_meeting
from planner.links import delegate_document_path, feed_document_path, public_document_path
from planner.members.models import (
    Body,
    BodySeat,
    Membership,
    Organisation,
    SeatRole,
    VotingRule,
)
from planner.uploads import service as uploads
from planner.validation import check

#: What the papers of a meeting may be, and the setting that caps their size.
PAPERS = (uploads.Kind.PDF,)
PAPERS_LIMIT = "PAPERS_MAX_BYTES"
PDF_TYPE = uploads.Kind.PDF.content_type
#: The language a document falls back to when it has no version in the reader's.
FALLBACK_LANGUAGE = "en"
#: What ``add`` and ``edit`` take besides the file.
FIELDS = frozenset({"title", "kind", "visibility", "agenda_item_id"})


def document_of(event: Event, document_id: int) -> Document:
    """One document of this meeting (NotFound also when it is another meeting's)."""
    document = db.session.get(Document, document_id)
    if document is None or document.event_id != event.id:
        raise NotFound(
            _("document %(id)s does not exist in event %(event)s", id=document_id, event=event.id)
        )
    return document


def version_of(document: Document, version_id: int) -> DocumentVersion:
    version = next((v for v in document.versions if v.id == version_id), None)
    if version is None:
        raise NotFound(
            _("version %(id)s of document %(document)s does not exist",
              id=version_id, document=document.id)
        )  # fmt: skip
    return version


# Writing ---------------------------------------------------------------------------------


def add(
    event: Event,
    data: dict[str, Any],
    file: bytes,
    filename: str | None,
    language: str,
    uploaded_by_id: int | None = None,
) -> Document:
    """A new document of the meeting with its first version (in ``language``)."""
    if not (data.get("title") or "").strip():
        raise Invalid.field("title", _("must not be blank"))
    values = _checked(event, {"kind": DocumentKind.OTHER, **data})
    language = _language(language)
    lock_meeting(event)
    document = Document(event_id=event.id, **values)
    db.session.add(document)
    _new_version(document, file, filename, language, uploaded_by_id)
    return document


def add_version(
    document: Document,
    file: bytes,
    filename: str | None,
    language: str,
    uploaded_by_id: int | None = None,
) -> DocumentVersion:
    """The next version of the document in ``language`` (its first, for a new language); the
    versions before it stay in the history."""
    language = _language(language)
    lock_meeting(document.event)
    return _new_version(document, file, filename, language, uploaded_by_id)


def edit(document: Document, changes: dict[str, Any]) -> Document:
    """Another title, kind, visibility or agenda item (``agenda_item_id`` None: the meeting)."""
    if "title" in changes and not (changes["title"] or "").strip():
        raise Invalid.field("title", _("must not be blank"))
    values = _checked(document.event, changes)
    for name, value in values.items():
        setattr(document, name, value)
    db.session.flush()
    return document


def _new_version(
    document: Document,
    file: bytes,
    filename: str | None,
    language: str,
    uploaded_by_id: int | None,
) -> DocumentVersion:
    upload = uploads.store(
        file, filename, PAPERS, uploaded_by_id, field="file", limit_setting=PAPERS_LIMIT
    )
    # The meeting's row lock (taken by the callers) keeps two uploads from taking one number.
    numbers = [v.number for v in document.versions if v.language == language]
    version = DocumentVersion(
        document=document, language=language, number=max(numbers, default=0) + 1, upload=upload
    )
    db.session.add(version)
    db.session.flush()
    _notify(document)
    return version


def _checked(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"not document fields: {sorted(unknown)}")
    values = dict(data)
    if "title" in values:
        values["title"] = values["title"].strip()
    for name, enum_cls in (("kind", DocumentKind), ("visibility", Visibility)):
        if name in values:
            try:
                values[name] = enum_cls(values[name])
            except ValueError:
                choices = ", ".join(member.value for member in enum_cls)
                message = _("must be one of: %(choices)s", choices=choices)
                raise Invalid.field(name, message) from None
    if values.get("visibility") is Visibility.MEMBERS and event.body_id is None:
        raise Invalid.field(
            "visibility", _("this meeting belongs to no body: choose public or participants")
        )
    if values.get("agenda_item_id") is not None:
        try:
            item_of(event, values["agenda_item_id"])
        except NotFound as error:
            raise Invalid.field("agenda_item_id", error.message) from None
    check(Document, values)
    return values


def _language(language: str | None) -> str:
    language = (language or "").strip()
    if not LANGUAGE_PATTERN.fullmatch(language) or len(language) > 16:
        raise Invalid.field("language", _("must be a language tag such as ko or pt-BR"))
    return language


# Versions a reader is shown --------------------------------------------------------------


def newest_versions(document: Document) -> dict[str, DocumentVersion]:
    """The newest version in each language of the document."""
    newest: dict[str, DocumentVersion] = {}
    for version in document.versions:
        if version.language not in newest or version.number > newest[version.language].number:
            newest[version.language] = version
    return newest


def version_for(document: Document, language: str | None) -> DocumentVersion:
    """The newest version in ``language`` when there is one, else in English, else in the
    language uploaded first."""
    newest = newest_versions(document)
    for wanted in (language, FALLBACK_LANGUAGE):
        if wanted in newest:
            return newest[wanted]
    return min(newest.values(), key=lambda version: version.id)


# Who may read ----------------------------------------------------------------------------


def member_organisations(event: Event, organisation_ids: Collection[int] | None = None) -> set[int]:
    """The organisations (among ``organisation_ids`` if given) that are members of the
    meeting's body on its day: the whole membership (full and associate members) for a body
    such as the General Assembly whose members vote by standing, else those holding a seat
    other than an observer's."""
    body: Body | None = event.body
    if body is None:
        return set()
    if VotingRule(body.voting_rule) is VotingRule.GOOD_STANDING:
        statement = sa.select(Organisation.id).where(Organisation.membership != Membership.PARTNER)
        column = Organisation.id
    else:
        day = meeting_day(event)
        statement = sa.select(BodySeat.organisation_id).where(
            BodySeat.body_id == body.id,
            BodySeat.role != SeatRole.OBSERVER,
            BodySeat.term_start <= day,
            sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= day),
        )
        column = BodySeat.organisation_id
    if organisation_ids is not None:
        statement = statement.where(column.in_(set(organisation_ids)))
    return set(db.session.scalars(statement))


def is_public(document: Document) -> bool:
    """Readable by anyone: a public document of a published meeting that is not confidential."""
    event = document.event
    return (
        document.visibility is Visibility.PUBLIC and event.is_published and not event.confidential
    )


def may_read(document: Document, participation: Participation) -> bool:
    """May this participant (through their RSVP link) read this document?"""
    return bool(readable([document], participation))


def readable(documents: Iterable[Document], participation: Participation) -> list[Document]:
    """Those of ``documents`` that this participant may read: their own meeting's, while they
    are on it, and those for members only if their organisation is one."""
    return readable_by_each(documents, [participation])[participation.id]


def readable_by_each(
    documents: Iterable[Document], participations: Collection[Participation]
) -> dict[int, list[Document]]:
    """For each participation (by id), those of ``documents`` it may read; the body's members
    are looked up once for all of them."""
    documents = list(documents)
    members: set[tuple[int, int]] = set()  # (meeting, organisation)
    meetings = {p.event_id: p.event for p in participations}
    if any(d.visibility is Visibility.MEMBERS for d in documents):
        for event in meetings.values():
            organisations = {
                p.delegate.organisation_id for p in participations if p.event_id == event.id
            }
            members |= {(event.id, o) for o in member_organisations(event, organisations)}
    return {
        participation.id: [
            document
            for document in documents
            if document.event_id == participation.event_id
            and participation.status is not ParticipantStatus.CANCELLED
            and (
                document.visibility is not Visibility.MEMBERS
                or (participation.event_id, participation.delegate.organisation_id) in members
            )
        ]
        for participation in participations
    }


def readers(document: Document) -> list[Participation]:
    """The participants told of a new document: invited to the published meeting, still
    expected, and allowed to read it."""
    event = document.event
    if event.status not in LIVE_STATUSES:
        return []
    participations = [
        p
        for p in event.participations
        if p.status in EXPECTED_STATUSES and p.invited_at is not None
    ]
    if document.visibility is Visibility.MEMBERS:
        members = member_organisations(event, {p.delegate.organisation_id for p in participations})
        participations = [p for p in participations if p.delegate.organisation_id in members]
    return participations


def _notify(document: Document) -> None:
    """A notice for each reader, written with the upload: the digest e-mails them later."""
    db.session.add_all(
        DocumentNotice(document=document, participation=participation)
        for participation in readers(document)
    )


def _with_files(event_ids: Collection[int]) -> sa.Select:
    """Documents of these meetings that have a file (asked in the same statement, not each
    document's versions loaded in turn), in the order they were added."""
    return (
        sa.select(Document)
        .where(one_of(Document.event_id, list(event_ids)), Document.versions.any())
        .order_by(Document.id)
    )


def invitation_links(participation: Participation, site: Site) -> list[tuple[str, str]]:
    """What the participant's invitation attaches: a link to each document they may read,
    through their own link (so a calendar client opens it without an account)."""
    documents = db.session.scalars(_with_files([participation.event_id]))
    token = participation.rsvp_token
    return [
        (site.base_url + delegate_document_path(token, document.id), PDF_TYPE)
        for document in readable(documents, participation)
    ]


def feed_links(feed: Feed, event_ids: list[int], site: Site) -> dict[int, list[tuple[str, str]]]:
    """What a feed attaches to each of its meetings: a delegate's feed, the documents they may
    read (through the feed's own secret); every other feed, the public documents."""
    links: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(event_ids), 500):  # bounded IN lists
        chunk = event_ids[start : start + 500]
        if feed.private and feed.token:
            found = _readers_links(int(feed.key), feed.token, chunk, site)
        else:
            found = _public_links(chunk, site)
        links.update(found)
    return links


def _readers_links(
    delegate_id: int, feed_token: str, event_ids: list[int], site: Site
) -> dict[int, list[tuple[str, str]]]:
    participations = list(db.session.scalars(
        sa.select(Participation)
        .where(Participation.delegate_id == delegate_id, one_of(Participation.event_id, event_ids))
        .options(joinedload(Participation.event), joinedload(Participation.delegate))
    ))  # fmt: skip
    documents = db.session.scalars(_with_files(event_ids))
    readable_by = readable_by_each(documents, participations)
    return {
        participation.event_id: [
            (site.base_url + feed_document_path(feed_token, document.id), PDF_TYPE)
            for document in readable_by[participation.id]
        ]
        for participation in participations
    }


def _public_links(event_ids: list[int], site: Site) -> dict[int, list[tuple[str, str]]]:
    links: dict[int, list[tuple[str, str]]] = {}
    public = _with_files(event_ids).where(Document.visibility == Visibility.PUBLIC)
    for document in db.session.scalars(public.options(joinedload(Document.event))):
        if is_public(document):
            url = site.base_url + public_document_path(document.id)
            links.setdefault(document.event_id, []).append((url, PDF_TYPE))
    return links


def attach_to_calendars(app: Flask) -> None:
    """Invitations and feeds link the documents of their meetings (called by create_app)."""
    app.extensions.setdefault(ATTACHMENT_SOURCES, []).append(invitation_links)
    app.extensions.setdefault(FEED_ATTACHMENT_SOURCES, []).append(feed_links)
