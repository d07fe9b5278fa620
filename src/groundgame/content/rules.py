"""Rules beyond the schema: references between records, and what times mean.

Plain functions over typed records and an ``Index`` of the whole tree, each yielding
``Problem``s at the line of the field concerned. They never stop at the first problem.

They also judge records whose file has schema or meaning problems (every problem at
once): ``Failed`` names the fields that already have one, and a rule that needs such a
field is skipped, so that no problem is reported twice or as a consequence of another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from groundgame.document import Loc, field_name
from groundgame.model import timezones
from groundgame.model.records import Campaign, Club, Event, Region
from groundgame.model.recurrence import MAX_OCCURRENCES, as_datetime, day_of, series_starts
from groundgame.model.schedule import Meeting, meetings_of
from groundgame.problems import Problem, Severity
from groundgame.suggest import close_matches, named_guesses

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Failed:
    """The fields of one file that already have a problem (dotted names, as in messages)."""

    fields: frozenset[str] = field(default_factory=frozenset)

    def any(self, *locs: Loc) -> bool:
        """Whether one of ``locs``, a field inside it or one that holds it, has a problem."""
        for loc in locs:
            name = field_name(loc)
            for failed in self.fields:
                if failed and (_within(failed, name) or _within(name, failed)):
                    return True
        return False

    def inside(self, name: str) -> bool:
        """Whether a field with a problem is ``name`` or inside it (a refused key of a map)."""
        return any(failed and _within(failed, name) for failed in self.fields)


def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith((outer + ".", outer + "["))


@dataclass(frozen=True)
class Index:
    """What rules may ask of the rest of the tree: which ids exist, the clubs as their files
    say (even one with problems), and which fields of a record have problems."""

    ids: dict[str, frozenset[str]]
    club: Callable[[str], Club | None]
    failed: Callable[[str, str], Failed] = lambda kind, record_id: Failed()
    region: Callable[[str], Region | None] = lambda region_id: None  # as its file says, for its names


def check_region(region: Region, index: Index, failed: Failed = Failed()) -> Iterator[Problem]:
    return iter(())


def check_campaign(campaign: Campaign, index: Index, failed: Failed = Failed()) -> Iterator[Problem]:
    if failed.any(("starts",), ("ends",)):
        return
    if campaign.ends < campaign.starts:
        yield campaign.doc.problem(("ends",), f"must not be before starts ({campaign.starts.isoformat()})")


def check_club(club: Club, index: Index, failed: Failed = Failed()) -> Iterator[Problem]:
    if not failed.any(("region",)) and club.region not in index.ids["region"]:
        guesses = named_guesses(club.region, _region_names(index))
        yield from _reference(club.doc.problem, ("region",), club.region, index.ids["region"], "region",
                              guesses=guesses)
    if club.location is None and not club.online and not failed.any(("location",), ("online",)):
        yield club.doc.problem((), "needs a location (city and country) or online: true",
                               hint="add location: {city: ..., country: ..} for a club that meets in person")
    yield from _check_cohosting(club, index, failed)


def _check_cohosting(club: Club, index: Index, failed: Failed) -> Iterator[Problem]:
    """Each entry of ``cohosting`` names another club, or an event of another club."""
    problem = club.doc.problem
    for i, entry in enumerate(club.cohosting):
        if not isinstance(entry, str) or failed.any(("cohosting", i)):
            continue
        host, _, slug = entry.partition("/")
        if host == club.id:
            yield problem(("cohosting", i), "names this club itself; list the other clubs (or their events) "
                                            "whose events this club co-hosts")
        elif host not in index.ids["club"]:
            yield from _reference(problem, ("cohosting", i), host, index.ids["club"], "club")
        elif slug and entry not in index.ids["event"]:
            yield problem(("cohosting", i), f"names an event that does not exist (got {entry!r})",
                          hint=f"check the spelling against content/events/{host}/; to agree to every event of "
                               f"that club write {host!r}", severity=Severity.WARNING)


def check_event(event: Event, index: Index, failed: Failed = Failed()) -> Iterator[Problem]:
    problem = event.doc.problem
    if event.club not in index.ids["club"]:
        guesses = close_matches(event.club, index.ids["club"])
        yield problem((), f"is in the folder of a club that does not exist ({event.club!r})",
                      hint=f"did you mean content/events/{guesses[0]}/?" if guesses else
                      "events live in content/events/<club-id>/, named after an existing club file")
    yield from _check_cohosts(event, index, failed)
    if event.campaign and not failed.any(("campaign",)):
        yield from _reference(problem, ("campaign",), event.campaign, index.ids["campaign"], "campaign")
    if not event.timezone and "timezone" not in event.doc.data and not failed.any(("timezone",)) \
            and not index.failed("club", event.club).any(("timezone",)):
        yield problem(("timezone",), "is needed: the host club gives none", hint="add timezone: Region/City")
    if event.at_club_place and not failed.any(("venue",), ("online",)):
        yield from _check_club_place(event, index)
    yield from _check_call_for_proposals(event, failed)
    yield from _check_online_access(event, failed)
    start_known = event.start != date.min and not failed.any(("start",))
    span = list(_check_span(event, ("start",), ("end",), event.start, event.end)) \
        if start_known and not failed.any(("end",)) else []
    series = list(_check_series(event, failed)) if event.repeat is not None else []  # its end needs no start
    yield from span
    yield from series
    # Times are expanded only once they are known to make sense.
    if start_known and not span and not series and event.timezone \
            and not failed.any(("end",), ("timezone",), ("repeat",)):
        yield from _check_wall_times(event)


def _check_cohosts(event: Event, index: Index, failed: Failed) -> Iterator[Problem]:
    """Each co-host is another existing club; one whose own file has not agreed is a warning."""
    problem = event.doc.problem
    for i, cohost in enumerate(event.cohosts):
        if not isinstance(cohost, str) or failed.any(("cohosts", i)):
            continue
        if cohost == event.club:
            yield problem(("cohosts", i), "names the host club itself; list only other clubs")
        elif cohost not in index.ids["club"]:
            yield from _reference(problem, ("cohosts", i), cohost, index.ids["club"], "club")
        else:
            club = index.club(cohost)
            if club is None or index.failed("club", cohost).any(("cohosting",)) or club.agrees_to_cohost(event):
                continue
            yield problem(("cohosts", i), f"{cohost!r} has not agreed to co-host this event, so it is shown "
                                          f"under {event.club!r} only",
                          hint=f"to agree, a leader of {cohost} adds {event.club!r} (every event of the club) or "
                               f"{event.id!r} (this event) to cohosting in content/clubs/{cohost}.yaml",
                          severity=Severity.WARNING)


def _check_club_place(event: Event, index: Index) -> Iterator[Problem]:
    """An event with neither a venue nor ``online`` is held at its club's usual place: the
    club's location, which an online-only club does not have."""
    club = index.club(event.club)
    if club is None or club.location is not None or index.failed("club", event.club).any(("location",)):
        return
    yield event.doc.problem((), f"needs a venue or an online address: its club {event.club!r} has no location "
                                "where it could be held",
                            hint="add venue: {name: ..., city: ..., country: ..} or online: {url: https://...} "
                                 "(online: true when the address is sent to registered people)")


