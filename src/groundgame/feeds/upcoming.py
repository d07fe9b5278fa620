"""Each club's upcoming meetings as an Atom feed (``feeds/upcoming/<club>.atom``), soonest first.

The shape RSS-to-e-mail services read (Mailchimp, Buttondown and Listmonk RSS campaigns):
one entry per meeting, its ``published`` the moment the meeting was announced, so that a
service that sends "the entries published since the last campaign" sends each meeting
once, when it appears, and never an old meeting as new. The feed is bounded: the meetings
not yet over that start within ``WINDOW`` (six months), at most ``MAX_ENTRIES``.

An entry's id is the meeting's, stable across builds and edits: an event's (the id its
UID keeps across renames, ``revisions.EventRevision.uid_id``), and for a meeting of a
series its original date (the series' RECURRENCE-ID), never its position in the list.
A cancelled or postponed meeting stays in the feed, its title saying so, ``updated`` at the change.

*Announced* comes from the git history the build already read (``history.History``): a
single event was announced when its file was first committed; a meeting of a series when
the first committed version of the series' file that has a meeting on that date was (a
meeting added later by extending the series is announced then). Old versions are read
with the project's own parser, schema and reader, only for series whose file has several
versions; one that does not load is skipped. A meeting no committed version has (a change
not committed yet) was announced at the file's modification time. Outside git, at the file's.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from groundgame import i18n, urls
from groundgame.config import SiteConfig
from groundgame.content import schema
from groundgame.content.network import Network
from groundgame.content.reading import read_event
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.feeds.api import utc_text
from groundgame.feeds.atom import atom_id
from groundgame.feeds.feedtext import clean, pick
from groundgame.feeds.history import History
from groundgame.feeds.revisions import Revisions, lineage
from groundgame.model import inputs
from groundgame.model.records import Club, Event
from groundgame.model.schedule import Meeting, Schedule, meetings_of
from groundgame.output import Writer

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
WINDOW = timedelta(days=183)


def upcoming(schedule: Schedule, club_id: str, now: datetime) -> list[Meeting]:
    """The club's meetings (hosted or co-hosted) not yet over that start within ``WINDOW``, soonest first."""
    found = [m for event_id in schedule.hosted.get(club_id, ()) for m in schedule.meetings[event_id]
             if m.end >= now and m.start <= now + WINDOW]
    return sorted(found, key=lambda m: (m.start.astimezone(UTC), m.event.id))[:MAX_ENTRIES]


class Announced:
    """When each meeting of each event was announced (see the module's docstring), computed once per event."""

    def __init__(self, history: History, network: Network, revisions: Revisions):
        self.history = history
        self.network = network
        self.revisions = revisions
        self._by_event: dict[str, dict[date, datetime]] = {}

    def of(self, meeting: Meeting) -> datetime:
        event = meeting.event
        created = self.revisions.of(event).created
        if event.repeat is None:
            return created
        if event.id not in self._by_event:
            self._by_event[event.id] = self._series(event)
        return self._by_event[event.id].get(meeting.original_date, self.history.modified(event.path))

    def _series(self, event: Event) -> dict[date, datetime]:
        """The commit time at which each original date first had a meeting in the series' file."""
        history = self.history
        path = history.key(event.path)
        versions = lineage(history, path) if history.in_git else []
        if not versions:
            return {}  # never committed: every meeting is as new as the file
        if len(versions) == 1 and path not in history.dirty:
            return dict.fromkeys((m.original_date for m in meetings_of(event)), history.times[versions[0].commit])
        found: dict[date, datetime] = {}
        club = self.network.clubs.get(event.club)
        with history.blobs() as blobs:
            blobs.fetch(v.blob for v in versions if v.blob)
            for version in versions:
                raw = blobs.get(version.blob) if version.blob else None
                old = _event_of(raw, version.path, event.id, club) if raw is not None else None
                for meeting in meetings_of(old) if old is not None else ():
                    found.setdefault(meeting.original_date, history.times[version.commit])
        return found


def _event_of(raw: bytes, path: str, event_id: str, club: Club | None) -> Event | None:
    """An old version of an event file as the project reads it (None if it does not load)."""
    try:
        doc = parse_bytes(raw, path)
    except LoadError:
        return None
    if any(p.is_error for p in schema.check("event", doc)):
        return None
    try:
        event, problems = read_event(doc, event_id, club)
    except Exception:  # an old state today's reader cannot read was not published either
        return None
    return None if any(p.is_error for p in problems) else event


