"""Forms of the meetings area: a meeting, a timetable session, a confirmation.

Times are typed as the meeting's wall-clock time (``datetime-local`` inputs) in the meeting's
own time zone; ``localtime.to_utc`` and ``localtime.from_utc`` are the only conversions
between what organisers type and what the services store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import available_timezones

from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError
from wtforms.widgets import CheckboxInput, ListWidget

from planner.durations import parse_duration
from planner.events.labels import event_kind_label, session_kind_label
from planner.events.models import LIVE_STATUSES, Event, EventKind, EventStatus, Session, SessionKind
from planner.localtime import from_utc, to_utc, utc_offset
from planner.members.models import Body, Delegate
from planner.validation import positive_int, year_problem
from planner.web.labels import language_name, person_label, status_label

DEFAULT_ZONE = "Asia/Seoul"
#: Where the network's meetings mostly happen: offered first in the time-zone list.
COMMON_ZONES = (
    "Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong",
    "Asia/Manila", "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Jakarta", "Asia/Bangkok",
    "Asia/Ho_Chi_Minh", "Asia/Ulaanbaatar", "Asia/Kolkata", "Asia/Dhaka", "Asia/Kathmandu",
    "Australia/Sydney", "Australia/Perth", "Pacific/Auckland", "Europe/Paris", "UTC",
)  # fmt: skip
ALL_ZONES = sorted(
    zone
    for zone in available_timezones()
    if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix", "right/"))
)
ZONES = frozenset(available_timezones())
#: Offered languages and reminders; a meeting's own other values are offered too.
COMMON_LANGUAGES = ("en", "fr", "ko", "ja", "zh", "th", "vi", "id", "ms", "es")
COMMON_REMINDERS = ("P14D", "P7D", "P3D", "P1D", "PT2H", "PT1H")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _attributes(row: object, *names: str) -> dict:
    return {name: getattr(row, name) for name in names}


def _in_order(common: Iterable[str], current: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*common, *current]))


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable on a phone, unlike a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ZonedForm(FlaskForm):
    """A form whose times are typed in one time zone, said in their labels."""

    #: field name → its label without the zone
    ZONED: dict[str, str] = {}
    zone = DEFAULT_ZONE

    def in_zone(self, zone: str, at: datetime | None = None) -> None:
        """Name the zone (and its offset when the meeting starts) in each time's label."""
        self.zone = zone
        for name, label in self.ZONED.items():
            self[name].label.text = _(
                "%(label)s (%(zone)s, UTC%(offset)s)",
                label=label,
                zone=zone,
                offset=utc_offset(zone, at),
            )

    def utc(self, name: str) -> datetime | None:
        local = self[name].data
        return to_utc(local, self.zone) if local else None

    def check_exists(self, field: DateTimeLocalField) -> None:
        """A wall-clock time skipped when clocks go forward names no instant. The year is
        checked first: year 1 or 9999 may not convert to UTC at all."""
        if field.data and (problem := year_problem(field.data)):
            raise FieldError(problem)
        if field.data and from_utc(to_utc(field.data, self.zone), self.zone) != field.data:
            raise FieldError(_("This time does not exist in %(zone)s (the clocks change).",
                               zone=self.zone))  # fmt: skip

    def check_after_start(self, field: DateTimeLocalField) -> None:
        self.check_exists(field)
        if field.data and self["starts_at"].data and field.data <= self["starts_at"].data:
            raise FieldError(_("The end must be after the start."))


def _time_field(label: str, required: bool = True) -> DateTimeLocalField:
    return DateTimeLocalField(
        label,
        format=[LOCAL_FORMAT, f"{LOCAL_FORMAT}:%S"],  # with seconds when a browser adds them
        validators=[InputRequired(_l("Enter a date and time.")) if required else Optional()],
    )


# What a title and a description may hold is the events service's to say (planner.validation).


def _title_field() -> StringField:
    return StringField(_l("Title"), validators=[DataRequired(_l("Enter a title."))])


def _description_field() -> TextAreaField:
    return TextAreaField(_l("Description"))


def _body_choices(bodies: Iterable[Body], none: str) -> list[SelectChoice]:
    return [SelectChoice("", none), *(SelectChoice(body.slug, body.name) for body in bodies)]


def _select(label: str, **kwargs) -> SelectField:
    """A select filled per request (``offer``); unsent, it means its first, empty choice."""
    return SelectField(label, choices=[], default="", **kwargs)