def _check_call_for_proposals(event: Event, failed: Failed) -> Iterator[Problem]:
    """A call for proposals closes before the event starts (its first meeting, for a series)."""
    call = event.call_for_proposals
    if call is None or call.closes is None or event.start == date.min \
            or failed.any(("call_for_proposals", "closes"), ("start",)):
        return
    closes, start = call.closes, event.start
    late = closes > start if isinstance(closes, datetime) and isinstance(start, datetime) \
        else day_of(closes) > day_of(start)
    if late:
        shown_start = start.isoformat(timespec="minutes") if isinstance(start, datetime) else start.isoformat()
        yield event.doc.problem(("call_for_proposals", "closes"),
                                f"must not be after the event starts ({shown_start})",
                                hint="give the last day proposals are taken, before the event")


def _check_online_access(event: Event, failed: Failed) -> Iterator[Problem]:
    """``captions_or_sign_language`` says less than ``captions: true`` or ``sign_language: true``."""
    access = event.online_access
    if access is None or not access.captions_or_sign_language or failed.any(("online", "accessibility")):
        return
    said = [name for name in ("captions", "sign_language") if getattr(access, name)]
    if said:
        yield event.doc.problem(("online", "accessibility", "captions_or_sign_language"),
                                f"says less than {said[0]}: true, given too",
                                hint="leave captions_or_sign_language out", severity=Severity.WARNING)


