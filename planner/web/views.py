"""Pages; each parses the request, calls services and renders."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask import session as page_session
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from planner.auth.models import User
from planner.auth.service import LoginThrottled, SignInThrottle, check_password, end_sessions
from planner.db import utcnow
from planner.errors import NotFound
from planner.events import queries, timetable
from planner.events import service as events
from planner.events.models import ANSWERED_STATUSES, ParticipantStatus, Participation
from planner.extensions import csrf, db
from planner.governance.credentials import service as credentials
from planner.governance.credentials.queries import delegated_to
from planner.governance.quorum.live import live_quorum
from planner.governance.quorum.service import quorum_forecasts
from planner.governance.votes.service import ballots_of
from planner.links import (
    delegate_feed_path,
    delegate_pack_path,
    event_ics_path,
    rsvp_path,
    subscription_links,
)
from planner.localtime import local_times
from planner.members.models import Membership
from planner.members.queries import membership_counts
from planner.notifications.service import failed_messages
from planner.packs import service as packs
from planner.packs.fonts import FONT_DIR
from planner.responses import pdf_response
from planner.travel.queries import travel_counts
from planner.uploads.views import takes_upload
from planner.web.credential_forms import LetterForm
from planner.web.forms import LoginForm, RsvpForm
from planner.web.navigation import redirect_to_local
from planner.web.paging import page_of_query, requested_page
from planner.web.refusals import pages_blueprint, received_upload, saving

bp = pages_blueprint("web", __name__)
DASHBOARD_MEETINGS = 25


@bp.get("/")
def index() -> str:
    return render_template(
        "web/index.html",
        meetings=queries.upcoming_public_events(limit=20),
        counts=membership_counts(),
        Membership=Membership,
    )


@bp.get("/fonts/<name>")
def font(name: str) -> Response:
    """The packs' own fonts, for browsers without one for a script (app.css names them after
    the reader's own fonts, for the characters of that script only)."""
    if not name.endswith(".ttf"):
        abort(404)
    return send_from_directory(FONT_DIR, name, max_age=365 * 24 * 3600)


@bp.get("/rsvp/<token>/pack.pdf")
def delegate_pack(token: str) -> Response:
    """The delegate's own pack through the secret link of their invitation (no account)."""
    lang = request.args.get("lang")
    paper = request.args.get("paper", "a4")
    pack = packs.pack_for_delegate(token, lang, paper)
    return pdf_response(packs.pack_pdf(pack), packs.pack_filename(pack.person))


@bp.route("/rsvp/<token>", methods=["GET", "POST"])
def rsvp(token: str):
    """A delegate's answer to an invitation, through the secret link in it (no account)."""
    try:
        participation = queries.participation_for_rsvp(token)
    except NotFound:
        return render_template("web/rsvp_gone.html"), 404
    delegate, event = participation.delegate, participation.event
    now = utcnow()
    form = RsvpForm(obj=delegate)
    if request.method == "GET" and participation.status in ANSWERED_STATUSES:
        form.answer.data = participation.status.value
    if form.validate_on_submit():
        if not events.can_answer(participation, now):
            form.form_errors.append(_("Answers to this meeting are closed."))
        else:
            with saving(form) as save:
                _answer(participation, form, now)
            if save.saved:
                closes = events.answer_closes_at(event)
                flash(_("Thank you: your answer is saved. You can change it until %(closes)s.",
                        closes=local_times(closes, event.timezone, delegate.timezone)))  # fmt: skip
                return redirect(url_for("web.rsvp", token=token))
    return _rsvp_page(participation, form, LetterForm(formdata=None), 422 if form.errors else 200)


@bp.post("/rsvp/<token>/letter")
@csrf.exempt  # the form checks its own token (see the docstring)
@takes_upload
def rsvp_letter(token: str):
    """The designated delegate's Delegation of Authority letter, from their own page, until
    their credentials are approved. Like the organisers' upload, exempt from the
    application-wide CSRF check, which would read the body under the small global limit:
    the LetterForm checks the same token."""
    try:
        participation = queries.participation_for_rsvp(token)
    except NotFound:
        return render_template("web/rsvp_gone.html"), 404
    credential = delegated_to(participation.id)
    if credential is None:
        return render_template("web/not_found.html"), 404
    form, status = received_upload(LetterForm)
    if status is None:
        with saving(form) as save:
            credentials.upload_letter(
                credential, form.letter.data.read(), form.letter.data.filename
            )
        if save.saved:
            flash(
                _("Thank you: your letter is received. The credentials committee will look at it.")
            )
            return redirect(url_for("web.rsvp", token=token, _anchor="credentials"), code=303)
        status = save.refusal.status if save.refusal else 422
    answer = RsvpForm(formdata=None, obj=participation.delegate)
    if participation.status in ANSWERED_STATUSES:
        answer.answer.data = participation.status.value
    return _rsvp_page(participation, answer, form, status)


