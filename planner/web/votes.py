"""The votes pages: a meeting's votes and the form that opens one, each vote's page (the
tellers' count, the roll-call, the ballots received), its close, the projector's view of the
vote under way; and a delegate's ballot page, reached from their own RSVP link. Organisers
change; everyone signed in reads; a delegate votes only for the members they hold."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from planner.db import get_or_404
from planner.errors import NotFound
from planner.events import queries as events
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.governance.agenda import queries as agenda
from planner.governance.models import AgendaItem, MajorityRule, Vote, VoteMethod
from planner.governance.votes import counting, queries, service
from planner.members.models import Membership
from planner.members.queries import bodies_in_order, organisations_matching
from planner.web.access import organisers_only
from planner.web.participant_forms import ConfirmForm
from planner.web.refusals import Saving, pages_blueprint, saving
from planner.web.vote_forms import AnswerForm, BallotForm, CountsForm, OpenVoteForm

bp = pages_blueprint("votes_pages", __name__)


def numbered_items(event_id: int) -> list[tuple[str, AgendaItem]]:
    """The meeting's agenda items in reading order, each with its number ("3", "3.2")."""
    return [(entry.number, entry.item) for entry in agenda.flat(agenda.agenda(event_id))]


def _status(save: Saving) -> int:
    return save.refusal.status if save.refusal else 422


def _view(vote: Vote) -> service.VoteView:
    [view] = service.described([vote])
    return view


@bp.get("/meetings/<int:event_id>/votes")
@login_required
def index(event_id: int):
    return _index(get_or_404(Event, event_id, "meeting"), OpenVoteForm(formdata=None))


def _index(event: Event, form: OpenVoteForm, status: int = 200):
    """The meeting's votes, latest first, and (for organisers) the form that opens one, with
    the quorum of the latest frozen roll it would open against."""
    items = numbered_items(event.id)
    form.agenda_item_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(item.id), f"{number}. {item.title}") for number, item in items
    ]
    form.seat_body_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(body.id), body.name) for body in db.session.scalars(bodies_in_order())
    ]
    # Full members, by country and name: the elections service says which of them may stand.
    form.candidates.choices = [
        SelectChoice(organisation.id, organisation.name)
        for organisation in db.session.scalars(organisations_matching(membership=Membership.FULL))
    ]
    votes = db.session.scalars(queries.votes_of(event.id)).all()
    return render_template(
        "web/votes/index.html",
        event=event,
        votes=service.described(votes),
        numbers={item.id: number for number, item in items},
        roll=service.latest_roll(event),
        open_vote=queries.open_vote_of(event.id),
        form=form,
        count_of=counting.Count.of,
    ), status


@bp.post("/meetings/<int:event_id>/votes")
@organisers_only
def open_vote(event_id: int):
    """Open a vote; a refusal (no roll, another vote open, no quorum and no reason) is shown
    beside its field with nothing written."""
    event = get_or_404(Event, event_id, "meeting")
    form = OpenVoteForm()
    if form.validate_on_submit():
        data = {
            "agenda_item_id": form.agenda_item_id.data,
            "question": form.question.data.strip(),
            "method": VoteMethod(form.method.data),
            "rule": MajorityRule(form.rule.data),
            "secret": form.secret.data,
            "quorum_override": form.quorum_override.data,
            **form.election(),
        }
        with saving(form) as save:
            vote = service.open_vote(event, data, current_user.id)
        if save.saved:
            flash(_("The vote is open."))
            return redirect(url_for(".vote", event_id=event.id, vote_id=vote.id))
        return _index(event, form, _status(save))
    return _index(event, form, 422)


@bp.get("/meetings/<int:event_id>/votes/<int:vote_id>")
@login_required
def vote(event_id: int, vote_id: int):
    event = get_or_404(Event, event_id, "meeting")
    return _vote_page(service.vote_of(event.id, vote_id))