def _region_names(index: Index) -> dict[str, str]:
    """Each region's id and its name in each of its languages, to the id."""
    names = {region_id: region_id for region_id in index.ids["region"]}
    for region_id in sorted(index.ids["region"]):
        region = index.region(region_id)
        for text in region.name.texts.values() if region is not None else ():
            names.setdefault(text, region_id)
    return names


def _reference(problem: Callable[..., Problem], loc: Loc, value: str, known: frozenset[str],
               kind: str, guesses: list[str] | None = None) -> Iterator[Problem]:
    if value in known:
        return
    guesses = close_matches(value, known) if guesses is None else guesses
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


# What expanding a series needs: with a problem in one of these, its meetings are not known.
_SERIES_CORE: tuple[Loc, ...] = (("repeat", "every"), ("repeat", "interval"), ("repeat", "on"),
                                 ("repeat", "until"), ("repeat", "count"), ("start",))


def _check_series(event: Event, failed: Failed = Failed()) -> Iterator[Problem]:
    repeat = event.repeat
    assert repeat is not None
    problem = event.doc.problem
    given = event.doc.data.get("repeat") or {}
    has_until = "until" in given or failed.any(("repeat", "until"))  # a refused value was given all the same
    has_count = "count" in given or failed.any(("repeat", "count"))
    if not has_until and not has_count:
        yield problem(("repeat",), "must end: give 'until' (the last date) or 'count' (how many meetings)")
        return
    if has_until and has_count:
        yield problem(("repeat", "count"), "cannot be given together with 'until'; keep one of the two")
        return
    if failed.any(*_SERIES_CORE) or not repeat.every or event.start == date.min:
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
    for i, text in enumerate(given.get("except") or []):
        if not isinstance(text, str) or failed.any(("repeat", "except", i)):
            continue
        day = date.fromisoformat(text)
        if day not in days:
            yield problem(("repeat", "except", i), _not_in_series(day), hint=_nearest(day, days))
    for day, change in repeat.changes.items():
        loc: Loc = ("repeat", "changes", day.isoformat())
        if day not in days:
            yield problem(loc, _not_in_series(day), hint=_nearest(day, days), key=True)
        if day in repeat.except_dates:
            yield problem(loc, "is also listed in 'except'; a cancelled meeting cannot also be changed", key=True)
        if change.online_only and not (change.online_url or event.online) \
                and not failed.any(loc + ("online",), ("online",)):
            yield problem(loc + ("online_only",), "needs an online address for the meeting",
                          hint="add online: {url: https://...} to this change or to the event")
        if change.start is not None and not failed.any(loc + ("end",)):
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
    nearest = abs((by_distance[0] - day).days)
    close = [d for d in by_distance if abs((d - day).days) <= max(3, nearest)]  # two equally near: both
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
                yield event.doc.problem(loc, f"{text} does not exist in {event.timezone}: the clocks skip "
                                             f"{_gap(moment, zone)} when summer time starts",
                                        hint=f"choose a time {_gap(moment, zone, later=True)}")
            else:
                taken = timezones.offset_text(moment.replace(tzinfo=zone, fold=0).utcoffset())
                other = timezones.offset_text(moment.replace(tzinfo=zone, fold=1).utcoffset())
                yield event.doc.problem(loc, f"{text} happens twice in {event.timezone} when summer time ends; "
                                             f"the first (UTC{taken}) is taken, not the second (UTC{other})",
                                        severity=Severity.WARNING)


def _gap(moment: datetime, zone: tzinfo, *, later: bool = False) -> str:
    """How long the clocks skip at ``moment`` (``that hour``; ``2 hours`` on Antarctica/Troll,
    ``30 minutes`` on Australia/Lord_Howe), or how much later to meet (``an hour later``)."""
    before, after = (moment.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1))
    minutes = int(abs((after or timedelta()) - (before or timedelta())).total_seconds() // 60)
    if minutes == 60:
        return "an hour later" if later else "that hour"
    amount = f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes} minutes"
    return f"{amount} later" if later else amount


def _time_loc(event: Event, meeting: Meeting, which: str) -> Loc:
    if "time" in meeting.changed and event.repeat is not None:
        loc: Loc = ("repeat", "changes", meeting.original_date.isoformat())
        return loc + (which,) if which in event.doc.data["repeat"]["changes"][loc[-1]] else loc
    return (which,) if which in event.doc.data else ("start",)

