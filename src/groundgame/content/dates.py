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


# --- hints for dates and times written another way ------------------------------------------

_LONGEST_WHEN = 40  # characters: no date and time written any way is longer
_OTHER_DATE = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?:(?:[Tt]|\s+)(.+))?\Z")
_ISO_DATE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[Tt]|\s+)(.+)\Z")
# 6:30pm, 6.30 pm, 6 p.m., 18h30, 18h, 6pm, 18.30, 18:30
_CLOCK = re.compile(r"^(\d{1,2})(?:([:.hH])(\d{2})?)?(?:\s*([aApP])\.?\s*[mM]?\.?)?\Z")


def clock_time(text: str) -> str | None:
    """``text`` as a 24-hour ``HH:MM``, if it is a time of day written another way
    (``6:30pm``, ``6.30 pm``, ``18h30``, ``18h``, ``6pm``) or this way (``18:30``)."""
    match = _CLOCK.match(text.strip()) if len(text) <= _LONGEST_WHEN else None
    if match is None:
        return None
    hour_text, sep, minute_text, half = match.groups()
    if sep is None and half is None:
        return None  # a bare number is no time
    if sep in (":", ".") and minute_text is None:
        return None
    hour, minute = int(hour_text), int(minute_text or 0)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half in "pP" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def when_hint(value: object, *, with_time: bool = True) -> str:
    """The fix for a date (or date and time) written another way, or an empty string.

    ``2026-12-08 6:30pm`` → ``write 24-hour time: 18:30 (2026-12-08T18:30)``;
    ``13/03/2026`` → ``write the date as YYYY-MM-DD (year-month-day): 2026-03-13``; and
    ``12/03/2026``, which can be either, names both readings and asks which is the month.
    """
    if not isinstance(value, str) or len(value) > _LONGEST_WHEN:
        return ""
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso is not None:
        day, hhmm = canonical_when(iso.group(1)), clock_time(iso.group(2))
        if day is None or hhmm is None or not with_time:
            return ""
        if hhmm == iso.group(2).strip():
            return f"write it {day}T{hhmm}"
        return f"write 24-hour time: {hhmm} ({day}T{hhmm})"
    other = _OTHER_DATE.match(text)
    if other is None:
        hhmm = clock_time(text)
        return f"write the date and a 24-hour time: YYYY-MM-DDT{hhmm}" if hhmm and with_time else ""
    first, _, middle, last, rest = other.groups()
    hhmm = clock_time(rest) if rest is not None and with_time else None
    if rest is not None and with_time and hhmm is None:
        return ""
    if len(first) == 4 and len(last) <= 2:
        readings = _readings(first, middle, last)
    elif len(last) == 4 and len(first) <= 2:
        readings = _readings(last, first, middle)
    else:
        return "write the date as YYYY-MM-DD (year-month-day), with the year in full"
    shown = [r + (f"T{hhmm}" if hhmm else "") for r in readings]
    how = "write the date as YYYY-MM-DD (year-month-day)" + (" and a 24-hour time" if hhmm else "")
    if len(shown) == 2:
        return f"{how}, e.g. {shown[0]} or {shown[1]}: which is the month?"
    return f"{how}: {shown[0]}" if shown else ""


def _readings(year: str, one: str, other: str) -> list[str]:
    """The real dates of ``year`` with ``one`` as the month and ``other`` as the day, and the
    other way round (each once), in that order."""
    found: list[str] = []
    for month, day in ((one, other), (other, one)):
        try:
            reading = date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
        if reading not in found:
            found.append(reading)
    return found
