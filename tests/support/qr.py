"""QR codes read off a PDF the way a phone at the door reads a printed page: each page
rendered at 150 dpi by pdftoppm, then read by zbarimg."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def qr_codes_in(pdf: bytes, page: int | None = None) -> list[str]:
    """What the QR codes on ``page`` (every page when None) hold."""
    assert shutil.which("pdftoppm") and shutil.which("zbarimg"), "poppler-utils, zbar-tools"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page is not None else []
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", *pages, source, Path(folder) / "page"], check=True
        )
        codes = []
        for image in sorted(Path(folder).glob("page*.png")):
            result = subprocess.run(
                ["zbarimg", "-q", "--raw", image], capture_output=True, text=True
            )
            codes += result.stdout.split()
        return codes
