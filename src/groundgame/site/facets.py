"""The facets: one model for the directory's filters and the search's filters.

A facet has a name (stable: it is in links such as ``clubs/topic/web-literacy/`` and
``search/?topic=web-literacy``), a label for people, and says whether the club directory,
the calendar (a page and a feed per value of an event's facet: ``calendar/format/workshop/``)
and the full-text search use it. ``club_values``, ``event_values`` and the others map a
record to its values (stable ids too: ``europe``, ``fr``, ``pt-br``); ``value_text`` says
a value in words in a UI language: a topic's, program's, audience's or format's label comes
from the network's vocabulary (``content/vocabulary/``) along the site's fallback chain, the
other fixed values' from the catalogs. The directory's pages and filter form, the club cards'
data attributes, the search page's filters and the filter attributes Pagefind indexes
all come from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from groundgame import i18n
from groundgame.feeds.facet_feeds import SCALE_LABELS
from groundgame.i18n import N_
from groundgame.model.records import Club, Event
from groundgame.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class Facet:
    name: str
    label: str  # marked for the catalogs; translated where it is shown
    directory: bool  # the club directory has a page per value and a filter
    search: bool  # the search page filters on it (Pagefind filter)
    calendar: bool = False  # an event's facet: the calendar has a page and a feed per value


FACETS: tuple[Facet, ...] = (
    Facet("kind", N_("Type"), directory=False, search=True),
    Facet("region", N_("Region"), directory=True, search=True),
    Facet("country", N_("Country"), directory=True, search=True),
    Facet("city", N_("City"), directory=True, search=False),
    Facet("topic", N_("Topic"), directory=True, search=True),
    Facet("level", N_("Level"), directory=True, search=True),
    Facet("program", N_("Program"), directory=True, search=True),
    Facet("audience", N_("Audience"), directory=True, search=True),
    Facet("language", N_("Language"), directory=True, search=True),
    Facet("format", N_("Format"), directory=False, search=True, calendar=True),
    Facet("scale", N_("Scale"), directory=False, search=True, calendar=True),
    Facet("status", N_("Status"), directory=True, search=False),
    Facet("when", N_("Upcoming or past"), directory=False, search=True),
)
BY_NAME: Mapping[str, Facet] = {f.name: f for f in FACETS}
DIRECTORY: tuple[str, ...] = tuple(f.name for f in FACETS if f.directory)
SEARCH: tuple[str, ...] = tuple(f.name for f in FACETS if f.search)
CALENDAR: tuple[str, ...] = tuple(f.name for f in FACETS if f.calendar)
VOCABULARY: tuple[str, ...] = ("topic", "program", "audience", "format")
"""The facets whose values are terms of the network's vocabulary (each facet's name is the
term's kind): their labels and descriptions are content, in any number of languages."""

# Values with a fixed vocabulary of the kit's own, in words (marked for the catalogs).
VALUE_LABELS: Mapping[str, Mapping[str, str]] = {
    "kind": {"club": N_("Club"), "event": N_("Event"), "region": N_("Region"), "campaign": N_("Campaign"),
             "news": N_("News")},
    "level": {"beginner": N_("Beginner"), "intermediate": N_("Intermediate"), "advanced": N_("Advanced")},
    "scale": SCALE_LABELS,  # the scale feeds' names too
    "status": {
        "scheduled": N_("Scheduled"), "cancelled": N_("Cancelled"), "postponed": N_("Postponed"),
        "active": N_("Active"), "dormant": N_("Dormant"),
    },
    "when": {"upcoming": N_("Upcoming"), "past": N_("Past")},
}

Values = dict[str, tuple[str, ...]]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x" + "-".join(f"{ord(c):x}" for c in text)[:40]


def city_key(city: str, country: str) -> str:
    return f"{country.lower()}-{slugify(city)}"


def club_values(club: Club) -> Values:
    """A club's value of every directory facet (and ``kind``)."""
    location = club.location
    return {
        "region": (club.region,),
        "country": (location.country.lower(),) if location else (),
        "city": (city_key(location.city, location.country),) if location else (),
        "topic": club.topics,
        "level": club.levels,
        "program": club.programs,
        "audience": club.audiences,
        "language": tuple(t.lower() for t in club.languages),
        "status": (club.status,),
    }


def event_values(event: Event, club: Club | None, past: bool) -> Values:
    """An event's values: its own, else its host club's where the event says nothing (place, topics)."""
    country = event.venue.country if event.venue and event.venue.country else (
        club.location.country if club and club.location and event.at_club_place else "")
    return {
        "kind": ("event",),
        "region": (club.region,) if club else (),
        "country": (country.lower(),) if country else (),
        "topic": event.topics or (club.topics if club else ()),
        "level": event.levels,
        "language": tuple(t.lower() for t in event.languages),
        "format": (event.format,) if event.format else (),
        "scale": (event.scale,) if event.scale else (),
        "when": ("past" if past else "upcoming",),
    }


def search_values(kind: str, values: Values) -> Values:
    """Only the facets the search filters on, with the record's ``kind``."""
    found = {name: v for name, v in values.items() if name in SEARCH and v}
    found["kind"] = (kind,)
    return found


def label(name: str, lang: str) -> str:
    """A facet's name in words."""
    facet = BY_NAME.get(name)
    return i18n.gettext(lang, facet.label) if facet else name


def fixed_label(name: str, value: str, lang: str) -> str | None:
    message = VALUE_LABELS.get(name, {}).get(value)
    return i18n.gettext(lang, message) if message else None


def term_label(vocabulary: Vocabulary, name: str, value: str, lang: str,
               fallback: Sequence[str] = ()) -> tuple[str, str] | None:
    """A vocabulary term's label in ``lang`` or along ``fallback`` (``i18n.fallback_chain``):
    ``(text, its language)``; None when ``value`` is no term (a facet without a vocabulary file)."""
    term = vocabulary.get(name, value) if name in VOCABULARY else None
    return term.label.get(lang, fallback) if term is not None else None


def term_description(vocabulary: Vocabulary, name: str, value: str, lang: str,
                     fallback: Sequence[str] = ()) -> tuple[str, str] | None:
    """A term's description as ``term_label`` picks its label; None when it has none."""
    term = vocabulary.get(name, value) if name in VOCABULARY else None
    return term.description.get(lang, fallback) if term is not None and term.description else None


def deslugged(value: str) -> str:
    """A free slug shown as words (``study-group`` → ``Study group``), for a network that has no
    vocabulary file for its kind: the best words there are, in no particular language."""
    words = value.replace("-", " ")
    return words[:1].upper() + words[1:]


def value_text(name: str, value: str, lang: str, *, region_name: str | None = None,
               city: tuple[str, str] | None = None, language_tag: str | None = None,
               vocabulary: Vocabulary | None = None, fallback: Sequence[str] = ()) -> str:
    """A facet value in words: a region's name (given), a country's, a term's label (from
    ``vocabulary``, along ``fallback``), a level's label…"""
    if name == "region":
        return region_name or value
    if name == "country":
        return i18n.country_name(value.upper(), lang)
    if name == "city":
        if city is None:
            return value
        return f"{city[0]} ({i18n.country_name(city[1], lang)})" if city[1] else city[0]
    if name == "language":
        return i18n.language_name(language_tag or value, lang)
    if name in VOCABULARY:
        found = term_label(vocabulary, name, value, lang, fallback) if vocabulary is not None else None
        return found[0] if found else deslugged(value)
    return fixed_label(name, value, lang) or value.replace("-", " ")
