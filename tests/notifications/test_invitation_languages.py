"""Invitations speak the delegate's language all through: the e-mail and the calendar's
DESCRIPTION (programme, "Your answer") alike, in the message and in invite.ics."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from icalendar import Calendar

from tests.support.outbox import calendar_of, invite_all, outbox

LANGUAGES = ("en", "fr", "ko")


def words(text: str, data: list[str]) -> set[str]:
    """The words of a text that are not the meeting's data (titles, places), a link or a zone."""
    text = re.sub(r"\S+://\S+|\([\w/]+\)", " ", text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return {word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)}


@pytest.fixture
def meeting_data(meeting, venue) -> list[str]:
    """What the meeting's organisers wrote: it stays as written in every language."""
    rooms = [room["name"] for room in venue["rooms"]]
    texts = [meeting["title"], meeting["description"], venue["name"], venue["address"]]
    return [*texts, *rooms, "Opening", "Business session"]


def description(ics: bytes) -> str:
    (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
    return str(vevent["DESCRIPTION"])


def text_body(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=policy.default)
    return message.get_payload()[0].get_payload()[0].get_content()


@pytest.fixture
def by_language(api, meeting) -> dict[str, dict]:
    """Each participant's language set: en, fr, ko in the fixture's order; then invited."""
    for delegate, language in zip(meeting["delegates"], LANGUAGES, strict=True):
        api.patch(f"/delegates/{delegate['id']}", {"language": language})
    invite_all(api, meeting)
    e_mails = {m.recipient: m.body for m in outbox()}
    return {
        language: {"participant": participant, "e-mail": e_mails[delegate["email"]]}
        for language, delegate, participant in zip(
            LANGUAGES, meeting["delegates"], meeting["participants"], strict=True
        )
    }


def test_french_and_korean_invitations_have_no_english_label(
    api, meeting, meeting_data, by_language
):
    english = by_language["en"]["e-mail"]
    english_description = words(description(calendar_of(english)), meeting_data)
    english_body = words(text_body(english), meeting_data)
    assert {"your", "answer", "tuesday"} <= english_description
    assert {"starts", "ends", "where"} <= english_body
    for language in ("fr", "ko"):
        sent = by_language[language]["e-mail"]
        served = api.get(
            f"/events/{meeting['id']}/participants/"
            f"{by_language[language]['participant']['id']}/invite.ics"
        ).data
        for ics in (calendar_of(sent), served):
            assert not english_description & words(description(ics), meeting_data), language
        assert not english_body & words(text_body(sent), meeting_data), language


def test_french_labels_keep_their_colon_with_a_narrow_no_break_space(by_language):
    sent = by_language["fr"]["e-mail"]
    for text in (description(calendar_of(sent)), text_body(sent)):
        for label in re.findall(r"(\S*)(\s?):(?=\s)", text):
            assert label[1] == "\u202f", (label, text)
