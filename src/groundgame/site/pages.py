"""The page model: which pages the site has, and the language-neutral facts on them.

Everything here is derived once from the loaded network (occurrences, what is upcoming
and past, which clubs fall under which directory facet); the pages of every UI language
are then rendered from it. Nothing here formats text for a language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from math import ceil
from typing import Any

from groundgame import output, urls
from groundgame.content.network import Network
from groundgame.feeds.figures import Figures
from groundgame.feeds.history import History
from groundgame.model import inputs
from groundgame.model.records import Club
from groundgame.model.schedule import Meeting, Schedule
from groundgame.site import facets as _facets
from groundgame.site.promotion import embed_key, flyer_key, flyer_language

__all__ = ["FACETS", "PAST_FOLDERS", "Meeting", "NewsItem", "Page", "PageModel", "news_key", "past_key", "slugify"]

UPCOMING_ON_HOME = 8
UPCOMING_IN_CALENDAR = 60
PAST_IN_CALENDAR = 60
EVENTS_ON_CLUB = 12
OCCURRENCES_ON_EVENT = 12
MONTHS_BACK = 24
MONTHS_AHEAD = 36
"""The calendar has a page for each month from ``MONTHS_BACK`` months before "now" to
``MONTHS_AHEAD`` after it (those with meetings), and every calendar page links each of them.

Without a window one series spanning decades made hundreds of month pages, each linking all
the others: the bytes grew with the square of the months. With it the month pages and their
navigation are bounded whatever the content says; meetings outside the window are still on
their event's page and in the feeds and the API."""

PAST_ON_RECORD = EVENTS_ON_CLUB
PAST_PER_PAGE = 50
PAST_FOLDERS = {"club": "clubs", "region": "regions", "campaign": "campaigns"}
"""A club's, region's and campaign's page shows its latest ``PAST_ON_RECORD`` past events;
when it has more, a list of them all follows in pages of ``PAST_PER_PAGE``, latest first
(``clubs/x/past/``, ``clubs/x/past/2/``, …). Each page's pager links the first, the last and
the two pages either side of it only: the pages and their links grow with the events, not
with their square, so 5,000 past events are 100 pages of 50 rows, not one page of 5,000."""

EVENTS_ON_FACET = 100
"""A format's or scale's calendar page (``calendar/format/workshop/``) lists the next meeting of
each upcoming event with that value, soonest first, up to ``EVENTS_ON_FACET`` (its feed has them
all), then its latest ``PAST_ON_RECORD`` past events: a page bounded whatever the network holds."""

NEWS_PER_PAGE = 20
"""The network's news page (``news/``, ``news/page/2/``, …) lists ``NEWS_PER_PAGE`` articles a page,
newest first: one entry per article, in the page's language when it has a translation in it."""

FACETS = _facets.DIRECTORY  # the directory's facets (defined with the search's in facets.py)


@dataclass(frozen=True)
class NewsItem:
    """A news article, as the page model needs it (read by Pelican, adapted by the plugin)."""

    club: str
    title: str
    url: str  # site-relative path
    day: date
    lang: str
    summary_html: str = ""  # sanitized
    slug: str = ""  # an article's translations share it (``Slug:``, else the file's name)
    event: str = ""  # the event the article is about ('' for none)
    original: bool = True  # the version shown where the page's language has none (``newsfiles.originals``)

    @property
    def group(self) -> str:
        """What the translations of one article share."""
        return self.slug or self.url


@dataclass(frozen=True)
class Page:
    """One page in every UI language: ``key`` is its language-neutral path (``clubs/x/``).

    ``only_in`` names a content language for a page that exists once, in the UI language that
    serves it (``urls.ui_language``): a flyer is printed for one street, in its club's language,
    and seven copies of each would add a third to a large network's pages.
    """

    key: str
    template: str
    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)
    only_in: str = ""

    @property
    def file(self) -> str:
        return self.key if self.key.endswith((".html", ".xml", ".txt")) else self.key + "index.html"


slugify = _facets.slugify


def past_key(kind: str, record_id: str, number: int = 1) -> str:
    """The page ``number`` (from 1) of the past events of a club, region or campaign."""
    return f"{PAST_FOLDERS[kind]}/{record_id}/past/" + (f"{number}/" if number > 1 else "")


def news_key(number: int = 1) -> str:
    """The page ``number`` (from 1) of the network's news."""
    return "news/" + (f"page/{number}/" if number > 1 else "")


