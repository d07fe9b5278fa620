"""Rules beyond the schema: references between records, and what times mean.

Plain functions over typed records and an ``Index`` of the whole tree, each yielding
``Problem``s at the line of the field concerned. They never stop at the first problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from groundgame.document import Loc
from groundgame.model import timezones
from groundgame.model.records import Campaign, Club, Event, Region
from groundgame.model.recurrence import MAX_OCCURRENCES, as_datetime, series_starts
from groundgame.model.schedule import Meeting, meetings_of
from groundgame.problems import Problem, Severity
from groundgame.suggest import close_matches

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Index:
    """What rules may ask of the rest of the tree: which ids exist, and the host clubs."""

    ids: dict[str, frozenset[str]]
    club: Callable[[str], Club | None]


def check_region(region: Region, index: Index) -> Iterator[Problem]:
    return iter(())


def check_campaign(campaign: Campaign, index: Index) -> Iterator[Problem]:
    if campaign.ends < campaign.starts:
        yield campaign.doc.problem(("ends",), f"must not be before starts ({campaign.starts.isoformat()})")


def check_club(club: Club, index: Index) -> Iterator[Problem]:
    yield from _reference(club.doc.problem, ("region",), club.region, index.ids["region"], "region")
    if club.location is None and not club.online:
        yield club.doc.problem((), "needs a location (city and country) or online: true",
                               hint="add location: {city: ..., country: ..} for a club that meets in person")


def check_event(event: Event, index: Index) -> Iterator[Problem]:
    problem = event.doc.problem
    if event.club not in index.ids["club"]:
        guesses = close_matches(event.club, index.ids["club"])
        yield problem((), f"is in the folder of a club that does not exist ({event.club!r})",
                      hint=f"did you mean content/events/{guesses[0]}/?" if guesses else
                      "events live in content/events/<club-id>/, named after an existing club file")
    for i, cohost in enumerate(event.cohosts):
        if cohost == event.club:
            yield problem(("cohosts", i), "names the host club itself; list only other clubs")
        else:
            yield from _reference(problem, ("cohosts", i), cohost, index.ids["club"], "club")
    if event.campaign:
        yield from _reference(problem, ("campaign",), event.campaign, index.ids["campaign"], "campaign")
    if not event.timezone:
        if "timezone" not in event.doc.data:
            yield problem(("timezone",), "is needed: the host club gives none", hint="add timezone: Region/City")
        return
    if event.venue is None and not event.online_url:
        yield problem((), "needs a venue or an online address (online: {url: ...})")
    if event.start == date.min:
        return
    span = list(_check_span(event, ("start",), ("end",), event.start, event.end))
    series = list(_check_series(event)) if event.repeat is not None else []
    yield from span
    yield from series
    if not span and not series:  # times are expanded only once they are known to make sense
        yield from _check_wall_times(event)


def _reference(problem: Callable[..., Problem], loc: Loc, value: str, known: frozenset[str],
               kind: str) -> Iterator[Problem]:
    if value in known:
        return
    guesses = close_matches(value, known)
    hint = ("did you mean " + " or ".join(repr(g) for g in guesses) + "?") if guesses else \
        f"it must be the file name of a {kind} in content/{kind}s/, without .yaml"
    yield problem(loc, f"must name an existing {kind} (got {value!r})", hint=hint)


def _check_span(event: Event, start_loc: Loc, end_loc: Loc, start: date | datetime,
                end: date | datetime) -> Iterator[Problem]:
    if isinstance(start, datetime) != isinstance(end, datetime):
        yield event.doc.problem(end_loc, "must be of the same kind as start: both dates (all day) "
                                         "or both dates with times")
    elif isinstance(start, datetime) and end <= start:
        yield event.doc.problem(end_loc, f"must be after start ({start.isoformat(timespec='minutes')})")
    elif end < start:
        yield event.doc.problem(end_loc, f"must not be before start ({start.isoformat()})")


def _check_series(event: Event) -> Iterator[Problem]:
    repeat = event.repeat
    assert repeat is not None
    problem = event.doc.problem
    if repeat.until is None and repeat.count is None:
        yield problem(("repeat",), "must end: give 'until' (the last date) or 'count' (how many meetings)")
        return
    if repeat.until is not None and repeat.count is not None:
        yield problem(("repeat", "count"), "cannot be given together with 'until'; keep one of the two")
        return
    if repeat.every in ("day", "week") and any(w.nth is not None for w in repeat.on):
        numbered = next(w for w in repeat.on if w.nth is not None)
        i = next(n for n, w in enumerate(repeat.on) if w.nth is not None)
        weekday = _WEEKDAY_NAMES[numbered.day]
        yield problem(("repeat", "on", i), f"a numbered weekday ({event.doc.data['repeat']['on'][i]!r}) "
                                           f"needs every: month or every: year, not every: {repeat.every}",
                      hint=f"for the {event.doc.data['repeat']['on'][i]} of each month write every: month; "
                           f"for every other {weekday} write on: [{weekday}] with interval: 2")
        return
    starts = series_starts(event)
    if len(starts) > MAX_OCCURRENCES:
        yield problem(("repeat",), f"has more than {MAX_OCCURRENCES} meetings",
                      hint="end it sooner with 'until', and start a new series later")
        return
    if repeat.until is not None and as_datetime(repeat.until) < as_datetime(event.start).replace(hour=0, minute=0):
        yield problem(("repeat", "until"), f"must not be before start ({event.start.isoformat()})")
        return
    start_day = as_datetime(event.start)
    if not starts or starts[0] != start_day:
        yield problem(("start",), f"must be one of the series' own meetings, but {start_day.date().isoformat()} "
                                  f"is a {_WEEKDAY_NAMES[start_day.weekday()]}",
                      hint="move start to the first meeting, or change 'repeat.on'")
    days = [s.date() for s in starts]
    for i, text in enumerate(event.doc.data["repeat"].get("except", [])):
        day = date.fromisoformat(text)
        if day not in days:
            yield problem(("repeat", "except", i), _not_in_series(day), hint=_nearest(day, days))
    for day, change in repeat.changes.items():
        loc = ("repeat", "changes", day.isoformat())
        if day not in days:
            yield problem(loc, _not_in_series(day), hint=_nearest(day, days), key=True)
        if day in repeat.except_dates:
            yield problem(loc, "is also listed in 'except'; a cancelled meeting cannot also be changed", key=True)
        if change.online_only and not (change.online_url or event.online_url):
            yield problem(loc + ("online_only",), "needs an online address for the meeting",
                          hint="add online: {url: https://...} to this change or to the event")
        if change.start is not None:
            end = change.end if change.end is not None else None
            if isinstance(change.start, datetime) != isinstance(event.start, datetime):
                yield problem(loc + ("start",), "must be of the same kind as the series' start "
                                                "(a date, or a date with a time)")
            elif end is not None:
                yield from _check_span(event, loc + ("start",), loc + ("end",), change.start, end)


def _not_in_series(day: date) -> str:
    return f"is not a date of the series (got {day.isoformat()}, a {_WEEKDAY_NAMES[day.weekday()]})"


def _nearest(day: date, days: list[date]) -> str:
    """The series' dates within three days of ``day``, or else the nearest one."""
    if not days:
        return ""
    by_distance = sorted(days, key=lambda d: (abs((d - day).days), d))
    close = [d for d in by_distance if abs((d - day).days) <= 3] or by_distance[:1]
    return "did you mean " + " or ".join(sorted(d.isoformat() for d in close)) + "?"


