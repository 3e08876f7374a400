"""The "papers" PDF: the documents a delegate may read, joined into one file in their language
(English, else the first language, where a document has no version in theirs), with a bookmark
for each document under its agenda item.

Joined by pypdf, which keeps each paper's pages and adds the outline; each paper is read from
storage as it is appended and the result written once, to a temporary file that the response
streams from (a meeting's papers are tens of megabytes, not the hundreds of a print run)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import IO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from planner.documents import service
from planner.documents.queries import Shelf
from planner.uploads.service import open_upload


def papers_pdf(shelves: Sequence[Shelf], language: str | None) -> IO[bytes]:
    """The joined PDF (a temporary file, at its start; the caller closes it). A paper that
    pypdf cannot read (it passed the upload's checks, yet is damaged) is left out rather than
    failing the whole."""
    writer = PdfWriter()
    for shelf in shelves:
        parent = None
        for document in shelf.documents:
            start = len(writer.pages)
            with open_upload(service.version_for(document, language).upload) as stored:
                try:
                    writer.append(PdfReader(stored))
                except PdfReadError:
                    continue
            if shelf.number is not None and parent is None:
                heading = f"{shelf.number}. {shelf.title}"
                parent = writer.add_outline_item(title=heading, page_number=start)
            writer.add_outline_item(title=document.title, page_number=start, parent=parent)
    writer.page_mode = "/UseOutlines"
    output = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response that sends it)
    writer.write(output)
    output.seek(0)
    return output
