"""ISO 8601 durations as reminder offsets use them: weeks, days, hours, minutes, seconds."""

from __future__ import annotations

import re
from datetime import timedelta

# \Z, not $: "$" also matches before a trailing newline, which would let "P1D\n" through.
_DURATION = re.compile(
    r"^P(?!\Z)(?:(?P<weeks>\d+)W|(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?)\Z"
)


def parse_duration(text: str) -> timedelta:
    """``P14D`` → 14 days; ValueError for anything else (years and months have no fixed
    length, so they are not offsets)."""
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 duration of weeks, days or time: {text!r}")
    return timedelta(**{unit: int(n) for unit, n in match.groupdict().items() if n})
