"""2. The welcome letter, with the credential status at a General Assembly."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.platypus import Flowable, Spacer, Table

from planner.events.labels import role_label
from planner.events.models import EventKind, ParticipantRole
from planner.governance.models import CredentialState
from planner.packs.content import Person
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext
from planner.packs.styles import ROLE_COLOURS, SHADE, table_style
from planner.packs.text import fill, fpara, para, styled

_NO_VOTE = _l(
    "Your organisation does not hold a vote at this General Assembly: you take part "
    "in the debates without voting."
)
_OTHER_ROLE = _l(
    "You take part in the General Assembly as %(role)s; voting is reserved to the voting "
    "delegates of full members."
)
# A delegate's standing at a General Assembly by role and credential state (None: any state).
_CREDENTIAL_TEXT = {
    (ParticipantRole.VOTING_DELEGATE, CredentialState.APPROVED): _l(
        "Your credentials as voting delegate have been accepted: you will receive "
        "your voting card when you check in."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialState.PENDING): _l(
        "Your credentials as voting delegate have been received and are awaiting the "
        "secretariat's check."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialState.MISSING): _l(
        "Your credentials as voting delegate have not reached us yet: please send the "
        "letter of credentials signed by your organisation to the secretariat before "
        "the meeting."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialState.REJECTED): _l(
        "Your credentials as voting delegate could not be accepted. Please contact the "
        "secretariat before the meeting."
    ),
    (ParticipantRole.ALTERNATE, CredentialState.APPROVED): _l(
        "Your credentials as alternate have been accepted: you vote for your "
        "organisation when its voting delegate is absent."
    ),
    (ParticipantRole.ALTERNATE, CredentialState.PENDING): _l(
        "Your credentials as alternate have been received and are awaiting the secretariat's check."
    ),
    (ParticipantRole.ALTERNATE, CredentialState.MISSING): _l(
        "Your credentials as alternate have not reached us yet: please send the letter "
        "of credentials signed by your organisation to the secretariat before the "
        "meeting."
    ),
    (ParticipantRole.ALTERNATE, CredentialState.REJECTED): _l(
        "Your credentials as alternate could not be accepted. Please contact the "
        "secretariat before the meeting."
    ),
    (ParticipantRole.OBSERVER, None): _l(
        "You attend the General Assembly as an observer: you are welcome at all open "
        "sessions and may take the floor, but do not vote."
    ),
}


def credential_text(person: Person, credential: CredentialState | None) -> str:
    """The delegate's standing at a General Assembly, in one or two full sentences (a
    ``%(role)s`` in them takes the role's name). ``credential``: the state of the credentials
    the delegate speaks under, None when their member has designated no one yet."""
    if person.role == ParticipantRole.VOTING_DELEGATE and not person.voting:
        return str(_NO_VOTE)
    state = credential or CredentialState.MISSING
    text = _CREDENTIAL_TEXT.get((person.role, state)) or _CREDENTIAL_TEXT.get(
        (person.role, None), _OTHER_ROLE
    )
    return str(text)


def section(ctx: SectionContext) -> list[Flowable]:
    m, p = ctx.meeting, ctx.person
    city = (m.venue.city if m.venue and m.venue.city else None) or ctx.times.city
    name = f"{p.title} {p.latin_name}" if p.title else p.latin_name
    if ctx.pack.language == "ko" and p.native_name:
        name = p.native_name  # "오준호 님께": the honorific follows the name, no "Mr"
    story: list[Flowable] = [
        para(_("Welcome"), "h1", bold=True),
        fpara(_("Dear %(name)s,"), "body", name=markup(name)),
        fpara(
            _(
                "On behalf of the secretariat of %(network)s, it is a great pleasure to "
                "welcome you to %(meeting)s, in %(city)s, %(dates)s."
            ),
            "body",
            network=markup(m.network),
            meeting=markup(m.title, bold=True),
            city=markup(city),
            dates=markup(ctx.times.dates(m.starts_at, m.ends_at)),
        ),
    ]
    if m.description:
        story.append(para(m.description, "body"))
    story.append(
        para(
            _(
                "This pack gathers what you need for the coming days: your personal "
                "schedule, the full programme with its side events, practical information "
                "on the venue, the list of participants and your badge. Times are given in "
                "the local time of the meeting and, where yours differs, in your home time "
                "beside it."
            ),
            "body",
        )
    )
    if m.kind == EventKind.GENERAL_ASSEMBLY:
        text = fill(
            credential_text(p, ctx.pack.credential), role=markup(role_label(p.role).lower())
        )
        box = Table(
            [[para(_("Your credentials"), "cell_bold")], [styled(text, "body")]],
            colWidths=[ctx.width],
        )
        box.setStyle(
            table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, ROLE_COLOURS[p.role]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 2),
                ]
            )
        )
        story += [Spacer(1, 4), box, Spacer(1, 10)]
    story += [
        fpara(
            _(
                "Our team will be at the registration desk from the first morning. Do not "
                "hesitate to write to us at %(email)s if you need anything before or during "
                "the meeting. We look forward to welcoming you in %(city)s."
            ),
            "body",
            email=markup(m.secretariat_email),
            city=markup(city),
        ),
        Spacer(1, 6),
        para(_("With warm regards,"), "body"),
        para(m.secretariat_name, "body", bold=True),
    ]
    return story