def _check_wall_times(event: Event) -> Iterator[Problem]:
    """A local time skipped by a DST change is an error; one that happens twice, a warning."""
    if event.all_day:
        return
    try:
        zone = timezones.get_zone(event.timezone)
    except KeyError:
        return
    seen: set[str] = set()
    for meeting in meetings_of(event):
        for which, moment in (("start", meeting.local_start), ("end", meeting.local_end)):
            if not isinstance(moment, datetime):
                continue
            kind = timezones.wall_time(moment, zone)
            if kind is timezones.WallTime.NORMAL:
                continue
            loc = _time_loc(event, meeting, which)
            text = moment.isoformat(timespec="minutes")
            if (key := f"{loc}{text}") in seen:
                continue
            seen.add(key)
            if kind is timezones.WallTime.GAP:
                yield event.doc.problem(loc, f"{text} does not exist in {event.timezone}: the clocks skip that "
                                             "hour when summer time starts", hint="choose a time an hour later")
            else:
                taken = timezones.offset_text(moment.replace(tzinfo=zone, fold=0).utcoffset())
                other = timezones.offset_text(moment.replace(tzinfo=zone, fold=1).utcoffset())
                yield event.doc.problem(loc, f"{text} happens twice in {event.timezone} when summer time ends; "
                                             f"the first (UTC{taken}) is taken, not the second (UTC{other})",
                                        severity=Severity.WARNING)


def _time_loc(event: Event, meeting: Meeting, which: str) -> Loc:
    if "time" in meeting.changed and event.repeat is not None:
        loc: Loc = ("repeat", "changes", meeting.original_date.isoformat())
        return loc + (which,) if which in event.doc.data["repeat"]["changes"][loc[-1]] else loc
    return (which,) if which in event.doc.data else ("start",)

