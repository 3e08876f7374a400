"""The visa invitation letter as PDF (ReportLab platypus, the packs' fonts and styles): the
secretariat's letterhead, the consulate it is addressed to, the meeting's dates and purpose,
the delegate's passport details and role, who pays for what, the number, the signatory (and
the signature's image, when configured) and a QR code leading to the verification page.

The letter's words are here in English and Korean, not in the interface's catalogues: they
are a document the secretariat signs, in the languages consulates read (Korean only where a
consulate asks for it), and must not change when an interface translation does. Each
language gets a whole page of its own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from flask import current_app
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from planner.events.models import EventKind, ParticipantRole
from planner.packs.badges import qr_drawing
from planner.packs.fonts import SANS, markup, register_fonts
from planner.packs.styles import ACCENT, RULE, table_style
from planner.packs.text import para, styled
from planner.visas.models import VisaLetter

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
QR_SIZE = 32 * mm


@dataclass(frozen=True)
class Wording:
    """The fixed text of the letter in one language."""

    language: str
    number: str
    date: str
    to: str
    subject: str
    greeting: str
    invite: str  # %(network)s %(name)s %(role)s %(organisation)s %(title)s %(kind)s
    held: str  # %(place)s %(start)s %(end)s
    details: str
    fields: tuple[str, str, str, str, str, str]  # name, nationality, born, passport, expiry, org
    stay: str
    payment: str
    closing: str
    verify: str  # %(url)s
    kinds: dict[EventKind, str]
    roles: dict[ParticipantRole, str]


ENGLISH = Wording(
    language="en",
    number="Letter No.",
    date="Date",
    to="To: %(consulate)s",
    subject="Visa invitation letter: %(title)s",
    greeting="Dear Sir or Madam,",
    invite=(
        "The %(network)s has the honour to invite %(name)s, %(role)s of %(organisation)s, to "
        "take part in the %(title)s, a %(kind)s of the network."
    ),
    held="The meeting is held at %(place)s from %(start)s to %(end)s.",
    details="The participant's details, as in the passport:",
    fields=(
        "Name",
        "Nationality",
        "Date of birth",
        "Passport number",
        "Passport valid until",
        "Organisation",
    ),
    stay=(
        "The purpose of the visit is the meeting alone. We kindly ask you to grant the "
        "participant a visa for the duration of the meeting."
    ),
    payment="Costs: %(payment)s",
    closing="Yours faithfully,",
    verify="Verify this letter: %(url)s",
    kinds={
        EventKind.GENERAL_ASSEMBLY: "General Assembly",
        EventKind.EXECUTIVE_COMMITTEE: "Executive Committee meeting",
        EventKind.STEERING_COMMITTEE: "Steering Committee meeting",
        EventKind.SEMINAR: "seminar",
        EventKind.WORKSHOP: "workshop",
        EventKind.STUDY_VISIT: "study visit",
        EventKind.SIDE_EVENT: "side event",
    },
    roles={
        ParticipantRole.VOTING_DELEGATE: "voting delegate",
        ParticipantRole.ALTERNATE: "alternate delegate",
        ParticipantRole.OBSERVER: "observer",
        ParticipantRole.SPEAKER: "speaker",
        ParticipantRole.GUEST: "guest",
        ParticipantRole.STAFF: "staff member",
        ParticipantRole.CHAIR: "chair",
    },
)

KOREAN = Wording(
    language="ko",
    number="문서 번호",
    date="발행일",
    to="수신: %(consulate)s",
    subject="비자 발급을 위한 초청장: %(title)s",
    greeting="귀하께,",
    invite=(
        "%(network)s은(는) %(organisation)s의 %(name)s 님을 %(role)s(으)로서 본 네트워크의 "
        "%(kind)s인 %(title)s에 초청합니다."
    ),
    held="회의는 %(start)s부터 %(end)s까지 %(place)s에서 열립니다.",
    details="여권에 기재된 참가자 정보:",
    fields=("성명", "국적", "생년월일", "여권 번호", "여권 유효 기간", "소속 기관"),
    stay=(
        "방문 목적은 본 회의 참석에 한합니다. 회의 기간 동안 체류할 수 있도록 비자를 발급해 "
        "주시기 바랍니다."
    ),
    payment="경비: %(payment)s",
    closing="감사합니다.",
    verify="초청장 확인: %(url)s",
    kinds={
        EventKind.GENERAL_ASSEMBLY: "총회",
        EventKind.EXECUTIVE_COMMITTEE: "집행위원회 회의",
        EventKind.STEERING_COMMITTEE: "운영위원회 회의",
        EventKind.SEMINAR: "세미나",
        EventKind.WORKSHOP: "워크숍",
        EventKind.STUDY_VISIT: "현장 방문",
        EventKind.SIDE_EVENT: "부대 행사",
    },
    roles={
        ParticipantRole.VOTING_DELEGATE: "투표권 대표",
        ParticipantRole.ALTERNATE: "교체 대표",
        ParticipantRole.OBSERVER: "옵서버",
        ParticipantRole.SPEAKER: "연사",
        ParticipantRole.GUEST: "초청 인사",
        ParticipantRole.STAFF: "직원",
        ParticipantRole.CHAIR: "의장",
    },
)


def letter_pdf(letter: VisaLetter, verify_url: str) -> bytes:
    """The issued letter: a page in English, and one in Korean when the consulate asks for
    it. ``verify_url``: the verification page its QR code leads to."""
    assert letter.issued and letter.erased_at is None, "an issued letter with its data"
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{letter.number} · {current_app.config['PLANNER_NETWORK_NAME']}",
        author=current_app.config["PLANNER_ORGANISER_NAME"],
        creator=current_app.config["PLANNER_NETWORK_NAME"],
        pageCompression=1,
        initialFontName=SANS,
    )
    story: list[Flowable] = _page(letter, ENGLISH, verify_url)
    if letter.in_korean:
        story += [PageBreak(), *_page(letter, KOREAN, verify_url)]
    document.build(story)
    return buffer.getvalue()


def letter_filename(letter: VisaLetter) -> str:
    return f"{letter.number}.pdf"


def _page(letter: VisaLetter, words: Wording, verify_url: str) -> list[Flowable]:
    config = current_app.config
    participation = letter.participation
    event, delegate = participation.event, participation.delegate
    lang = words.language
    assert letter.issued_at is not None and letter.passport_expires_on and letter.born_on

    def day(value: date) -> str:
        return format_date(value, "long", locale=lang)

    def text(template: str, style: str = "body", **values: str) -> Flowable:
        return para(template % values, style, lang=lang)

    zone = event.zone
    venue = event.venue
    place = ", ".join(part for part in (venue.name, venue.city) if part) if venue else ""
    nationality = Locale.parse(lang).territories.get(letter.nationality or "", letter.nationality)
    rows = [
        (words.fields[0], letter.passport_name),
        (words.fields[1], f"{nationality} ({letter.nationality})"),
        (words.fields[2], day(letter.born_on)),
        (words.fields[3], letter.passport_number),
        (words.fields[4], day(letter.passport_expires_on)),
        (words.fields[5], delegate.organisation.name),
    ]
    details = Table(
        [[para(label, "cell_bold", lang=lang), para(value or "", "body", lang=lang)]
         for label, value in rows],
        colWidths=[50 * mm, WIDTH - 50 * mm],
        style=table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]),
    )  # fmt: skip
    payment = config["VISA_PAYMENT_TEXT_KO" if lang == "ko" else "VISA_PAYMENT_TEXT"]
    signature: list[Flowable] = [Spacer(1, 6 * mm)]
    image = config["VISA_SIGNATURE_IMAGE"]
    if image and Path(image).is_file():
        signature = [Image(image, width=45 * mm, height=18 * mm, kind="proportional")]
    verify = Table(
        [[qr_drawing(verify_url, QR_SIZE), para(words.verify % {"url": verify_url}, "small")]],
        colWidths=[QR_SIZE + 4 * mm, WIDTH - QR_SIZE - 4 * mm],
        style=table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )
    return [
        *_letterhead(),
        Table(
            [
                [
                    text(f"{words.number} %(number)s", "body", number=letter.number or ""),
                    text(
                        f"{words.date}: %(day)s",
                        "body",
                        day=day(letter.issued_at.astimezone(zone).date()),
                    ),
                ]
            ],
            colWidths=[WIDTH / 2, WIDTH / 2],
            style=table_style([("ALIGN", (1, 0), (1, 0), "RIGHT")]),
        ),
        Spacer(1, 4 * mm),
        text(words.to, consulate=letter.consulate),
        text(words.subject, "h2", title=event.title),
        text(words.greeting),
        text(
            words.invite,
            network=config["PLANNER_NETWORK_NAME"],
            name=letter.passport_name or "",
            role=words.roles[participation.role],
            organisation=delegate.organisation.name,
            title=event.title,
            kind=words.kinds[event.kind],
        ),
        text(
            words.held,
            place=place,
            start=day(event.starts_at.astimezone(zone).date()),
            end=day(event.ends_at.astimezone(zone).date()),
        ),
        text(words.details),
        details,
        Spacer(1, 4 * mm),
        text(words.stay),
        text(words.payment, payment=payment),
        KeepTogether(
            [
                text(words.closing),
                *signature,
                para(config["VISA_SIGNATORY_NAME"], "body", bold=True),
                para(
                    f"{config['VISA_SIGNATORY_TITLE']}, {config['PLANNER_ORGANISER_NAME']}", "small"
                ),
            ]
        ),
        Spacer(1, 6 * mm),
        verify,
    ]


def _letterhead() -> list[Flowable]:
    """The secretariat's letterhead: the network's name, the secretariat, its address."""
    config = current_app.config
    contact = f"{config['VISA_LETTERHEAD_ADDRESS']} · {config['PLANNER_ORGANISER_EMAIL']}"
    return [
        styled(markup(config["PLANNER_NETWORK_NAME"], bold=True), "h1"),
        para(config["PLANNER_ORGANISER_NAME"], "body", bold=True),
        para(contact, "small"),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=2, spaceAfter=8),
    ]
