"""The directory and a meeting's participants as tables, for the one formula-safe CSV/XLSX
writer (``planner.governance.reports.tabular``).

The directory's tables are headed with the import's own column names and hold what the import
reads (an organisation by its slug, yes/no flags), so an exported file can be edited and
imported again: unchanged, it changes nothing. The participants' table is for people: headings
and values in the reader's language, names in Latin script and in the person's own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from planner.events.labels import participant_status_label, role_label
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.governance.credentials.service import credentials_of, state
from planner.governance.reports.labels import credential_state_label
from planner.governance.reports.tabular import Cell, Table, local_time, to_csv, to_xlsx
from planner.members.models import Delegate, Organisation
from planner.packs.reports.files import CSV, XLSX, Format
from planner.sheets.service import DELEGATE_COLUMNS, ORGANISATION_COLUMNS

#: The formats the directory and the participants are written in, by extension.
FORMATS = {file_format.extension: file_format for file_format in (CSV, XLSX)}


@dataclass(frozen=True)
class Export:
    table: Table
    name: str  # ASCII, for the file name

    def render(self, file_format: Format) -> bytes:
        return to_csv(self.table) if file_format is CSV else to_xlsx(self.table)

    def filenames(self, file_format: Format) -> tuple[str, str]:
        """The file's name in the reader's language, and an ASCII one."""
        extension = file_format.extension
        return f"{self.table.title}.{extension}", f"{self.name}.{extension}"


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def organisations_export() -> Export:
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.slug))
    names = [column.name for column in ORGANISATION_COLUMNS]
    rows: list[list[Cell]] = [
        [_cell(getattr(organisation, name)) for name in names] for organisation in organisations
    ]
    return Export(Table(_("Organisations"), names, rows), "organisations")


def delegates_export() -> Export:
    delegates = db.session.scalars(
        sa.select(Delegate).options(selectinload(Delegate.organisation)).order_by(Delegate.email)
    )
    names = [column.name for column in DELEGATE_COLUMNS]
    rows: list[list[Cell]] = [
        [
            delegate.organisation.slug if name == "organisation" else _cell(getattr(delegate, name))
            for name in names
        ]
        for delegate in delegates
    ]
    return Export(Table(_("Delegates"), names, rows), "delegates")


def _cell(value: object) -> Cell:
    if isinstance(value, bool):
        return _flag(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return value  # type: ignore[return-value]  # the columns hold text


def participants_export(event: Event) -> Export:
    """Everyone invited to the meeting (removed ones too, marked so): organisation and name in
    both scripts, e-mail, role, answer and when it came (the meeting's time zone), needs, and
    the part each plays in a member's credentials."""
    zone = ZoneInfo(event.timezone)
    participations = db.session.scalars(
        sa.select(Participation)
        .where(Participation.event_id == event.id)
        .options(selectinload(Participation.delegate).selectinload(Delegate.organisation))
    ).all()
    credentials: dict[int, str] = {}
    for credential in credentials_of(event.id):
        where = credential_state_label(state(credential))
        credentials[credential.delegate_id] = _("Delegate: %(state)s", state=where)
        if credential.alternate_id is not None:
            credentials[credential.alternate_id] = _("Alternate: %(state)s", state=where)
    rows: list[list[Cell]] = []
    ordered = sorted(
        participations,
        key=lambda p: (p.delegate.organisation.name.casefold(), p.delegate.sort_name.casefold()),
    )
    for participation in ordered:
        delegate = participation.delegate
        organisation = delegate.organisation
        rows.append(
            [
                organisation.name,
                organisation.native_name,
                delegate.full_name,
                delegate.native_name,
                delegate.title,
                delegate.position,
                delegate.email,
                role_label(participation.role),
                participant_status_label(participation.status),
                local_time(participation.responded_at, zone),
                delegate.dietary_needs,
                delegate.accessibility_needs,
                _("yes") if delegate.needs_visa_letter else _("no"),
                credentials.get(participation.id),
            ]
        )
    headings = [
        _("Organisation"),
        _("Organisation (own script)"),
        _("Name"),
        _("Name (own script)"),
        _("Courtesy title"),
        _("Position"),
        _("E-mail"),
        _("Role"),
        _("Answer"),
        _("Answered (%(zone)s)", zone=event.timezone),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Visa letter"),
        _("Credentials"),
    ]
    return Export(Table(_("Participants"), headings, rows), f"participants-{event.id}")
