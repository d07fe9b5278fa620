"""Atom feeds (RFC 4287) of new and changed events: the whole network, and each club.

An entry is an event; its ``updated`` time is the last change of the event's file in git
(``history.History``), so a feed reader shows an event again when it changes. The feeds
list the ``MAX_ENTRIES`` most recently changed events, newest first. Written with
``xml.etree.ElementTree``; texts pass through ``feedtext.clean`` first, since XML 1.0
cannot carry most control characters even escaped.
"""

from __future__ import annotations

import functools
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime

from groundgame import output, urls
from groundgame.config import SiteConfig
from groundgame.content.network import Network
from groundgame.feeds.api import utc_text
from groundgame.feeds.feedtext import PlainText, clean, pick
from groundgame.feeds.history import History
from groundgame.model import inputs
from groundgame.model.records import Event
from groundgame.model.schedule import Schedule
from groundgame.output import Writer

ATOM = "http://www.w3.org/2005/Atom"
CATEGORY = "feeds"
MAX_ENTRIES = 50


def _tag(name: str) -> str:
    return name  # plain names; the root element declares Atom as the default namespace


def atom_id(config: SiteConfig, path: str) -> str:
    """A stable id from the site's UID domain and a path: the same on every build and machine."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{config.uid_host}/{path}").urn


class AtomFeeds:
    def __init__(self, network: Network, config: SiteConfig, now: datetime, history: History):
        self.network = network
        self.config = config
        self.now = now
        self.history = history
        self.revisions = history.revisions(network)  # an entry changes when what its event publishes does
        self.plain = PlainText()
        self.lang = config.default_language

    def recent(self, events: Sequence[Event]) -> list[Event]:
        """The most recently changed events, newest first (ties by id)."""
        ordered = sorted(events, key=lambda e: (-self.revisions.of(e).modified.timestamp(), e.id))
        return ordered[:MAX_ENTRIES]

    def feed(self, path: str, title: str, page: str, events: Sequence[Event]) -> bytes:
        entries = self.recent(events)
        root = ET.Element(_tag("feed"), {"xmlns": ATOM, "xml:lang": self.lang})
        _text(root, "id", atom_id(self.config, path))
        _text(root, "title", clean(title))
        updated = max((self.revisions.of(e).modified for e in entries), default=self.now.astimezone(UTC))
        _text(root, "updated", utc_text(updated))
        ET.SubElement(root, _tag("link"), {"rel": "self", "type": "application/atom+xml",
                                           "href": urls.absolute(self.config, path)})
        ET.SubElement(root, _tag("link"), {"rel": "alternate", "type": "text/html", "href": page})
        _text(root, "generator", "groundgame")
        author = ET.SubElement(root, _tag("author"))
        _text(author, "name", clean(self.config.site_name))
        for event in entries:
            self.entry(root, event)
        ET.indent(root)
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"

    def entry(self, root: ET.Element, event: Event) -> None:
        entry = ET.SubElement(root, _tag("entry"))
        title, title_lang = pick(event.title, self.lang, self.config)
        _text(entry, "id", atom_id(self.config, f"events/{event.id}"))
        _text(entry, "title", clean(title), {"xml:lang": title_lang})
        revision = self.revisions.of(event)
        _text(entry, "updated", utc_text(revision.modified))
        _text(entry, "published", utc_text(min(revision.created, revision.modified)))
        page = urls.absolute(self.config, urls.event(self.config, self.lang, event.id))
        ET.SubElement(entry, _tag("link"), {"rel": "alternate", "type": "text/html", "href": page})
        ET.SubElement(entry, _tag("link"), {"rel": "enclosure", "type": "text/calendar",
                                            "href": urls.absolute(self.config, urls.ical_event(event.id))})
        club = self.network.clubs.get(event.club)
        author = ET.SubElement(entry, _tag("author"))
        _text(author, "name", clean(pick(club.name, self.lang, self.config)[0] if club else event.club))
        for topic in event.topics:
            ET.SubElement(entry, _tag("category"), {"term": topic})
        parts = [pick(text, self.lang, self.config)[0] for text in (event.summary,) if text is not None]
        if event.description is not None:
            parts.append(self.plain(pick(event.description, self.lang, self.config)[0]))
        if parts:
            _text(entry, "summary", clean("\n\n".join(parts)), {"type": "text"})


def _text(parent: ET.Element, name: str, text: str, attrs: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attrs or {})
    element.text = text
    return element


def write_atom(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History,
               schedule: Schedule | None = None) -> None:
    """Write the network's Atom feed and each club's (category ``feeds``)."""
    feeds = AtomFeeds(network, config, now, history)
    default = config.default_language
    events = list(network.events.values())
    if writer.needs(f"atom:{urls.atom_all()}", {output.EVERYTHING}, category=CATEGORY):
        writer.write(urls.atom_all(), feeds.feed(urls.atom_all(), config.site_name,
                                                 urls.absolute(config, urls.home(config, default)), events),
                     category=CATEGORY, unit=f"atom:{urls.atom_all()}")
    schedule = schedule or Schedule.of(network)
    for club in network.clubs.values():
        path = urls.atom_club(club.id)
        made_from = functools.partial(inputs.hosting_inputs, network, club.id, schedule.hosted.get(club.id, ()))
        if writer.needs(f"atom:{path}", made_from, category=CATEGORY):
            writer.write(path, feeds.feed(
                path, f"{pick(club.name, default, config)[0]} · {config.site_name}",
                urls.absolute(config, urls.club(config, default, club.id)), schedule.events_of(club.id)),
                category=CATEGORY, unit=f"atom:{path}")
