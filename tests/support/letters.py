"""Small real files to upload (a PDF made by ReportLab, images by Pillow), and files that only
pretend to be letters."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.pdfgen.canvas import Canvas


def pdf_letter(text: str = "Delegation of Authority") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def padded_pdf(size: int) -> bytes:
    """A real PDF of about ``size`` bytes: a long comment after its header."""
    pdf = pdf_letter()
    header, rest = pdf.split(b"\n", 1)
    return header + b"\n%" + b"0" * max(0, size - len(pdf)) + b"\n" + rest


def image_letter(format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format=format)
    return buffer.getvalue()


#: Not letters, whatever their names say.
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(100)
LINUX_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + bytes(100)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.7 %%EOF</body></html>"
#: A PNG signature on nothing: the bytes start right and open as no image.
PNG_SIGNATURE_ONLY = b"\x89PNG\r\n\x1a\n" + bytes(64)
