"""Reading an uploaded spreadsheet into a heading row and rows of text, or refusing it whole.

XLSX goes through openpyxl in read-only mode, CSV through the csv module: neither is parsed by
hand. What a file could cost is bounded before anything is parsed. An XLSX is a zip: its
members are counted and their uncompressed sizes, as its directory declares them, added up
(Python's zipfile never inflates a member past its declared size, so a lying directory gains
nothing); rows are counted while they are read and reading stops at the cap.

Every refusal is an ``Invalid`` naming the ``file`` field, with a sentence an organiser can act
on (which cell, which row, what to do), raised before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath
from typing import NoReturn

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from planner.errors import Invalid
from planner.governance.reports.tabular import FORMULA_TRIGGERS

FIELD = "file"
#: Data rows one import may hold: the whole network several times over.
MAX_ROWS = 5_000
MAX_COLUMNS = 50
#: What the members of an XLSX may inflate to, together, and how many there may be.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 200
_ZIP_SIGNATURE = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Sheet:
    """The file's headings (as typed, trimmed) and its rows of text: ``rows`` pairs the
    spreadsheet's own row number with one text per column (empty cells are "")."""

    headings: list[str]
    rows: list[tuple[int, list[str]]]


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The table in an uploaded CSV or XLSX file, told apart by the name and the content."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        if data.startswith(_ZIP_SIGNATURE):
            _refuse(_("This file is a spreadsheet workbook, not CSV: name it .xlsx."))
        return _read_csv(data)
    _refuse(_("Upload a .csv or .xlsx file."))


def _refuse(message: str) -> NoReturn:
    raise Invalid(message, {FIELD: [message]})


# XLSX ---------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Sheet:
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        _refuse(_("This file could not be read as an XLSX workbook."))
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            _refuse(_("The workbook has no sheet."))
        rows: list[tuple[int, list[str]]] = []
        headings: list[str] | None = None
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            texts = [_cell_text(cell, number) for cell in cells]
            if headings is None:
                if not any(texts):
                    continue  # blank rows above the headings
                headings = _headings(texts, number)
                continue
            _append_row(rows, number, texts)
    except zipfile.BadZipFile:
        _refuse(_("This file could not be read as an XLSX workbook."))
    finally:
        workbook.close()
    if headings is None:
        _refuse(_("The sheet is empty: the first row must name the columns."))
    return Sheet(headings, rows)


def _check_zip(data: bytes) -> None:
    """Bounds on what the workbook may inflate to, read from its directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        _refuse(_("This file could not be read as an XLSX workbook."))
    if len(members) > MAX_MEMBERS:
        _refuse(_("This workbook holds too many parts (over %(n)d).", n=MAX_MEMBERS))
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        _refuse(
            _(
                "This workbook would unpack to more than %(mb)d MB: save only the sheet to "
                "import, without pictures.",
                mb=MAX_UNCOMPRESSED // (1024 * 1024),
            )
        )


def _cell_text(cell, row: int) -> str:
    """A cell as text. A formula is refused: what it shows depends on the program that
    computes it, and the import must write what the organiser saw."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        _refuse(
            _(
                "Cell %(cell)s holds a formula: replace it by its value (copy, paste values).",
                cell=f"{get_column_letter(cell.column)}{row}",
            )
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


# CSV ----------------------------------------------------------------------------------------


def _read_csv(data: bytes) -> Sheet:
    text = _decoded(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count)  # ";" where Excel writes French CSV
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    headings: list[str] | None = None
    try:
        for texts in reader:
            if headings is None:
                if any(cell.strip() for cell in texts):
                    headings = _headings(texts, reader.line_num)
                continue
            _append_row(rows, reader.line_num, texts)
    except csv.Error as error:
        _refuse(_("This CSV file is malformed: %(error)s.", error=str(error)))
    if headings is None:
        _refuse(_("The file is empty: the first row must name the columns."))
    return Sheet(headings, rows)


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with its mark; anything else is
    refused with what to do, rather than guessed at (Latin-1 decodes any bytes at all, so a
    guess would quietly turn Hangul into nonsense)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            _refuse(_("This file claims to be UTF-16 but is not valid UTF-16."))
    if b"\x00" in data:
        _refuse(_("This file looks like UTF-16 without a byte-order mark: save it as CSV UTF-8."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _refuse(
            _(
                "This file is not UTF-8 (byte %(offset)d; it may be Latin-1 or Windows-1252): "
                'save it as "CSV UTF-8" and upload it again.',
                offset=error.start + 1,
            )
        )


# Both ---------------------------------------------------------------------------------------


def _headings(texts: list[str], row: int) -> list[str]:
    """The column names: each column named, once; a merged heading leaves the cells it
    covers empty, so it is refused here too."""
    while texts and not texts[-1].strip():
        texts = texts[:-1]
    if len(texts) > MAX_COLUMNS:
        _refuse(_("The file has more than %(n)d columns.", n=MAX_COLUMNS))
    headings = [text.strip() for text in texts]
    for index, heading in enumerate(headings, start=1):
        if not heading:
            _refuse(
                _(
                    "Column %(column)s of row %(row)d has no heading (headings may not be "
                    "merged or left empty).",
                    column=get_column_letter(index),
                    row=row,
                )
            )
    seen: set[str] = set()
    for heading in headings:
        if heading.casefold() in seen:
            _refuse(_("Two columns are headed %(heading)s.", heading=repr(heading)))
        seen.add(heading.casefold())
    return headings


def _append_row(rows: list[tuple[int, list[str]]], number: int, texts: list[str]) -> None:
    if not any(text.strip() for text in texts):
        return  # blank rows between or after the data
    if len(rows) >= MAX_ROWS:
        _refuse(_("The file has more than %(n)d rows: split it into smaller files.", n=MAX_ROWS))
    rows.append((number, [_undefused(text.strip()) for text in texts]))


def _undefused(text: str) -> str:
    """A cell written by the planner's own exports: the quote that kept a formula trigger
    plain text comes off again, so an exported file imports as it was."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
