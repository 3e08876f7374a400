"""The rules of proxies. Proxy writes and roll freezes of one meeting take the meeting's row
lock first, so two desks cannot both slip under the cap or around a freeze."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.events.models import Event
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.models import Proxy, Roll
from planner.governance.quorum.live import standing_proxies
from planner.governance.quorum.service import body_of
from planner.members import service as members
from planner.members.models import Organisation
from planner.uploads import service as uploads

#: Why a proxy stopped: withdrawn by its giver, or made moot by the giver's arrival.
REVOKED = "revoked"
PRESENT_IN_PERSON = "present in person"


def lock_meeting(event: Event) -> None:
    """Serialise the door's writes for one meeting (a row lock; SQLite serialises anyway)."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())


def roll_frozen(event: Event) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(Roll.event_id == event.id))) or False


def _refuse_after_freeze(event: Event) -> None:
    if roll_frozen(event):
        raise Conflict(_("the voter roll of this meeting is frozen: proxies can no longer change"))


def _name(organisation_id: int) -> str:
    organisation = db.session.get(Organisation, organisation_id)
    return organisation.name if organisation else str(organisation_id)


def give(event: Event, giver_id: int, holder_id: int) -> Proxy:
    """Record that ``giver`` mandates ``holder`` to vote for it at ``event``."""
    body = body_of(event)
    if giver_id == holder_id:
        raise Invalid.field("holder_id", _("a member cannot hold its own proxy"))
    lock_meeting(event)
    _refuse_after_freeze(event)
    voters = members.voters(body, meeting_day(event), [giver_id, holder_id])
    for field, organisation_id in (("giver_id", giver_id), ("holder_id", holder_id)):
        if db.session.get(Organisation, organisation_id) is None:
            raise Invalid.field(field, _("no such organisation"))
        if organisation_id not in voters:
            raise Invalid.field(
                field,
                _("%(name)s may not vote at this meeting", name=_name(organisation_id)),
            )
    proxies = standing_proxies(event.id)
    if giver_id in proxies:
        raise Conflict(
            _(
                "%(giver)s has given its proxy to %(holder)s already: revoke that one first",
                giver=_name(giver_id),
                holder=_name(proxies[giver_id]),
            ),
            {"giver_id": [_("a proxy of this member stands already")]},
        )
    if holder_id in proxies:
        raise Invalid.field(
            "holder_id",
            _(
                "%(holder)s has given its own proxy to %(other)s: proxies are not passed on",
                holder=_name(holder_id),
                other=_name(proxies[holder_id]),
            ),
        )
    if giver_id in proxies.values():
        raise Invalid.field(
            "giver_id",
            _(
                "%(giver)s holds proxies of other members: proxies are not passed on",
                giver=_name(giver_id),
            ),
        )
    held = sum(holder == holder_id for holder in proxies.values())
    if held >= body.proxy_cap:
        raise Invalid.field(
            "holder_id",
            _(
                "%(holder)s holds %(count)d proxies already, the most a member may hold here",
                holder=_name(holder_id),
                count=held,
            ),
        )
    proxy = Proxy(event_id=event.id, giver_id=giver_id, holder_id=holder_id)
    db.session.add(proxy)
    db.session.flush()
    return proxy


def proxy_of(event: Event, proxy_id: int) -> Proxy:
    proxy = db.session.get(Proxy, proxy_id)
    if proxy is None or proxy.event_id != event.id:
        raise NotFound(_("no such proxy at this meeting"))
    return proxy


def revoke(event: Event, proxy: Proxy) -> Proxy:
    """Withdraw a standing proxy; possible until the roll is frozen."""
    lock_meeting(event)
    _refuse_after_freeze(event)
    if proxy.revoked_at is not None:
        raise Conflict(_("this proxy was revoked already"))
    proxy.revoked_at, proxy.revoked_reason = utcnow(), REVOKED
    db.session.flush()
    return proxy


def attach_letter(
    proxy: Proxy, data: bytes, filename: str | None, uploaded_by_id: int | None = None
) -> Proxy:
    """The giver's mandate letter (PDF, JPEG or PNG), checked and kept like an authority
    letter; it may follow the proxy, even after the freeze, but not a revoked proxy."""
    if proxy.revoked_at is not None:
        raise Conflict(
            _("this proxy was revoked: it takes no letter"),
            {"letter": [_("the proxy was revoked")]},
        )
    proxy.letter = uploads.store(data, filename, uploads.LETTERS, uploaded_by_id, "letter")
    db.session.flush()
    return proxy


def cancel_given_by(event_id: int, organisation_id: int) -> None:
    """A member present in person votes itself: the proxy it gave stops (even after a freeze,
    which keeps the roll as it was)."""
    db.session.execute(
        sa.update(Proxy)
        .where(
            Proxy.event_id == event_id,
            Proxy.giver_id == organisation_id,
            Proxy.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow(), revoked_reason=PRESENT_IN_PERSON)
    )


def proxies_in_order(event: Event) -> sa.Select[tuple[Proxy]]:
    """Every proxy of the meeting, standing ones first, newest first."""
    return (
        sa.select(Proxy)
        .where(Proxy.event_id == event.id)
        .order_by(Proxy.revoked_at.is_not(None), Proxy.created_at.desc(), Proxy.id.desc())
    )
