"""The kinds of agenda item in the reader's language: the pages and the packs name them alike."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.governance.models import AgendaItemKind

_KINDS = {
    AgendaItemKind.PROCEDURAL: _l("procedural"),
    AgendaItemKind.REPORT: _l("report"),
    AgendaItemKind.BUDGET: _l("budget"),
    AgendaItemKind.RESOLUTION: _l("resolution"),
    AgendaItemKind.ELECTION: _l("election"),
    AgendaItemKind.ADMISSION: _l("admission of members"),
    AgendaItemKind.OTHER: _l("other"),
}


def agenda_kind_label(kind: AgendaItemKind) -> str:
    return str(_KINDS[kind])