def _vote_page(
    vote: Vote,
    counts_form: CountsForm | None = None,
    answer_form: AnswerForm | None = None,
    status: int = 200,
):
    """A vote as the room runs it: the method's own controls while it is open (for
    organisers), the figures anyone may see, and the result in words once closed."""
    view = _view(vote)
    if counts_form is None:
        counts_form = CountsForm(formdata=None, data=counting.Count.of(view.counts or {}).__dict__)
    called = queries.call_list(vote) if vote.method is not VoteMethod.SHOW_OF_HANDS else []
    choice_names = {counting.YES: _("yes"), counting.NO: _("no"), counting.ABSTAIN: _("abstain")}
    for candidate in vote.candidates:
        choice_names[counting.candidate_choice(candidate.id)] = candidate.organisation.name
    answer_errors = _messages(answer_form) if answer_form is not None else []
    called_ids = {member.organisation_id for member in called}
    return render_template(
        "web/votes/vote.html",
        event=vote.event,
        vote=view,
        entry=agenda.entry_of(vote.event_id, vote.agenda_item_id),
        called=called,
        counts_form=counts_form,
        choice_names=choice_names,
        answer_errors=answer_errors,
        answer_row=answer_form.organisation_id.data
        if answer_form is not None and answer_form.organisation_id.data in called_ids
        else None,
        result=_result(view),
    ), status


def _messages(form: AnswerForm) -> list[str]:
    """A row form's refusal, said once beside its row."""
    messages = list(form.form_errors)
    for field in form:
        if field.errors:
            expired = field.name == "csrf_token"
            messages += [_("The form expired; please send it again.")] if expired else field.errors
    return messages


def _result(view: service.VoteView) -> dict[str, Any] | None:
    """What a closed vote came to: the counts of a question, or each candidate's votes."""
    if view.closed_at is None or view.counts is None:
        return None
    if not view.is_election:
        return {"count": counting.Count.of(view.counts)}
    candidates = [
        {
            "name": candidate.organisation.name,
            "votes": view.counts.get(counting.candidate_choice(candidate.id), 0),
            "elected": candidate.id in view.elected,
            "tied": candidate.id in view.tied,
        }
        for candidate in view.candidates
    ]
    candidates.sort(key=lambda c: -c["votes"])
    return {"candidates": candidates, "ballots": view.counts.get(counting.BALLOTS, 0)}


@bp.post("/meetings/<int:event_id>/votes/<int:vote_id>/counts")
@organisers_only
def record_counts(event_id: int, vote_id: int):
    vote = service.vote_of(get_or_404(Event, event_id, "meeting").id, vote_id)
    form = CountsForm()
    if form.validate_on_submit():
        with saving(form) as save:
            service.record_counts(vote, counting.Count(form.yes.data, form.no.data,
                                                       form.abstain.data))  # fmt: skip
        if save.saved:
            flash(_("The count is recorded."))
            return redirect(url_for(".vote", event_id=event_id, vote_id=vote_id))
        return _vote_page(vote, form, status=_status(save))
    return _vote_page(vote, form, status=422)


@bp.post("/meetings/<int:event_id>/votes/<int:vote_id>/answers")
@organisers_only
def record_answer(event_id: int, vote_id: int):
    """The secretary records the answer of the member just called."""
    vote = service.vote_of(get_or_404(Event, event_id, "meeting").id, vote_id)
    form = AnswerForm()
    if form.validate_on_submit():
        with saving(form) as save:
            service.record_answer(vote, form.organisation_id.data, _choices(vote, form))
        if save.saved:
            return redirect(
                url_for(".vote", event_id=event_id, vote_id=vote_id,
                        _anchor=f"member-{form.organisation_id.data}")
            )  # fmt: skip
        return _vote_page(vote, answer_form=form, status=_status(save))
    return _vote_page(vote, answer_form=form, status=422)


