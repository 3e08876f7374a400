"""The rules of a meeting's minutes. While a draft (version 0) the secretariat writes a
summary and a text under each agenda item; a later meeting approves them by an adopted vote
on one of its own agenda items, which freezes them at version 1 with that vote (and so that
meeting) as their reference. Every write takes the meeting's row lock first, so an edit and
an approval racing each other are taken one after the other; each refusal comes before
anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.errors import Conflict, Invalid, NotFound
from planner.events.models import Event
from planner.extensions import db
from planner.governance.models import AgendaItem, Minutes, Vote, VoteOutcome
from planner.governance.proxies.service import lock_meeting
from planner.validation import check

#: The version approved minutes take (a correction would be a new record, not a version 2).
APPROVED_VERSION = 1


def minutes_of(event: Event) -> Minutes | None:
    return db.session.scalar(sa.select(Minutes).where(Minutes.event_id == event.id))


def edit(event: Event, changes: Mapping[str, Any]) -> Minutes:
    """Write ``summary`` (when given) and the text of each agenda item in ``items`` (item id
    -> text; empty or None clears it). Refused: an item of another meeting (422), minutes
    already approved (409)."""
    unknown = sorted(set(changes) - {"summary", "items"})
    if unknown:
        raise Invalid.field(unknown[0], _("unknown field"))
    texts: dict[int, str | None] = dict(changes.get("items") or {})
    if "summary" in changes:
        check(Minutes, {"summary": changes["summary"] or None})
    for item_id, text in texts.items():
        problem = _text_problem(text)
        if problem:
            raise Invalid(problem, {f"items.{item_id}": [problem]})
    lock_meeting(event)
    minutes = _draft(event)
    items = _items(event, texts)
    if "summary" in changes:
        minutes.summary = changes["summary"] or None
    for item in items:
        item.minutes_text = texts[item.id] or None
    db.session.flush()
    return minutes


def _text_problem(text: str | None) -> str | None:
    try:
        check(AgendaItem, {"minutes_text": text or None})
    except Invalid as error:
        return next(iter(error.fields["minutes_text"]))
    return None


def _draft(event: Event) -> Minutes:
    """The meeting's minutes, made on the first edit; refused once approved."""
    minutes = minutes_of(event)
    if minutes is None:
        minutes = Minutes(event_id=event.id, version=0)
        db.session.add(minutes)
        return minutes
    if minutes.version:
        raise Conflict(
            _(
                "these minutes were approved (version %(version)s): they can no longer change",
                version=minutes.version,
            ),
            {"version": [_("approved")]},
        )
    return minutes


def _items(event: Event, texts: Mapping[int, Any]) -> list[AgendaItem]:
    if not texts:
        return []
    items = list(
        db.session.scalars(
            sa.select(AgendaItem).where(AgendaItem.id.in_(texts), AgendaItem.event_id == event.id)
        )
    )
    missing = sorted(set(texts) - {item.id for item in items})
    if missing:
        message = _("not an agenda item of this meeting")
        raise Invalid(
            _("%(ids)s are not agenda items of this meeting", ids=", ".join(map(str, missing))),
            {f"items.{item_id}": [message] for item_id in missing},
        )
    return items


def approve(event: Event, vote_id: int) -> Minutes:
    """The minutes of ``event`` approved by the vote ``vote_id``: a vote of a meeting that
    starts after this one has ended, closed and adopted. Once only."""
    lock_meeting(event)
    vote = db.session.get(Vote, vote_id)
    if vote is None:
        raise NotFound(_("no such vote"), {"vote_id": [_("no such vote")]})
    _approving(event, vote)
    minutes = _draft(event)
    minutes.version = APPROVED_VERSION
    minutes.approved_at = vote.closed_at
    minutes.approved_by_vote_id = vote.id
    db.session.flush()
    return minutes


def _approving(event: Event, vote: Vote) -> None:
    """Refuse (422, on ``vote_id``) a vote that cannot approve these minutes."""
    if vote.event_id == event.id:
        raise Invalid.field(
            "vote_id", _("a meeting cannot approve its own minutes: a later meeting does")
        )
    if vote.event.starts_at < event.ends_at:
        raise Invalid.field(
            "vote_id", _("only a meeting held after this one has ended can approve its minutes")
        )
    if vote.closed_at is None:
        raise Invalid.field("vote_id", _("this vote is still open"))
    if vote.outcome is not VoteOutcome.ADOPTED:
        raise Invalid.field("vote_id", _("only an adopted vote approves minutes"))
