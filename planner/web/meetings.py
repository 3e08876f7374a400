"""Meetings and their timetable: the list, a month calendar, the meeting form, publishing and
cancelling (saying first who will be told), and the sessions of a meeting's timetable.

Everyone signed in reads; organisers change. Each page parses the request, calls the events
and notifications services, and renders; the forms convert typed local times to UTC.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_skeleton
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import login_required

from planner.db import utcnow
from planner.errors import DomainError
from planner.events import queries, timetable
from planner.events import service as events
from planner.events.models import Event, EventKind, EventStatus, Session
from planner.extensions import db
from planner.localtime import network_today
from planner.notifications import service as notifications
from planner.validation import positive_int, year_problem
from planner.web.access import organisers_only
from planner.web.meeting_forms import (
    ConfirmForm,
    MeetingForm,
    PublishForm,
    SessionForm,
)
from planner.web.refusals import pages_blueprint, saving, show_refusal

bp = pages_blueprint("meetings", __name__)

PAGE_SIZE = 50
#: Service field names that a form calls otherwise.
FORM_FIELDS = {"body_slug": "body"}
#: Wider than any UTC offset: the month's meetings are found in UTC, then placed by local day.
ZONE_MARGIN = timedelta(hours=15)


def clash_text(clash: tuple[str, Session, Session, str]) -> str:
    """A timetable clash in words: the meeting page and the warning after saving say it alike."""
    kind, first, second, what = clash
    if kind == "room":
        return _("%(room)s is booked twice: %(first)s and %(second)s.",
                 room=what, first=first.title, second=second.title)  # fmt: skip
    return _("%(speaker)s speaks in two places at once: %(first)s and %(second)s.",
             speaker=what, first=first.title, second=second.title)  # fmt: skip


bp.add_app_template_global(clash_text)


# Reading --------------------------------------------------------------------------------------


@bp.get("/meetings")
@login_required
def index():
    """Meetings not ended yet, soonest first (``?when=past``: ended ones, latest first),
    filtered by kind and status; the filters stay in the URL."""
    past = request.args.get("when") == "past"
    kind = request.args.get("kind", "")
    status = request.args.get("status", "")
    kind = kind if kind in {k.value for k in EventKind} else ""
    status = status if status in queries.STATUS_GROUPS else ""
    page = positive_int(request.args.get("page")) or 1
    meetings, total = queries.list_meetings(
        utcnow(),
        past=past,
        kind=EventKind(kind) if kind else None,
        status=status or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render_template(
        "web/meetings/index.html",
        meetings=meetings,
        answers=queries.rsvp_counts([meeting.id for meeting in meetings]),
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        past=past,
        kind=kind,
        status=status,
        kinds=list(EventKind),
        statuses=list(queries.STATUS_GROUPS),
    )


@bp.get("/meetings/month")
@login_required
def month() -> str:
    """A month as a calendar grid (the reader's locale says which day a week starts on); each
    meeting on every day it spans in its own time zone."""
    today = network_today()
    first = _month_start(request.args.get("month", "")) or today.replace(day=1)
    locale = get_locale()
    weeks = calendar.Calendar(locale.first_week_day).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    found = queries.meetings_overlapping(
        datetime.combine(grid_start, time.min, UTC) - ZONE_MARGIN,
        datetime.combine(grid_end + timedelta(days=1), time.min, UTC) + ZONE_MARGIN,
    )
    days: dict[date, list[Event]] = {}
    for meeting in found:
        for day in _local_days(meeting, grid_start, grid_end):
            days.setdefault(day, []).append(meeting)
    weekdays = [(locale.days["format"]["wide"][d.weekday()],
                 locale.days["format"]["abbreviated"][d.weekday()]) for d in weeks[0]]  # fmt: skip
    return render_template(
        "web/meetings/month.html",
        weeks=weeks,
        weekdays=weekdays,
        days=days,
        first=first,
        title=format_skeleton("yMMMM", first, locale=locale),
        previous=(first - timedelta(days=1)).strftime("%Y-%m"),
        next=(first + timedelta(days=32)).strftime("%Y-%m"),
        today=today,
    )


def _month_start(text: str) -> date | None:
    """The month asked for; none for nonsense or a year whose neighbours a calendar lacks."""
    try:
        first = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None
    return None if year_problem(first) else first


def _local_days(meeting: Event, since: date, until: date) -> Iterator[date]:
    """The days between ``since`` and ``until`` that a meeting covers on its own wall clock
    (one ending at midnight ends the day before)."""
    day = max(meeting.starts_at.astimezone(meeting.zone).date(), since)
    last = min((meeting.ends_at - timedelta(microseconds=1)).astimezone(meeting.zone).date(), until)
    while day <= last:
        yield day
        day += timedelta(days=1)


# The meeting form -----------------------------------------------------------------------------


@bp.route("/meetings/new", methods=["GET", "POST"])
@organisers_only
def new():
    return _meeting_form(None)


@bp.route("/meetings/<int:event_id>/edit", methods=["GET", "POST"])
@organisers_only
def edit(event_id: int):
    return _meeting_form(queries.meeting_for_edit(event_id))


def _meeting_form(event: Event | None):
    """Create or change a meeting; an edit names the version it started from, so a change
    made meanwhile by someone else is refused, not overwritten."""
    form = MeetingForm()
    form.offer(
        queries.all_bodies(),
        queries.venues_with_rooms(),
        queries.possible_parents(exclude=event.id if event else None),
        event,
    )
    if event is not None and request.method == "GET":
        form.fill(event)
    form.in_zone(form.chosen_zone(), event.starts_at if event else None)
    status = 200
    if form.validate_on_submit():
        with saving() as save:
            if event is None:
                event = events.create_event(form.changes(new=True))
            else:
                events.update_event(event, form.changes(new=False), form.expected_version())
        if save.refusal is None:
            flash(_("The meeting is saved."))
            return redirect(url_for("web.meeting", event_id=event.id))
        status = _show_errors(form, save.refusal)
    elif form.errors:
        status = 422
    # Who an update would reach if the change moves the meeting (nobody for a draft).
    told = notifications.told_of_change(event, {"starts_at"})[1] if event else ()
    return render_template("web/meetings/form.html", form=form, event=event, told=told), status


def _show_errors(form, error: DomainError) -> int:
    """The service's complaints beside the fields they are about. A stale version gets its
    own plain message: reload, then change again."""
    if "version" in error.fields:
        form.form_errors.append(_(
            "Someone else changed this meeting while you were editing it. Nothing was saved: "
            "open the form again to see their change, then make yours."
        ))  # fmt: skip
        return 409
    show_refusal(form, error, FORM_FIELDS)
    return 422


# Publishing and cancelling --------------------------------------------------------------------


@bp.route("/meetings/<int:event_id>/publish", methods=["GET", "POST"])
@organisers_only
def publish(event_id: int):
    return _change_status(event_id, EventStatus.SCHEDULED)


@bp.route("/meetings/<int:event_id>/cancel", methods=["GET", "POST"])
@organisers_only
def cancel(event_id: int):
    return _change_status(event_id, EventStatus.CANCELLED)


def _change_status(event_id: int, target: EventStatus):
    """Say who will be told, by the same rule that tells them; do it once confirmed."""
    event = queries.meeting_for_edit(event_id)
    publishing = target is EventStatus.SCHEDULED
    form = PublishForm() if publishing else ConfirmForm()
    _kind, told = notifications.told_of_change(event, {"status"}, target)
    invitees = notifications.invitation_recipients(event) if publishing else ()
    if publishing and request.method == "GET":
        form.send_invitations.data = True  # ticked when asked; an empty POST invites nobody
    status = 200
    if form.validate_on_submit():
        with saving() as save:
            if publishing:
                events.publish_event(event)
                wanted = form.send_invitations.data and invitees
                invited = notifications.send_invitations(event) if wanted else 0
            else:
                events.cancel_event(event)
                invited = 0
        if save.refusal is not None:
            form.form_errors.append(save.refusal.message)
            status = save.refusal.status
        else:
            flash(_("The meeting is published.") if publishing else _("The meeting is cancelled."))
            if told:
                flash(ngettext("%(num)d participant will be told by e-mail.",
                               "%(num)d participants will be told by e-mail.",
                               len(told)))  # fmt: skip
            if invited:
                flash(ngettext("%(num)d invitation is on its way.",
                               "%(num)d invitations are on their way.", invited))  # fmt: skip
            return redirect(url_for("web.meeting", event_id=event.id))
    elif form.errors:
        status = 422
    return render_template(
        "web/meetings/confirm_status.html",
        form=form,
        event=event,
        publishing=publishing,
        already=event.status is target,
        told=told,
        invitees=invitees,
    ), status


# Timetable ------------------------------------------------------------------------------------


@bp.route("/meetings/<int:event_id>/sessions/new", methods=["GET", "POST"])
@organisers_only
def new_session(event_id: int):
    return _session_form(event_id, None)


@bp.route("/meetings/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@organisers_only
def edit_session(event_id: int, session_id: int):
    return _session_form(event_id, session_id)


def _session_form(event_id: int, session_id: int | None):
    """Add or change a session; once saved, warn of any room or speaker it double-books."""
    event = queries.meeting_for_edit(event_id)
    session = queries.session_of(event, session_id) if session_id else None
    form = SessionForm()
    form.offer(event, queries.possible_speakers(), queries.all_bodies())
    if session is not None and request.method == "GET":
        form.fill(session)
    status = 200
    if form.validate_on_submit():
        with saving() as save:
            if session is None:
                session = events.add_session(event, form.changes())
            else:
                events.update_session(session, form.changes())
            warnings = [clash_text(clash) for clash in timetable.clashes_of(session)]
        if save.refusal is not None:
            status = _show_errors(form, save.refusal)
        else:
            flash(_("The session is saved."))
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url_for("web.meeting", event_id=event.id, _anchor="timetable"))
    elif form.errors:
        status = 422
    return render_template(
        "web/meetings/session_form.html", form=form, event=event, session=session
    ), status


@bp.route("/meetings/<int:event_id>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@organisers_only
def delete_session(event_id: int, session_id: int):
    """Asks first (GET), deletes once confirmed (POST)."""
    event = queries.meeting_for_edit(event_id)
    session = queries.session_of(event, session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = session.title
        events.delete_session(session)
        db.session.commit()
        flash(_("The session %(title)s is deleted.", title=title))
        return redirect(url_for("web.meeting", event_id=event.id, _anchor="timetable"))
    return render_template(
        "web/meetings/delete_session.html", form=form, event=event, session=session
    ), 422 if form.errors else 200