def _choices(vote: Vote, form: AnswerForm) -> list[Any]:
    if vote.is_election:
        return form.candidate_ids.data or []
    return [form.choice.data] if form.choice.data else []


@bp.route("/meetings/<int:event_id>/votes/<int:vote_id>/close", methods=["GET", "POST"])
@organisers_only
def close(event_id: int, vote_id: int):
    """Closing asks first (a page that says what closing means), then counts."""
    vote = service.vote_of(get_or_404(Event, event_id, "meeting").id, vote_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as save:
            service.close(vote)
        flash(save.refusal.message if save.refusal else _("The vote is closed and counted."))
        return redirect(url_for(".vote", event_id=event_id, vote_id=vote_id))
    return render_template(
        "web/votes/close.html", event=vote.event, vote=_view(vote), form=form
    ), 422 if form.errors else 200


@bp.post("/meetings/<int:event_id>/votes/<int:vote_id>/confirm")
@organisers_only
def confirm(event_id: int, vote_id: int):
    """The elected take the body's seats (the previous holders' terms end the day before)."""
    vote = service.vote_of(get_or_404(Event, event_id, "meeting").id, vote_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for(".vote", event_id=event_id, vote_id=vote_id))
    with saving() as save:
        service.confirm(vote)
    flash(save.refusal.message if save.refusal else _("The elected members hold their seats."))
    return redirect(url_for(".vote", event_id=event_id, vote_id=vote_id))


@bp.get("/meetings/<int:event_id>/votes/live")
@login_required
def live(event_id: int):
    """The projector's view of the meeting's latest vote, rendered afresh at each poll (no
    cache: ballots come in by the second): its question, the ballots received out of those
    entitled while open (never the running result), then its result."""
    event = get_or_404(Event, event_id, "meeting")
    return render_template("web/votes/_projector.html", vote=latest_vote(event))


def latest_vote(event: Event) -> dict[str, Any] | None:
    latest = db.session.scalars(queries.votes_of(event.id).limit(1)).first()
    if latest is None:
        return None
    view = _view(latest)
    return {"vote": view, "result": _result(view)}


@bp.route("/rsvp/<token>/ballot", methods=["GET", "POST"])
def ballot(token: str):
    """A delegate's ballots through their own secret link: one per member whose vote they
    hold now (their own, their proxies'), in the meeting's open electronic vote."""
    try:
        participation = events.participation_for_rsvp(token)
    except NotFound:
        return render_template("web/rsvp_gone.html"), 404
    form = BallotForm()
    if request.method == "POST":
        if form.validate_on_submit():
            with saving() as save:
                vote = service.vote_of(participation.event_id, form.vote_id.data)
                service.cast(participation, vote, form.organisation_id.data, _choices(vote, form))
            if save.saved:
                flash(_("Ballot received. Thank you."))
                return redirect(url_for(".ballot", token=token), code=303)
            # The whole refusal, beside the member's ballot: its fields are not ones to edit.
            assert save.refusal is not None
            form.form_errors.append(save.refusal.message)
            return _ballot_page(participation, form, _status(save))
        return _ballot_page(participation, form, 422)
    return _ballot_page(participation, None)


def _ballot_page(participation: Participation, form: BallotForm | None, status: int = 200):
    votes = [vote for vote in service.ballots_of(participation)["votes"] if vote["members"]]
    own = participation.delegate.organisation_id
    for vote in votes:  # the delegate's own member first, then those it holds by proxy
        vote["members"].sort(key=lambda member: member["organisation_id"] != own)
    errors = _messages(form) if form is not None else []
    held = {member["organisation_id"] for vote in votes for member in vote["members"]}
    refused = form.organisation_id.data if form is not None else None
    return render_template(
        "web/votes/ballot.html",
        participation=participation,
        event=participation.event,
        votes=votes,
        open_vote=queries.open_vote_of(participation.event_id),
        errors=errors,
        refused_member=refused,
        refused_shown=refused in held,
    ), status
