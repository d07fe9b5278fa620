"""VTIMEZONE components that every calendar client reads the same way.

Google goes by the TZID name, Outlook by the VTIMEZONE body (a TZID without one is
floating time to it), so each zone a feed uses gets a body, made by icalendar's
``Timezone.from_tzinfo`` from the tzdata zone, for the years the feed covers. Two
adjustments make it read the same everywhere:

- RDATE is written one value per line: some parsers read only the first value of a
  multi-value RDATE.
- An observance's DTSTART and RDATEs are local times *before* the change (RFC 5545
  3.6.5, read with TZOFFSETFROM). icalendar writes the wall time after a spring-forward
  change (03:00 for a 02:00→03:00 jump), which puts the onset an hour late for
  clients that compute it; it is moved back by the jump.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from .timezones import get_zone


@cache
def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of zone ``name`` valid from 1 January ``first_year`` to the end of ``last_year``.

    Cached: a component must not be changed by its users.
    """
    component = Timezone.from_tzinfo(get_zone(name), name, date(first_year, 1, 1), date(last_year + 1, 1, 1))
    for observance in component.subcomponents:
        if isinstance(observance, TimezoneStandard | TimezoneDaylight):
            _fix_observance(observance)
    return component


def _fix_observance(observance: TimezoneStandard | TimezoneDaylight) -> None:
    offset_from = observance.TZOFFSETFROM
    offset_to = observance.TZOFFSETTO
    shift = offset_to - offset_from if offset_to > offset_from else timedelta()
    onsets = [observance.DTSTART, *_rdates(observance)]
    observance.DTSTART = onsets[0] - shift
    observance.pop("RDATE", None)
    for onset in onsets[1:]:
        observance.add("RDATE", onset - shift)


def _rdates(observance: TimezoneStandard | TimezoneDaylight) -> list[datetime]:
    found = observance.get("RDATE")
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [item.dt for value in lists for item in value.dts]
