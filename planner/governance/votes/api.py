"""/api/v1 endpoints of votes: organisers open, count, call and close; viewers read; a
delegate casts electronic ballots through their own secret link (no bearer token)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload

from planner.api import Blueprint, acting_user_id, public, uncached
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.events import queries as events
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.governance.models import Vote
from planner.governance.votes import counting, queries, service
from planner.governance.votes.schemas import (
    AnswerSchema,
    BallotSchema,
    BallotsSchema,
    CallListSchema,
    CountsSchema,
    VoteOpenSchema,
    VotePage,
    VoteSchema,
)

blp = Blueprint("votes", __name__, description="Votes and elections on agenda items")
_ONE = "/events/<int:event_id>/votes/<int:vote_id>"


def _one(event_id: int, vote_id: int) -> Vote:
    return service.vote_of(get_or_404(Event, event_id, "event").id, vote_id)


def _shown(vote: Vote) -> service.VoteView:
    [view] = service.described([vote])
    return view


def _choices(vote: Vote, data: dict[str, Any]) -> list[Any]:
    if vote.is_election:
        return data.get("candidate_ids") or []
    return [data["choice"]] if "choice" in data else []


@blp.get("/events/<int:event_id>/votes")
@uncached
@blp.arguments(PageArgs, location="query")
@blp.response(200, VotePage)
def list_votes(args, event_id: int):
    """The meeting's votes, latest first, with their figures."""
    event = get_or_404(Event, event_id, "event")
    page = paginate(queries.votes_of(event.id), args["page"], args["per_page"])
    return {"items": service.described(page["items"]), "total": page["total"]}


@blp.post("/events/<int:event_id>/votes")
@blp.arguments(VoteOpenSchema)
@blp.response(201, VoteSchema)
def open_vote(data, event_id: int):
    """Open a vote on an agenda item against the meeting's latest frozen roll (409 without
    one, or while another vote is open), with the quorum at that moment; without quorum,
    only with ``quorum_override`` (422 otherwise). With ``seats``, ``seat_role``,
    ``seat_body_id`` and ``candidates`` (full members with a vote here): an election, each
    ballot choosing up to ``seats``."""
    vote = service.open_vote(get_or_404(Event, event_id, "event"), data, acting_user_id())
    db.session.commit()
    return _shown(vote)


@blp.get(_ONE)
@uncached
@blp.response(200, VoteSchema)
def get_vote(event_id: int, vote_id: int):
    """A vote: ballots received out of entitled; its counts once closed (or, for hands and a
    roll-call, as the room sees them); its outcome once closed."""
    return _shown(_one(event_id, vote_id))


@blp.post(_ONE + "/close")
@blp.response(200, VoteSchema)
def close_vote(event_id: int, vote_id: int):
    """Close the vote and count it: a ballot after this is refused (409 if closed already)."""
    vote = service.close(_one(event_id, vote_id))
    db.session.commit()
    return _shown(vote)


@blp.post(_ONE + "/confirm")
@blp.response(200, VoteSchema)
@blp.alt_response(
    409, description="not a closed election with all its seats filled, or confirmed already"
)
def confirm_election(event_id: int, vote_id: int):
    """The elected members take the body's seats from the day the election closed; the
    previous holders' terms end the day before (so do other seats the elected held there)."""
    vote = _one(event_id, vote_id)
    service.confirm(vote)
    db.session.commit()
    return _shown(vote)


@blp.put(_ONE + "/counts")
@blp.arguments(CountsSchema)
@blp.response(200, VoteSchema)
def record_counts(data, event_id: int, vote_id: int):
    """The tellers' count of a show of hands (a recount replaces it until the close); more
    hands than members present or represented are refused (422)."""
    vote = _one(event_id, vote_id)
    service.record_counts(vote, counting.Count(data["yes"], data["no"], data["abstain"]))
    db.session.commit()
    return _shown(vote)


@blp.get(_ONE + "/members")
@uncached
@blp.response(200, CallListSchema)
def call_list(event_id: int, vote_id: int):
    """The members called, in protocol order (a proxy right after its holder), whether each
    has voted and, unless the vote is secret, what it chose."""
    return {"items": queries.call_list(_one(event_id, vote_id))}


@blp.post(_ONE + "/members")
@blp.arguments(AnswerSchema)
@blp.response(200, CallListSchema)
def record_answer(data, event_id: int, vote_id: int):
    """The secretary records a member's answer in a roll-call (once: 409 for a second)."""
    vote = _one(event_id, vote_id)
    service.record_answer(vote, data["organisation_id"], _choices(vote, data))
    db.session.commit()
    return {"items": queries.call_list(vote)}


@blp.get("/ballots/<token>")
@uncached
@public
@blp.response(200, BallotsSchema)
@blp.alt_response(404, description="not a current invitation link (revoked or removed)")
def my_ballots(token: str):
    """Through a delegate's own secret link: the meeting's open electronic votes, and for
    each the members whose vote they hold now (their own, their proxies') and whether that
    ballot is in."""
    participation = events.participation_for_rsvp(token)
    return service.ballots_of(participation)


@blp.post("/ballots/<token>/<int:vote_id>")
@public
@blp.arguments(AnswerSchema)
@blp.response(200, BallotSchema)
@blp.alt_response(403, description="not a vote this link holds now")
@blp.alt_response(404, description="not a current invitation link, or no such vote")
@blp.alt_response(409, description="closed, already voted, or the member arrived in person")
def cast_ballot(data, token: str, vote_id: int):
    """Cast a member's ballot from a delegate's own secret link: once per member held."""
    # Its delegate only: a ballot needs nothing of the meeting but its id.
    participation = events.participation_for_rsvp(token, joinedload(Participation.delegate))
    vote = service.vote_of(participation.event_id, vote_id)
    service.cast(participation, vote, data["organisation_id"], _choices(vote, data))
    db.session.commit()
    return {"organisation_id": data["organisation_id"], "voted": True}
