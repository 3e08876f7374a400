"""Times as delegates read them: the meeting's local time, and their own where it differs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_times(moment: datetime, timezone: str, viewer_timezone: str | None) -> str:
    """'2027-05-11 10:00 (Asia/Seoul) · 08:00 (Asia/Bangkok)': the meeting's time, and the
    reader's where it differs."""
    here = moment.astimezone(ZoneInfo(timezone))
    text = f"{here:%Y-%m-%d %H:%M} ({timezone})"
    if viewer_timezone and viewer_timezone != timezone:
        there = moment.astimezone(ZoneInfo(viewer_timezone))
        if there.utcoffset() != here.utcoffset():
            text += f" · {there:%Y-%m-%d %H:%M} ({viewer_timezone})"
    return text
