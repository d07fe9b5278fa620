"""How events become iCalendar (RFC 5545, RFC 7986) components and calendar bytes, with ``icalendar``.

Meetings come from the ``schedule``. A one-off event is one VEVENT; a series is one VEVENT
with an RRULE and a RECURRENCE-ID override for each meeting that differs from it (moved,
cancelled, elsewhere, online only, its own title, note or registration, or one that calendar
readers would otherwise place differently: see ``Calendars._build``). UIDs come from the
record id (the first, across renames) and ``SiteConfig.uid_host`` only; DTSTAMP,
LAST-MODIFIED and SEQUENCE from ``revisions`` (when what the event publishes last changed),
never from the clock, so two builds of one commit write the same bytes. An event whose file
was deleted stays in the feeds, cancelled, for ``feed_cancelled_days``.

A ``Feed`` says what a calendar file holds (``ical`` decides which feeds exist).
Aggregate feeds keep past events for ``feed_past_days`` and cancelled ones for
``feed_cancelled_days``; a feed that would pass ``MAX_FEED_BYTES`` or ``MAX_FEED_EVENTS``
keeps the events whose next meeting is nearest and logs a warning (INFO when
``feeds_may_be_cut``). A meeting of a series is also a file of its own (its own UID, for
people who add just that one).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from icalendar import Calendar, Timezone, vCalAddress, vDuration, vText, vUri
from icalendar import Event as VEvent
from icalendar.timezone.tzid import is_utc

from groundgame import i18n, urls
from groundgame.config import SiteConfig
from groundgame.content.network import Network
from groundgame.feeds.feedtext import PlainText, clean, pick
from groundgame.feeds.history import History
from groundgame.feeds.revisions import DeletedEvent, EventRevision
from groundgame.feeds.vtimezone import vtimezone
from groundgame.model.inputs import event_inputs
from groundgame.model.records import Event, Localized, Registration, Venue
from groundgame.model.recurrence import ical_rrule
from groundgame.model.schedule import Meeting, Schedule, aware, is_repeated
from groundgame.model.timezones import get_zone
from groundgame.output import Inputs

log = logging.getLogger(__name__)

PRODID = "-//groundgame//calendar feeds//EN"
REFRESH = timedelta(hours=6)
MAX_FEED_BYTES = 800_000  # Google ignores feeds over about 1 MB: stay well under it
MAX_FEED_EVENTS = 1_000  # VEVENTs (masters and overrides); Google is reported to read about 1,000
_EMAIL = re.compile(r"[^@\s<>\"(),;:\\]{1,64}@[A-Za-z0-9.-]{1,253}")


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


# The VEVENT bytes of the last build in this process, by the digest of what each was made from
# (``Calendars.keep_vevents``; only incremental builds fill it).
_LAST_VEVENTS: dict[str, bytes] = {}


class Calendars:
    """Builds the VEVENTs of each event once (per text language) and the calendars that hold them.

    Meetings come from the ``Schedule``; nothing here expands a series or places a time.
    """

    def __init__(self, network: Network, config: SiteConfig, now: datetime, history: History,
                 schedule: Schedule | None = None, made_from: Inputs | None = None):
        self.config = config
        self.now = now
        self.history = history
        self.revisions = history.revisions(network)
        # an event whose file was deleted stays in the feeds, cancelled, for feed_cancelled_days
        since = now - timedelta(days=config.feed_cancelled_days)
        self.deleted = {d.event.id: d for d in self.revisions.deleted(since) if d.event.id not in network.events}
        self.network = _with_deleted(network, self.deleted.values()) if self.deleted else network
        self.schedule = Schedule.of(self.network) if self.deleted or schedule is None else schedule
        self.plain = PlainText()
        self._components: dict[tuple[str, str], list[VEvent]] = {}
        self._bytes: dict[tuple[str, str], bytes] = {}
        self._zones: dict[int, bytes] = {}
        self._since: dict[str, int] = {}  # zone → first year a meeting uses it
        self._revision_of: dict[str, EventRevision] = {}
        self._organizers: dict[tuple[str, str], tuple[vCalAddress, str] | None] = {}
        self._made_from = made_from
        self._vevents: dict[str, bytes] = {}

    # -- times ---------------------------------------------------------------------------
    def meetings(self, event: Event) -> tuple[Meeting, ...]:
        return self.schedule[event.id]

    def last_end(self, event: Event) -> datetime:
        return self.schedule.last_end(event.id)

    def in_window(self, event: Event) -> bool:
        """Not yet over, or over for less than the past window (the cancelled window if cancelled)."""
        days = self.config.feed_cancelled_days if event.status != "scheduled" else self.config.feed_past_days
        return self.last_end(event) >= self.now - timedelta(days=days)

    # -- components ----------------------------------------------------------------------
    def vevents(self, event: Event, lang: str) -> list[VEvent]:
        """The VEVENT of ``event`` (texts in ``lang``) and, for a series, its overrides."""
        key = (event.id, lang)
        if key not in self._components:
            self._components[key] = self._build(event, lang)
        return self._components[key]

    def _build(self, event: Event, lang: str) -> list[VEvent]:
        """A one-off event is its meeting; a series is its master and an override per meeting
        that differs from what the rule and the master say.

        A cancelled meeting is one override with STATUS:CANCELLED and a title that says so,
        never also an EXDATE: with both, ical.js and recurring-ical-events drop the meeting
        while libical, Evolution, khal and Radicale show it cancelled; with the override
        alone every reader shows it cancelled, and one that ignores STATUS still reads the
        title. A meeting the readers would place differently gets an override that states
        its instants: one whose start or end is in a repeated hour (readers take either
        instant; the override gives it in UTC), and one whose length differs from the
        master's (an overnight meeting on the night the clocks change: libical keeps the
        exact duration, ical.js the wall-clock end).
        """
        the_uid = uid(self.config, self._uid_id(event))
        meetings = self.meetings(event)
        if event.repeat is None:
            return [self._vevent(meetings[0], lang, the_uid)]
        first = meetings[0]
        master = self._vevent(first, lang, the_uid, series=True)
        last = meetings[-1].original
        until = aware(event, last).astimezone(UTC) if isinstance(last, datetime) else last
        master.add("RRULE", ical_rrule(event.repeat, until if event.repeat.count is None else None))  # type: ignore[arg-type]
        length = _length(aware(event, event.start), aware(event, event.end, end=True))
        result = [master]
        for meeting in meetings:
            if meeting.changed or meeting.repeated or _length(meeting.start, meeting.end) != length:
                override = self._vevent(meeting, lang, the_uid)
                override.add("RECURRENCE-ID", self._when(event, meeting.original))
                result.append(override)
        return result

    def occurrence_vevent(self, meeting: Meeting, lang: str) -> VEvent:
        """One meeting of a series as an event of its own (its own UID, no RECURRENCE-ID)."""
        the_uid = uid(self.config, self._uid_id(meeting.event), meeting.original_date)
        return self._vevent(meeting, lang, the_uid, full=False)

    def revision(self, event: Event) -> EventRevision:
        """When what the event publishes last changed, and how often (a deleted event's: its deletion)."""
        found = self._revision_of.get(event.id)
        if found is None:
            gone = self.deleted.get(event.id)
            found = self._revision_of[event.id] = gone.revision if gone is not None else self.revisions.of(event)
        return found

    def _uid_id(self, event: Event) -> str:
        return self.revision(event).uid_id

    def _revision(self, event: Event) -> tuple[datetime, datetime, int]:
        """(last change, creation, SEQUENCE) of what the event publishes."""
        found = self.revision(event)
        return found.modified, min(found.created, found.modified), found.sequence

    def _when(self, event: Event, value: date | datetime, *, end: bool = False) -> date | datetime:
        """A DTSTART/DTEND/RECURRENCE-ID value: aware local time in the event's zone, or a date (exclusive end)."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=get_zone(event.timezone))
        return value + timedelta(days=1) if end else value

    def _instant(self, event: Event, local: date | datetime, moment: datetime, *, end: bool = False
                 ) -> date | datetime:
        """A meeting's start or end as written: local in its zone, in UTC where the local time is repeated."""
        if isinstance(local, datetime) and is_repeated(event, local):
            return moment.astimezone(UTC)
        return self._when(event, local, end=end)

    def _vevent(self, meeting: Meeting, lang: str, the_uid: str, *, series: bool = False,
                full: bool = True) -> VEvent:
        """The VEVENT of a meeting; with ``series``, the master of its series (the series' own
        time, place and texts, which the rule repeats)."""
        event = meeting.event
        modified, created, sequence = self._revision(event)
        page = urls.absolute(self.config, urls.event(self.config, lang, event.id))
        if series:
            status, title, venue, online_url = event.status, event.title, event.venue, event.online_url
            registration, note = event.registration, None
            start: date | datetime = self._when(event, event.start)
            end: date | datetime = self._when(event, event.end, end=True)
        else:
            status, title, venue, online_url = meeting.status, meeting.title, meeting.venue, meeting.online_url
            registration, note = meeting.registration, meeting.note
            start = self._instant(event, meeting.local_start, meeting.start)
            end = self._instant(event, meeting.local_end, meeting.end, end=True)
        text, title_lang = pick(title, lang, self.config)
        if status != "scheduled":
            text = _called_off(status, text, lang)
        component = VEvent()
        component.add("UID", the_uid)
        component.add("DTSTAMP", modified)
        component.add("LAST-MODIFIED", modified)
        component.add("CREATED", created)
        component.add("SEQUENCE", sequence)
        component.add("DTSTART", start)
        component.add("DTEND", end)
        # a postponed event does not take place at the time it shows
        component.add("STATUS", "CONFIRMED" if status == "scheduled" else "CANCELLED")
        component.add("SUMMARY", clean(text), parameters={"LANGUAGE": title_lang})
        told = next((t for t in (event.summary, event.description) if t is not None), event.title)
        component.add("DESCRIPTION", self._description(event, lang, note, online_url, registration, page, full),
                      parameters={"LANGUAGE": pick(told, lang, self.config)[1]})
        location = _location(venue, lang) if venue else self._club_place(event, lang) if event.at_club_place else ""
        if location or _safe_url(online_url):
            component.add("LOCATION", location or online_url)
        if venue and venue.lat is not None and venue.lon is not None:
            component.add("GEO", (venue.lat, venue.lon))
        if _safe_url(online_url):
            component.add("CONFERENCE", vUri(online_url), parameters={"VALUE": "URI"})
        organizer = self._organizer(event, lang)
        if organizer is not None:
            component.add("ORGANIZER", organizer[0], parameters={"CN": organizer[1]})
        if event.topics:
            component.add("CATEGORIES", list(event.topics))
        component.add("URL", page)
        return component

    def _organizer(self, event: Event, lang: str) -> tuple[vCalAddress, str] | None:
        """The host club as ORGANIZER (libical's iTIP check wants one under METHOD:PUBLISH):
        its published e-mail address, or else its page."""
        key = (event.club, lang)
        if key not in self._organizers:
            club = self.network.clubs.get(event.club)
            if club is None:
                self._organizers[key] = None
            else:
                email = str(club.contact.get("email", ""))
                address = f"mailto:{email}" if _safe_email(email) else \
                    urls.absolute(self.config, urls.club(self.config, lang, club.id))
                self._organizers[key] = vCalAddress(address), clean(pick(club.name, lang, self.config)[0])[:200]
        return self._organizers[key]

    def _description(self, event: Event, lang: str, note: Localized | None, online_url: str,
                     registration: Registration | None, page: str, full: bool) -> str:
        """Summary, the change note, the description (``full``) as plain text, then the links."""
        parts = [pick(text, lang, self.config)[0] for text in (event.summary, note) if text is not None]
        if event.description is not None and full:
            parts.append(self.plain(pick(event.description, lang, self.config)[0]))
        sign_up = registration.url if registration else ""
        if event.address_later and not online_url:
            parts.append(_words(lang, "Online: the address will be sent to registered people."))
        parts.extend(url for url in (online_url, sign_up, event.website) if _safe_url(url))
        parts.extend(self._conduct_and_call(event, lang))
        parts.append(page)
        return clean("\n\n".join(p.strip() for p in parts if p.strip()))

    def _conduct_and_call(self, event: Event, lang: str) -> list[str]:
        """The code of conduct (the event's, else its club's) and the call for proposals, a line each."""
        club = self.network.clubs.get(event.club)
        lines = []
        conduct = event.code_of_conduct or (club.code_of_conduct if club else "")
        if _safe_url(conduct):
            lines.append(f"{_words(lang, 'Code of conduct')}: {conduct}")
        call = event.call_for_proposals
        if call is not None and (_safe_url(call.url) or call.url.startswith("mailto:")):
            if call.closes is None:
                lines.append(f"{_words(lang, 'Call for proposals')}: {call.url}")
            else:
                closes = call.closes
                day = str(format_date(closes if not isinstance(closes, datetime) else closes.date(), "long",
                                      locale=_locale(lang)))
                if isinstance(closes, datetime):
                    day += " " + str(format_time(closes.time(), "short", locale=_locale(lang)))
                lines.append(f"{_words(lang, 'Call for proposals')}: {call.url}\n"
                             f"{_words(lang, 'Open until %(day)s') % {'day': day}}")
        return lines

    def _club_place(self, event: Event, lang: str) -> str:
        """Where an event with neither venue nor online address is held: its club's town."""
        club = self.network.clubs.get(event.club)
        if club is None or club.location is None:
            return ""
        return clean(", ".join(p for p in (club.location.city, country_name(club.location.country, lang)) if p))

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
            cal.add("LAST-MODIFIED", max(self.revision(e).modified for e in events))
        return cal

    def timezones(self, events: Iterable[Event]) -> list[Timezone]:
        """One VTIMEZONE per zone the events use: the same component for a zone in every file of a build."""
        names = {e.timezone for e in events if not e.all_day}
        return [self.zone(name) for name in sorted(names) if not is_utc(get_zone(name))]

    def zone(self, name: str) -> Timezone:
        """The VTIMEZONE of ``name``, from the earliest year any meeting of the network uses it."""
        return vtimezone(name, self.zone_since(name))

    def zone_since(self, name: str) -> int:
        """The first year ``name``'s VTIMEZONE describes: that of the network's earliest meeting in it.

        Every calendar with an event in that zone depends on it (an input of the incremental build)."""
        if not self._since:
            for event in self.network.events.values():
                year = self.schedule.first_start(event.id).year
                self._since[event.timezone] = min(self._since.get(event.timezone, year), year)
        return max(self._since.get(name, 1970), 1970)

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

    def feed_file(self, feed: Feed) -> bytes:
        """The bytes of ``feed``: byte for byte ``calendar(feed).to_ical()``, made faster.

        Each component is serialized by icalendar once and its bytes reused in every feed
        that holds it (a VEVENT is in five feeds on average); only the calendar's own
        lines are serialized per feed.
        """
        return self._choose(feed)[1]

    def _choose(self, feed: Feed) -> tuple[list[Event], bytes]:
        events = sorted((e for e in feed.events if not feed.windowed or self.in_window(e)), key=lambda e: e.id)
        data = self._assemble(feed, events)
        if len(data) <= MAX_FEED_BYTES and sum(len(self.vevents(e, feed.lang)) for e in events) <= MAX_FEED_EVENTS:
            return events, data
        kept = self._fit(feed, events)
        # A warning (strict builds fail) unless the site says its large feeds may be cut
        log.log(logging.INFO if self.config.feeds_may_be_cut else logging.WARNING,
                "%s: %d of %d events left out to keep the feed under %d bytes and %d events (the events "
                "whose next meeting is nearest are kept); the feeds of each region, club and topic hold them "
                "(set GROUNDGAME_FEEDS_MAY_BE_CUT = True if that is expected)", feed.path,
                len(events) - len(kept), len(events), MAX_FEED_BYTES, MAX_FEED_EVENTS)
        return kept, self._assemble(feed, kept)

    def _assemble(self, feed: Feed, events: Sequence[Event]) -> bytes:
        shell = bytes(self.shell(feed, events).to_ical())
        return _splice(shell, [*(self._zone_bytes(z) for z in self.timezones(events)),
                               *(self.event_bytes(e, feed.lang) for e in events)])

    def event_bytes(self, event: Event, lang: str) -> bytes:
        key = (event.id, lang)
        found = self._bytes.get(key)
        if found is None:
            digest = self._made_from.hash(f"vevent:{event.id}", event_inputs(self.network, event.id), lang) \
                if self._made_from is not None else None
            found = _LAST_VEVENTS.get(digest) if digest else None
            if found is None:
                found = b"".join(bytes(c.to_ical()) for c in self.vevents(event, lang))
            self._bytes[key] = found
            if digest:
                self._vevents[digest] = found
        return found

    def keep_vevents(self) -> None:
        """Keep this build's VEVENTs, by the digest of their inputs, for the next build of this process
        (``make serve``): the network's large feeds then reassemble unchanged events instead of
        making them again. Only those of the last build are kept."""
        _LAST_VEVENTS.clear()
        _LAST_VEVENTS.update(self._vevents)

    def _zone_bytes(self, component: Timezone) -> bytes:
        key = id(component)  # vtimezone() caches its components, so one object per zone and span
        if key not in self._zones:
            self._zones[key] = bytes(component.to_ical())
        return self._zones[key]

    def occurrence_file(self, meeting: Meeting, lang: str) -> bytes:
        """One meeting as a file to add to one's calendar: its own UID, no RECURRENCE-ID, no name."""
        event = meeting.event
        component = self.occurrence_vevent(meeting, lang)
        single = Feed(urls.ical_occurrence(event.id, meeting.original_date), lang, {}, "", "", (event,),
                      windowed=False)
        key = ("shell", lang)
        if key not in self._bytes:
            self._bytes[key] = bytes(self.shell(single, [], subscription=False).to_ical())
        zones = [self._zone_bytes(z) for z in self.timezones([event])]
        return _splice(self._bytes[key], [*zones, bytes(component.to_ical())])

    def _fit(self, feed: Feed, events: list[Event]) -> list[Event]:
        """The events a subscriber needs most that fit ``MAX_FEED_BYTES`` and ``MAX_FEED_EVENTS``:
        those with a meeting to come, by its start (one-offs and series alike: a series ranks
        by its next meeting), then past ones, the latest first."""
        def priority(event: Event) -> tuple[int, datetime, str]:
            # the next meeting not over, cancelled or not: a subscriber must see it called off
            coming = next((m for m in self.meetings(event) if m.end >= self.now), None)
            if coming is not None:
                return 0, max(coming.start.astimezone(UTC), self.now), event.id
            return 1, datetime.max.replace(tzinfo=UTC) - (self.now - min(self.last_end(event), self.now)), event.id

        zones = sum(len(self._zone_bytes(z)) for z in self.timezones(events))  # a subset needs no more
        budget = MAX_FEED_BYTES - len(self._assemble(feed, [])) - zones - 200  # 200: LAST-MODIFIED
        components = MAX_FEED_EVENTS
        kept: list[Event] = []
        for event in sorted(events, key=priority):
            size, count = len(self.event_bytes(event, feed.lang)), len(self.vevents(event, feed.lang))
            if size > budget or count > components:
                break
            budget -= size
            components -= count
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


def _with_deleted(network: Network, deleted: Iterable[DeletedEvent]) -> Network:
    """The network as its feeds publish it: with its deleted events, cancelled, in id order."""
    events = {**network.events, **{d.event.id: replace(d.event, status="cancelled") for d in deleted}}
    return Network(network.regions, network.clubs, network.campaigns, dict(sorted(events.items())))


def _length(start: datetime, end: datetime) -> timedelta:
    """The exact time between two aware moments (Python subtracts wall times within one zone)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def _called_off(status: str, title: str, lang: str) -> str:
    """A cancelled or postponed event's title, saying so in the feed's language."""
    message = "Cancelled" if status == "cancelled" else "Postponed"
    try:
        word = i18n.gettext(lang, message)
    except FileNotFoundError:  # a record language the site has no UI catalog for: English
        word = message
    return f"{word}: {title}"


def _words(lang: str, message: str) -> str:
    """A UI message in the feed's language (English for a record language without a catalog)."""
    try:
        return i18n.gettext(lang, message)
    except FileNotFoundError:
        return message


def _safe_email(address: str) -> bool:
    return bool(_EMAIL.fullmatch(address))


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
