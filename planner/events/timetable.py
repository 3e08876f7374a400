"""Clashes in a meeting's timetable: a room booked twice, a speaker due in two places."""

from __future__ import annotations

from planner.events.models import Session


def timetable_clashes(sessions: list[Session]) -> list[tuple[str, Session, Session, str]]:
    """Overlapping sessions in one room, and speakers due in two sessions at once:
    ``(kind, first, second, what)`` with kind ``"room"`` or ``"speaker"``."""
    clashes = []
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            if first.room_id == second.room_id and first.room is not None:
                clashes.append(("room", first, second, first.room.name))
            shared = {d.id for d in first.speakers} & {d.id for d in second.speakers}
            for speaker in (d for d in first.speakers if d.id in shared):
                clashes.append(("speaker", first, second, speaker.full_name))
    return clashes


def clashes_of(session: Session) -> list[tuple[str, Session, Session, str]]:
    """The timetable clashes one session takes part in (to warn right after saving it)."""
    return [
        clash
        for clash in timetable_clashes(session.event.sessions)
        if session in (clash[1], clash[2])
    ]
