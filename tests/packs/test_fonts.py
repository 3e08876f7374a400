"""Pack and badge fonts: every script of our members prints, embedded, with no missing glyph.

The PDFs are built the way the documents build them (``SimpleDocTemplate`` and
``Paragraph(markup(name), paragraph_style(...))``) and read back with pdfplumber and pypdf.
"""

from __future__ import annotations

import io
import re
import tomllib
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
import reportlab
from fontTools.ttLib import TTFont as FontFile
from pypdf import PdfReader
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from planner.demo.network import DELEGATE_NAMES, ORGANISATIONS
from planner.packs import reportlab_patch
from planner.packs.fonts import (
    FACES,
    FONT_DIR,
    SANS,
    SANS_BOLD,
    markup,
    paragraph_style,
    register_fonts,
)

# Printed and extracted exactly as given.
EXACT = [
    "김민준 Kim Min-jun",
    "山田 太郎 (Yamada)",
    "加藤 さくら",
    "Nguyễn Thị Minh Khai",
    "Болормаа Ганбаатар",
    "Élodie Rousseau",
    "<b>Bold</b> & <font name='x'>",
]
# One per complex script, plus words that mix scripts without a space.
SHAPED = [
    "สุดารัตน์ ศรีสุข",
    "ສົມພອນ ພົມມະວົງ",
    "ពិសិដ្ឋ ឈឹម",
    "ဇော်မင်းထွန်း",
    "राहुल शर्मा",
    "অনন্যা দাস",
    "અમિત પટેલ",
    "கண்ணன் சண்முகம்",
    "නිමාලි ප්‍රනාන්දු",
    "བསོད་ནམས ཚེ་རིང",
    "عائشہ خان",
    "އައިޝަތު ހަސަން",
    "王 芳",
    "ใจดี(Jaidee)",
    "Kim(김민준)",
]


@pytest.fixture(autouse=True, scope="module")
def _patched_reportlab():
    """These PDFs are built without an app: install the patch as ``create_app`` does."""
    reportlab_patch.install()


def test_the_patch_refuses_any_reportlab_but_the_pinned_one(monkeypatch):
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert f"reportlab=={reportlab_patch.PINNED_VERSION}" in pyproject["project"]["dependencies"]
    monkeypatch.setattr(reportlab, "Version", "5.2.0")
    with pytest.raises(reportlab_patch.UnsupportedReportLab, match=r"ReportLab 5\.2\.0"):
        reportlab_patch.install()


def build_pdf(names: list[str], *, bold: bool = False) -> bytes:
    out = io.BytesIO()
    style = paragraph_style("name", size=14, bold=bold)
    doc = SimpleDocTemplate(out, initialFontName=SANS)
    doc.build([Paragraph(markup(name, bold=bold), style) for name in names])
    return out.getvalue()


@cache
def our_font_files() -> dict[str, FontFile]:
    """Our TrueType files by PostScript name, the name a PDF subset carries after its tag."""
    fonts = {}
    for path in FONT_DIR.glob("*.ttf"):
        font = FontFile(io.BytesIO(path.read_bytes()), lazy=True)  # no file left open
        fonts[font["name"].getDebugName(6)] = font
    return fonts


