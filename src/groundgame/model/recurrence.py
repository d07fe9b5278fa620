"""The rule of a series, by ``dateutil.rrule`` (RFC 5545 semantics), in local wall time.

A series repeats in the wall time of its zone (a 19:00 meeting stays at 19:00 across
DST changes), so rules are expanded on naive local datetimes and only then placed in
the zone (``schedule`` does that, and applies ``except`` and ``changes``). The same
``Repeat`` also gives the RRULE written to iCalendar feeds, so that what the site lists
and what calendar apps expand are the same meetings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import islice

from dateutil import rrule

from groundgame.model.records import Event, Repeat

MAX_OCCURRENCES = 520

_FREQ = {"day": rrule.DAILY, "week": rrule.WEEKLY, "month": rrule.MONTHLY, "year": rrule.YEARLY}
_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def rule(start: date | datetime, repeat: Repeat) -> rrule.rrule:
    """The dateutil rule of a series starting at ``start`` (local)."""
    byweekday = [_DAYS[w.day](w.nth) if w.nth else _DAYS[w.day] for w in repeat.on] or None
    until = repeat.until
    if until is not None and not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    return rrule.rrule(
        _FREQ[repeat.every],  # type: ignore[arg-type]
        dtstart=as_datetime(start), interval=repeat.interval,
        byweekday=byweekday, until=until, count=repeat.count, cache=False,
    )


def series_starts(event: Event, limit: int = MAX_OCCURRENCES + 1) -> list[datetime]:
    """The first ``limit`` original starts of a series (naive local), before except/changes."""
    assert event.repeat is not None
    return list(islice(rule(event.start, event.repeat), limit))


def ical_rrule(repeat: Repeat, until_utc: datetime | None) -> dict[str, object]:
    """The RRULE of a series as the mapping ``icalendar.vRecur`` takes.

    ``until_utc`` is the series' last moment in UTC (RFC 5545 requires UNTIL in UTC when
    DTSTART has a zone); for all-day series pass the date itself.
    """
    parts: dict[str, object] = {"FREQ": _ICAL_FREQ[repeat.every]}
    if repeat.interval != 1:
        parts["INTERVAL"] = repeat.interval
    if repeat.on:
        parts["BYDAY"] = [f"{w.nth if w.nth else ''}{_ICAL_DAYS[w.day]}" for w in repeat.on]
    if repeat.count is not None:
        parts["COUNT"] = repeat.count
    elif until_utc is not None:
        parts["UNTIL"] = until_utc
    return parts
