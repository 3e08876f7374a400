"""Fonts for packs and badges: every script our members write, shipped with the package.

ReportLab draws each character from one font and prints a box when that font has no glyph, so
user text is split into runs, each in a font that covers it (see ``markup``). The files live in
the ``fonts/`` folder beside this module (licences in ``fonts/LICENSES.md``); ReportLab embeds
them as subsets, so no system font is ever needed.

Complex scripts (Thai, Lao, Khmer, Myanmar, Indic, Tibetan, Arabic, Thaana) need HarfBuzz
shaping, which ReportLab applies per word when the paragraph style has ``shaping=1`` (see
``paragraph_style``); a word that mixes fonts is shaped run by run (``reportlab_patch``, installed
at start-up). Right-to-left text has no bidi support here (ReportLab's needs ``rlbidi``),
so ``markup`` puts the words of a right-to-left stretch in visual order itself.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

FONT_DIR = Path(__file__).with_name("fonts")

SANS = "PlannerSans"
SANS_BOLD = "PlannerSans-Bold"
_KOREAN, _JAPANESE, _CHINESE = "PlannerKorean", "PlannerJapanese", "PlannerChinese"

# (ReportLab name, regular file, bold file or None). A character goes to the first font here
# that has it, except Han ideographs, which go to the Korean, Japanese or Chinese face by context.
FACES: tuple[tuple[str, str, str | None], ...] = (
    (SANS, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),  # Latin, Cyrillic, Greek
    ("PlannerThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    ("PlannerLao", "NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),
    ("PlannerKhmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    ("PlannerMyanmar", "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"),
    ("PlannerDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("PlannerBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    ("PlannerGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
    ("PlannerTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    ("PlannerSinhala", "NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"),
    ("PlannerTibetan", "NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Bold.ttf"),
    ("PlannerArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("PlannerThaana", "NotoSansThaana-Regular.ttf", "NotoSansThaana-Bold.ttf"),
    (_KOREAN, "NanumGothic.ttf", "NanumGothicBold.ttf"),
    (_JAPANESE, "ipaexg.ttf", None),
    (_CHINESE, "DroidSansFallbackFull.ttf", None),
)
_ORDER = tuple(name for name, _, _ in FACES)
_BOLD = {name: f"{name}-Bold" if bold else name for name, _, bold in FACES}
_HAN_FLAVOUR = {"ja": _JAPANESE, "ko": _KOREAN, "zh": _CHINESE}

# Code points each font maps, frozen at registration: ReportLab later adds private-use entries
# to its own tables for shaped glyphs that have no code point.
_covers: dict[str, frozenset[int]] = {}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register every face and its bold with ReportLab, once per process; later calls are free."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, regular, bold in FACES:
            faces = {name: regular, _BOLD[name]: bold or regular}
            for face_name, file in faces.items():
                if face_name not in _covers:
                    font = TTFont(face_name, str(FONT_DIR / file))
                    pdfmetrics.registerFont(font)
                    _covers[face_name] = frozenset(font.face.charToGlyph)
            # Lets ``<b>`` inside a paragraph switch any of our fonts to its bold face.
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=_BOLD[name], italic=name, boldItalic=_BOLD[name]
            )
        _registered = True


def paragraph_style(
    name: str,
    *,
    size: float,
    leading: float | None = None,
    bold: bool = False,
    alignment: int = TA_LEFT,
    **kw: Any,
) -> ParagraphStyle:
    """A style for ``markup`` text: our base font and HarfBuzz shaping switched on.

    The default leading is generous because stacked marks (Thai, Tibetan, Myanmar) rise well
    above Latin capitals.
    """
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        leading=size * 1.5 if leading is None else leading,
        alignment=alignment,
        shaping=1,
        **kw,
    )


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3040-\u30ff]")
# Scripts whose letters change shape or order with their neighbours: Hebrew to Sinhala
# (Arabic, Thaana, Indic), Thai, Lao, Tibetan, Myanmar, Khmer, Arabic presentation forms.
_COMPLEX = re.compile(r"[\u0590-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufefc]")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of ``markup`` text. Ideographs get CJK line breaking; text without a script
    that needs shaping skips HarfBuzz (a third of the build time of a pack otherwise)."""
    return Paragraph(
        text, _script_style(style, bool(_CJK.search(text)), bool(_COMPLEX.search(text)))
    )


@lru_cache(maxsize=512)
def _script_style(style: ParagraphStyle, cjk: bool, shaped: bool) -> ParagraphStyle:
    if not cjk and shaped:
        return style
    extra: dict[str, Any] = {"wordWrap": "CJK"} if cjk else {}
    if not shaped:
        extra["shaping"] = 0
    return ParagraphStyle(f"{style.name}-{cjk}-{shaped}", parent=style, **extra)


# Combining marks that belong to no script of their own (accents, variation selectors,
# kana voicing marks): they follow the letter they sit on.
_INHERITED_MARKS = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0x3099, 0x309A),
)