def subset_glyphs(pdf: bytes) -> dict[str, dict[str, int]]:
    """For each embedded subset: the text each glyph stands for -> its number of contours.

    ReportLab draws a character missing from its font with a code that either has no glyph in
    the subset or stands for U+0000 / U+FFFF; neither shows up here as a drawable glyph.
    """
    glyphs: dict[str, dict[str, int]] = {}
    for font in pdf_fonts(pdf):
        descriptor = font["/FontDescriptor"].get_object()
        subset = FontFile(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        code_to_glyph = subset["cmap"].tables[0].cmap
        to_unicode = font["/ToUnicode"].get_object().get_data().decode("ascii")
        mappings = "".join(re.findall(r"beginbfchar(.*?)endbfchar", to_unicode, re.S))
        drawn = glyphs.setdefault(str(font["/BaseFont"])[1:], {})
        for code, hexes in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", mappings):
            text = bytes.fromhex(hexes).decode("utf-16-be")
            glyph = code_to_glyph.get(int(code, 16))
            if glyph and text not in ("\0", "\uffff"):
                drawn[text] = subset["glyf"][glyph].numberOfContours
    return glyphs


def uncovered_characters(pdf: bytes) -> list[str]:
    """Every drawn character whose font has no real glyph for it, described for a test failure.

    A character must come from one of our files, be in that file's cmap (or be a private-use
    code ReportLab gives a shaped glyph that has none) and be drawn with an outline unless it is
    a space or an invisible format character.
    """
    glyphs = subset_glyphs(pdf)
    problems = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for char in page.chars:
                text, font = char["text"], char["fontname"]
                file = our_font_files().get(font.split("+", 1)[-1])
                contours = glyphs.get(font, {}).get(text)
                blank_ok = text.isspace() or unicodedata.category(text) == "Cf"
                if file is None:
                    problems.append(f"{text!r} drawn in {font}, not one of our fonts")
                elif not ("\ue000" <= text <= "\uf8ff" or ord(text) in file.getBestCmap()):
                    problems.append(f"{text!r} (U+{ord(text):04X}) is not in {font}")
                elif contours is None or (contours == 0 and not blank_ok):
                    problems.append(f"{text!r} (U+{ord(text):04X}) has no glyph in {font}")
    return problems


def pdf_fonts(pdf: bytes) -> list:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for name, font in page["/Resources"]["/Font"].items():
            fonts[name] = font.get_object()
    return list(fonts.values())


def lines_in_stream_order(pdf: bytes) -> list[str]:
    """Text of each line as drawn (content-stream order), grouped by baseline.

    Private-use characters (shaped glyphs with no code point) read as "?": ReportLab numbers
    them per process, in the order it meets them.
    """
    lines: dict[float, str] = defaultdict(str)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for char in doc.pages[0].chars:
            lines[round(char["matrix"][5])] += char["text"]
    return [re.sub("[\ue000-\uf8ff]", "?", lines[y]) for y in sorted(lines, reverse=True)]


def extracted_lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[0].extract_text().splitlines()


@pytest.mark.parametrize(("name", "regular", "bold"), FACES)
def test_font_files_are_truetype_load_in_reportlab_and_are_licensed(name, regular, bold):
    licences = (FONT_DIR / "LICENSES.md").read_text()
    for file in filter(None, (regular, bold)):
        with FontFile(FONT_DIR / file, lazy=True) as font:
            assert "glyf" in font and "CFF " not in font, file
        assert TTFont(f"check-{file}", str(FONT_DIR / file)).face.charToGlyph
        assert f"`{file}`" in licences


def test_register_fonts_is_idempotent_and_bold_markup_maps_to_the_bold_face():
    register_fonts()
    register_fonts()
    assert pdfmetrics.getFont(SANS).face.name != pdfmetrics.getFont(SANS_BOLD).face.name
    assert tt2ps(SANS, 1, 0) == SANS_BOLD
    assert tt2ps("PlannerThai", 1, 0) == "PlannerThai-Bold"


def font_runs(text: str, **kw) -> list[tuple[str, str]]:
    runs = re.findall(r'<font name="([^"]+)">([^<]*)</font>', markup(text, **kw))
    assert "".join(f'<font name="{f}">{t}</font>' for f, t in runs) == markup(text, **kw)
    return runs


def test_markup_escapes_user_text():
    escaped = "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;font name=&#x27;x&#x27;&gt;"
    assert font_runs("<b>Bold</b> & <font name='x'>") == [("PlannerSans", escaped)]


def test_a_space_does_not_split_a_run_and_punctuation_follows_its_word():
    assert font_runs("สมชาย ใจดี") == [("PlannerThai", "สมชาย ใจดี")]
    assert font_runs("김민준 Kim Min-jun") == [
        ("PlannerKorean", "김민준 "),
        ("PlannerSans", "Kim Min-jun"),
    ]
    assert font_runs("Kim (김민준)") == [("PlannerSans", "Kim "), ("PlannerKorean", "(김민준)")]


def test_han_takes_its_face_from_kana_or_hangul_beside_it_or_from_lang():
    assert font_runs("加藤 さくら") == [("PlannerJapanese", "加藤 さくら")]
    assert font_runs("김 民俊") == [("PlannerKorean", "김 民俊")]
    assert font_runs("王 芳") == [("PlannerChinese", "王 芳")]
    assert font_runs("山田", lang="ja") == [("PlannerJapanese", "山田")]
    # Simplified forms missing from the Japanese face fall back to the Chinese one.
    assert font_runs("刘さん") == [("PlannerChinese", "刘"), ("PlannerJapanese", "さん")]


def test_bold_picks_bold_faces_where_the_family_has_one():
    assert font_runs("Kim 김민준", bold=True) == [
        ("PlannerSans-Bold", "Kim "),
        ("PlannerKorean-Bold", "김민준"),
    ]
    assert font_runs("加藤", bold=True) == [("PlannerChinese", "加藤")]


def test_right_to_left_words_are_put_in_visual_order():
    assert font_runs("عائشہ خان") == [("PlannerArabic", "خان عائشہ")]
    assert font_runs("Ayesha عائشہ خان Khan") == [
        ("PlannerSans", "Ayesha "),
        ("PlannerArabic", "خان عائشہ "),
        ("PlannerSans", "Khan"),
    ]


@pytest.mark.parametrize("bold", [False, True])
def test_names_extract_exactly_and_every_font_is_an_embedded_subset(bold):
    pdf = build_pdf(EXACT + SHAPED, bold=bold)

    assert extracted_lines(pdf)[: len(EXACT)] == EXACT
    fonts = pdf_fonts(pdf)
    assert len(fonts) >= 15
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        assert descriptor and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
        assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
    assert uncovered_characters(pdf) == []


def test_every_native_name_of_the_demo_network_is_covered():
    names = [org.native_name for org in ORGANISATIONS]
    for people in DELEGATE_NAMES.values():
        names += [f"{p.family_native} {p.given_native}" for p in people]
    pdf = build_pdf(names)
    assert uncovered_characters(pdf) == []


def test_a_word_mixing_fonts_is_shaped_font_by_font():
    """ReportLab alone shapes ``(สุดารัตน์)`` with the Latin font of its ``(``: boxes."""
    pdf = build_pdf(["(สุดารัตน์)", "ใจดี(Jaidee)"])
    assert uncovered_characters(pdf) == []
    assert lines_in_stream_order(pdf) == ["(สุดารัตน์)", "ใจดี(Jaidee)"]


def test_thai_is_drawn_in_logical_order_but_layout_extraction_reorders_marks():
    """What text extraction gives for shaped Thai.

    The content stream holds the characters in input order, but HarfBuzz places each
    zero-width vowel or tone mark with an offset that leaves its origin just right of the next
    consonant's, so pdfplumber's layout order (sorted by x) moves the mark after that consonant
    and inserts spaces. Glyphs that shaping swaps for a variant with no code point (a shifted
    mark over a tall consonant, a stacked ``ิ์``) come back as private-use characters, and sara
    am (ำ) comes back as nikhahit + sara aa, the two glyphs it is drawn with.
    """
    names = ["สุดารัตน์ ศรีสุข", "สมชาย ใจดี", "ปิยะนุช จันทร์เพ็ญ", "อรอุมา ทองคำ"]
    pdf = build_pdf(names)

    assert lines_in_stream_order(pdf) == [
        "สุดารัตน์ ศรีสุข",
        "สมชาย ใจดี",
        "ป?ยะนุช จันทร์เพ็ญ",
        "อรอุมา ทองคํา",
    ]
    assert extracted_lines(pdf)[:2] == ["สดุ ารตั น์ ศรสี ขุ", "สมชาย ใจดี"]
    assert uncovered_characters(pdf) == []
