"""Where every page, feed and document lives: one place, so links and files agree.

Paths are relative to the site root, without a leading slash; ``SiteConfig.base_path``
is prepended when a link is made. Each UI language is its own tree: the default
language at the root, the others under their lowercased tag (``/pt-br/``).
"""

from __future__ import annotations

from datetime import date

from .config import SiteConfig


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


def absolute(config: SiteConfig, path: str) -> str:
    """``https://host/base/path``."""
    return f"{config.site_url}/{path}"


def webcal(config: SiteConfig, path: str) -> str:
    """The ``webcal://`` subscription form of a feed's address."""
    return "webcal://" + absolute(config, path).split("://", 1)[1]
