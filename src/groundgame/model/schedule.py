"""The schedule: every meeting of every event, derived once per build from the network.

Pages, JSON-LD, iCalendar feeds, the API, the Atom feeds and the staleness report all
read meetings from here; none of them expands a series, places a local time in its zone
or works out which events a club hosts on its own, so they cannot disagree.

A ``Meeting`` is one occurrence as a visitor meets it: its instants, its status, and the
place, online address, registration, title and note that hold for it after the
series' ``changes`` are applied, with ``changed`` naming what differs from the series.

Local times are placed in their zone with the *first* instant of a repeated hour
(RFC 5545 §3.3.5); ``Meeting.repeated`` marks a meeting whose start or end falls in such
an hour, so that writers whose readers differ there (calendar apps) can state the
instant outright.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol

from groundgame.model.records import Change, Club, Event, Localized, Registration, Venue
from groundgame.model.recurrence import MAX_OCCURRENCES, as_datetime, day_of, series_starts
from groundgame.model.timezones import get_zone


class Events(Protocol):
    """What the schedule reads of a network (``network.Network``, which sits a layer above)."""

    @property
    def events(self) -> Mapping[str, Event]: ...

    @property
    def clubs(self) -> Mapping[str, Club]: ...

MAX_MEETINGS = MAX_OCCURRENCES


@dataclass(frozen=True, eq=False)
class Meeting:
    """One meeting of one event: when and where it takes place, as it stands after changes.

    ``start``/``end`` are aware, in the event's zone; an all-day meeting starts at local
    midnight and ends at the midnight after its last day. ``local_start``/``local_end``
    are the values as written (naive, or dates with the last day included).
    """

    event: Event
    original: date | datetime  # the series' own date or time it stands for (RECURRENCE-ID); local
    local_start: date | datetime
    local_end: date | datetime
    start: datetime
    end: datetime
    original_start: datetime  # aware: where the series put it
    status: str  # scheduled, cancelled or postponed
    title: Localized
    venue: Venue | None
    online_url: str
    registration: Registration | None
    note: Localized | None = None
    changed: frozenset[str] = frozenset()  # of: time, venue, online, title, registration, note, status
    repeated: bool = False  # start or end in a local hour that happens twice

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def takes_place(self) -> bool:
        return self.status == "scheduled"

    @property
    def moved(self) -> bool:
        return "time" in self.changed and self.local_start != self.original

    @property
    def original_date(self) -> date:
        return day_of(self.original)

    @property
    def online_only(self) -> bool:
        return self.venue is None and bool(self.online_url)



def aware(event: Event, value: date | datetime, *, end: bool = False) -> datetime:
    """A local start or end in the event's zone (first instant of a repeated hour); an
    all-day end is the midnight after that day."""
    zone = get_zone(event.timezone)
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone)
    return datetime.combine(value + timedelta(days=1) if end else value, time(), zone)


def is_repeated(event: Event, value: date | datetime) -> bool:
    """Whether a local time happens twice in the event's zone (the night clocks go back)."""
    if not isinstance(value, datetime):
        return False
    zone = get_zone(event.timezone)
    return value.replace(tzinfo=zone, fold=0).utcoffset() != value.replace(tzinfo=zone, fold=1).utcoffset()


def meetings_of(event: Event) -> list[Meeting]:
    """Every meeting of an event in order of original start: one for a single event, each of
    a series' (at most ``MAX_MEETINGS``) with ``except`` dates cancelled and ``changes`` applied."""
    if event.repeat is None:
        return [_meeting(event, event.start, event.start, event.end, event.status, None)]
    repeat = event.repeat
    duration = as_datetime(event.end) - as_datetime(event.start)
    found = []
    for when in series_starts(event, MAX_MEETINGS):
        original: date | datetime = when if not event.all_day else when.date()
        day = when.date()
        change = repeat.changes.get(day)
        status = event.status
        if status == "scheduled" and day in repeat.except_dates:
            status = "cancelled"
        start, end = original, _shift(original, duration, event.all_day)
        if change is not None:
            if change.status and status == "scheduled":
                status = change.status
            if change.start is not None:
                start = change.start
                end = change.end if change.end is not None else _shift(start, duration, event.all_day)
            elif change.end is not None:
                end = change.end
        found.append(_meeting(event, original, start, end, status, change))
    return found


