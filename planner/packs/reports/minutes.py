"""The minutes as PDF on A4 portrait, in the reports' frame, fonts and styles: the title block,
attendance, the quorum of each frozen roll, the agenda with the secretariat's text under each
item and a results table under each vote, the elections, and the decisions with their numbers.
A draft says so on every page; approved minutes say when, by which meeting, and their version.
Every piece of user text goes through ``para``/``markup`` (escaped, each script in its font)."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Spacer

from planner.events.labels import role_label
from planner.governance.agenda.labels import agenda_kind_label
from planner.governance.minutes.queries import (
    Attendee,
    ItemRecord,
    MinutesRecord,
    VoteRecord,
)
from planner.governance.models import VoteOutcome
from planner.governance.reports.service import Meeting
from planner.governance.votes.labels import (
    majority_rule_label,
    vote_method_label,
    vote_outcome_label,
)
from planner.localtime import local_moment
from planner.members.labels import seat_role_label
from planner.packs.fonts import markup, paragraph, paragraph_style, register_fonts
from planner.packs.reports.pdf import MARGIN_X, ReportDocument, figures_row, headings, name_cell
from planner.packs.styles import ACCENT, MUTED, SHADE, in_colour, table
from planner.packs.text import fill, para, styled

PAGE = A4
WIDTH = PAGE[0] - 2 * MARGIN_X
DRAFT_INK = colors.Color(0.70, 0.20, 0.10, alpha=0.12)


class MinutesDocument(ReportDocument):
    """A report page; a draft's pages carry a large "Draft" across them."""

    def __init__(self, buffer: io.BytesIO, meeting: Meeting, title: str, draft: bool):
        super().__init__(buffer, meeting, title, PAGE)
        self._draft = None
        if draft:  # a paragraph, so that the word is drawn from a font that has its script
            style = paragraph_style("draft", size=90, bold=True, alignment=TA_CENTER,
                                    textColor=DRAFT_INK)  # fmt: skip
            self._draft = paragraph(markup(_("Draft").upper(), bold=True), style)
            self._draft.wrap(PAGE[1], 200)

    def _page(self, canvas, doc) -> None:
        super()._page(canvas, doc)
        if self._draft is None:
            return
        canvas.saveState()
        canvas.translate(PAGE[0] / 2, PAGE[1] / 2)
        canvas.rotate(55)
        self._draft.drawOn(canvas, -PAGE[1] / 2, -45)
        canvas.restoreState()


def minutes_title() -> str:
    return _("Minutes")


def minutes_pdf(record: MinutesRecord) -> bytes:
    register_fonts()
    meeting = Meeting(
        record.meeting.network,
        record.meeting.title,
        record.meeting.timezone,
        record.meeting.starts_at,
    )
    story: list[Flowable] = [
        *_title_block(record),
        *_summary(record),
        *_attendance(record),
        *_quorum(record),
        *_agenda(record),
        *_elections(record),
        *_decisions(record),
    ]
    buffer = io.BytesIO()
    MinutesDocument(buffer, meeting, minutes_title(), not record.approved).build(story)
    return buffer.getvalue()


def minutes_filenames(record: MinutesRecord) -> tuple[str, str]:
    """The file's name in the reader's language with the meeting's title, and an ASCII one."""
    return (
        f"{minutes_title()} - {record.meeting.title}.pdf",
        f"minutes-{record.meeting.id}.pdf",
    )


# The parts --------------------------------------------------------------------------------


def _title_block(record: MinutesRecord) -> list[Flowable]:
    meeting = record.meeting
    where = " · ".join(part for part in (meeting.body, meeting.venue) if part)
    block: list[Flowable] = [
        para(minutes_title(), "h1", bold=True),
        para(meeting.title, "h2", bold=True),
    ]
    if where:
        block.append(para(where, "body"))
    block.append(
        para(
            _(
                "From %(start)s to %(end)s",
                start=local_moment(meeting.starts_at, meeting.timezone),
                end=local_moment(meeting.ends_at, meeting.timezone),
            ),
            "small",
        )
    )
    block += [Spacer(1, 6), _state(record), Spacer(1, 6)]
    return block


