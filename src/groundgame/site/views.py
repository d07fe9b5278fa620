"""What a template sees: records read in one UI language.

A ``View`` is made once per language and handed to every page of that language as
``view``. It picks each localized field's text (falling back field by field along
``SiteConfig.fallback``: the language's parent, the site's default, the record's primary;
the fallback carrying its own ``lang`` and ``dir``), formats
dates and names with Babel, and makes every link from ``SiteConfig.base_path`` and
``urls``. Organizer Markdown is rendered once per text by the shared ``markup.Renderer``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.core import get_global
from babel.dates import format_interval
from markupsafe import Markup, escape

from groundgame import i18n, urls
from groundgame.config import SiteConfig
from groundgame.feeds import facet_feeds, ical
from groundgame.i18n import N_
from groundgame.model.records import Campaign, Club, Event, Localized, Region, Venue
from groundgame.model.timezones import offset_text
from groundgame.site import facets, share_cards
from groundgame.site.dashboard import Dashboard, Section
from groundgame.site.event_facts import EventFacts
from groundgame.site.linked_data import LinkedData
from groundgame.site.markup import Renderer
from groundgame.site.news_view import NewsFacts
from groundgame.site.pages import PAST_FOLDERS, Meeting, Page, PageModel, past_key
from groundgame.site.photo_view import PhotoFacts
from groundgame.site.promotion import Promotion

LABELS: Mapping[str, Mapping[str, str]] = {
    **facets.VALUE_LABELS,
    "facet": {f.name: f.label for f in facets.FACETS},
    "contact": {
        "website": N_("Website"), "mailing_list": N_("Mailing list"), "forum": N_("Forum"), "chat": N_("Chat"),
        "email": N_("Email"),
    },
    "phase": {"before": N_("Before the event"), "during": N_("During the event"), "after": N_("After the event")},
    "access": {
        "step_free": N_("Step-free access"), "captions": N_("Captions"), "sign_language": N_("Sign language"),
        "quiet_room": N_("Quiet room"), "captions_or_sign_language": N_("Captions or sign language"),
        "transcripts": N_("Transcripts"),
    },
}


SAFE_SCHEMES = ("https://", "http://", "mailto:")


# The first word of the Unicode names of a script's letters (unicodedata has no script property).
_SCRIPT_LETTERS: Mapping[str, tuple[str, ...]] = {
    "Latn": ("LATIN",), "Arab": ("ARABIC",), "Cyrl": ("CYRILLIC",), "Grek": ("GREEK",), "Hebr": ("HEBREW",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"), "Hans": ("CJK",), "Hant": ("CJK",), "Kore": ("HANGUL", "CJK"),
    "Thai": ("THAI",), "Deva": ("DEVANAGARI",), "Ethi": ("ETHIOPIC",),
}


@lru_cache(maxsize=256)
def _script_letters(lang: str) -> tuple[str, ...]:
    """The letters ``lang`` is usually written in (CLDR's likely script), () when not known."""
    likely = str(get_global("likely_subtags").get(lang.split("-")[0].lower(), ""))
    script = next((part for part in likely.split("_") if len(part) == 4 and part.istitle()), "")
    return _SCRIPT_LETTERS.get(script, ())


@lru_cache(maxsize=8192)
def written_in(value: str, lang: str) -> bool:
    """Whether ``value`` can be in ``lang``: some letter of it is of the language's script ("Cairo"
    in an Arabic-first club's file is not Arabic). True without letters or for a script not known."""
    names = _script_letters(lang)
    letters = [c for c in value if c.isalpha()]
    return not names or not letters or any(unicodedata.name(c, "").split(" ")[0] in names for c in letters)


@lru_cache(maxsize=8192)
def _time_interval(start: time, end: time, skeleton: str, lang: str) -> str:
    return str(format_interval(start, end, skeleton, locale=i18n.locale(lang)))


@dataclass(frozen=True)
class Text:
    """A field's text in the language it was found in; renders itself, marked when foreign."""

    value: str
    lang: str
    dir: str
    foreign: bool
    html: str | None = None  # sanitized HTML, for Markdown fields

    def __html__(self) -> str:
        if self.html is not None:
            if self.foreign:
                return f'<div lang="{escape(self.lang)}" dir="{self.dir}">{self.html}</div>'
            return self.html
        if self.foreign:
            return f'<span lang="{escape(self.lang)}" dir="{self.dir}">{escape(self.value)}</span>'
        return str(escape(self.value))

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


class View(EventFacts, LinkedData, NewsFacts, Promotion, PhotoFacts):
    """The site read in UI language ``lang`` (one per language, shared by its pages)."""

    def __init__(self, lang: str, config: SiteConfig, model: PageModel, markdown: Renderer):
        self.lang = lang
        self.dir = i18n.direction(lang)
        self.config = config
        self.model = model
        self.net = model.network
        self.base = config.base_path
        self._md = markdown
        self._texts: dict[tuple[int, bool], Text] = {}
        self._base_lang = lang.split("-")[0].lower()
        self._fallback = i18n.fallback_chain(lang, config.fallback, config.default_language)
        self._lists: dict[tuple[str, ...], str] = {}
        self._terms: dict[tuple[str, str, bool], Text] = {}
        self._feed_values: dict[str, list[str]] = {}
        self._when: dict[tuple[int, str], str] = {}
        self._html: dict[tuple[str, object], Markup] = {}
        self.macros: Any = None  # the theme's macros module; set by the renderer

    # --- pieces of HTML shared by many pages, rendered once per language ----------------
    def card(self, club_id: str) -> Markup:
        """A club's card in the directory, region and facet pages."""
        key = ("card", club_id)
        found = self._html.get(key)
        if found is None:
            club = self.net.clubs[club_id]
            html = self.macros.club_card(self, club, self.model.club_facets(club_id))
            found = self._html[key] = Markup(html)  # noqa: S704 - an autoescaped macro's output
        return found

    def item(self, meeting: Meeting, show_club: bool = True) -> Markup:
        """A meeting in a list of events."""
        key = ("item", (id(meeting), show_club))
        found = self._html.get(key)
        if found is None:
            found = self._html[key] = Markup(self.macros.meeting_item(self, meeting, show_club))  # noqa: S704
        return found

    # --- words --------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return i18n.gettext(self.lang, message)

    def translate(self, message: str, **variables: Any) -> Markup:
        """``_()`` for macros, which do not see the page's context."""
        text = Markup(i18n.gettext(self.lang, message))  # noqa: S704 - catalogs are trusted; variables escaped
        return text % variables if variables else text

    def ntranslate(self, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        """``ngettext()`` for macros: ``%(num)s`` is ``n``, the other variables escaped."""
        text = Markup(i18n.ngettext(self.lang, singular, plural, n))  # noqa: S704 - catalogs are trusted
        return text % {"num": n, **variables}

    def label(self, kind: str, value: str) -> str | Text:
        """A fixed value in words; a topic's, program's, audience's or format's label (``term``)."""
        if kind in facets.VOCABULARY:
            return self.term(kind, value)
        message = LABELS.get(kind, {}).get(value)
        return self.gettext(message) if message else value.replace("-", " ")

    def term(self, kind: str, value: str, description: bool = False) -> Text:
        """A vocabulary term's label (or ``description``: empty when it has none) in this language,
        else along the fallback chain, marked with its ``lang`` and ``dir`` where it falls back.
        A value of a kind without a vocabulary file is its de-slugged id (in no known language)."""
        key = (kind, value, description)
        found = self._terms.get(key)
        if found is None:
            pick = facets.term_description if description else facets.term_label
            picked = pick(self.net.vocabulary, kind, value, self.lang, self._fallback)
            if picked is None:
                found = Text("" if description else facets.deslugged(value), self.lang, self.dir, False)
            else:
                text, lang = picked
                found = Text(text, lang, i18n.direction(lang), lang.lower() != self.lang.lower())
            self._terms[key] = found
        return found

    def text(self, loc: Localized | None, markdown: bool = False) -> Text:
        if loc is None:
            return Text("", self.lang, self.dir, False)
        key = (id(loc), markdown)
        found = self._texts.get(key)
        if found is None:
            value, lang = loc.get(self.lang, self._fallback)
            html = self._md.html(value) if markdown else None
            foreign = lang.lower() != self.lang.lower()  # pt on a pt-BR page is marked lang="pt" too
            found = Text(value, lang, i18n.direction(lang), foreign, html)
            self._texts[key] = found
        return found

    def md(self, loc: Localized | None) -> Text:
        return self.text(loc, markdown=True)

    def marked(self, value: str, lang: str, html: str | None = None) -> Text:
        """A text in ``lang`` (``html``: its sanitized HTML), marked when foreign to this page."""
        return Text(value, lang, i18n.direction(lang), lang.split("-")[0].lower() != self._base_lang, html)

    # --- organizer strings in a page of the other direction (#15) -------------------------
    def isolate(self, value: str, lang: str = "") -> Markup:
        """An organizer's plain string (a name, an address, a city, a handle, an address shown
        as text) in a ``<bdi>``, so that it keeps its own order among the page's text ("12 rue
        de la Roquette" on an Arabic page), with ``lang`` (its record's language) where that is
        foreign to this page and the string is in its script (``written_in``). Empty for an empty string."""
        if not value:
            return Markup("")
        if lang and lang.split("-")[0].lower() != self._base_lang and written_in(value, lang):
            return Markup('<bdi lang="{}">{}</bdi>').format(lang, value)
        return Markup("<bdi>{}</bdi>").format(value)

    def town(self, city: str, country: str, lang: str) -> Markup:
        """``city, country``: the organizer's city isolated (``isolate``), the country in this language."""
        name = self.country(country) if country else ""
        return Markup(", ").join(p for p in (self.isolate(city, lang), escape(name)) if p)

    def venue_html(self, venue: Venue, lang: str) -> Markup:
        """``venue_line`` for a page: each of the organizer's parts isolated, the country in words."""
        parts = [self.isolate(p, lang) for p in (venue.name, venue.address, venue.city) if p]
        if venue.country:
            parts.append(escape(self.country(venue.country)))
        return Markup(", ").join(parts)

    def club_town(self, club: Club) -> Markup:
        """A club's city and country (``town``), empty for a club without a place."""
        location = club.location
        return self.town(location.city, location.country, club.languages[0]) if location else Markup("")

    def country(self, code: str) -> str:
        return i18n.country_name(code, self.lang)

    def language(self, tag: str) -> str:
        return i18n.language_name(tag, self.lang)

    def languages(self, tags: tuple[str, ...]) -> str:
        found = self._lists.get(tags)
        if found is None:
            found = self._lists[tags] = i18n.format_list([self.language(t) for t in tags], self.lang)
        return found

    def labels(self, kind: str, values: tuple[str, ...]) -> str:
        return i18n.format_list([str(self.label(kind, v)) for v in values], self.lang)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        return i18n.format_list(items, self.lang)

    def number(self, value: int) -> str:
        return i18n.format_number(value, self.lang)

    def month(self, year: int, month: int) -> str:
        return i18n.format_month(year, month, self.lang)

    def day(self, value: date, width: str = "full") -> str:
        return i18n.format_day(value, self.lang, width)

    # --- time -------------------------------------------------------------------------
    def when(self, meeting: Meeting, width: str = "full") -> str:
        """Date and time of a meeting in its own zone, in words."""
        key = (id(meeting), width)
        found = self._when.get(key)
        if found is None:
            found = self._when[key] = self._when_text(meeting, width)
        return found

    def _when_text(self, meeting: Meeting, width: str, lang: str | None = None) -> str:
        """``when`` in ``lang`` (by default this page's; a flyer gives its club's)."""
        lang = lang or self.lang
        loc = i18n.locale(lang)
        if meeting.event.all_day:
            first, last = meeting.local_start, (meeting.end - timedelta(days=1)).date()
            assert isinstance(first, date)
            return i18n.format_days(first, last, lang, width)
        start, end = meeting.start, meeting.end
        pattern = str(loc.datetime_formats["medium"]).replace("'", "")
        skeleton = "hm" if "h" in loc.time_formats["short"].pattern else "Hm"
        if start.date() == end.date():
            times = _time_interval(start.time(), end.time(), skeleton, lang)
            return pattern.replace("{1}", i18n.format_day(start.date(), lang, width)).replace("{0}", times)
        one = pattern.replace("{1}", i18n.format_day(start.date(), lang, width)).replace(
            "{0}", i18n.format_time(start.time(), lang))
        two = pattern.replace("{1}", i18n.format_day(end.date(), lang, width)).replace(
            "{0}", i18n.format_time(end.time(), lang))
        return f"{one} – {two}"

    def zone(self, meeting: Meeting, lang: str | None = None) -> str:
        """``heure normale d’Europe centrale (UTC+01:00)`` (in ``lang``, by default this page's)."""
        offset = offset_text(meeting.start.utcoffset())
        return f"{i18n.zone_name(meeting.start, lang or self.lang)} (UTC{offset})"

    @staticmethod
    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    # --- links ------------------------------------------------------------------------
    def link(self, key: str = "", lang: str | None = None) -> str:
        return f"{self.base}/{urls.page(self.config, lang or self.lang, key)}"

    def club_link(self, club_id: str) -> str:
        return f"{self.base}/{urls.club(self.config, self.lang, club_id)}"

    def event_link(self, event_id: str) -> str:
        return f"{self.base}/{urls.event(self.config, self.lang, event_id)}"

    def region_link(self, region_id: str) -> str:
        return f"{self.base}/{urls.region(self.config, self.lang, region_id)}"

    def campaign_link(self, campaign_id: str) -> str:
        return f"{self.base}/{urls.campaign(self.config, self.lang, campaign_id)}"

    def record_link(self, kind: str, record_id: str) -> str:
        """The page of a club, region or campaign (``kind`` as in ``pages.PAST_FOLDERS``)."""
        return self.link(f"{PAST_FOLDERS[kind]}/{record_id}/")

    def past_link(self, kind: str, record_id: str, number: int = 1) -> str:
        """Page ``number`` of the past events of a club, region or campaign."""
        return self.link(past_key(kind, record_id, number))

    def record_name(self, kind: str, record_id: str) -> Text:
        """The name of a club, region or campaign in this language."""
        record: Club | Region | Campaign = (self.net.clubs[record_id] if kind == "club" else
                                             self.net.regions[record_id] if kind == "region" else
                                             self.net.campaigns[record_id])
        return self.text(record.name)

    def search_languages(self, kind: str, record_id: str) -> dict[str, Text]:
        """The title's and the summary's texts of a record page, for the search result that shows
        them (its title, its excerpt) to mark the one that falls back (#15)."""
        if kind == "event" and record_id in self.net.events:
            event = self.net.events[record_id]
            return {"title": self.text(event.title), "text": self.text(event.summary)}
        if kind in ("club", "region", "campaign"):
            record: Club | Region | Campaign | None = (self.net.clubs.get(record_id) if kind == "club" else
                                                       self.net.regions.get(record_id) if kind == "region" else
                                                       self.net.campaigns.get(record_id))
            if record is not None:
                summary = getattr(record, "summary", None) or getattr(record, "description", None)
                return {"title": self.text(record.name), "text": self.text(summary)}
        return {}

    def facet_link(self, facet: str, value: str) -> str:
        """The page of a facet's value: the directory's (clubs), or the calendar's for an event's facet."""
        if facet in facets.CALENDAR:
            return self.link(urls.events_facet_key(facet, value))
        return self.link(f"clubs/{facet}/{value}/")

    def facet_feed(self, facet: str, value: str) -> str | None:
        """The calendar feed of a topic, format, scale or audience (None: that value has none)."""
        return urls.ical_facet(facet, value) if value in self.feed_values(facet) else None

    def feed_values(self, facet: str) -> list[str]:
        """The values of ``facet`` that have a feed (``facet_feeds.feed_values``)."""
        found = self._feed_values.get(facet)
        if found is None:
            found = self._feed_values[facet] = facet_feeds.feed_values(self.net, facet) \
                if facet in facet_feeds.FACETS else []
        return found

    def file(self, path: str) -> str:
        """A language-neutral file (feed, asset) by its site path."""
        return f"{self.base}/{path}"

    def webcal(self, path: str) -> str:
        return urls.webcal(self.config, path)

    def absolute(self, key: str, lang: str | None = None) -> str:
        return urls.absolute(self.config, urls.page(self.config, lang or self.lang, key))

    # --- the repository and its issue forms (GROUNDGAME_REPOSITORY; '' without it) -----------
    def repository(self, path: str = "") -> str:
        """The repository's address, or a file in it on its default branch (``CONTRIBUTING.md``)."""
        if not self.config.repository:
            return ""
        return f"{self.config.repository}/blob/HEAD/{path}" if path else self.config.repository

    def issue_form(self, template: str, **fields: str) -> str:
        """The address that opens the issue form ``template`` (``event.yml``) with ``fields``
        filled in (GitHub reads each field by its id from the query)."""
        if not self.config.repository:
            return ""
        return f"{self.config.repository}/issues/new?" + urlencode({"template": template, **fields})

    @staticmethod
    def href(url: str) -> str:
        """A link from organizer text: only http(s) and mailto; anything else links nowhere."""
        return url if url.startswith(SAFE_SCHEMES) else "#"

    ical_all = staticmethod(urls.ical_all)
    ical_region = staticmethod(urls.ical_region)
    ical_campaign = staticmethod(urls.ical_campaign)
    ical_topic = staticmethod(urls.ical_topic)
    atom_all = staticmethod(urls.atom_all)
    atom_club = staticmethod(urls.atom_club)
    news_feed = staticmethod(urls.news_feed)
    upcoming_club = staticmethod(urls.upcoming_club)

    # --- calendar feeds and "add to" links -------------------------------------------------
    # A club's, event's and meeting's file is in the record's own language; the page in this
    # language links the variant in this language when its texts differ (``ical.variant_for``
    # decides, for the files written and the links alike).
    @cached_property
    def feed_topics(self) -> list[str]:
        """The topics that have a feed."""
        return self.feed_values("topic")

    def ical_language(self) -> str:
        """This UI language's feed."""
        return urls.ical_language(self.lang)

    def ical_club(self, club_id: str) -> str:
        """The file of a club this page links (its own language, or this page's variant)."""
        return ical.club_feed_path(self.config, self.net.clubs[club_id],
                                  tuple(self.model.schedule.events_of(club_id)), self.lang)

    def ical_event(self, event_id: str) -> str:
        """The file of an event or series this page links."""
        return ical.event_feed_path(self.config, self.net.events[event_id], self.lang)

    def ical_occurrence(self, event_id: str, original: date) -> str:
        """The file of one meeting of a series (by its original date) this page links."""
        return ical.occurrence_feed_path(self.config, self.net.events[event_id], original, self.lang)

    def subscribe_links(self, path: str, name: str) -> dict[str, str]:
        """Where to subscribe to the feed at ``path``: webcal, https, Google Calendar, Outlook."""
        https, webcal = urls.absolute(self.config, path), urls.webcal(self.config, path)
        return {"webcal": webcal, "https": https, "google": urls.google_subscribe(webcal),
                "outlook": urls.outlook_subscribe(https, name)}

    def add_links(self, meeting: Meeting) -> dict[str, str]:
        """"Add to Google Calendar" and Outlook links of one meeting (texts in this language)."""
        event = meeting.event
        parts = [self.text(t).value for t in (event.summary, meeting.note) if t is not None]
        what = urls.AddEvent(self.text(meeting.title).value, meeting.start, meeting.end, event.all_day,
                             event.timezone, "\n\n".join(parts), self.absolute(f"events/{event.id}/"),
                             self.meeting_place(meeting))
        return {"google": urls.google_add(what), "outlook": urls.outlook_add(what)}

    def meeting_place(self, meeting: Meeting) -> str:
        """Where a meeting is, in one line: its venue, else its online address."""
        if meeting.venue:
            return self.venue_line(meeting.venue)
        if meeting.online_url.startswith(("https://", "http://")):
            return meeting.online_url
        return self.club_place(meeting.event) if meeting.event.at_club_place else ""

    def switcher(self, key: str) -> tuple[Markup, Markup]:
        """The language switcher's items and the hreflang alternates of the page ``key``."""
        links, items = [], []
        for lang in self.config.languages:
            href = escape(self.link(key, lang))
            absolute = escape(self.absolute(key, lang))
            name = escape(i18n.native_name(lang))
            current = ' aria-current="page"' if lang == self.lang else ""
            links.append(f'<link rel="alternate" hreflang="{lang}" href="{absolute}">')
            items.append(f'<li><a href="{href}" hreflang="{lang}" lang="{lang}" dir="{i18n.direction(lang)}"'
                         f'{current}>{name}</a></li>')
        return Markup("\n".join(items)), Markup("\n".join(links))  # noqa: S704 - every part escaped

    # --- facets -----------------------------------------------------------------------
    def facets(self, club_id: str) -> dict[str, tuple[str, ...]]:
        return self.model.club_facets(club_id)

    def region_upcoming(self, region_id: str, limit: int = 30) -> list[Meeting]:
        clubs = set(self.model.facets["region"].get(region_id, ()))
        return [m for m in self.model.upcoming if m.event.club in clubs][:limit]

    def facet_value(self, facet: str, value: str) -> Text:
        """A facet value in words: a region's name, a term's label (``term``), each marked where
        it falls back; a country's, a language's, a level's label… (``|string`` is its plain text,
        for a ``<title>`` or an attribute)."""
        if facet in facets.VOCABULARY:
            return self.term(facet, value)
        if facet == "region" and value in self.net.regions:
            return self.text(self.net.regions[value].name)  # marked where it falls back (#15)
        region = self.net.regions.get(value) if facet == "region" else None
        if region is not None:
            return self.text(region.name)
        words = facets.value_text(facet, value, self.lang, city=self.model.city_names.get(value) if facet == "city"
                                  else None, language_tag=self.model.language_tags.get(value)
                                  if facet == "language" else None)
        return Text(words, self.lang, self.dir, False)

    def _city_language(self, value: str) -> str:
        """The language a city facet's name is written in: its first club's ('' when not in its script)."""
        clubs = self.model.facets.get("city", {}).get(value, ())
        lang = self.net.clubs[clubs[0]].languages[0] if clubs and clubs[0] in self.net.clubs else ""
        city = self.model.city_names.get(value)
        return lang if city and written_in(city[0], lang) else ""

    def facet_html(self, facet: str, value: str) -> Markup:
        """``facet_value`` in a page's text: a fallback marked with its language, a city isolated
        with its clubs' language (``isolate``) beside its country in this language."""
        city = self.model.city_names.get(value) if facet == "city" else None
        if city:
            name = self.isolate(city[0], self._city_language(value))
            return Markup("{} ({})").format(name, self.country(city[1])) if city[1] else name
        return Markup(escape(self.facet_value(facet, value)))  # noqa: S704 - escaped (a Text marks itself)

    def facet_attrs(self, facet: str, value: str) -> Markup:
        """``lang`` and ``dir`` of an ``<option>`` naming a facet value, which cannot hold a
        ``<span>``: the fallback's language, a city's clubs' language; nothing in this language."""
        words = self.facet_value(facet, value)
        lang = (words.lang if isinstance(words, Text) and words.foreign else
                self._city_language(value) if facet == "city" else "")
        if not lang or lang.split("-")[0].lower() == self._base_lang:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(lang, i18n.direction(lang))

    def search_facets(self, kind: str, record_id: str = "") -> dict[str, tuple[str, ...]]:
        return self.model.search_facets(kind, record_id)

    def place(self, event: Event, club: Club | None) -> str:
        """Where an event is, in a few words (a search result's place)."""
        venue = event.venue
        if venue and (venue.city or venue.country):
            return ", ".join(p for p in (venue.city, self.country(venue.country) if venue.country else "") if p)
        if event.online:
            return self.gettext("Online")
        if club and club.location:
            return f"{club.location.city}, {self.country(club.location.country)}"
        return ""

    def place_html(self, event: Event, club: Club | None) -> Markup:
        """``place`` in a page's text: the organizer's city isolated (``town``)."""
        venue = event.venue
        if venue and (venue.city or venue.country):
            return self.town(venue.city, venue.country, event.primary_language)
        if event.online:
            return Markup(escape(self.gettext("Online")))  # noqa: S704 - escaped
        return self.club_town(club) if club else Markup("")

    def venue_line(self, venue: Venue) -> str:
        """A venue in one line: name, address, city, country (in this language)."""
        parts = (venue.name, venue.address, venue.city, self.country(venue.country) if venue.country else "")
        return ", ".join(p for p in parts if p)

    def share_image(self, page: Page) -> dict[str, Any] | None:
        """The picture a link to ``page`` shows when shared (og:image, twitter:image): its club's or
        event's photo, as ``{url, width, height, alt}`` (the largest JPEG copy, absolute), or None."""
        record: Club | Event | None = (self.net.clubs.get(page.data.get("id", "")) if page.kind == "club" else
                                       self.net.events.get(page.data.get("id", "")) if page.kind == "event" else None)
        picture = self.picture(record.photo if record is not None else None)
        if picture is None:  # without a photo, the record's share card (site/share_cards.py)
            card = self._cards.share_card(page.kind, record.id) if record is not None else None
            return asdict(card) if card is not None else None
        return {"url": urls.absolute(self.config, picture.largest.jpeg), "width": picture.largest.width,
                "height": picture.largest.height, "alt": picture.alt.value}

    @cached_property
    def _cards(self) -> share_cards.CardTexts:
        """What each record's share card says (in the card's language, whichever this page's is)."""
        return share_cards.CardTexts(self.config, self.model, {self.lang: self})

    def tile_host(self) -> str:
        """The host the map's tiles come from (said before the visitor asks for them)."""
        return urlsplit(self.config.tile_url).hostname or self.config.tile_url

    def dashboard(self) -> list[Section]:
        """The dashboard's sections in this language (``site.dashboard``), from the model's figures."""
        return Dashboard(self, self.model.figures()).sections()
