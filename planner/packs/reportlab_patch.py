"""Our one change to ReportLab's behaviour, installed once at start-up by ``create_app``.

ReportLab shapes a whole word (text between spaces) with the font of its first run, so a word
such as ``ใจดี(Jaidee)`` would come out in boxes. ``install`` replaces the word shaper of
``reportlab.platypus.paragraph`` with one that shapes each font's run on its own; ``markup``
keeps most words in one font, this covers the words that really mix scripts.

The replacement calls ReportLab's own shaper on pieces of a word, so it leans on that function's
private signature: ``install`` refuses any ReportLab but the version pinned in pyproject.toml,
and a version bump has to be checked (tests/packs/test_fonts.py) before the pin moves.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord
from reportlab.platypus import paragraph as rl_paragraph

PINNED_VERSION = "5.1.0"  # the pin of reportlab in pyproject.toml

_rl_shape_frag_word = rl_paragraph.shapeFragWord


class UnsupportedReportLab(RuntimeError):
    """The installed ReportLab is not the one the patch was written and checked against."""


def install() -> None:
    """Shape mixed-font words font by font; a second call changes nothing."""
    if reportlab.Version != PINNED_VERSION:
        raise UnsupportedReportLab(
            f"ReportLab {reportlab.Version} is installed; packs are checked against "
            f"{PINNED_VERSION} only (see planner/packs/reportlab_patch.py)"
        )
    rl_paragraph.shapeFragWord = _shape_each_font


def installed() -> bool:
    return rl_paragraph.shapeFragWord is _shape_each_font


def _shape_each_font(word: Any, *args: Any, **kwargs: Any) -> Any:
    """Shape a word font by font: each run of one font through ReportLab's own shaper."""
    pieces = word[1:]
    names = {getattr(frag, "fontName", None) for frag, _ in pieces}
    if (
        len(names) < 2
        or isinstance(word, ShapedFragWord)
        or any(hasattr(frag, "cbDefn") for frag, _ in pieces)
    ):
        return _rl_shape_frag_word(word, *args, **kwargs)
    shaped_word: list[Any] = [0.0]
    for _, group in groupby(pieces, key=lambda piece: piece[0].fontName):
        run = list(group)
        width = sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in run)
        shaped = _rl_shape_frag_word(word.__class__([width, *run]), *args, **kwargs)
        shaped_word[0] += shaped[0]
        shaped_word.extend(shaped[1:])
    return makeShapedFragWord(word)(shaped_word)