class MeetingForm(ZonedForm):
    ZONED = {"starts_at": _l("Starts"), "ends_at": _l("Ends"),
             "registration_deadline": _l("Registration deadline")}  # fmt: skip

    title = _title_field()
    kind = _select(_l("Kind"))
    body = _select(_l("Body"))
    status = _select(_l("Status"))
    parent_id = _select(_l("Part of"))
    venue_id = _select(_l("Venue"))
    timezone = SelectField(_l("Time zone"), default=DEFAULT_ZONE, validate_choice=False)
    starts_at = _time_field(_l("Starts"))
    ends_at = _time_field(_l("Ends"))
    registration_deadline = _time_field(_l("Registration deadline"), required=False)
    capacity = IntegerField(
        _l("Capacity"),
        validators=[Optional(), NumberRange(1, 100000, _l("A number from 1 to 100000."))],
    )
    languages = MultiCheckboxField(_l("Languages"))
    reminder_offsets = MultiCheckboxField(_l("Reminders before the start"))
    confidential = BooleanField(_l("Confidential: keep it out of public and body calendars"))
    description = _description_field()
    version = HiddenField()

    def offer(self, bodies: list[Body], venues: list, parents: list[Event],
              event: Event | None = None) -> None:  # fmt: skip
        """Fill the choices: the stored bodies, venues and main events, common zones first,
        and the meeting's own languages and reminders beside the usual ones."""
        self.kind.choices = [SelectChoice(kind.value, event_kind_label(kind)) for kind in EventKind]
        if event is not None and event.status in LIVE_STATUSES:
            self.status.choices = [SelectChoice(s.value, status_label(s)) for s in LIVE_STATUSES]
        else:  # drafts are published, and meetings cancelled, on their own pages
            del self.status
        self.body.choices = _body_choices(bodies, _("No body"))
        if event is not None and event.parent is not None and event.parent not in parents:
            parents = [*parents, event.parent]  # older than those offered: still its own
        self.parent_id.choices = [SelectChoice("", _("Nothing: a main event")),
                                  *(SelectChoice(str(p.id), p.title) for p in parents)]  # fmt: skip
        self.venue_id.choices = [
            SelectChoice("", _("No venue yet")),
            *(SelectChoice(str(v.id), f"{v.name} ({v.city})" if v.city else v.name)
              for v in venues),
        ]  # fmt: skip
        common, others = _("Asia-Pacific and common"), _("All time zones")
        self.timezone.choices = [
            *(SelectChoice(zone, optgroup=common) for zone in COMMON_ZONES),
            *(
                SelectChoice(zone, optgroup=others)
                for zone in ALL_ZONES
                if zone not in COMMON_ZONES
            ),
        ]
        languages = _in_order(COMMON_LANGUAGES, event.languages if event else ())
        self.languages.choices = [SelectChoice(code, language_name(code)) for code in languages]
        reminders = _in_order(COMMON_REMINDERS, event.reminder_offsets if event else ())
        self.reminder_offsets.choices = [
            SelectChoice(code, format_timedelta(parse_duration(code))) for code in reminders
        ]

    def fill(self, event: Event) -> None:
        """Show a stored meeting, times in its zone."""
        self.process(data={
            **_attributes(event, "title", "kind", "timezone", "capacity", "languages",
                          "reminder_offsets", "confidential", "description", "version"),
            "body": event.body_slug or "",
            "parent_id": str(event.parent_id or ""),
            "venue_id": str(event.venue_id or ""),
            "starts_at": from_utc(event.starts_at, event.timezone),
            "ends_at": from_utc(event.ends_at, event.timezone),
            "registration_deadline": from_utc(event.registration_deadline, event.timezone),
        })  # fmt: skip

    def chosen_zone(self) -> str:
        """The zone the times are typed in: the one chosen, if it is one."""
        return self.timezone.data if self.timezone.data in ZONES else DEFAULT_ZONE

    def validate_timezone(self, field: SelectField) -> None:
        if field.data not in ZONES:
            raise FieldError(_("Choose a time zone from the list."))

    def validate_starts_at(self, field: DateTimeLocalField) -> None:
        self.check_exists(field)

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        self.check_after_start(field)

    def validate_registration_deadline(self, field: DateTimeLocalField) -> None:
        self.check_exists(field)
        if field.data and self.starts_at.data and field.data > self.starts_at.data:
            raise FieldError(_("The registration deadline must not be after the start."))

    def changes(self, new: bool) -> dict:
        """What the events service takes (times in UTC). A new meeting with no reminder
        ticked gets the usual ones of its kind."""
        data = {
            "title": self.title.data.strip(),
            "kind": EventKind(self.kind.data),
            "body_slug": self.body.data or None,
            "parent_id": int(self.parent_id.data) if self.parent_id.data else None,
            "venue_id": int(self.venue_id.data) if self.venue_id.data else None,
            "timezone": self.timezone.data,
            "starts_at": self.utc("starts_at"),
            "ends_at": self.utc("ends_at"),
            "registration_deadline": self.utc("registration_deadline"),
            "capacity": self.capacity.data,
            "languages": list(self.languages.data or []),
            "reminder_offsets": list(self.reminder_offsets.data or []),
            "confidential": self.confidential.data,
            "description": (self.description.data or "").strip() or None,
        }
        if new and not data["reminder_offsets"]:
            del data["reminder_offsets"]
        if "status" in self:
            data["status"] = EventStatus(self.status.data)
        return data

    def validate_version(self, field: HiddenField) -> None:
        if field.data and positive_int(field.data) is None:
            raise FieldError(_("The form was altered; open it again."))

    def expected_version(self) -> int | None:
        return positive_int(self.version.data)


