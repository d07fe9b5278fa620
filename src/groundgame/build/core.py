"""``build()``: the content folder in, every output file out, in one visible sequence.

1. load and check the network (invalid content stops here: nothing is written);
2. derive the schedule and the page model once;
3. write the pages of every language, the news pages and feeds, sitemaps and robots.txt,
   while the feeds, the JSON API and the Atom feeds of events are written beside them;
4. remove what the previous build made and this one did not;
5. index the pages for search (after a rebuild in the same process, in the background, and
   only if a page changed: see ``search.IndexInBackground``).

Every file goes through one ``Writer``. With ``config.incremental`` and the ``Made`` of a
previous build of the same folder, each unit (a page in every language, a feed, a
document) is made again only if the digests of its inputs changed; the result is the same
bytes as a full build (``tests/test_incremental.py`` checks it after random edits).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from groundgame import clock, urls
from groundgame.build.guard import record_limit
from groundgame.build.inputs import network_inputs
from groundgame.config import SiteConfig
from groundgame.content.network import Network, load_network
from groundgame.feeds import api, atom, ical, upcoming
from groundgame.feeds.history import EPOCH, History
from groundgame.model import inputs
from groundgame.model.schedule import Schedule
from groundgame.output import Made, Writer
from groundgame.problems import ContentError
from groundgame.site import cards, images, news, render, search, share_cards
from groundgame.site.pages import NewsItem, PageModel


@dataclass
class Built:
    """What a build wrote and what the next one needs to know."""

    summary: render.Summary
    made: Made
    index: search.IndexReport | None = None
    kept: dict[str, int] = field(default_factory=dict)
    removed: int = 0

    def report(self) -> str:
        """What the build read, wrote and kept, as it prints it."""
        lines = [self.summary.report()]
        if self.kept or self.removed:
            kept = ", ".join(f"{n} {category}" for category, n in sorted(self.kept.items())) or "none"
            lines.append(f"groundgame: kept from the last build (inputs unchanged): {kept}; "
                         f"removed {self.removed} file(s) no longer made")
        if self.index is not None:
            lines.append(self.index.report())
        return "\n".join(lines)


# The search index a preview rebuild left running, by output folder (see search.IndexInBackground).
_INDEXING: dict[Path, search.IndexInBackground] = {}


def load(root: Path) -> Network:
    """The network below ``root``, or a ``ContentError`` (its problems printed to stderr)."""
    outcome = load_network(root)
    if outcome.errors:
        for problem in outcome.errors:
            print(problem.text(), file=sys.stderr)
        raise ContentError(outcome.errors)
    return outcome.network


def write_exports(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History,
                  schedule: Schedule) -> None:
    """The iCal feeds, the JSON API and the Atom feeds of events (new and changed; each club's upcoming
    meetings), all from one schedule."""
    ical.write_calendars(network, config, writer, now, history, schedule)
    api.write_api(network, config, writer, now, history, schedule)
    atom.write_atom(network, config, writer, now, history, schedule)
    upcoming.write_upcoming(network, config, writer, now, history, schedule)


def build(root: Path, config: SiteConfig, out: Path, theme: Path | None, *, articles: Sequence[news.Article] = (),
          news_items: Sequence[NewsItem] = (), previous: Made | None = None, pages: bool = True,
          network: Network | None = None) -> Built:
    """Build the site of ``root`` into ``out`` (see the module's docstring).

    ``pages=False`` (or no ``theme``) writes only the feeds, API and Atom feeds (``groundgame export``);
    ``network``: already loaded and checked (the plugin loads it before Pelican reads news)."""
    started = time.monotonic()
    _finish_indexing(out)
    network = network or load(root)
    now = clock.now()
    history = History.from_repo(root)
    model = PageModel.build(network, now, news_items, history=history)
    builder = render.PageRenderer(config, model, theme) if pages and theme is not None else None
    made_from = (network_inputs(config, theme, now, network, history, news_items, model,
                                builder.pages if builder else []) if config.incremental else None)
    writer = Writer(out, made_from, previous, record_limit(config, network))

    def exports() -> None:
        if builder is not None:  # the photos' copies, which the pages show (site.images)
            images.write_site_photos([*network.clubs.values(), *network.events.values()],
                                     (e for e in network.events if model.is_past(e)), root, writer, config.jobs)
        if config.write_feeds or builder is None:
            write_exports(network, config, writer, now, history, model.schedule)

    drawings: list[cards.CardCache] = []

    def alongside() -> None:  # while the other processes render pages: the exports, the share cards
        exports()
        drawings.append(share_cards.write_cards(config, model, writer, root / share_cards.CACHE_FOLDER))

    if builder is not None:
        summary = builder.write_all(writer, config.jobs, alongside=alongside)
        for path, source in search.map_assets():  # Leaflet from its XStatic packages; only map pages load it
            if writer.needs(f"asset:{path}", (), category="map assets"):
                writer.write(path, source.read_bytes(), category="map assets", unit=f"asset:{path}")
        _write_news(builder, writer, articles, network, history)
    else:
        summary = render.Summary({"events": len(network.events)})
        exports()
    for category, count in writer.counts.items():
        if category not in ("pages", "sitemap", "robots"):
            summary.files[category] += count
    for drawn in drawings:  # the cards drawn, not kept nor taken from the cache
        summary.files[f"{share_cards.CATEGORY} drawn"] += drawn.drawn
    removed = writer.remove_stale()
    summary.seconds = time.monotonic() - started
    built = Built(summary, writer.made, kept=dict(writer.kept), removed=removed)
    if builder is not None and config.search_index:
        pages_written = summary.total_pages + writer.counts.get("news", 0)
        if writer.previous is None:
            built.index = search.build_index(out)
            if not built.index.pages:
                raise search.SearchIndexError("Pagefind indexed no page: no record page is marked "
                                              "data-pagefind-body")
        elif pages_written:  # a rebuild: the index follows in the background, the pages are served now
            _INDEXING[out.resolve()] = search.IndexInBackground(out)
    return built


def _finish_indexing(out: Path) -> None:
    """Wait for the index a previous rebuild of ``out`` started; say how it went."""
    pending = _INDEXING.pop(out.resolve(), None)
    if pending is None:
        return
    try:
        print(f"{pending.wait().report()} (after the last rebuild)")
    except search.SearchIndexError as exc:
        print(f"groundgame: the search index of the last rebuild failed: {exc}", file=sys.stderr)


def _write_news(builder: render.PageRenderer, writer: Writer, articles: Sequence[news.Article],
                network: Network, history: History) -> None:
    """Each news article's page, each club's news feed (every club's, empty ones too) and the network's."""
    by_club: dict[str, list[news.Article]] = {}
    views = builder.views()
    for article in articles:
        club_id, event_id = news.club_of(article), news.event_of(article)
        path = news.page_path(article)
        shown = inputs.club_inputs(network, club_id) if club_id else set()
        shown |= inputs.event_inputs(network, event_id) if event_id else set()
        if writer.needs(f"news:{path}", shown, category="news", salt=news.article_digest(article)):
            writer.write(path, builder.render_article(article, views), category="news", unit=f"news:{path}")
        if club_id:
            by_club.setdefault(club_id, []).append(article)
    for club_id, club in network.clubs.items():
        path = news.club_feed_path(club_id)
        found = by_club.get(club_id, [])
        salt = repr([news.article_digest(a) for a in found])
        if writer.needs(f"news:{path}", inputs.club_inputs(network, club_id), category="news feeds", salt=salt):
            writer.write(path, news.club_feed(builder.config, club_id, club.name.text(), found,
                                              history.created(club.path)),
                         category="news feeds", unit=f"news:{path}")
    path = urls.news_all()
    first = history.times[0] if history.times else EPOCH  # without articles: the history's first commit
    salt = repr((first, sorted(news.article_digest(a) for a in articles)))
    if writer.needs(f"news:{path}", (), category="news feeds", salt=salt):
        writer.write(path, news.network_feed(builder.config, articles, first), category="news feeds",
                     unit=f"news:{path}")
