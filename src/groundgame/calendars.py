"""How events become iCalendar (RFC 5545, RFC 7986) components and calendar bytes, with ``icalendar``.

One VEVENT per event; a series is one VEVENT with RRULE, EXDATE for its cancelled dates
and a RECURRENCE-ID override for each changed meeting (a cancelled one also gets an
override with STATUS:CANCELLED while it is recent, so that subscribers see it go). UIDs
come from the record id and ``SiteConfig.uid_host`` only; DTSTAMP, LAST-MODIFIED and
SEQUENCE from the history of the record's file (``history.History``), never from the
clock, so two builds of one commit write the same bytes.

A ``Feed`` says what a calendar file holds (``ical`` decides which feeds exist).
Aggregate feeds keep past events for ``feed_past_days`` and cancelled ones for
``feed_cancelled_days``; a feed that would pass ``MAX_FEED_BYTES`` keeps the events
nearest to now and drops the rest, and logs (INFO) that it did, naming the narrower feeds. A meeting
of a series can also be a file of its own (its own UID, for people who add just that one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from babel import Locale, UnknownLocaleError
from icalendar import Calendar, Timezone, vDuration, vText, vUri
from icalendar import Event as VEvent
from icalendar.timezone.tzid import is_utc

from . import urls
from .config import SiteConfig
from .feedtext import PlainText, clean
from .history import History
from .network import Network
from .records import Event, Localized, Venue
from .recurrence import Occurrence, as_datetime, ical_rrule, occurrences
from .timezones import get_zone
from .vtimezone import vtimezone

log = logging.getLogger(__name__)

PRODID = "-//groundgame//calendar feeds//EN"
REFRESH = timedelta(hours=6)
MAX_FEED_BYTES = 800_000  # Google ignores feeds over about 1 MB: stay well under it


def uid(config: SiteConfig, event_id: str, original: date | None = None) -> str:
    """The UID of an event (or, with ``original``, of one meeting on its own): id and domain only."""
    base = event_id.replace("/", ".")
    return f"{base}.{original:%Y%m%d}@{config.uid_host}" if original else f"{base}@{config.uid_host}"


def same_language(tag: str, ui_lang: str) -> bool:
    """Whether content in ``tag`` belongs to the feed of UI language ``ui_lang`` (same base language)."""
    return tag.split("-")[0].lower() == ui_lang.split("-")[0].lower()


@dataclass(frozen=True)
class Feed:
    """One calendar file: where it goes, its names and description, and its events."""

    path: str
    lang: str  # the language of its texts
    names: dict[str, str]  # by language; the first is also X-WR-CALNAME
    description: str
    page: str  # absolute address of the page that shows these events
    events: tuple[Event, ...]
    windowed: bool = True  # keep only events inside the past/cancelled windows


class Calendars:
    """Builds the VEVENTs of each event once (per text language) and the calendars that hold them."""

    def __init__(self, network: Network, config: SiteConfig, now: datetime, history: History):
        self.network = network
        self.config = config
        self.now = now
        self.history = history
        self.plain = PlainText()
        self._occurrences: dict[str, list[Occurrence]] = {}
        self._last_end: dict[str, datetime] = {}
        self._components: dict[tuple[str, str], list[VEvent]] = {}
        self._bytes: dict[tuple[str, str], bytes] = {}
        self._zones: dict[int, bytes] = {}

    # -- times ---------------------------------------------------------------------------
    def occurrences(self, event: Event) -> list[Occurrence]:
        found = self._occurrences.get(event.id)
        if found is None:
            found = self._occurrences[event.id] = list(occurrences(event))
        return found

    def instant(self, event: Event, value: date | datetime, *, end: bool = False) -> datetime:
        """The UTC instant of a local start or end (an all-day end is the midnight after that day)."""
        zone = get_zone(event.timezone)
        if isinstance(value, datetime):
            return value.replace(tzinfo=zone).astimezone(UTC)
        day = value + timedelta(days=1) if end else value
        return datetime.combine(day, time(), zone).astimezone(UTC)

    def last_end(self, event: Event) -> datetime:
        found = self._last_end.get(event.id)
        if found is None:
            found = self._last_end[event.id] = max(self.instant(event, o.end, end=True)
                                                   for o in self.occurrences(event))
        return found

    def in_window(self, event: Event) -> bool:
        """Not yet over, or over for less than the past window (the cancelled window if cancelled)."""
        days = self.config.feed_cancelled_days if event.status != "scheduled" else self.config.feed_past_days
        return self.last_end(event) >= self.now - timedelta(days=days)

    def _when(self, event: Event, value: date | datetime, *, end: bool = False) -> date | datetime:
        """A DTSTART/DTEND value: aware local time in the event's zone, or a date (exclusive end)."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=get_zone(event.timezone))
        return value + timedelta(days=1) if end else value

    # -- components ----------------------------------------------------------------------
    def vevents(self, event: Event, lang: str) -> list[VEvent]:
        """The VEVENT of ``event`` (texts in ``lang``) and, for a series, its overrides."""
        key = (event.id, lang)
        if key not in self._components:
            self._components[key] = self._build(event, lang)
        return self._components[key]

    def _build(self, event: Event, lang: str) -> list[VEvent]:
        master = self._vevent(event, lang, uid(self.config, event.id), event.start, event.end,
                              _status(event, None), event.venue, event.online_url, None)
        if event.repeat is None:
            return [master]
        listed = self.occurrences(event)
        last = listed[-1].original if listed else event.start
        # UNTIL: the last meeting, in UTC; for an all-day series its date (as ical_rrule says)
        until = self.instant(event, last) if isinstance(last, datetime) else last
        master.add("RRULE", ical_rrule(event.repeat, until if event.repeat.count is None else None))  # type: ignore[arg-type]
        result = [master]
        horizon = self.now - timedelta(days=self.config.feed_cancelled_days)
        for occurrence in listed:
            cancelled = occurrence.cancelled and event.status == "scheduled"
            if cancelled:
                master.add("EXDATE", self._when(event, occurrence.original))
                if self.instant(event, occurrence.end, end=True) < horizon:
                    continue
            elif occurrence.change is None:
                continue
            change = occurrence.change
            override = self._vevent(
                event, lang, uid(self.config, event.id), occurrence.start, occurrence.end,
                _status(event, occurrence), change.venue if change and change.venue else event.venue,
                change.online_url if change and change.online_url else event.online_url,
                change.note if change else None)
            override.add("RECURRENCE-ID", self._when(event, occurrence.original))
            result.append(override)
        return result

    def occurrence_vevent(self, event: Event, occurrence: Occurrence, lang: str) -> VEvent:
        """One meeting of a series as an event of its own (its own UID, no RECURRENCE-ID)."""
        change = occurrence.change
        return self._vevent(
            event, lang, uid(self.config, event.id, occurrence.original_date), occurrence.start, occurrence.end,
            _status(event, occurrence), change.venue if change and change.venue else event.venue,
            change.online_url if change and change.online_url else event.online_url,
            change.note if change else None, full=False)

    def _vevent(self, event: Event, lang: str, the_uid: str, start: date | datetime, end: date | datetime,
                status: str, venue: Venue | None, online_url: str, note: Localized | None, *,
                full: bool = True) -> VEvent:
        path = event.path
        modified = self.history.modified(path)
        page = urls.absolute(self.config, urls.event(self.config, lang, event.id))
        title, title_lang = event.title.get(lang)
        component = VEvent()
        component.add("UID", the_uid)
        component.add("DTSTAMP", modified)
        component.add("LAST-MODIFIED", modified)
        component.add("CREATED", min(self.history.created(path), modified))
        component.add("SEQUENCE", self.history.sequence(path))
        component.add("DTSTART", self._when(event, start))
        component.add("DTEND", self._when(event, end, end=True))
        component.add("STATUS", status)
        component.add("SUMMARY", clean(title), parameters={"LANGUAGE": title_lang})
        told = next((text for text in (event.summary, event.description) if text is not None), event.title)
        component.add("DESCRIPTION", self._description(event, lang, note, online_url, page, full),
                      parameters={"LANGUAGE": told.get(lang)[1]})
        location = _location(venue, lang) if venue else ""
        if location or _safe_url(online_url):
            component.add("LOCATION", location or online_url)
        if venue and venue.lat is not None and venue.lon is not None:
            component.add("GEO", (venue.lat, venue.lon))
        if _safe_url(online_url):
            component.add("CONFERENCE", vUri(online_url), parameters={"VALUE": "URI"})
        if event.topics:
            component.add("CATEGORIES", list(event.topics))
        component.add("URL", page)
        return component

    def _description(self, event: Event, lang: str, note: Localized | None, online_url: str, page: str,
                     full: bool) -> str:
        """Summary, the change note, the description (``full``) as plain text, then the links."""
        parts = [text.get(lang)[0] for text in (event.summary, note) if text is not None]
        if event.description is not None and full:
            parts.append(self.plain(event.description.get(lang)[0]))
        registration = event.registration.url if event.registration else ""
        parts.extend(url for url in (online_url, registration) if _safe_url(url))
        parts.append(page)
        return clean("\n\n".join(p.strip() for p in parts if p.strip()))

    # -- calendars -----------------------------------------------------------------------
    def shell(self, feed: Feed, events: Sequence[Event], *, subscription: bool = True) -> Calendar:
        """The calendar's own properties (no components): names, links, refresh interval."""
        cal = Calendar()
        cal.add("PRODID", PRODID)
        cal.add("VERSION", "2.0")
        cal.add("CALSCALE", "GREGORIAN")
        cal.add("METHOD", "PUBLISH")
        if not subscription:  # a file to add one meeting: no name, so apps add it to the user's calendar
            return cal
        for name_lang, name in feed.names.items():
            cal.add("NAME", vText(clean(name)), parameters={"LANGUAGE": name_lang})
        cal.add("X-WR-CALNAME", vText(clean(next(iter(feed.names.values())))))
        description = clean(feed.description.strip() + "\n\n" + feed.page if feed.description.strip() else feed.page)
        cal.add("DESCRIPTION", description, parameters={"LANGUAGE": feed.lang})
        cal.add("X-WR-CALDESC", vText(description))
        cal.add("URL", feed.page)
        cal.add("SOURCE", vUri(urls.absolute(self.config, feed.path)), parameters={"VALUE": "URI"})
        cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        if events:
            cal.add("LAST-MODIFIED", self.history.latest([e.path for e in events]))
        return cal

    def timezones(self, events: Iterable[Event]) -> list[Timezone]:
        """One VTIMEZONE per zone the events use, covering the years of their meetings."""
        years: dict[str, tuple[int, int]] = {}
        for event in events:
            if event.all_day:
                continue
            listed = self.occurrences(event)
            first = min(min(as_datetime(o.original), as_datetime(o.start)) for o in listed).year
            last = max(as_datetime(o.end) for o in listed).year
            low, high = years.get(event.timezone, (first, last))
            years[event.timezone] = (min(low, first), max(high, last))
        return [vtimezone(name, *span) for name, span in sorted(years.items()) if not is_utc(get_zone(name))]

    def calendar(self, feed: Feed) -> Calendar:
        """The whole calendar of ``feed`` as an icalendar object (``render`` writes the same bytes faster)."""
        events = self.chosen(feed)
        cal = self.shell(feed, events)
        for component in [*self.timezones(events), *(c for e in events for c in self.vevents(e, feed.lang))]:
            cal.add_component(component)
        return cal

    def chosen(self, feed: Feed) -> list[Event]:
        """The events of ``feed``: those inside its windows, in id order, cut to ``MAX_FEED_BYTES``."""
        return self._choose(feed)[0]

    def render(self, feed: Feed) -> bytes:
        """The bytes of ``feed``: byte for byte ``calendar(feed).to_ical()``, made faster.

        Each component is serialized by icalendar once and its bytes reused in every feed
        that holds it (a VEVENT is in five feeds on average); only the calendar's own
        lines are serialized per feed.
        """
        return self._choose(feed)[1]

    def _choose(self, feed: Feed) -> tuple[list[Event], bytes]:
        events = sorted((e for e in feed.events if not feed.windowed or self.in_window(e)), key=lambda e: e.id)
        data = self._assemble(feed, events)
        if len(data) <= MAX_FEED_BYTES:
            return events, data
        kept = self._fit(feed, events)
        # INFO, not a warning: expected on a large network, and nothing in the content to fix
        log.info("%s: %d of %d events left out to keep the feed under %d bytes (the events nearest to now "
                    "are kept); the feeds of each region, club and topic hold them", feed.path,
                    len(events) - len(kept), len(events), MAX_FEED_BYTES)
        return kept, self._assemble(feed, kept)

    def _assemble(self, feed: Feed, events: Sequence[Event]) -> bytes:
        shell = bytes(self.shell(feed, events).to_ical())
        return _splice(shell, [*(self._zone_bytes(z) for z in self.timezones(events)),
                               *(self.event_bytes(e, feed.lang) for e in events)])

    def event_bytes(self, event: Event, lang: str) -> bytes:
        key = (event.id, lang)
        found = self._bytes.get(key)
        if found is None:
            found = self._bytes[key] = b"".join(bytes(c.to_ical()) for c in self.vevents(event, lang))
        return found

    def _zone_bytes(self, component: Timezone) -> bytes:
        key = id(component)  # vtimezone() caches its components, so one object per zone and span
        if key not in self._zones:
            self._zones[key] = bytes(component.to_ical())
        return self._zones[key]

    def occurrence_file(self, event: Event, occurrence: Occurrence, lang: str) -> bytes:
        """One meeting as a file to add to one's calendar: its own UID, no RECURRENCE-ID, no name."""
        component = self.occurrence_vevent(event, occurrence, lang)
        single = Feed(urls.ical_occurrence(event.id, occurrence.original_date), lang, {}, "", "", (event,),
                      windowed=False)
        key = ("shell", lang)
        if key not in self._bytes:
            self._bytes[key] = bytes(self.shell(single, [], subscription=False).to_ical())
        zones = [] if event.all_day or is_utc(get_zone(event.timezone)) else \
            [self._zone_bytes(vtimezone(event.timezone, *self._span(occurrence)))]
        return _splice(self._bytes[key], [*zones, bytes(component.to_ical())])

    @staticmethod
    def _span(occurrence: Occurrence) -> tuple[int, int]:
        return (min(as_datetime(occurrence.original), as_datetime(occurrence.start)).year,
                as_datetime(occurrence.end).year)

    def _fit(self, feed: Feed, events: list[Event]) -> list[Event]:
        """The events nearest to now (ongoing and upcoming by start, then past by end) that fit."""
        def priority(event: Event) -> tuple[int, datetime, str]:
            end = self.last_end(event)
            if end >= self.now:
                return 0, max(self.instant(event, event.start), self.now), event.id
            return 1, datetime.max.replace(tzinfo=UTC) - (self.now - end), event.id

        zones = sum(len(self._zone_bytes(z)) for z in self.timezones(events))  # a subset needs no more
        budget = MAX_FEED_BYTES - len(self._assemble(feed, [])) - zones - 200  # 200: LAST-MODIFIED
        kept: list[Event] = []
        for event in sorted(events, key=priority):
            size = len(self.event_bytes(event, feed.lang))
            if size > budget:
                break
            budget -= size
            kept.append(event)
        kept.sort(key=lambda e: e.id)
        while kept and len(self._assemble(feed, kept)) > MAX_FEED_BYTES:
            kept.pop()
        return kept


def _splice(shell: bytes, components: Sequence[bytes]) -> bytes:
    """Serialized components placed inside a serialized, component-less VCALENDAR."""
    end = b"END:VCALENDAR\r\n"
    assert shell.endswith(end)
    return b"".join([shell[: -len(end)], *components, end])


def _status(event: Event, occurrence: Occurrence | None) -> str:
    if event.status != "scheduled" or (occurrence is not None and occurrence.cancelled):
        return "CANCELLED"  # a postponed event does not take place at the time it shows
    return "CONFIRMED"


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not any(c.isspace() or ord(c) < 32 for c in url)


def _location(venue: Venue, lang: str) -> str:
    parts = [venue.name, venue.address, venue.city, country_name(venue.country, lang) if venue.country else ""]
    return clean(", ".join(p.strip() for p in parts if p and p.strip()))


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def country_name(code: str, lang: str) -> str:
    """The name of a country in ``lang`` (CLDR), or the code if CLDR has none."""
    return str(_locale(lang).territories.get(code, code))


def language_name(tag: str) -> str:
    """A language's name in itself (``ja`` → 日本語)."""
    return str(_locale(tag).get_display_name(_locale(tag)) or tag)
