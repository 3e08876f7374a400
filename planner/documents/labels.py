"""Kinds and visibilities of documents in the reader's language: the pages and the packs name
them alike."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.documents.models import DocumentKind, Visibility

_KINDS = {
    DocumentKind.AGENDA: _l("agenda"),
    DocumentKind.REPORT: _l("report"),
    DocumentKind.BUDGET: _l("budget"),
    DocumentKind.RESOLUTION: _l("draft resolution"),
    DocumentKind.PRESENTATION: _l("presentation"),
    DocumentKind.OTHER: _l("other"),
}
_VISIBILITIES = {
    Visibility.PUBLIC: _l("public"),
    Visibility.PARTICIPANTS: _l("participants"),
    Visibility.MEMBERS: _l("members of the body"),
}


def document_kind_label(kind: DocumentKind) -> str:
    return str(_KINDS[kind])


def visibility_label(visibility: Visibility) -> str:
    return str(_VISIBILITIES[visibility])


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(label)) for kind, label in _KINDS.items()]


def visibility_choices() -> list[tuple[str, str]]:
    return [(visibility.value, str(label)) for visibility, label in _VISIBILITIES.items()]