def _meeting(event: Event, original: date | datetime, start: date | datetime, end: date | datetime,
             status: str, change: Change | None) -> Meeting:
    changed: set[str] = set()
    venue, online, registration, title, note = event.venue, event.online_url, event.registration, event.title, None
    if change is not None:
        if (start, end) != (original, _shift(original, as_datetime(event.end) - as_datetime(event.start),
                                               event.all_day)):
            changed.add("time")
        if change.venue is not None:
            venue = change.venue
            changed.add("venue")
        if change.online_url:
            online = change.online_url
            changed.add("online")
        if change.online_only:
            venue = None
            changed.update(("venue", "online"))
        if change.registration is not None:
            registration = change.registration
            changed.add("registration")
        if change.title is not None:
            title = change.title
            changed.add("title")
        note = change.note
        if note is not None:
            changed.add("note")
    if status != event.status:
        changed.add("status")
    return Meeting(
        event=event, original=original, local_start=start, local_end=end,
        start=aware(event, start), end=aware(event, end, end=True), original_start=aware(event, original),
        status=status, title=title, venue=venue, online_url=online, registration=registration, note=note,
        changed=frozenset(changed), repeated=is_repeated(event, start) or is_repeated(event, end))


def agreed_cohosts(event: Event, clubs: Mapping[str, Club]) -> tuple[str, ...]:
    """The clubs ``event`` names as co-hosts whose own file agrees (``Club.cohosting``)."""
    return tuple(c for c in dict.fromkeys(event.cohosts)
                 if c != event.club and c in clubs and clubs[c].agrees_to_cohost(event))


def _shift(start: date | datetime, duration: timedelta, all_day: bool) -> date | datetime:
    if all_day or not isinstance(start, datetime):
        return day_of(start) + timedelta(days=duration.days)
    return start + duration


@dataclass
class Schedule:
    """The meetings of every event of a network, and who hosts what: derived once, read by every output."""

    network: Events
    meetings: Mapping[str, tuple[Meeting, ...]] = field(default_factory=dict)  # event id → its meetings
    hosted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # club id → events hosted or co-hosted
    by_campaign: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cohosts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # event id → co-hosts that agreed

    @classmethod
    def of(cls, network: Events) -> Schedule:
        meetings = {event.id: tuple(meetings_of(event)) for event in network.events.values()}
        hosted: dict[str, list[str]] = defaultdict(list)
        by_campaign: dict[str, list[str]] = defaultdict(list)
        cohosts: dict[str, tuple[str, ...]] = {}
        for event in network.events.values():
            cohosts[event.id] = agreed_cohosts(event, network.clubs)
            for club_id in dict.fromkeys((event.club, *cohosts[event.id])):
                hosted[club_id].append(event.id)
            if event.campaign:
                by_campaign[event.campaign].append(event.id)
        return cls(network, meetings, {k: tuple(v) for k, v in hosted.items()},
                   {k: tuple(v) for k, v in by_campaign.items()}, cohosts)

    def __getitem__(self, event_id: str) -> tuple[Meeting, ...]:
        return self.meetings[event_id]

    def cohosts_of(self, event_id: str) -> tuple[str, ...]:
        """The co-hosts an event is shown under: those it names that agreed in their own file."""
        return self.cohosts.get(event_id, ())

    def events_of(self, club_id: str) -> list[Event]:
        """The events a club hosts or co-hosts, in id order."""
        return [self.network.events[e] for e in self.hosted.get(club_id, ())]

    def first_start(self, event_id: str) -> datetime:
        return min(min(m.start, m.original_start) for m in self.meetings[event_id])

    def last_end(self, event_id: str) -> datetime:
        return max(m.end for m in self.meetings[event_id])

    def next_meeting(self, event_id: str, now: datetime) -> Meeting | None:
        """The first meeting not yet over that takes place (None if there is none)."""
        return next((m for m in self.meetings[event_id] if m.end >= now and m.takes_place), None)

    def upcoming(self, event_id: str, now: datetime) -> list[Meeting]:
        """The meetings not yet over, cancelled ones included (so the change is seen)."""
        return [m for m in self.meetings[event_id] if m.end >= now]


