"""The "papers" PDF: the documents a delegate may read, joined into one file in their language
(English, else the first language, where a document has no version in theirs), with a bookmark
for each document under its agenda item.

Joined by pikepdf (qpdf), which copies each paper's pages with their resources and reads
their content streams from the stored files (local copies, for a bucket) only while writing
the result, to a temporary file that the response streams from: memory holds the pages'
object trees, not the papers."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from typing import IO

import pikepdf

from planner.documents import service
from planner.documents.queries import Shelf
from planner.uploads.service import upload_path


def papers_pdf(shelves: Sequence[Shelf], language: str | None) -> IO[bytes]:
    """The joined PDF (a temporary file, at its start; the caller closes it). A paper that
    qpdf cannot read (it passed the upload's checks, yet is damaged) is left out rather than
    failing the whole."""
    output = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response that sends it)
    with ExitStack() as papers, pikepdf.new() as joined:
        with joined.open_outline() as outline:
            for shelf in shelves:
                heading = None
                for document in shelf.documents:
                    upload = service.version_for(document, language).upload
                    # Kept (a local copy, for a bucket) until the result is written.
                    stored = papers.enter_context(upload_path(upload))
                    try:
                        paper = papers.enter_context(pikepdf.open(stored))
                    except pikepdf.PdfError:
                        continue
                    start = len(joined.pages)
                    joined.pages.extend(paper.pages)
                    bookmark = pikepdf.OutlineItem(document.title, start)
                    if shelf.number is None:
                        outline.root.append(bookmark)
                        continue
                    if heading is None:
                        heading = pikepdf.OutlineItem(f"{shelf.number}. {shelf.title}", start)
                        outline.root.append(heading)
                    heading.children.append(bookmark)
        joined.Root.PageMode = pikepdf.Name.UseOutlines
        joined.save(output)
    output.seek(0)
    return output
