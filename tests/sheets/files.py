"""Spreadsheet files for the import tests, written the way people's programs write them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook

ORGANISATION_HEADINGS = ["slug", "name", "native_name", "country", "timezone", "membership"]
DELEGATE_HEADINGS = ["email", "full_name", "native_name", "organisation", "needs_visa_letter"]


def xlsx(rows: Sequence[Sequence[object]], merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    return "".join(delimiter.join(str(cell) for cell in row) + "\r\n" for row in rows)


def delegate_rows(count: int, organisation: str = "seoul") -> list[list[object]]:
    return [
        [f"delegate{n}@city.example", f"Delegate {n}", f"대표 {n}", organisation, "no"]
        for n in range(count)
    ]


def zip_bomb() -> bytes:
    """A workbook with one member that inflates to 60 MB of zeros (about 60 KB sent)."""
    buffer = io.BytesIO(xlsx([DELEGATE_HEADINGS]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def form(kind: str, data: bytes, name: str) -> dict:
    return {"kind": kind, "file": (io.BytesIO(data), name)}
