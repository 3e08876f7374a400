"""French and Korean are complete: every string the code and the templates mark for translation
has a translation in both catalogues, and the compiled catalogues are up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "planner" / "translations"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _marked() -> set[str]:
    """msgids as `pybabel extract -F babel.cfg` finds them (plurals by their singular)."""
    found = set()
    method_map = [
        ("planner/**.py", "python"),
        ("planner/templates/**.html", "jinja2"),
        ("planner/templates/**.txt", "jinja2"),
    ]
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, keywords=KEYWORDS
    ):
        found.add(_singular(message))
    return found


@pytest.fixture(scope="module")
def marked() -> set[str]:
    return _marked()


@pytest.mark.parametrize("language", ["fr", "ko"])
def test_every_marked_string_is_translated(marked, language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po)
    missing = sorted(
        msgid
        for msgid in marked
        if (entry := catalogue.get(msgid)) is None
        or entry.fuzzy
        or not (all(entry.string) if isinstance(entry.string, tuple) else entry.string)
    )
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", ["fr", "ko"])
def test_compiled_catalogues_match_their_sources(language):
    folder = CATALOGUES / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po, open(folder / "messages.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    translated = {_singular(m.id) for m in source if m.id and m.string and not m.fuzzy}
    assert translated <= {_singular(m.id) for m in compiled if m.id}


def _singular(msgid: str | tuple | list) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


# Before a colon, semicolon, question or exclamation mark (and inside guillemets) French puts
# a narrow no-break space, so "Début :" never breaks apart and reads the same everywhere.
FRENCH_NARROW_SPACE = "\u202f"


def test_french_punctuation_has_a_narrow_no_break_space_throughout():
    with open(CATALOGUES / "fr" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po)
    wrong = []
    for message in filter(lambda message: message.id, catalogue):  # not the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, strings):
            # A mark that ends a word (not "12:30" nor "https://"); guillemets' inner side.
            for match in re.finditer(r"(.)(?=[:;?!](?:\s|$))|(.)(?=»)|(?<=«)(.)", text):
                if match.group(match.lastindex) != FRENCH_NARROW_SPACE:
                    wrong.append(text)
                    break
    assert not wrong, f"{len(wrong)} French strings, e.g. {wrong[:5]}"
