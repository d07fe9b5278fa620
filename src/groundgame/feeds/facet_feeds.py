"""The calendar feeds of one value of a facet: a topic, a format, a scale, an audience.

Which values have a feed (``feed_values``) and which events each holds (``facet_feeds``),
in one place, so that the pages that link a feed and the files written agree. A topic's,
format's and scale's feed holds the events with that value; an audience is a club's (an event
has none), so its feed holds the events hosted or co-hosted by the clubs with that audience.
Like the network's and the regions' feeds, these are in the site's default language: each
is named after the value's label there (the vocabulary's, along the fallback chain; a
scale's from the catalogs), never after its raw id.
"""

from __future__ import annotations

from collections.abc import Mapping

from groundgame import i18n, urls
from groundgame.config import SiteConfig
from groundgame.content.network import Network
from groundgame.feeds.calendars import Feed
from groundgame.i18n import N_
from groundgame.model.records import Event
from groundgame.model.schedule import Schedule

FACETS = ("topic", "format", "scale", "audience")
"""The facets with a feed per value."""

SCALE_LABELS: Mapping[str, str] = {
    "micro": N_("Micro (a few people)"), "medium": N_("Medium"), "large": N_("Large (flagship)"),
}
"""A scale in words (marked for the catalogs; the site's facets show the same labels)."""


def _event_values(event: Event, facet: str) -> tuple[str, ...]:
    if facet == "topic":
        return event.topics
    value = event.format if facet == "format" else event.scale
    return (value,) if value else ()


def feed_values(network: Network, facet: str) -> list[str]:
    """The values of ``facet`` that have a feed, in order: a topic of any event or club, a
    format or scale of any event, an audience of any club."""
    if facet == "audience":
        return sorted({a for c in network.clubs.values() for a in c.audiences})
    found = {v for e in network.events.values() for v in _event_values(e, facet)}
    if facet == "topic":
        found |= {t for c in network.clubs.values() for t in c.topics}
    return sorted(found)


def value_name(network: Network, config: SiteConfig, facet: str, value: str) -> str:
    """A value in words in the site's default language (a feed's name)."""
    default = config.default_language
    if facet == "scale":
        return i18n.gettext(default, SCALE_LABELS[value]) if value in SCALE_LABELS else value
    term = network.vocabulary.get(facet, value)
    if term is None:
        return value.replace("-", " ")
    return term.label.get(default, i18n.fallback_chain(default, config.fallback, default))[0]


def facet_events(network: Network, schedule: Schedule, facet: str, value: str) -> tuple[Event, ...]:
    """The events of one value's feed."""
    events = network.events.values()
    if facet == "audience":
        clubs = {c.id for c in network.clubs.values() if value in c.audiences}
        return tuple(e for e in events if clubs.intersection((e.club, *schedule.cohosts_of(e.id))))
    return tuple(e for e in events if value in _event_values(e, facet))


def facet_page(facet: str, value: str) -> str:
    """The page a value's feed names as its own ('' for the home page): a format's or scale's
    calendar page, an audience's directory page. A topic's is the home page (a topic of events
    alone has no directory page)."""
    if facet in ("format", "scale"):
        return urls.events_facet_key(facet, value)
    return f"clubs/{facet}/{value}/" if facet == "audience" else ""


def facet_feeds(network: Network, config: SiteConfig, schedule: Schedule) -> list[Feed]:
    """Every value's feed of every facet of ``FACETS``."""
    default = config.default_language
    home = urls.absolute(config, urls.home(config, default))
    found = []
    for facet in FACETS:
        for value in feed_values(network, facet):
            page = facet_page(facet, value)
            found.append(Feed(urls.ical_facet(facet, value), default,
                              {default: f"{config.site_name} · {value_name(network, config, facet, value)}"}, "",
                              urls.absolute(config, urls.page(config, default, page)) if page else home,
                              facet_events(network, schedule, facet, value)))
    return found