class UpcomingFeed:
    """The upcoming-meetings feed of each club, in its first language's UI language."""

    def __init__(self, network: Network, config: SiteConfig, now: datetime, history: History, schedule: Schedule):
        self.network = network
        self.config = config
        self.now = now
        self.history = history
        self.schedule = schedule
        self.revisions = history.revisions(network)
        self.announced = Announced(history, network, self.revisions)

    def feed(self, club: Club) -> bytes:
        lang = urls.ui_language(self.config, club.languages[0]) if club.languages else self.config.default_language
        path = urls.upcoming_club(club.id)
        name = pick(club.name, lang, self.config)[0]
        root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": lang})
        _text(root, "id", atom_id(self.config, path))
        _text(root, "title", clean(f"{_words(lang, 'Upcoming events')} · {name}"))
        meetings = upcoming(self.schedule, club.id, self.now)
        entries = [(m, *self._times(m)) for m in meetings]
        latest = max((updated for _, _, updated in entries), default=self.history.created(club.path))
        _text(root, "updated", utc_text(latest))
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": urls.absolute(self.config, path)})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                     "href": urls.absolute(self.config, urls.club(self.config, lang, club.id))})
        _text(root, "generator", "groundgame")
        _text(ET.SubElement(root, "author"), "name", clean(name))
        for meeting, published, updated in entries:
            self.entry(root, meeting, lang, published, updated)
        ET.indent(root)
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"

    def _times(self, meeting: Meeting) -> tuple[datetime, datetime]:
        """(published, updated): when the meeting was announced; the event's last change, not before."""
        published = self.announced.of(meeting).astimezone(UTC)
        return published, max(published, self.revisions.of(meeting.event).modified.astimezone(UTC))

    def entry(self, root: ET.Element, meeting: Meeting, lang: str, published: datetime, updated: datetime) -> None:
        event = meeting.event
        entry = ET.SubElement(root, "entry")
        uid = self.revisions.of(event).uid_id
        _text(entry, "id", atom_id(self.config, f"events/{uid}" + (
            f"/{meeting.original_date.isoformat()}" if event.repeat is not None else "")))
        day = i18n.format_day(meeting.start.date(), lang, "medium")  # start is in the event's zone
        title, title_lang = pick(meeting.title, lang, self.config)
        heading = f"{day} · {title}"
        if not meeting.takes_place:
            heading = f"{_words(lang, 'Cancelled' if meeting.cancelled else 'Postponed')}: {heading}"
        _text(entry, "title", clean(heading), {"xml:lang": title_lang})
        _text(entry, "published", utc_text(published))
        _text(entry, "updated", utc_text(updated))
        page = urls.absolute(self.config, urls.event(self.config, lang, event.id))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": page})
        club = self.network.clubs.get(event.club)
        author = pick(club.name, lang, self.config)[0] if club else event.club
        _text(ET.SubElement(entry, "author"), "name", clean(author))
        _text(entry, "content", _content(self, meeting, lang, page), {"type": "html"})

    def place(self, meeting: Meeting, lang: str) -> str:
        venue = meeting.venue
        if venue is not None:
            country = i18n.country_name(venue.country, lang) if venue.country else ""
            return ", ".join(p for p in (venue.name, venue.address, venue.city, country) if p)
        club = self.network.clubs.get(meeting.event.club)
        if meeting.event.at_club_place and club is not None and club.location is not None:
            where = f"{club.location.city}, {i18n.country_name(club.location.country, lang)}"
            usual = _words(lang, "At the club's usual place")
            return f"{usual}: {where}"
        return ""


def _content(feed: UpcomingFeed, meeting: Meeting, lang: str, page: str) -> str:
    """The entry's HTML (built as elements, serialized by ElementTree): when, where, online, the note, the page."""
    body = ET.Element("div")
    _text(body, "p", clean(_when(meeting, lang)))
    place = feed.place(meeting, lang)
    if place:
        _text(body, "p", clean(place))
    online = meeting.online_url
    if online.startswith(("https://", "http://")):
        line = _text(body, "p", f"{_words(lang, 'Online')}: ")
        _text(line, "a", online, {"href": online})
    elif meeting.event.address_later:
        _text(body, "p", _words(lang, "Online: the address will be sent to registered people."))
    for text in (meeting.note, meeting.event.summary):
        if text is not None:
            _text(body, "p", clean(pick(text, lang, feed.config)[0]))
    _text(ET.SubElement(body, "p"), "a", page, {"href": page})
    return str(ET.tostring(body, encoding="unicode", method="html"))


def _when(meeting: Meeting, lang: str) -> str:
    """The meeting's day and times in its own zone (all-day: its days)."""
    if meeting.event.all_day:
        first, last = meeting.start.date(), (meeting.end - timedelta(days=1)).date()
        days = [i18n.format_day(d, lang, "full") for d in dict.fromkeys((first, last))]
        return " – ".join(days)
    start, end = meeting.start, meeting.end
    times = f"{i18n.format_time(start.time(), lang)} – {i18n.format_time(end.time(), lang)}"
    if end.date() != start.date():
        times = f"{i18n.format_time(start.time(), lang)} – {i18n.format_day(end.date(), lang, 'full')} " \
                f"{i18n.format_time(end.time(), lang)}"
    return f"{i18n.format_day(start.date(), lang, 'full')}, {times} ({i18n.zone_name(start, lang)})"


def _words(lang: str, message: str) -> str:
    return i18n.gettext(lang, message)


def _text(parent: ET.Element, name: str, text: str, attrs: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, name, attrs or {})
    element.text = text
    return element


def write_upcoming(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History,
                   schedule: Schedule) -> None:
    """Write each club's upcoming-meetings feed (category ``feeds``)."""
    feeds: UpcomingFeed | None = None
    for club in network.clubs.values():
        path = urls.upcoming_club(club.id)
        made_from = functools.partial(inputs.hosting_inputs, network, club.id, schedule.hosted.get(club.id, ()))
        if writer.needs(f"atom:{path}", made_from, category="feeds"):
            feeds = feeds or UpcomingFeed(network, config, now, history, schedule)
            writer.write(path, feeds.feed(club), category="feeds", unit=f"atom:{path}")
