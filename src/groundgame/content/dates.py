"""Dates and local times as organizers write them, and their canonical spelling.

``2026-12-1`` → ``2026-12-01``; ``2026-12-01 19:00`` → ``2026-12-01T19:00``. ``fmt`` writes
the canonical form, and ``schema`` names it in its hint when a date field is misspelt.

Dates must also fall in a window, from 1970 to ten years after now: ``9027`` for ``2027`` is
a typo, and years such as 1 or 9999 leave no room for the instants derived from them (a
meeting's end two hours later, its place in a time zone).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from groundgame import clock

_LOOSE_WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?\Z")

FIRST_YEAR = 1970
YEARS_AHEAD = 10


def year_window(now: datetime | None = None) -> tuple[int, int]:
    """The first and last year an event's (or campaign's) dates may have: 1970 to now + 10."""
    moment = clock.now() if now is None else now
    return FIRST_YEAR, moment.year + YEARS_AHEAD


def canonical_when(value: Any) -> str | None:
    """The canonical spelling of a date or local time, if ``value`` is one in the calendar.

    ``2026-12-1`` → ``2026-12-01``; ``2026-12-01 19:00`` → ``2026-12-01T19:00``;
    ``2026-12-01T19:00:00`` → ``2026-12-01T19:00`` (seconds kept when not zero).
    """
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = _LOOSE_WHEN.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
    try:
        day_value = date(year, month, day)  # type: ignore[arg-type]
        if hour is None:
            return day_value.isoformat()
        moment = datetime(year, month, day, hour, minute, second or 0)  # type: ignore[arg-type]
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds" if second else "minutes")


def fixable_when(value: Any) -> str | None:
    """``canonical_when(value)`` when it differs from ``value``: what ``fmt`` would write instead."""
    fixed = canonical_when(value)
    return fixed if fixed is not None and fixed != value else None
