"""VTIMEZONE components that every calendar reader gets right, built from tzdata the way vzic does.

Google goes by the TZID name, Outlook by the VTIMEZONE body (a TZID without one is floating
time to it), so each zone a feed uses gets a body. It is made from the zone's TZif file in the
``tzdata`` package:

- the zone's current rule, the POSIX TZ string in the file's footer (``CET-1CEST,M3.5.0,M10.5.0/3``),
  becomes open-ended RRULE observances, so the body does not grow with the years a feed covers
  and is the same in every file (Radicale keeps the first VTIMEZONE it sees for a TZID);
- every transition from ``since_year`` until that rule takes over is a one-off observance (a
  DTSTART and no RDATE: ical.js ignores an observance's DTSTART when it also has RDATEs).

An observance's DTSTART is the local time *before* the change (RFC 5545 3.6.5, read with
TZOFFSETFROM). A change at a time of day below 0 or from 24 hours (``M3.4.4/26``: 02:00 on the
Friday after the fourth Thursday) moves to the next or previous day with a BYMONTHDAY range
(``BYDAY=FR;BYMONTHDAY=23,...,29``). A rule that no RRULE can say (a range leaving the month,
``Jn`` and ``n`` days) is written as one-off observances for ``FALLBACK_YEARS`` years, and a
COMMENT in the last of them says so.
"""

from __future__ import annotations

import calendar
import importlib.resources
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from groundgame.model.timezones import get_zone

FALLBACK_YEARS = 40  # one-off observances written for a rule that no RRULE can say
EPOCH = datetime(1970, 1, 1)
NEVER = 2**62  # seconds: later than any change


@dataclass(frozen=True)
class Transition:
    """One transition: at ``at`` (seconds since the epoch, UTC) from offset ``before`` to ``after``."""

    at: int
    before: int  # UTC offsets in seconds
    after: int
    dst: bool
    name: str

    @property
    def local(self) -> datetime:
        """The wall-clock time of the change, read with the offset before it."""
        return EPOCH + timedelta(seconds=self.at + self.before)


@dataclass(frozen=True)
class Day:
    """A POSIX TZ rule's day: ``Mm.w.d`` (``week`` 5 is the last), or ``Jn`` / ``n`` (``month`` 0)."""

    month: int
    week: int
    weekday: int  # 0 Sunday … 6 Saturday, as in POSIX
    julian: int  # for Jn (1…365, no 29 February) or n (0…365); -1 for the M form
    leap_counted: bool  # n counts 29 February, Jn does not
    time: int  # seconds after local midnight (may be negative or from 24 hours)

    def when(self, year: int) -> datetime:
        """The local wall-clock time of the change in ``year``."""
        if self.julian >= 0:
            day = self.julian if self.leap_counted else self.julian - 1
            if not self.leap_counted and calendar.isleap(year) and self.julian >= 60:
                day += 1
            start = date(year, 1, 1) + timedelta(days=day)
        else:
            first = date(year, self.month, 1)
            ahead = (self.weekday - (first.isoweekday() % 7)) % 7
            start = first + timedelta(days=ahead + 7 * (self.week - 1))
            while start.month != self.month:  # week 5: the last such weekday
                start -= timedelta(days=7)
        return datetime.combine(start, datetime.min.time()) + timedelta(seconds=self.time)


@dataclass(frozen=True)
class Rule:
    """The POSIX TZ string of a TZif footer: standard time and, if any, daylight time and its two days."""

    std_name: str
    std: int
    dst_name: str = ""
    dst: int = 0
    start: Day | None = None  # daylight time begins (local standard time)
    end: Day | None = None  # daylight time ends (local daylight time)

    def changes(self, year: int) -> list[Transition]:
        if self.start is None or self.end is None:
            return []
        on, off = self.start.when(year), self.end.when(year)
        return sorted([
            Transition(_seconds(on) - self.std, self.std, self.dst, True, self.dst_name),
            Transition(_seconds(off) - self.dst, self.dst, self.std, False, self.std_name)], key=lambda c: c.at)


def _seconds(local: datetime) -> int:
    return int((local - EPOCH).total_seconds())


# -- reading tzdata ----------------------------------------------------------------------------
_NAME = r"(<[^>]+>|[A-Za-z]+)"
_OFFSET = r"([+-]?\d{1,3}(?::\d{1,2}){0,2})"
_DAY = r"(M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3})(?:/" + _OFFSET + ")?"
_TZ = re.compile(_NAME + _OFFSET + "(?:" + _NAME + _OFFSET + "?(?:," + _DAY + "," + _DAY + ")?)?")