@lru_cache(maxsize=8192)
def _strong_font(ch: str) -> str | None:
    """The font a letter asks for: None for neutrals, "han" for ideographs (decided later)."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if category[0] in "ZPSNC" or any(lo <= code <= hi for lo, hi in _INHERITED_MARKS):
        return None
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return _JAPANESE  # kana
    if unicodedata.name(ch, "").startswith("CJK "):
        return "han"
    return _first_covering(code)


def _first_covering(code: int, preferred: tuple[str, ...] = ()) -> str | None:
    for name in (*preferred, *_ORDER):
        if code in _covers[name]:
            return name
    return None


def _han_faces(text: str, lang: str | None) -> list[str]:
    """The face for a Han ideograph at each index of ``text``.

    Han nearest to kana reads as Japanese, nearest to Hangul as Korean; with neither in the
    text, ``lang`` decides, and Chinese is the default.
    """
    default = _HAN_FLAVOUR.get((lang or "").split("-")[0].lower(), _CHINESE)
    hints = [
        _JAPANESE
        if _strong_font(ch) == _JAPANESE
        else _KOREAN
        if unicodedata.name(ch, "").startswith("HANGUL")
        else None
        for ch in text
    ]
    # Nearest hint on each side, as (distance, face), in two passes.
    left: list[tuple[int, str] | None] = []
    last: tuple[int, str] | None = None
    for i, hint in enumerate(hints):
        last = (i, hint) if hint else last
        left.append(last)
    faces = [default] * len(text)
    nxt: tuple[int, str] | None = None
    for i in range(len(text) - 1, -1, -1):
        hint = hints[i]
        nxt = (i, hint) if hint else nxt
        near = [(abs(i - at[0]), at[1]) for at in (left[i], nxt) if at is not None]
        if near:
            faces[i] = min(near)[1]
    return faces


def _visual_word_order(text: str) -> str:
    """Reverse the words of each right-to-left stretch, as bidi would in a left-to-right line.

    HarfBuzz already orders the letters inside each word; only the word order is left.
    """
    parts = re.split(r"(\s+)", text)
    direction = []
    for word in parts[::2]:
        classes = {unicodedata.bidirectional(ch) for ch in word}
        direction.append("L" if "L" in classes else "R" if classes & {"R", "AL"} else None)
    i = 0
    while i < len(direction):
        if direction[i] != "R":
            i += 1
            continue
        end = i
        for j in range(i + 1, len(direction)):
            if direction[j] == "L":
                break
            if direction[j] == "R":
                end = j
        parts[2 * i : 2 * end + 1] = parts[2 * i : 2 * end + 1][::-1]
        i = end + 1
    return "".join(parts)


def _font_runs(text: str, lang: str | None) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs where each font has every glyph of its run."""
    fonts: list[str | None] = [_strong_font(ch) for ch in text]
    if "han" in fonts:
        han_faces = _han_faces(text, lang)
        for i, font in enumerate(fonts):
            if font == "han":
                fonts[i] = _first_covering(ord(text[i]), (han_faces[i], _CHINESE))
    for i, ch in enumerate(text):
        if fonts[i] is not None:
            continue
        # Punctuation and digits join the letters of their own word; spaces and anything
        # else continue the run before them, so runs are not cut around a space.
        candidates: list[str | None] = []
        if not ch.isspace():
            candidates.append(_neighbour(text, fonts, i, -1))
            candidates.append(_neighbour(text, fonts, i, +1))
        candidates += [fonts[i - 1] if i else None, _neighbour(text, fonts, i, +1, False)]
        code = ord(ch)
        fonts[i] = next((f for f in candidates if f and code in _covers[f]), None)
        fonts[i] = fonts[i] or _first_covering(code, (SANS,)) or SANS
    runs = groupby(zip(fonts, text, strict=True), key=lambda pair: pair[0] or SANS)
    return [(font, "".join(ch for _, ch in run)) for font, run in runs]


def _neighbour(
    text: str, fonts: list[str | None], i: int, step: int, same_word: bool = True
) -> str | None:
    """The font of the nearest letter before or after ``i``, optionally within its word."""
    j = i + step
    while 0 <= j < len(text):
        if same_word and text[j].isspace():
            return None
        if _strong_font(text[j]) is not None:
            return fonts[j]
        j += step
    return None


@lru_cache(maxsize=4096)
def markup(text: str, *, bold: bool = False, lang: str | None = None) -> str:
    """Paragraph markup that prints user text literally, every character from a font that has it.

    ``lang`` (a language tag such as "ja") picks the Han face when the text itself gives no
    hint (no kana or Hangul). Needs a style from ``paragraph_style`` for shaping.
    """
    register_fonts()
    text = _visual_word_order(unicodedata.normalize("NFC", text))
    return "".join(
        f'<font name="{_BOLD[font] if bold else font}">{escape(run, quote=True)}</font>'
        for font, run in _font_runs(text, lang)
    )