def _rsvp_page(participation: Participation, form: RsvpForm, letter_form: LetterForm, status: int):
    delegate, event = participation.delegate, participation.event
    now = utcnow()
    base_url = current_app.config["PLANNER_BASE_URL"]
    feed = delegate_feed_path(delegate.calendar_token)
    credential = delegated_to(participation.id)
    page = render_template(
        "web/rsvp.html",
        participation=participation,
        delegate=delegate,
        event=event,
        form=form,
        open=events.can_answer(participation, now),
        closes=events.answer_closes_at(event),
        local_times=local_times,
        subscribe=subscription_links(base_url, feed, delegate.full_name),
        meetings=queries.meetings_of_delegate(delegate.id, now),
        pack_path=delegate_pack_path,
        rsvp_path=rsvp_path,
        credential=credential,
        credential_state=credentials.state(credential) if credential else None,
        letter_needed=credentials.letter_needed(credential) if credential else False,
        letter_form=letter_form,
        max_upload=current_app.config["UPLOAD_MAX_BYTES"],
        ballots=[vote for vote in ballots_of(participation)["votes"] if vote["members"]],
    )
    return page, status


def _answer(participation, form: RsvpForm, now) -> None:
    needs = {
        "dietary_needs": (form.dietary_needs.data or "").strip() or None,
        "accessibility_needs": (form.accessibility_needs.data or "").strip() or None,
        "needs_visa_letter": form.needs_visa_letter.data,
    }
    events.respond(participation, ParticipantStatus(form.answer.data), needs, now)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Organisers and viewers sign in with e-mail and password (throttled after failures)."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = check_password(
                form.email.data,
                form.password.data,
                request.remote_addr or "",
                SignInThrottle.from_config(current_app.config),
            )
        except LoginThrottled as throttled:
            wait = format_timedelta(timedelta(seconds=throttled.retry_after), add_direction=True)
            form.form_errors.append(_("Too many failed attempts. Try again %(when)s.", when=wait))
            status = 429
        else:
            db.session.commit()  # a success: its attempt forgotten, maybe a rehashed password
            if user is not None:
                _start_session(user)
                return redirect_to_local(request.args.get("next"), "web.dashboard")
            form.form_errors.append(_("Wrong e-mail or password."))
    if form.errors and status == 200:
        status = 422
    return render_template("web/login.html", form=form), status


def _start_session(user: User) -> None:
    """A fresh session at sign-in: nothing planted in the cookie before survives it; it
    lasts PERMANENT_SESSION_LIFETIME from the last request."""
    page_session.clear()
    login_user(user)
    page_session.permanent = True


@bp.post("/logout")
@login_required
def logout():
    """Signs the account out everywhere: a saved copy of any of its cookies stops working."""
    end_sessions(current_user)
    db.session.commit()
    logout_user()
    page_session.clear()
    return redirect(url_for("web.login"))


@bp.teardown_app_request
def _forget_user(_error: BaseException | None = None) -> None:
    """Flask-Login keeps the user, and Flask-WTF the session's CSRF token, on ``g``, which
    lives as long as the app context; that may span requests (tests, CLI), and each request
    must load its own (sign-in starts a new session, with a new token)."""
    g.pop("_login_user", None)
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)


@bp.get("/dashboard")
@login_required
def dashboard():
    """Upcoming meetings with their answers and quorum forecast; e-mails that failed."""
    meetings = queries.upcoming_events(utcnow(), limit=DASHBOARD_MEETINGS)
    ids = [meeting.id for meeting in meetings]
    return render_template(
        "web/dashboard.html",
        meetings=meetings,
        answers=queries.rsvp_counts(ids),
        quorum=quorum_forecasts(meetings),
        failed=failed_messages(limit=20),
        travel_counts=travel_counts(ids),
        Status=ParticipantStatus,
    )


@bp.get("/meetings/<int:event_id>")
@login_required
def meeting(event_id: int):
    """A meeting for its organisers: calendar links, timetable by day with clashes flagged,
    and who takes part."""
    event = queries.meeting_with_timetable(event_id)
    by_day: dict = {}
    for session in event.sessions:
        by_day.setdefault(session.starts_at.astimezone(event.zone).date(), []).append(session)
    base_url = current_app.config["PLANNER_BASE_URL"]
    participants = page_of_query(queries.participants_of(event.id), requested_page())
    clashes = timetable.timetable_clashes(event.sessions)
    return render_template(
        "web/meeting.html",
        event=event,
        days=by_day,
        clashes=clashes,
        clashing={session.id for _kind, *pair, _what in clashes for session in pair},
        participants=participants,
        links=subscription_links(base_url, event_ics_path(event.id), event.title),
        quorum=live_quorum(event) if event.body is not None else None,
    )