def _clock(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _day(text: str, time: str | None) -> Day:
    seconds = _clock(time) if time else 7200
    if text.startswith("M"):
        month, week, weekday = (int(p) for p in text[1:].split("."))
        return Day(month, week, weekday, -1, False, seconds)
    if text.startswith("J"):
        return Day(0, 0, 0, int(text[1:]), False, seconds)
    return Day(0, 0, 0, int(text), True, seconds)


def parse_rule(text: str) -> Rule:
    """A POSIX TZ string (``CET-1CEST,M3.5.0,M10.5.0/3``); POSIX offsets count west of Greenwich."""
    found = _TZ.fullmatch(text)
    if found is None:
        raise ValueError(f"not a POSIX TZ string: {text!r}")
    std_name, std, dst_name, dst, start, start_time, end, end_time = found.groups()
    utc_std = -_clock(std)
    if dst_name is None:
        return Rule(std_name.strip("<>"), utc_std)
    if start is None:  # POSIX's default rule: US rules
        start, start_time, end, end_time = "M3.2.0", None, "M11.1.0", None
    utc_dst = -_clock(dst) if dst else utc_std + 3600
    return Rule(std_name.strip("<>"), utc_std, dst_name.strip("<>"), utc_dst,
                _day(start, start_time), _day(end, end_time))


@cache
def zone_data(name: str) -> tuple[tuple[Transition, ...], Transition, Rule, int]:
    """A TZif (v2+) file's changes, the time in force before them (as a change), its footer rule, and
    the instant of its last transition, after which the rule applies (a transition that changes
    nothing still counts: Europe/Riga's of 2001, after a year without summer time).
    """
    get_zone(name)  # the same names as everywhere: KeyError for an unknown zone
    data = importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    if data[:4] != b"TZif" or data[4:5] < b"2":
        raise ValueError(f"{name}: not a TZif file of version 2 or later")
    counts = struct.unpack(">6l", data[20:44])
    isut, isstd, leap, times, types, chars = counts
    skip = 44 + times * 5 + types * 6 + chars + leap * 8 + isstd + isut  # the version 1 block
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[skip + 20: skip + 44])
    at = skip + 44
    moments = struct.unpack(f">{times}q", data[at: at + times * 8])
    at += times * 8
    indices = data[at: at + times]
    at += times
    infos = [struct.unpack(">lBB", data[at + 6 * i: at + 6 * i + 6]) for i in range(types)]
    at += types * 6
    names = data[at: at + chars]
    at += chars + leap * 12 + isstd + isut
    footer = data[at:].split(b"\n")[1].decode("ascii")

    def label(index: int) -> str:
        return names[index: names.index(b"\0", index)].decode("ascii")

    changes: list[Transition] = []
    offset, dst, abbr = infos[0][0], bool(infos[0][1]), label(infos[0][2])
    initial = Transition(-NEVER, offset, offset, dst, abbr)
    for moment, index in zip(moments, indices, strict=True):
        utoff, isdst, abbrind = infos[index]
        if (utoff, bool(isdst), label(abbrind)) != (offset, dst, abbr):
            changes.append(Transition(moment, offset, utoff, bool(isdst), label(abbrind)))
            offset, dst, abbr = utoff, bool(isdst), label(abbrind)
    return tuple(changes), initial, parse_rule(footer), moments[-1] if moments else -NEVER


# -- writing VTIMEZONE --------------------------------------------------------------------------
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@cache
def vtimezone(name: str, since_year: int) -> Timezone:
    """The VTIMEZONE of zone ``name`` from 1 January ``since_year`` on, with no end.

    Cached: a component must not be changed by its users.
    """
    changes, initial, rule, last = zone_data(name)
    window = _seconds(datetime(since_year, 1, 1)) - 86400  # a day early: any offset's 1 January
    kept, takeover = _takeover(changes, rule, last)
    explicit = [c for c in kept if c.at > window]
    in_force = [c for c in kept if c.at <= window]
    if window < takeover:
        start = takeover
        first = in_force[-1] if in_force else initial
        if first is initial:  # no change before the window: the first time in force, from the window's start
            first = Transition(_seconds(datetime(since_year, 1, 1)) - initial.after, initial.after, initial.after,
                           initial.dst, initial.name)
        explicit.insert(0, first)
    else:
        start = max(c.at for c in _rule_changes(rule, since_year - 2, since_year) if takeover <= c.at <= window)
    component = Timezone()
    component.add("TZID", name)
    flags = {c: (kept[i - 1].dst if i else initial.dst) for i, c in enumerate(kept)}
    observances = [_observance(c, _summer(c, flags.get(c, initial.dst))) for c in explicit]
    if rule.start is not None and rule.end is not None:
        observances += _ruled(rule, start)
    for observance in observances:
        component.add_component(observance)
    return component