def news_groups(items: Iterable[NewsItem]) -> list[tuple[NewsItem, ...]]:
    """News items by article (its translations together, by language), newest article first."""
    grouped: dict[str, list[NewsItem]] = defaultdict(list)
    for item in items:
        grouped[item.group].append(item)
    groups = [tuple(sorted(found, key=lambda n: (n.lang, n.url))) for found in grouped.values()]
    return sorted(groups, key=lambda g: (max(n.day for n in g), g[0].group), reverse=True)


def club_facets(club: Club) -> dict[str, tuple[str, ...]]:
    """The facet values of a club (for directory pages and the filter's data attributes)."""
    return _facets.club_values(club)


@dataclass
class PageModel:
    network: Network
    now: datetime
    schedule: Schedule
    news: Mapping[str, list[NewsItem]] = field(default_factory=dict)  # club → its items, newest first
    all_news: list[tuple[NewsItem, ...]] = field(default_factory=list)  # every article's translations
    news_of_club: dict[str, list[tuple[NewsItem, ...]]] = field(default_factory=dict)  # as all_news
    news_of_event: dict[str, list[tuple[NewsItem, ...]]] = field(default_factory=dict)  # as all_news
    upcoming: list[Meeting] = field(default_factory=list)  # every upcoming meeting, by start
    past_events: list[Meeting] = field(default_factory=list)  # each past event's last meeting, latest first
    months: dict[tuple[int, int], list[Meeting]] = field(default_factory=dict)  # in the month window
    facets: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # facet → value → club ids
    event_facets: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # format, scale → value → event ids
    city_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # city key → (city, country)
    language_tags: dict[str, str] = field(default_factory=dict)  # facet value (pt-br) → tag (pt-BR)
    by_campaign: dict[str, list[str]] = field(default_factory=dict)  # the events not yet over, by next meeting
    past_of: dict[tuple[str, str], list[Meeting]] = field(default_factory=dict)  # (kind, id) → past_events of it
    history: History | None = None  # the content's git history (the dashboard's new clubs), if the build read it
    _figures: Figures | None = field(default=None, repr=False)
    _club_facets: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _search_choices: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, network: Network, now: datetime, news: Iterable[NewsItem] = (),
              schedule: Schedule | None = None, history: History | None = None) -> PageModel:
        news = list(news)
        grouped: dict[str, list[NewsItem]] = defaultdict(list)
        for item in sorted(news, key=lambda n: n.day, reverse=True):
            if item.club:
                grouped[item.club].append(item)
        model = cls(network, now.astimezone(UTC), schedule or Schedule.of(network), dict(grouped), history=history)
        model.all_news = news_groups(news)
        for group in model.all_news:
            if group[0].club:
                model.news_of_club.setdefault(group[0].club, []).append(group)
            if group[0].event:
                model.news_of_event.setdefault(group[0].event, []).append(group)
        model._derive()
        return model

    def month_window(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The first and the last (year, month) that can have a month page (``MONTHS_BACK``)."""
        here = self.now.year * 12 + self.now.month - 1
        first, last = here - MONTHS_BACK, here + MONTHS_AHEAD
        return (first // 12, first % 12 + 1), (last // 12, last % 12 + 1)

    def _derive(self) -> None:
        months: dict[tuple[int, int], list[Meeting]] = defaultdict(list)
        earliest, latest = self.month_window()
        for meetings in self.schedule.meetings.values():
            for meeting in meetings:
                local = meeting.local_start
                if earliest <= (local.year, local.month) <= latest:
                    months[(local.year, local.month)].append(meeting)
                if meeting.end >= self.now:
                    self.upcoming.append(meeting)
            last = meetings[-1]
            if last.end < self.now:
                self.past_events.append(last)
        self.upcoming.sort(key=lambda m: (m.start, m.event.id))
        self.past_events.sort(key=lambda m: (m.start, m.event.id), reverse=True)
        self.months = {k: sorted(v, key=lambda m: (m.start, m.event.id)) for k, v in sorted(months.items())}
        self.by_campaign = {k: self._by_next([e for e in v if not self.is_past(e)])
                            for k, v in self.schedule.by_campaign.items()}
        self._derive_past()
        self._derive_facets()

    def _derive_past(self) -> None:
        """Each club's (hosted or co-hosted), region's (its clubs hosted) and campaign's past
        events, in the order of ``past_events``."""
        net, found = self.network, self.past_of
        for meeting in self.past_events:
            event = meeting.event
            owners = [("club", c) for c in dict.fromkeys((event.club, *self.schedule.cohosts_of(event.id)))]
            host = net.clubs.get(event.club)
            if host is not None:
                owners.append(("region", host.region))
            if event.campaign:
                owners.append(("campaign", event.campaign))
            for owner in owners:
                found.setdefault(owner, []).append(meeting)

    def _derive_facets(self) -> None:
        facets: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in FACETS}
        for club in self.network.clubs.values():
            for name, values in club_facets(club).items():
                for value in values:
                    facets[name][value].append(club.id)
            for tag in club.languages:
                self.language_tags.setdefault(tag.lower(), tag)
            if club.location:
                key = club_facets(club)["city"][0]
                self.city_names[key] = (club.location.city, club.location.country)
        self.facets = {name: dict(sorted(values.items())) for name, values in facets.items()}
        by_event: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in _facets.CALENDAR}
        for event in self.network.events.values():
            for name in _facets.CALENDAR:
                value = getattr(event, name)
                if value:
                    by_event[name][value].append(event.id)
        self.event_facets = {name: dict(sorted(values.items())) for name, values in by_event.items()}

    def facet_upcoming(self, facet: str, value: str) -> list[Meeting]:
        """The next meeting of each upcoming event with ``value`` of an event's facet, soonest first."""
        found = [m for e in self.event_facets.get(facet, {}).get(value, ()) if (m := self.next_meeting(e))]
        return sorted(found, key=lambda m: (m.start, m.event.id))[:EVENTS_ON_FACET]

    def facet_past(self, facet: str, value: str) -> list[Meeting]:
        """The latest past events with ``value`` of an event's facet (their last meeting)."""
        chosen = set(self.event_facets.get(facet, {}).get(value, ()))
        return [m for m in self.past_events if m.event.id in chosen][:PAST_ON_RECORD]

    def search_facets(self, kind: str, record_id: str = "") -> dict[str, tuple[str, ...]]:
        """A record's values of the search's facets (its Pagefind filters)."""
        net = self.network
        if kind == "club":
            values = self.club_facets(record_id)
        elif kind == "event":
            event = net.events[record_id]
            values = _facets.event_values(event, net.clubs.get(event.club), self.is_past(record_id))
        elif kind == "region":
            values = {"region": (record_id,)}
        elif kind == "campaign":
            past = net.campaigns[record_id].ends < self.now.date()
            values = {"when": ("past" if past else "upcoming",)}
        else:
            values = {}
        return _facets.search_values(kind, values)

    def search_choices(self) -> dict[str, list[str]]:
        """Every value of every search facet, for the search page's filters (computed once)."""
        if not self._search_choices:
            found: dict[str, set[str]] = {name: set() for name in _facets.SEARCH}
            kinds = (("club", self.network.clubs), ("event", self.network.events),
                     ("region", self.network.regions), ("campaign", self.network.campaigns))
            for kind, records in kinds:
                for record_id in records:
                    for name, values in self.search_facets(kind, record_id).items():
                        found[name].update(values)
            if self.news:
                found["kind"].add("news")
            order = list(_facets.VALUE_LABELS["kind"])
            self._search_choices = {name: sorted(values, key=lambda v: (order.index(v) if v in order else 0, v))
                                    if name == "kind" else sorted(values) for name, values in found.items()}
        return self._search_choices

    def mapped_clubs(self, club_ids: Iterable[str] | None = None) -> list[str]:
        """Clubs with coordinates (on a map), by name."""
        clubs = self.network.clubs
        chosen = [c for c in (clubs if club_ids is None else club_ids)
                  if (loc := clubs[c].location) is not None and loc.lat is not None and loc.lon is not None]
        return sorted(chosen, key=lambda c: (clubs[c].name.text().casefold(), c))

    def club_facets(self, club_id: str) -> dict[str, tuple[str, ...]]:
        found = self._club_facets.get(club_id)
        if found is None:
            found = self._club_facets[club_id] = club_facets(self.network.clubs[club_id])
        return found

    def directory_groups(self, club_ids: Iterable[str] | None = None) -> list[tuple[str, list[str]]]:
        """Clubs grouped by region (in region order), for a directory page."""
        chosen = set(self.network.clubs if club_ids is None else club_ids)
        groups: dict[str, list[str]] = {}
        for club_id in self.network.clubs:
            if club_id in chosen:
                groups.setdefault(self.network.clubs[club_id].region, []).append(club_id)
        order = {r: n for n, r in enumerate(self.network.regions)}
        return sorted(groups.items(), key=lambda g: (order.get(g[0], len(order)), g[0]))

    def _by_next(self, event_ids: list[str]) -> list[str]:
        return sorted(event_ids, key=lambda e: (self.next_meeting(e) is None, self.sort_start(e), e))

    @property
    def meetings(self) -> Mapping[str, tuple[Meeting, ...]]:
        return self.schedule.meetings

    def next_meeting(self, event_id: str) -> Meeting | None:
        return self.schedule.next_meeting(event_id, self.now)

    def sort_start(self, event_id: str) -> datetime:
        meeting = self.next_meeting(event_id)
        return (meeting or self.meetings[event_id][0]).start.astimezone(UTC)

    def is_past(self, event_id: str) -> bool:
        return self.meetings[event_id][-1].end < self.now

    def club_upcoming(self, club_id: str) -> list[Meeting]:
        found = [m for e in self.schedule.hosted.get(club_id, ()) if (m := self.next_meeting(e)) is not None]
        return sorted(found, key=lambda m: m.start)[:EVENTS_ON_CLUB]

    def club_past(self, club_id: str) -> list[Meeting]:
        return self.past_latest("club", club_id)

    def past_latest(self, kind: str, record_id: str) -> list[Meeting]:
        """The past events a club's, region's or campaign's own page shows."""
        return self.past(kind, record_id)[:PAST_ON_RECORD]

    def past(self, kind: str, record_id: str) -> list[Meeting]:
        """Every past event of a club, region or campaign (its last meeting), latest first."""
        return self.past_of.get((kind, record_id), [])

    def past_pages(self, kind: str, record_id: str) -> int:
        """How many pages list the past events of a record: none when its own page shows them all."""
        count = len(self.past(kind, record_id))
        return ceil(count / PAST_PER_PAGE) if count > PAST_ON_RECORD else 0

    def past_page(self, kind: str, record_id: str, number: int) -> list[Meeting]:
        """The past events on page ``number`` (from 1) of a record's list."""
        return self.past(kind, record_id)[(number - 1) * PAST_PER_PAGE:number * PAST_PER_PAGE]

    @staticmethod
    def pager(number: int, count: int) -> list[int | None]:
        """The page numbers a pager links from page ``number`` of ``count``: the first, the last
        and two either side of ``number``; None where numbers are left out."""
        shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
        found: list[int | None] = []
        for n in shown:
            if found and n - (found[-1] or 0) > 1:
                found.append(None)
            found.append(n)
        return found

    def news_pages(self) -> int:
        """How many pages the network's news has (one, empty, when there is none)."""
        return max(1, ceil(len(self.all_news) / NEWS_PER_PAGE))

    def news_page(self, number: int) -> list[tuple[NewsItem, ...]]:
        """The articles on page ``number`` (from 1) of the network's news."""
        return self.all_news[(number - 1) * NEWS_PER_PAGE:number * NEWS_PER_PAGE]

    def event_upcoming(self, event_id: str) -> list[Meeting]:
        return self.schedule.upcoming(event_id, self.now)[:OCCURRENCES_ON_EVENT]

    def figures(self) -> Figures:
        """The dashboard's figures (the same as ``api/v1/dashboard.json``'s), computed once."""
        if self._figures is None:
            self._figures = Figures.of(self.network, self.schedule, self.now, self.history)
        return self._figures

    def campaign_under_way(self) -> str | None:
        today = self.now.date()
        for campaign in self.network.campaigns.values():
            if campaign.starts - timedelta(days=60) <= today <= campaign.ends:
                return campaign.id
        return next(iter(self.network.campaigns), None)

    # -- what each page is made from (for the incremental build; see ``output.Writer.needs``) --
    def club_inputs(self, club_id: str) -> set[str]:
        return inputs.club_inputs(self.network, club_id)

    def event_inputs(self, event_id: str) -> set[str]:
        return inputs.event_inputs(self.network, event_id)

    def page_inputs(self, page: Page) -> set[str]:
        """The inputs ``page``'s template reads (the templates, catalogs, settings and "now" aside).

        The pages that list across the whole network (home, the calendars, search, map, the
        directory) are made from everything; they are few. Each name is checked by the
        incremental build's test, which compares it with a full build after random edits."""
        data, schedule = page.data, self.schedule
        found: set[str] = set()
        if page.kind == "calendar" and data.get("section") == "month":
            found = {"months", "topics"}
            for meeting in self.months.get(data["month"], ()):
                found |= self.event_inputs(meeting.event.id)
        elif page.kind == "directory" and "facet" in data:
            found = {"facets", "topics", "regions", "vocabulary"}
            for _, club_ids in data["groups"]:
                for club_id in club_ids:
                    found |= self.club_inputs(club_id)
        elif page.kind == "region":
            club_ids = self.facets["region"].get(data["id"], [])
            found = {f"region:{data['id']}", "regions", "vocabulary"}
            for club_id in club_ids:
                found |= self.club_inputs(club_id)
                for event_id in schedule.hosted.get(club_id, ()):
                    found |= self.event_inputs(event_id)
        elif page.kind == "campaign":
            found = {f"campaign:{data['id']}", "vocabulary"}
            for event_id in schedule.by_campaign.get(data["id"], ()):
                found |= self.event_inputs(event_id)
        elif page.kind == "club":
            found = inputs.hosting_inputs(self.network, data["id"], schedule.hosted.get(data["id"], ()))
            found |= {f"news:{data['id']}", "vocabulary"}
        elif page.kind == "flyer":  # the event, its club (its language, name, place); "now" is shared
            found = self.event_inputs(data["id"])
        elif page.kind == "embed":  # the club and the events it hosts or co-hosts
            found = inputs.hosting_inputs(self.network, data["id"], schedule.hosted.get(data["id"], ()))
        elif page.kind == "event":
            found = self.event_inputs(data["id"]) | {inputs.event_news(data["id"]), "vocabulary", "facets"}
        elif page.kind == "event-facet":  # every event with the value: one that gets or loses it counts
            found = {"vocabulary"} | inputs.events_inputs(
                self.network, self.event_facets[data["facet"]].get(data["value"], ()))
        elif page.kind == "news":
            found = {"news", "clubs"}
        elif page.kind == "past":
            kind, record_id = data["of"], data["id"]
            found = {inputs.past_list(kind, record_id)}
            found |= self.club_inputs(record_id) if kind == "club" else {f"{kind}:{record_id}"}
            for meeting in self.past_page(kind, record_id, data["number"]):
                found |= self.event_inputs(meeting.event.id)
        elif page.kind in ("contribute", "404"):
            found = set()  # they show no record
        elif page.kind in ("map",) or (page.kind == "directory" and "facet" not in data):
            found = {"clubs", "facets", "topics", "regions", "vocabulary"}  # every club's card, no event
        else:
            found = {output.EVERYTHING}
        return found

    def pages(self) -> list[Page]:
        """Every page of one language tree (the same list for every language)."""
        net = self.network
        pages = [Page("", "home.html", "home"), Page("clubs/", "clubs.html", "directory"),
                 Page("calendar/", "calendar.html", "calendar", {"section": "upcoming"}),
                 Page("calendar/past/", "calendar.html", "calendar", {"section": "past"}),
                 Page("contribute/", "contribute.html", "contribute"),
                 Page("calls/", "calls.html", "calls"), Page("404.html", "404.html", "404"),
                 Page("search/", "search.html", "search"), Page("map/", "map.html", "map"),
                 Page("dashboard/", "dashboard.html", "dashboard")]
        for (year, month) in self.months:
            pages.append(Page(f"calendar/{year}/{month:02d}/", "calendar.html", "calendar",
                              {"section": "month", "month": (year, month)}))
        for name, values in self.facets.items():
            for value, club_ids in values.items():
                pages.append(Page(f"clubs/{name}/{value}/", "clubs.html", "directory",
                                  {"facet": name, "value": value, "groups": self.directory_groups(club_ids)}))
        for name, by_value in self.event_facets.items():
            pages += [Page(urls.events_facet_key(name, value), "events_facet.html", "event-facet",
                           {"facet": name, "value": value}) for value in by_value]
        pages += [Page(f"regions/{r}/", "region.html", "region", {"id": r}) for r in net.regions]
        pages += [Page(f"campaigns/{c}/", "campaign.html", "campaign", {"id": c}) for c in net.campaigns]
        pages += [Page(f"clubs/{c}/", "club.html", "club", {"id": c}) for c in net.clubs]
        pages += [Page(f"events/{e}/", "event.html", "event", {"id": e}) for e in net.events]
        pages += [Page(flyer_key(e), "flyer.html", "flyer", {"id": e}, only_in=flyer_language(net, e))
                  for e in net.events]
        pages += [Page(embed_key(c), "embed.html", "embed", {"id": c}) for c in net.clubs]
        count = self.news_pages()
        pages += [Page(news_key(n), "news.html", "news", {"number": n, "pages": count}) for n in range(1, count + 1)]
        for kind, records in (("club", net.clubs), ("region", net.regions), ("campaign", net.campaigns)):
            for record_id in records:
                count = self.past_pages(kind, record_id)
                pages += [Page(past_key(kind, record_id, n), "past.html", "past",
                               {"of": kind, "id": record_id, "number": n, "pages": count})
                          for n in range(1, count + 1)]
        return pages
