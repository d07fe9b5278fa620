"""An RRULE as an event's ``repeat``, only when the two give the same meetings.

The mapping is direct (FREQ → every, INTERVAL → interval, BYDAY → on, COUNT → count, UNTIL
→ until as the day of the last meeting), with BYSETPOS on one weekday read as its place in
the month (``BYDAY=TU;BYSETPOS=2`` is ``2nd tuesday``). Anything else the rule says
(BYMONTHDAY, BYMONTH, WKST, BYHOUR...) is left to a check rather than a list of cases: the
rule as written and the ``repeat`` made from it are both expanded (``dateutil``, as
``model.recurrence`` does) and must give the same local starts, or the series cannot be
represented and the first meeting they disagree on is named. A rule without an end, or with
more meetings than a series may have, ends at the last meeting within those bounds, said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from typing import Any

from dateutil import rrule as du
from icalendar import vRecur

from groundgame.content.dates import year_window
from groundgame.model import recurrence
from groundgame.model.records import Repeat, Weekday

_EVERY = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PLACES = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd-last"}
MAX_INTERVAL = 52


@dataclass
class Series:
    """A rule made into ``repeat`` fields, the local starts of its meetings, and what was said."""

    repeat: dict[str, Any] | None
    starts: list[datetime] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str = ""  # why the rule cannot be represented (then repeat is None)


def _refused(why: str) -> Series:
    return Series(None, refusal=why)


def _weekday(text: str, every: str) -> tuple[str | None, Weekday | None]:
    day = text[-2:].upper()
    place = text[:-2] or "0"
    if day not in _DAYS or not place.lstrip("+-").isdigit():
        return None, None
    nth = int(place)
    if nth == 0:
        return _NAMES[_DAYS.index(day)], Weekday(_DAYS.index(day))
    if nth not in _PLACES or every not in ("month", "year"):
        return None, None
    return f"{_PLACES[nth]} {_NAMES[_DAYS.index(day)]}", Weekday(_DAYS.index(day), nth)


def _original(rule: vRecur, start: datetime, until_local: datetime | date | None) -> du.rrule | du.rruleset:
    parts = {k: v for k, v in rule.items() if k != "UNTIL"}
    if until_local is not None:
        parts["UNTIL"] = [until_local if isinstance(until_local, datetime) else
                          datetime.combine(until_local, time(23, 59, 59))]
    return du.rrulestr(_text(vRecur(parts)), dtstart=start, cache=False)


def _text(rule: vRecur) -> str:
    """The rule as it is written in an .ics file."""
    return bytes(rule.to_ical()).decode()  # type: ignore[no-untyped-call]


def convert(rule: vRecur, start: date | datetime, until_local: date | datetime | None) -> Series:
    """The ``repeat`` of a series that starts (local) at ``start``; ``until_local`` is the rule's
    UNTIL already in the series' zone."""
    freq = (rule.get("FREQ") or [""])[0]
    every = _EVERY.get(str(freq).upper())
    if every is None:
        return _refused(f"FREQ={freq}: a series repeats every day, week, month or year")
    interval = int((rule.get("INTERVAL") or [1])[0])
    if not 1 <= interval <= MAX_INTERVAL:
        return _refused(f"INTERVAL={interval}: a series repeats at most every {MAX_INTERVAL} {every}s")
    first = recurrence.as_datetime(start)
    try:
        original = _original(rule, first, until_local)
    except (ValueError, TypeError, OverflowError) as exc:
        return _refused(f"the rule cannot be read ({exc})")
    on: list[str] = []
    days: list[Weekday] = []
    setpos = [int(p) for p in rule.get("BYSETPOS") or []]
    for text in rule.get("BYDAY") or []:
        name, weekday = _weekday(str(text), every)
        if name is None or weekday is None:
            return _refused(f"BYDAY={text}: not a weekday a series can name (such as TU, 2TU or -1FR)")
        on.append(name)
        days.append(weekday)
    if setpos and len(days) == 1 and days[0].nth is None and len(setpos) == 1 and setpos[0] in _PLACES \
            and every in ("month", "year"):
        days = [Weekday(days[0].day, setpos[0])]
        on = [f"{_PLACES[setpos[0]]} {_NAMES[days[0].day]}"]
    last_year = year_window()[1]
    wanted = recurrence.MAX_OCCURRENCES + 1
    starts = [s for s in islice(original, wanted) if s.year <= last_year]
    if not starts:
        return _refused("the rule gives no meeting")
    repeat: dict[str, Any] = {"every": every}
    if interval != 1:
        repeat["interval"] = interval
    if on:
        repeat["on"] = on
    count = rule.get("COUNT")
    warnings: list[str] = []
    whole = len(starts) <= recurrence.MAX_OCCURRENCES and (count or until_local is not None)
    if not whole:
        starts = starts[: recurrence.MAX_OCCURRENCES]
        reason = f"more than {recurrence.MAX_OCCURRENCES} meetings" if count or until_local is not None \
            else "no end"
        warnings.append(f"the series has {reason}: it is imported until {starts[-1].date().isoformat()} "
                        f"({len(starts)} meetings, within {last_year}); add a new series when the time comes")
    if count and whole:
        repeat["count"] = int(count[0])
    else:
        repeat["until"] = starts[-1].date()
    made = Repeat(every=every, interval=interval, on=tuple(days), count=repeat.get("count"),
                  until=repeat.get("until"))
    ours = list(islice(recurrence.rule(start, made), len(starts) + 1))
    if ours != starts:
        differ = next((i for i, (a, b) in enumerate(zip(ours, starts, strict=False)) if a != b),
                      min(len(ours), len(starts)))
        said = _text(rule)
        theirs = starts[differ].isoformat(timespec="minutes") if differ < len(starts) else "none"
        mine = ours[differ].isoformat(timespec="minutes") if differ < len(ours) else "none"
        return _refused(f"RRULE:{said} cannot be said with every/interval/on/until/count: meeting {differ + 1} "
                        f"of the calendar is {theirs}, of the nearest repeat {mine}")
    return Series(repeat, starts, warnings)
