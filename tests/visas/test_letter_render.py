"""The letter as a reader sees it: rendered to PNG by pdftoppm (kept in VISA_PNG_DIR when set,
to be looked at), its English and Korean pages each with one QR code that zbarimg reads."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from planner.visas.api import verify_url
from planner.visas.letter import letter_pdf
from tests.support.qr import qr_codes_in
from tests.support.visas import issued_letter


def test_the_letter_renders_in_english_and_korean(app, api, assembly, tmp_path):
    letter = issued_letter(assembly["participants"][2], in_korean=True)
    with app.test_request_context():
        url = verify_url(letter)
        pdf = letter_pdf(letter, url)
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", source, tmp_path / "page"], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2
    assert qr_codes_in(pdf, 1) == qr_codes_in(pdf, 2) == [url]
    keep = os.environ.get("VISA_PNG_DIR")
    if keep:
        for page in pages:
            shutil.copy(page, Path(keep) / f"{app.name}-{page.name}")
