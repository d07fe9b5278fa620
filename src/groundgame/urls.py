"""Where every page, feed and document lives: one place, so links and files agree.

Paths are relative to the site root, without a leading slash; ``SiteConfig.base_path``
is prepended when a link is made. Each UI language is its own tree: the default
language at the root, the others under their lowercased tag (``/pt-br/``).

At the end, the links that hand a feed or one event to Google Calendar or Outlook: plain
links the visitor chooses to follow, every value percent-encoded and cut to a bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import quote, urlencode

from groundgame.config import SiteConfig


def ui_language(config: SiteConfig, lang: str) -> str:
    """The UI language whose pages serve content in ``lang``: itself, else one of the same base
    language (``pt`` → ``pt-BR``), else the default (a Swahili event's page is the default one)."""
    if lang in config.languages:
        return lang
    base = lang.split("-")[0].lower()
    return next((ui for ui in config.languages if ui.lower() == lang.lower()), None) \
        or next((ui for ui in config.languages if ui.split("-")[0].lower() == base), config.default_language)


def lang_prefix(config: SiteConfig, lang: str) -> str:
    lang = ui_language(config, lang)
    return "" if lang == config.default_language else f"{lang.lower()}/"


def page(config: SiteConfig, lang: str, path: str = "") -> str:
    """A page of language ``lang``: ``page(c, 'es', 'clubs/x/')`` → ``es/clubs/x/``."""
    return lang_prefix(config, lang) + path


def home(config: SiteConfig, lang: str) -> str:
    return page(config, lang)


def club(config: SiteConfig, lang: str, club_id: str) -> str:
    return page(config, lang, f"clubs/{club_id}/")


def event(config: SiteConfig, lang: str, event_id: str) -> str:
    return page(config, lang, f"events/{event_id}/")


def region(config: SiteConfig, lang: str, region_id: str) -> str:
    return page(config, lang, f"regions/{region_id}/")


def campaign(config: SiteConfig, lang: str, campaign_id: str) -> str:
    return page(config, lang, f"campaigns/{campaign_id}/")


def events_facet_key(facet: str, value: str) -> str:
    """The calendar's page of the upcoming events of one value of an event's facet
    (``calendar/format/workshop/``). Under ``calendar/``, not ``events/``: an event's page is
    ``events/<club>/<slug>/``, and a club may be called ``format``."""
    return f"calendar/{facet}/{value}/"


# Calendar feeds. The network, region, campaign and topic feeds have their texts in the
# site's default language; a club's, an event's and a meeting's file in that record's own
# language (with every language kept where iCalendar allows). Where a UI language would
# show other texts, a variant in that language sits beside the file: ``x.ics`` →
# ``x.pt-br.ics`` (lowercased, as the site's folders; ids have no dots, so no clash).
def variant(path: str, lang: str | None) -> str:
    """The variant of the feed at ``path`` in language ``lang`` (None: the file itself)."""
    if lang is None:
        return path
    assert path.endswith(".ics"), path
    return f"{path[:-4]}.{lang.lower()}.ics"


def ical_all() -> str:
    return "calendar/all.ics"


def ical_language(lang: str) -> str:
    return f"calendar/lang/{lang.lower()}.ics"


def ical_club(club_id: str) -> str:
    return f"calendar/clubs/{club_id}.ics"


def ical_region(region_id: str) -> str:
    return f"calendar/regions/{region_id}.ics"


def ical_campaign(campaign_id: str) -> str:
    return f"calendar/campaigns/{campaign_id}.ics"


def ical_topic(topic: str) -> str:
    return f"calendar/topics/{topic}.ics"


def ical_format(value: str) -> str:
    return f"calendar/formats/{value}.ics"


def ical_scale(value: str) -> str:
    return f"calendar/scales/{value}.ics"


def ical_audience(audience: str) -> str:
    """The events of the clubs with that audience (hosted or co-hosted)."""
    return f"calendar/audiences/{audience}.ics"


def ical_facet(facet: str, value: str) -> str:
    """The feed of one value of ``topic``, ``format``, ``scale`` or ``audience``."""
    return {"topic": ical_topic, "format": ical_format, "scale": ical_scale, "audience": ical_audience}[facet](value)


def ical_event(event_id: str) -> str:
    """One event, or a whole series."""
    return f"calendar/events/{event_id}.ics"


def ical_occurrence(event_id: str, original: date) -> str:
    """One meeting of a series, by its original date."""
    return f"calendar/events/{event_id}/{original.isoformat()}.ics"


def api(path: str) -> str:
    return f"api/v1/{path}"


def schema_file(name: str) -> str:
    return f"schemas/{name}"


def api_club(club_id: str) -> str:
    """One club's JSON document (the club and its events)."""
    return api(f"clubs/{club_id}.json")


def api_event(event_id: str) -> str:
    """One event's JSON document, with every meeting of a series."""
    return api(f"events/{event_id}.json")


def api_schema(name: str) -> str:
    """The JSON Schema of an API document (``clubs`` → ``schemas/api/clubs.schema.json``)."""
    return schema_file(f"api/{name}.schema.json")


# Atom feeds of new and changed events (in the site's default language).
def atom_all() -> str:
    return "feeds/events.atom"


def atom_club(club_id: str) -> str:
    return f"feeds/clubs/{club_id}.atom"


def news_feed(club_id: str) -> str:
    """The Atom feed of a club's news."""
    return f"news/clubs/{club_id}/atom.xml"


def news_all() -> str:
    """The Atom feed of every news article (the network's news page is ``news/`` of each language)."""
    return "feeds/news.atom"


def upcoming_club(club_id: str) -> str:
    """The Atom feed of a club's upcoming meetings, soonest first (for RSS-to-e-mail services)."""
    return f"feeds/upcoming/{club_id}.atom"


def absolute(config: SiteConfig, path: str) -> str:
    """``https://host/base/path``."""
    return f"{config.site_url}/{path}"


def webcal(config: SiteConfig, path: str) -> str:
    """The ``webcal://`` subscription form of a feed's address."""
    return "webcal://" + absolute(config, path).split("://", 1)[1]


# -- links to calendar services (the visitor follows them; the page requests nothing) ----
GOOGLE_RENDER = "https://calendar.google.com/calendar/render"
OUTLOOK_ADD_FROM_WEB = "https://outlook.live.com/calendar/0/addfromweb"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"
MAX_TITLE = 300  # characters of a title, name or place in a link
MAX_DETAILS = 500  # characters of an event's description in a link (before its page's address)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
_BREAKS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")


def _line(text: str, limit: int = MAX_TITLE) -> str:
    """One line of organizer text: control characters and newlines become spaces, cut to ``limit``."""
    return _cut(" ".join(_CONTROLS.sub(" ", text).split()), limit)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _query(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params, quote_via=quote, safe='')}"