def _state(record: MinutesRecord) -> Flowable:
    """ "Draft" until approved; then the approval and the version, in a shaded box."""
    approval = record.approval
    if approval is None:
        words = _("Draft: these minutes are not approved yet and may still change.")
    else:
        words = _(
            "Approved on %(date)s by %(meeting)s, version %(version)s",
            date=_day(approval.approved_at or approval.meeting_starts_at, approval.timezone),
            meeting=approval.meeting,
            version=approval.version,
        )
    box = table([[para(words, "cell_bold")]], [WIDTH], header=False)
    box.setStyle([("BACKGROUND", (0, 0), (-1, -1), SHADE), ("BOX", (0, 0), (-1, -1), 0.8, ACCENT)])
    return box


def _summary(record: MinutesRecord) -> list[Flowable]:
    if not record.summary:
        return []
    return [para(_("Summary"), "h2", bold=True), *_paragraphs(record.summary)]


def _attendance(record: MinutesRecord) -> list[Flowable]:
    rows: list[list] = [headings(_("Organisation"), _("Present"), _("Absent"))]
    for group in record.attendance:
        rows.append(
            [name_cell(group.organisation, "cell_bold"), _people(group.present),
             _people(group.absent)]
        )  # fmt: skip
    figures = [
        (_("Organisations"), len(record.attendance)),
        (_("Present"), record.present),
        (_("Absent"), record.absent),
    ]
    parts: list[Flowable] = [para(_("Attendance"), "h2", bold=True), figures_row(figures)]
    if record.attendance:
        parts += [Spacer(1, 6), table(rows, _widths(0.34, 0.36, 0.30))]
    return parts


def _people(people: list[Attendee]) -> list[Flowable]:
    return [
        styled(f"{_person(a)} {in_colour(markup(role_label(a.role)), MUTED)}", "cell")
        for a in people
    ]


def _person(attendee: Attendee) -> str:
    name = attendee.person
    if name.native is None:
        return markup(name.latin)
    return f"{markup(name.native, lang=name.language)} ({markup(name.latin)})"


def _quorum(record: MinutesRecord) -> list[Flowable]:
    parts: list[Flowable] = [para(_("Quorum"), "h2", bold=True)]
    if not record.rolls:
        return [*parts, para(_("No voter roll was frozen at this meeting."), "body")]
    rows: list[list] = [
        headings(_("Roll frozen at"), _("Voting members"), _("Present"), _("Represented"),
                 _("Needed for a quorum"), _("Quorum"))
    ]  # fmt: skip
    zone = record.meeting.timezone
    for roll in record.rolls:
        rows.append(
            [para(local_moment(roll.frozen_at, zone), "cell"), _figure(roll.entitled),
             _figure(roll.present), _figure(roll.represented), _figure(roll.needed),
             para(_("reached") if roll.quorate else _("not reached"), "cell_bold")]
        )  # fmt: skip
    return [*parts, table(rows, _widths(0.30, 0.14, 0.12, 0.14, 0.16, 0.14))]


def _agenda(record: MinutesRecord) -> list[Flowable]:
    parts: list[Flowable] = [para(_("Agenda and proceedings"), "h2", bold=True)]
    if not record.items:
        return [*parts, para(_("The agenda has no items."), "body")]
    for item in record.items:
        parts += _item(item, record)
        for child in item.children:
            parts += _item(child, record)
    return parts


def _item(item: ItemRecord, record: MinutesRecord) -> list[Flowable]:
    heading = fill(
        _("%(number)s. %(title)s"), bold=True, number=markup(item.number, bold=True),
        title=markup(item.title, bold=True),
    )  # fmt: skip
    kind = in_colour(markup(agenda_kind_label(item.kind)), MUTED)
    parts: list[Flowable] = [styled(f"{heading}  {kind}", "item_heading")]
    if item.text:
        parts += [para(line, "small") for line in item.text.splitlines() if line.strip()]
    if item.minutes_text:
        parts += _paragraphs(item.minutes_text)
    elif not record.approved:
        parts.append(para(_("(No text yet.)"), "small"))
    for vote in item.votes:
        parts.append(KeepTogether(_vote(vote, record)))
    return parts


def _vote(vote: VoteRecord, record: MinutesRecord) -> list[Flowable]:
    zone = record.meeting.timezone
    about = [vote_method_label(vote.method)]
    if vote.secret:
        about.append(_("secret ballot"))
    if not vote.is_election:
        about.append(majority_rule_label(vote.rule))
    quorum = _(
        "Quorum at opening (%(moment)s): %(counted)s members present or represented, "
        "%(needed)s needed.",
        moment=local_moment(vote.opened_at, zone),
        counted=vote.quorum_counted,
        needed=vote.quorum_needed,
    )
    parts: list[Flowable] = [
        Spacer(1, 4),
        para(_("Vote: %(question)s", question=vote.question), "cell_bold"),
        para(" · ".join(about), "small"),
        para(quorum, "small"),
    ]
    if vote.quorum_override:
        parts.append(
            para(_("Opened without quorum: %(reason)s", reason=vote.quorum_override), "small")
        )
    parts.append(Spacer(1, 3))
    parts += _election_table(vote) if vote.is_election else [_results_table(vote)]
    if vote.decision:
        parts.append(para(_("Decision %(number)s", number=vote.decision), "cell_bold"))
    return parts


