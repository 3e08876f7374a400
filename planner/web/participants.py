"""A meeting's participants and its packs, for organisers: who takes part and how they answered,
adding delegates by search, changing roles, invitations and their history, and bulk packs.

Every change goes through the same services as the API; a service's refusal (a voting role
without a voting seat, a meeting not yet published) comes back as a message beside the form,
with nothing written.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from planner.db import get_or_404
from planner.errors import Unavailable
from planner.events import queries
from planner.events import service as events
from planner.events.models import (
    EXPECTED_STATUSES,
    Event,
    EventKind,
    ParticipantRole,
    ParticipantStatus,
    Participation,
)
from planner.extensions import db
from planner.governance.credentials import service as credentials
from planner.members.models import Delegate
from planner.notifications import service as notifications
from planner.packs import jobs
from planner.packs.models import JobState
from planner.packs.tasks import launch_run
from planner.web.access import organisers_only
from planner.web.labels import run_state_labels
from planner.web.paging import page_of_query, requested_page
from planner.web.participant_forms import (
    AddForm,
    ConfirmForm,
    FilterForm,
    PacksForm,
    ParticipantForm,
    row_choices,
)
from planner.web.refusals import pages_blueprint, saving, show_refusal

bp = pages_blueprint("participants", __name__)
#: Search results shown at once; more ask for a narrower search.
SEARCH_LIMIT = 20
_PAGE = "/meetings/<int:event_id>/participants"
_ONE = _PAGE + "/<int:participation_id>"


@bp.context_processor
def _statuses() -> dict:
    return {"Status": ParticipantStatus}


def _event(event_id: int) -> Event:
    return get_or_404(Event, event_id, "event")


def _back(event_id: int) -> Response:
    """Back to the list, with the filters and search the organiser was using."""
    carried = FilterForm(formdata=request.args).carried()
    return redirect(url_for("participants.index", event_id=event_id, **carried))


def _name(participation: Participation) -> str:
    delegate = participation.delegate
    return delegate.native_name or delegate.full_name


# The list -------------------------------------------------------------------------------------


@bp.get(_PAGE)
@login_required
def index(event_id: int):
    return _index(_event(event_id))


def _index(
    event: Event,
    *,
    edited: tuple[int, ParticipantForm] | None = None,
    adding: tuple[int, AddForm] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
):
    """The list page; a form that failed is shown again with its messages (``edited``: a row's
    role and status; ``adding``: a search result's), ``errors`` above everything."""
    filters = FilterForm(formdata=request.args)
    filters.validate()
    listing = page_of_query(
        queries.participants_of(event.id, filters.chosen_status, filters.chosen_role),
        requested_page(),
    )
    # Only a row just sent has a form (with its messages); the others show its markup.
    forms: dict[int, ParticipantForm] = dict([edited]) if edited is not None else {}
    found: list[Delegate] = []
    more = False
    if filters.search and not filters.q.errors:
        found, more = queries.delegates_to_add(event.id, filters.search, SEARCH_LIMIT)
    roles = events.default_roles(event, found)
    add_forms = {d.id: AddForm(formdata=None, data={"role": roles[d.id]}) for d in found}
    if adding is not None:
        delegate_id, form = adding
        if delegate_id not in add_forms and (again := db.session.get(Delegate, delegate_id)):
            found.insert(0, again)  # the refused one stays in view with its message
        add_forms[delegate_id] = form
    page = render_template(
        "web/participants/index.html",
        event=event,
        rows=listing.items,
        listing=listing,
        forms=forms,
        choices=row_choices(),
        filters=filters,
        carried=filters.carried(),
        found=found,
        more=more,
        add_forms=add_forms,
        errors=errors or [],
        counts=queries.rsvp_counts([event.id])[event.id],
        latest=notifications.latest_messages(event.id),
        general_assembly=event.kind is EventKind.GENERAL_ASSEMBLY,
        credentials={
            participation_id: credentials.state(credential)
            for participation_id, credential in credentials.by_participation(
                credentials.credentials_of(event.id)
            ).items()
        },
        search_limit=SEARCH_LIMIT,
        confirm=ConfirmForm(formdata=None),
    )
    return page, status


@bp.post(_ONE)
@organisers_only
def update(event_id: int, participation_id: int):
    """A row's role and status (an answer given by telephone, a delegate made the voice)."""
    participation = queries.participation_of(event_id, participation_id)
    form = ParticipantForm()
    if form.validate_on_submit():
        name = _name(participation)
        changes = {
            "role": ParticipantRole(form.role.data),
            "status": ParticipantStatus(form.status.data),
        }
        with saving(form) as save:
            events.update_participant(participation, changes)
        if save.saved:
            flash(_("%(name)s: role and status saved.", name=name))
            return _back(event_id)
    return _index(_event(event_id), edited=(participation_id, form), status=422)


@bp.post(_PAGE + "/add/<int:delegate_id>")
@organisers_only
def add(event_id: int, delegate_id: int):
    """Add a delegate found by the search (a removed one comes back with their old link)."""
    event = _event(event_id)
    form = AddForm()
    if form.validate_on_submit():
        with saving(form) as save:
            added = events.add_participant(event, delegate_id, ParticipantRole(form.role.data))
            name = _name(added)
        if save.saved:
            flash(_("%(name)s was added. Invite them when you are ready.", name=name))
            return _back(event_id)
    return _index(_event(event_id), adding=(delegate_id, form), status=422)


@bp.post(_ONE + "/resend")
@organisers_only
def resend(event_id: int, participation_id: int):
    participation = queries.participation_of(event_id, participation_id)
    name = _name(participation)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _index(_event(event_id), errors=[_expired()], status=422)
    with saving() as save:
        notifications.resend_invitation(participation)
    if save.refusal is not None:
        return _index(_event(event_id), errors=[save.refusal.message], status=save.refusal.status)
    flash(_("A new invitation to %(name)s is on its way.", name=name))
    return _back(event_id)


@bp.post(_ONE + "/rsvp-link")
@organisers_only
def new_rsvp_link(event_id: int, participation_id: int):
    """Replace a participant's RSVP link (one forwarded or leaked); its check-in code too."""
    participation = queries.participation_of(event_id, participation_id)
    if not ConfirmForm().validate_on_submit():
        return _index(_event(event_id), errors=[_expired()], status=422)
    events.rotate_rsvp_token(participation)
    db.session.commit()
    flash(_("%(name)s has a new RSVP link: the old link and check-in code no longer work. "
            "Resend the invitation to send the new one.", name=_name(participation)))  # fmt: skip
    return _back(event_id)


def _expired() -> str:
    return _("The form expired; please send it again.")


@bp.route(_ONE + "/remove", methods=["GET", "POST"])
@organisers_only
def remove(event_id: int, participation_id: int):
    """Remove a participant, after saying what it does: an invited delegate is sent a
    cancellation (their calendar drops the meeting); one never invited simply goes."""
    participation = queries.participation_of(event_id, participation_id)
    name = _name(participation)
    if participation.status is ParticipantStatus.CANCELLED:
        flash(_("%(name)s was removed already.", name=name))
        return _back(event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        events.remove_participant(participation)
        db.session.commit()
        flash(_("%(name)s was removed from the participants.", name=name))
        return _back(event_id)
    if form.errors:
        form.form_errors.append(_expired())
    page = render_template(
        "web/participants/remove.html",
        event=participation.event,
        participation=participation,
        form=form,
        carried=FilterForm(formdata=request.args).carried(),
    )
    return page, 422 if form.errors else 200


@bp.route(_PAGE + "/invitations", methods=["GET", "POST"])
@organisers_only
def invite_all(event_id: int):
    """Invite everyone not invited yet, after saying how many that is."""
    event = _event(event_id)
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        with saving(form) as save:
            sent = notifications.send_invitations(event)
        if save.refusal is not None:
            status = save.refusal.status
        else:
            flash(_("Invitations are on their way to %(count)s participants.", count=sent))
            return _back(event_id)
    elif form.errors:
        form.form_errors.append(_expired())
        status = 422
    page = render_template(
        "web/participants/invite_all.html",
        event=event,
        form=form,
        count=notifications.uninvited_count(event.id),
        carried=FilterForm(formdata=request.args).carried(),
    )
    return page, status


@bp.get(_ONE)
@login_required
def history(event_id: int, participation_id: int):
    """Every e-mail written to one participant, and what became of it."""
    participation = queries.participation_of(event_id, participation_id)
    return render_template(
        "web/participants/history.html",
        event=participation.event,
        participation=participation,
        messages=notifications.messages_of_participation(participation.id),
    )


# Packs ----------------------------------------------------------------------------------------


@bp.get("/meetings/<int:event_id>/packs")
@login_required
def packs(event_id: int):
    return _packs_page(_event(event_id), PacksForm(formdata=None))


@bp.post("/meetings/<int:event_id>/packs")
@organisers_only
def generate(event_id: int):
    """Start the bulk run, exactly as the API's POST /events/{id}/packs does."""
    event = _event(event_id)
    form = PacksForm()
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            form.form_errors.append(_expired())
        return _packs_page(event, form, 422)
    with saving() as save:
        job, started = launch_run(event.id, form.paper.data)
    if isinstance(save.refusal, Unavailable):
        form.form_errors.append(_(
            "The job queue is not answering, so the packs cannot be made now. "
            "Try again in a few minutes; if it keeps failing, the worker needs a restart."
        ))  # fmt: skip
        return _packs_page(event, form, save.refusal.status)
    if save.refusal is not None:
        show_refusal(form, save.refusal)
        return _packs_page(event, form, save.refusal.status)
    if started:
        flash(_("The packs are being made."))
    else:
        flash(_("A run of these packs is under way already: here it is."))
    return redirect(url_for("participants.packs", event_id=event.id, job=job.id))


def _packs_page(event: Event, form: PacksForm, status: int = 200):
    """The run asked for (``?job=``), else the meeting's latest, as it stands now."""
    job_id = request.args.get("job", "")
    job = jobs.latest_job(event.id)
    asked = jobs.find_job(job_id)
    if asked is not None and asked.event_id == event.id:
        job = asked
    report = jobs.job_report(job, current_app.config["PLANNER_BASE_URL"]) if job else None
    names: dict[int, str] = {}
    if report and report["failures"]:
        names = {p.id: _name(p) for p in db.session.scalars(queries.participants_of(event.id))}
    counts = queries.rsvp_counts([event.id])[event.id]
    page = render_template(
        "web/participants/packs.html",
        event=event,
        form=form,
        job=job,
        report=report,
        names=names,
        finished=job is not None and job.state in (JobState.DONE, JobState.FAILED),
        coming=sum(counts[s] for s in EXPECTED_STATUSES),
        state_labels=run_state_labels(),
        retention_days=current_app.config["PACK_RUN_RETENTION_DAYS"],
    )
    return page, status
