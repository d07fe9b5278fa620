"""When each club last meets, and which clubs have gone quiet: one rule, read by the stale
report (``groundgame report stale``) and the network dashboard, so the two cannot disagree.

A club's last meeting is the latest day any event it hosts meets, past or planned
(cancelled meetings left out; days in each event's own local calendar). An active club is
quiet when that day is more than ``QUIET_MONTHS`` months before today, or it has never met:
no meeting since, and none planned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from groundgame.model.records import Club, Event
from groundgame.model.schedule import Schedule

QUIET_MONTHS = 6  # the stale report's default, and the dashboard's


def day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def meeting_days(schedule: Schedule, event: Event) -> list[date]:
    """The days the event meets (cancelled meetings left out)."""
    return [day_of(m.local_start) for m in schedule[event.id] if not m.cancelled]


def last_meetings(events: Mapping[str, Event], schedule: Schedule) -> dict[str, date]:
    """Club id → the last day an event it hosts meets (past or planned); clubs that never meet left out."""
    found: dict[str, date] = {}
    for event in events.values():
        days = meeting_days(schedule, event)
        if days:
            found[event.club] = max(found.get(event.club, date.min), max(days))
    return found


def quiet_cutoff(today: date, months: int = QUIET_MONTHS) -> date:
    """A club whose last meeting is before this day is quiet."""
    return today - relativedelta(months=months)


def is_quiet(club: Club, last: date | None, today: date, months: int = QUIET_MONTHS) -> bool:
    """An active club with no meeting since ``months`` before ``today`` and none planned."""
    return club.status == "active" and (last is None or last < quiet_cutoff(today, months))
