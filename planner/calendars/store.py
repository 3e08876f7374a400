"""Rendered VEVENT text in the database, shared by every process and host.

A process keeps what it rendered in its own LRU (``service.component_cache``), but a new
process (a new gunicorn worker, a worker recycled, another host) starts with none, and its
first render of the public feed used to render every meeting again: about 1.45 times what
icalendar alone takes to build them. Here each rendered meeting is kept under a key that
digests everything its text depends on, so one process's render serves every other.

Keys (:func:`keys`): the meeting's fingerprint as feeds list it (``updated_at`` is renewed
by every change to a meeting, its timetable or its venue), the site, the default language,
whether sessions are rendered, and the code (:func:`rendering_version`: the planner's source,
the libraries that write the text, the time zone rules), so text rendered by other code is
never served: a deploy starts a new set of keys, filled by whichever process renders first.

Reads never write (a "last used" stamp would make every read a write). Rows are forgotten by
age instead, and by the meeting changing (:func:`forget_stale`, daily): a meeting still
listed is stored again by the next process that misses it, at the cost of one render.

The feed view writes once its reader has the response, in a transaction of its own,
committed at once (other callers of ``render_feed`` write in their session): in one INSERT …
ON CONFLICT DO NOTHING per 500 meetings, in key order (two processes storing the same
meetings take their row locks in the same order: one waits for the other's commit, and
neither fails). Inside a savepoint: a write that fails is logged and the feed served all the
same, from what was just rendered.
"""

from __future__ import annotations

import hashlib
import logging
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, NamedTuple, cast

import sqlalchemy as sa

from planner.calendars.models import RenderedComponent
from planner.db import insert_new, one_of, utcnow
from planner.events.models import Event
from planner.extensions import db

log = logging.getLogger(__name__)

#: Rows older than this are deleted, used or not (a row still needed is stored again).
KEEP = timedelta(days=30)
#: Bounded IN lists and VALUES lists.
CHUNK = 500

#: A meeting's text and its sessions' (each with the body it is restricted to).
Rendered = tuple[bytes, list[tuple[int | None, bytes]]]


class Stored(NamedTuple):
    key: str
    event_id: int
    event_updated_at: datetime
    rendered: Rendered


@cache
def rendering_version() -> str:
    """A digest of what writes the text: the planner's own source (whatever module a change
    is in), the libraries that format it and the time zone rules that local times follow
    (the system's, which zoneinfo reads first, and the tzdata package's). Read once per
    process."""
    digest = hashlib.sha256()
    for name in ("icalendar", "babel", "tzdata"):
        digest.update(f"{name}=={version(name)}\n".encode())
    for folder in zoneinfo.TZPATH:
        if (index := Path(folder, "tzdata.zi")).exists():
            with index.open("rb") as rules:
                digest.update(rules.readline())  # "# version 2025b"
    root = Path(__file__).parents[1]
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def keys(context: tuple, fingerprints: Iterable[tuple]) -> list[str]:
    """Each fingerprint's key: a digest of the rendering version, of what every text of one
    render shares (``context``: the site, the language...) and of the fingerprint."""
    prefix = hashlib.sha256(f"{rendering_version()}|{context!r}".encode())
    found = []
    for fingerprint in fingerprints:
        digest = prefix.copy()
        digest.update("|".join(map(str, fingerprint)).encode())
        found.append(digest.hexdigest())
    return found


def stored(keys: Sequence[str]) -> dict[str, Rendered]:
    """The stored text of those keys that have some."""
    found: dict[str, Rendered] = {}
    table = RenderedComponent.__table__
    for start in range(0, len(keys), CHUNK):
        query = sa.select(table.c.key, table.c.vevent, table.c.sessions).where(
            one_of(table.c.key, keys[start : start + CHUNK])
        )
        for key, vevent, sessions in db.session.execute(query):
            found[key] = (vevent, [(body, text.encode()) for body, text in sessions or ()])
    return found


def store(rows: Iterable[Stored]) -> None:
    """Keep these renders for every process; a failure is logged, never raised (the caller
    has the text it rendered)."""
    now = utcnow()
    values = [
        {
            "key": row.key,
            "event_id": row.event_id,
            "event_updated_at": row.event_updated_at,
            "vevent": row.rendered[0],
            "sessions": [[body, text.decode()] for body, text in row.rendered[1]] or None,
            "created_at": now,
        }
        for row in sorted(rows)  # by key: concurrent writers lock rows in one order
    ]
    if not values:
        return
    # RETURNING makes SQLAlchemy send the rows as multi-row INSERTs of CHUNK rows each
    # ("insertmanyvalues"), from one compiled statement whatever their number.
    statement = insert_new(RenderedComponent, "key").returning(RenderedComponent.key)
    try:
        with db.session.begin_nested():
            db.session.execute(
                statement, values, execution_options={"insertmanyvalues_page_size": CHUNK}
            )
    except sa.exc.SQLAlchemyError as error:
        log.warning("rendered feed components not stored, to be rendered again: %s", error)


def forget_stale(now: datetime) -> int:
    """Delete the rows older than ``KEEP`` and those of meetings changed or deleted since
    they were rendered (never read again); how many there were."""
    row = RenderedComponent
    current = sa.exists().where(Event.id == row.event_id, Event.updated_at == row.event_updated_at)
    result = db.session.execute(
        sa.delete(row).where(sa.or_(row.created_at < now - KEEP, ~current)),
        execution_options={"synchronize_session": False},
    )
    return cast(sa.CursorResult[Any], result).rowcount