def google_subscribe(webcal_url: str) -> str:
    """Google Calendar's page that adds a calendar by its address."""
    return _query(GOOGLE_RENDER, {"cid": webcal_url})


def outlook_subscribe(https_url: str, name: str) -> str:
    """Outlook's page that subscribes to a calendar by its address."""
    return _query(OUTLOOK_ADD_FROM_WEB, {"url": https_url, "name": _line(name)})


@dataclass(frozen=True)
class AddEvent:
    """One meeting as the "add to calendar" links need it (texts already in the page's language)."""

    title: str
    start: datetime  # aware
    end: datetime  # aware; for all-day events the midnight after the last day
    all_day: bool
    zone: str  # IANA name
    details: str
    page: str  # absolute address of the event's page, appended to the details
    location: str


def _details(what: AddEvent) -> str:
    body = _cut(_BREAKS.sub(" ", what.details).strip(), MAX_DETAILS)
    return f"{body}\n\n{what.page}" if body else what.page


def google_add(what: AddEvent) -> str:
    """Google Calendar's "new event" page, filled in: UTC instants, or dates with an exclusive end."""
    if what.all_day:
        dates = f"{what.start:%Y%m%d}/{what.end:%Y%m%d}"
    else:
        dates = f"{what.start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{what.end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    params = {"action": "TEMPLATE", "text": _line(what.title), "dates": dates, "details": _details(what)}
    if what.location:
        params["location"] = _line(what.location)
    params["ctz"] = what.zone
    return _query(GOOGLE_RENDER, params)


def outlook_add(what: AddEvent) -> str:
    """Outlook's "new event" page, filled in: UTC instants, or all-day dates with an exclusive end."""
    params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": _line(what.title)}
    if what.all_day:
        params.update(startdt=f"{what.start:%Y-%m-%d}", enddt=f"{what.end:%Y-%m-%d}", allday="true")
    else:
        params.update(startdt=f"{what.start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
                      enddt=f"{what.end.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}")
    if what.location:
        params["location"] = _line(what.location)
    params["body"] = _details(what)
    return _query(OUTLOOK_COMPOSE, params)
