"""Small, real Delegation of Authority letters for the demo Assembly, made at load time: a
one-page PDF (ReportLab) or a scanned-looking PNG (Pillow), each a few kilobytes."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def _lines(authority: str, delegate: str, meeting: str) -> list[str]:
    return [
        "DELEGATION OF AUTHORITY",
        "",
        f"{authority} designates {delegate}",
        f"to represent it and vote on its behalf at the {meeting}.",
        "",
        "Signed: the Mayor",
    ]


def pdf_letter(authority: str, delegate: str, meeting: str) -> bytes:
    """A one-page PDF letter (Latin names: the demo's letters are in English)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Delegation of Authority")
    y = A4[1] - 90
    for line in _lines(authority, delegate, meeting):
        canvas.setFont("Helvetica-Bold" if y == A4[1] - 90 else "Helvetica", 12)
        canvas.drawString(72, y, line)
        y -= 20
    canvas.save()
    return buffer.getvalue()


def png_letter(authority: str, delegate: str, meeting: str) -> bytes:
    """A small greyscale "scan" of the same letter."""
    image = Image.new("L", (640, 200), 250)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(_lines(authority, delegate, meeting)):
        draw.text((24, 20 + row * 26), line.encode("ascii", "replace").decode(), fill=20)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