class SessionForm(ZonedForm):
    ZONED = {"starts_at": _l("Starts"), "ends_at": _l("Ends")}

    title = _title_field()
    kind = _select(_l("Kind"))
    room_id = _select(_l("Room"))
    starts_at = _time_field(_l("Starts"))
    ends_at = _time_field(_l("Ends"))
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=int, choices=[])
    restricted_to = _select(_l("Only for members of"))
    description = _description_field()

    def offer(self, event: Event, speakers: list[Delegate], bodies: list[Body]) -> None:
        """Rooms of the meeting's venue, delegates grouped by organisation, the bodies; and
        the meeting's own window, which a session must lie in."""
        self.event = event
        self.in_zone(event.timezone, event.starts_at)
        self.kind.choices = [SelectChoice(k.value, session_kind_label(k)) for k in SessionKind]
        rooms = event.venue.rooms if event.venue else []
        self.room_id.choices = [SelectChoice("", _("No room")),
                                *(SelectChoice(str(r.id), r.name) for r in rooms)]  # fmt: skip
        self.speaker_ids.choices = [
            SelectChoice(d.id, person_label(d), optgroup=d.organisation.name) for d in speakers
        ]
        self.restricted_to.choices = _body_choices(bodies, _("Everyone at the meeting"))

    def fill(self, session: Session) -> None:
        zone = session.event.timezone
        self.process(data={
            **_attributes(session, "title", "kind", "description"),
            "room_id": str(session.room_id or ""),
            "restricted_to": session.restricted_to or "",
            "speaker_ids": session.speaker_ids,
            "starts_at": from_utc(session.starts_at, zone),
            "ends_at": from_utc(session.ends_at, zone),
        })  # fmt: skip

    def validate_starts_at(self, field: DateTimeLocalField) -> None:
        self.check_exists(field)
        start = from_utc(self.event.starts_at, self.zone)
        if field.data and start and field.data < start:
            raise FieldError(_("The session cannot start before the meeting (%(start)s).",
                               start=f"{start:%Y-%m-%d %H:%M}"))  # fmt: skip

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        self.check_after_start(field)
        end = from_utc(self.event.ends_at, self.zone)
        if field.data and end and field.data > end:
            raise FieldError(_("The session cannot end after the meeting (%(end)s).",
                               end=f"{end:%Y-%m-%d %H:%M}"))  # fmt: skip

    def changes(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "kind": SessionKind(self.kind.data),
            "room_id": int(self.room_id.data) if self.room_id.data else None,
            "starts_at": self.utc("starts_at"),
            "ends_at": self.utc("ends_at"),
            "speaker_ids": list(self.speaker_ids.data or []),
            "restricted_to": self.restricted_to.data or None,
            "description": (self.description.data or "").strip() or None,
        }


class ConfirmForm(FlaskForm):
    """A confirmation: only its CSRF token."""


class PublishForm(ConfirmForm):
    send_invitations = BooleanField(_l("Also send the invitations now"))