def _results_table(vote: VoteRecord) -> Flowable:
    head = headings(_("Yes"), _("No"), _("Abstain"), _("Ballots"), _("Outcome"))
    if vote.counts is None:
        figures = [para("–", "cell")] * 3
    else:
        figures = [_figure(vote.counts.yes), _figure(vote.counts.no), _figure(vote.counts.abstain)]
    row = [*figures, _figure(vote.ballots), para(vote_outcome_label(vote.outcome), "cell_bold")]
    return table([head, row], _widths(0.14, 0.14, 0.14, 0.14, 0.44))


def _election_table(vote: VoteRecord) -> list[Flowable]:
    assert vote.seats is not None
    seats = ngettext(
        "%(num)d seat (%(role)s, %(body)s)", "%(num)d seats (%(role)s, %(body)s)", vote.seats,
        role=seat_role_label(vote.seat_role) if vote.seat_role else "",
        body=vote.seat_body or "",
    )  # fmt: skip
    ballots = ngettext("%(num)d ballot", "%(num)d ballots", vote.ballots)
    summary = f"{seats} · {ballots} · {vote_outcome_label(vote.outcome)}"
    rows: list[list] = [headings(_("Candidate"), _("Put forward"), _("Votes"), _("Result"))]
    for candidate in vote.candidates:
        result = _("elected") if candidate.elected else _("tied") if candidate.tied else ""
        rows.append(
            [name_cell(candidate.organisation), name_cell(candidate.person) if candidate.person
             else "", _figure(candidate.votes) if candidate.votes is not None else "–",
             para(result, "cell_bold")]
        )  # fmt: skip
    return [para(summary, "small"), table(rows, _widths(0.38, 0.32, 0.12, 0.18))]


def _elections(record: MinutesRecord) -> list[Flowable]:
    """Who each closed election elected (and who tied), at a glance."""
    elections = [v for item in record.all_items() for v in item.votes if v.is_election]
    if not elections:
        return []
    parts: list[Flowable] = [para(_("Elections"), "h2", bold=True)]
    for vote in elections:
        elected = [c for c in vote.candidates if c.elected]
        tied = [c for c in vote.candidates if c.tied]
        heading = f"{vote.item_number}. {vote.question}"
        parts.append(para(heading, "cell_bold"))
        if vote.outcome is None:
            parts.append(para(vote_outcome_label(None), "small"))
            continue
        names = ", ".join(c.organisation.latin for c in elected) or "–"
        parts.append(para(_("Elected: %(names)s", names=names), "body"))
        if vote.outcome is VoteOutcome.TIE:
            tied_names = ", ".join(c.organisation.latin for c in tied)
            parts.append(para(_("Tied, to be settled: %(names)s", names=tied_names), "body"))
    return parts


def _decisions(record: MinutesRecord) -> list[Flowable]:
    parts: list[Flowable] = [para(_("Decisions"), "h2", bold=True)]
    if not record.decisions:
        return [*parts, para(_("No decision was adopted."), "body")]
    rows: list[list] = [headings(_("Number"), _("Item"), _("Decision"))]
    for decision in record.decisions:
        rows.append(
            [para(decision.number, "cell_bold"), para(decision.item_number or "", "cell"),
             [para(decision.title, "cell_bold"), *_paragraphs(decision.text, "cell")]]
        )  # fmt: skip
    return [*parts, table(rows, _widths(0.16, 0.08, 0.76))]


# Small pieces ------------------------------------------------------------------------------


def _paragraphs(text: str, style: str = "body") -> list[Flowable]:
    """Free text as paragraphs, one per non-empty line."""
    return [para(line, style) for line in text.splitlines() if line.strip()]


def _figure(value: int) -> Flowable:
    return para(str(value), "cell")


def _widths(*shares: float) -> list[float]:
    return [WIDTH * share for share in shares]


def _day(moment: datetime, timezone: str) -> str:
    return format_date(moment.astimezone(ZoneInfo(timezone)).date(), "long", locale=get_locale())