def _rule_changes(rule: Rule, first_year: int, last_year: int) -> list[Transition]:
    return [c for year in range(first_year, last_year + 1) for c in rule.changes(year)]


def _takeover(changes: tuple[Transition, ...], rule: Rule, last: int) -> tuple[tuple[Transition, ...], int]:
    """The explicit changes before the footer rule takes over, and the instant it does.

    A TZif file may list the rule's own changes for years (all of them up to 2037 in a "fat"
    file): those are left to the RRULE.
    """
    if rule.start is None:
        return changes, NEVER
    if last == -NEVER:  # no transitions at all: the rule always applied
        return changes, -NEVER
    first_year = (EPOCH + timedelta(seconds=changes[0].at if changes else last)).year
    last_year = (EPOCH + timedelta(seconds=last)).year
    ruled = _rule_changes(rule, first_year - 1, last_year + 1)
    after = next(j for j, c in enumerate(ruled) if c.at > last)
    i, j = len(changes), after
    while i > 0 and j > 0 and changes[i - 1] == ruled[j - 1]:
        i, j = i - 1, j - 1
    return changes[:i], ruled[j].at


def _summer(change: Transition, before_dst: bool) -> bool:
    """Whether a change starts a DAYLIGHT observance: the time with the larger offset.

    tzdata marks Europe/Dublin's winter GMT as daylight saving time (a negative one); readers
    expect DAYLIGHT to be the larger offset (dateutil, which icalendar uses, mis-converts UTC
    times otherwise), so such a winter is STANDARD and the summer IST it ends is DAYLIGHT.
    """
    if change.dst:
        return change.after >= change.before
    return before_dst and change.after > change.before


def _observance(change: Transition, summer: bool, comment: str = "") -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if summer else TimezoneStandard()
    observance.add("DTSTART", change.local)
    observance.add("TZOFFSETFROM", timedelta(seconds=change.before))
    observance.add("TZOFFSETTO", timedelta(seconds=change.after))
    observance.add("TZNAME", change.name)
    if comment:
        observance.add("COMMENT", comment)
    return observance


def _ruled(rule: Rule, start: int) -> list[TimezoneStandard | TimezoneDaylight]:
    """The footer rule's observances from ``start`` on: two with RRULE, or one-offs where no RRULE can say it."""
    assert rule.start is not None
    assert rule.end is not None
    year = (EPOCH + timedelta(seconds=start)).year
    upcoming = [c for c in _rule_changes(rule, year - 1, year + 1) if c.at >= start]
    onsets = [next(c for c in upcoming if c.dst), next(c for c in upcoming if not c.dst)]
    rrules = [_rrule(rule.start), _rrule(rule.end)]
    negative = rule.dst < rule.std  # Europe/Dublin: see _summer
    if rrules[0] is not None and rrules[1] is not None:
        result = []
        for onset, rrule in sorted(zip(onsets, rrules, strict=True), key=lambda pair: pair[0].at):
            observance = _observance(onset, onset.dst != negative)
            observance.add("RRULE", rrule)
            result.append(observance)
        return result
    listed = [c for c in _rule_changes(rule, year, year + FALLBACK_YEARS) if c.at >= start]
    note = (f"Later changes are not listed: the zone's rule cannot be written as an RRULE. "
            f"They continue each year after {year + FALLBACK_YEARS}.")
    return [_observance(c, c.dst != negative, note if c is listed[-1] else "") for c in listed]


def _rrule(day: Day) -> dict[str, object] | None:
    """The yearly RRULE of a POSIX rule day, or None if no RRULE within one month can say it."""
    if day.julian >= 0:
        return None
    shift = day.time // 86400  # whole days before or after the named day (a time below 0 or from 24:00)
    ordinal = -1 if day.week == 5 else day.week
    if shift == 0:
        return {"FREQ": "YEARLY", "BYMONTH": day.month, "BYDAY": f"{ordinal}{_WEEKDAYS[day.weekday]}"}
    length = calendar.monthrange(2001, day.month)[1]  # February: 28, the days every year has
    if day.week == 5 and day.month == 2:
        days = [d + shift for d in range(-7, 0)]  # counted from the month's end
        fits = all(-28 <= d <= -1 for d in days)
    else:
        low = length - 6 if day.week == 5 else 7 * day.week - 6
        days = [d + shift for d in range(low, low + 7)]
        fits = all(1 <= d <= length for d in days)
    if not fits:
        return None
    return {"FREQ": "YEARLY", "BYMONTH": day.month, "BYDAY": _WEEKDAYS[(day.weekday + shift) % 7],
            "BYMONTHDAY": days}
