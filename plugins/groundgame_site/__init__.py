"""groundgame_site: the club and event pages of every UI language, as one Pelican generator.

A thin adapter: it loads and checks the network with the same ``load_network`` as
``groundgame validate`` (invalid content stops the build before a page is written),
hands Pelican's news articles to the page model, and renders through ``groundgame.render``.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from groundgame import clock, config
from groundgame.content.network import Network, load_network
from groundgame.model.schedule import Schedule
from groundgame.output import Writer
from groundgame.problems import ContentError, GroundgameError, Problem
from groundgame.site import markup, render, search
from groundgame.site.pages import NewsItem, SiteModel
from groundgame.site.views import View
from groundgame.tools import export

logger = logging.getLogger(__name__)


class BuildError(GroundgameError):
    """The build finished but logged warnings, and strict builds fail on them."""


@dataclass(frozen=True)
class PluginSettings:
    """The plugin's own settings, read once."""

    root: Path
    theme: Path
    jobs: int
    strict: bool
    feeds: bool
    search: bool

    @classmethod
    def read(cls, settings: dict[str, Any]) -> PluginSettings:
        jobs = settings.get("GROUNDGAME_JOBS", 0)
        strict = settings.get("GROUNDGAME_STRICT", True)
        feeds = settings.get("GROUNDGAME_FEEDS", True)
        index = settings.get("GROUNDGAME_SEARCH", True)
        errors = []
        if not isinstance(jobs, int) or jobs < 0:
            errors.append(f"GROUNDGAME_JOBS must be a whole number, 0 for one per core (got {jobs!r})")
        for name, value in (("GROUNDGAME_STRICT", strict), ("GROUNDGAME_FEEDS", feeds),
                            ("GROUNDGAME_SEARCH", index)):
            if not isinstance(value, bool):
                errors.append(f"{name} must be True or False (got {value!r})")
        if errors:
            raise config.UsageError("bad settings:\n  " + "\n  ".join(errors))
        return cls(Path(settings["PATH"]).resolve().parent, Path(settings["THEME"]).resolve(), jobs, strict, feeds,
                   index)


class WarningCounter(logging.Handler):
    """Counts warnings and errors logged during the build (strict builds fail on them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class SiteGenerator(Generator):
    """Loads the network in ``generate_context``; writes every page in ``generate_output``."""

    def generate_context(self) -> None:
        self.counter = WarningCounter()
        logging.getLogger().addHandler(self.counter)
        try:
            self._load()
        except BaseException:
            logging.getLogger().removeHandler(self.counter)
            raise

    def _load(self) -> None:
        self.options = PluginSettings.read(self.settings)
        self.site = config.from_settings(self.settings)
        outcome = load_network(self.options.root)
        if outcome.errors:
            for problem in outcome.errors:
                print(problem.text(), file=sys.stderr)
            raise ContentError(outcome.errors)
        self.network: Network = outcome.network
        self.now: datetime = clock.now()
        articles = list(self.context.get("articles", ())) + list(self.context.get("translations", ()))
        news = self._news(articles)
        self.model = SiteModel.build(self.network, self.now, news)
        self.builder = render.SiteBuilder(self.site, self.model, self.options.theme)
        views = {lang: View(lang, self.site, self.model, self.builder.markdown) for lang in self.site.languages}
        self.context.update(gg_views=views, gg_config=self.site, gg_alternates=self.builder.alternates)

    def _news(self, articles: list[Any]) -> list[NewsItem]:
        """News articles with a ``club:`` field, sanitized; an unknown club is a content error."""
        items, problems = [], []
        root = self.options.root
        for article in articles:
            club_id = str(article.metadata.get("club", "")).strip()
            source = Path(article.source_path).resolve().relative_to(root).as_posix()
            if club_id and club_id not in self.network.clubs:
                problems.append(Problem(source, 0, 0, "club", f"must be the id of a club in content/clubs/ "
                                                              f"(got {club_id!r})"))
                continue
            # Organizer HTML: sanitized at the source, so the page and the Atom feed both get it clean.
            article._content = markup.sanitize(article._content)
            if "summary" in article.metadata:
                article._summary = article.metadata["summary"] = markup.sanitize(str(article.metadata["summary"]))
            article.metadata["gg_html"] = Markup(article._content)  # noqa: S704 - sanitized by nh3 above
            if club_id:
                club = self.network.clubs[club_id]
                article.metadata["gg_club_key"] = f"clubs/{club_id}/"
                article.metadata["gg_club_name"] = club.name.text(article.lang)
                items.append(NewsItem(club_id, str(article.title), article.url, article.date.date(),
                                      article.lang))
        if problems:
            for problem in problems:
                print(problem.text(), file=sys.stderr)
            raise ContentError(problems)
        return items

    def _feeds(self, out: Writer) -> Callable[[], None] | None:
        """The feeds and the API, written while the other cores render pages."""
        if not self.options.feeds:
            return None
        return functools.partial(write_feeds_and_api, self.network, self.site, out, self.now, self.options.root,
                                 self.model.schedule)

    def generate_output(self, writer: Any) -> None:
        try:
            self._write(writer)
        finally:
            logging.getLogger().removeHandler(self.counter)
        if self.options.strict and self.counter.count:
            raise BuildError(f"{self.counter.count} warning(s) during the build; strict builds fail on warnings")

    def _write(self, writer: Any) -> None:
        out = Writer(Path(self.output_path))
        summary = self.builder.write_all(out, self.options.jobs, alongside=self._feeds(out))
        for path, source in search.map_assets():  # Leaflet from its XStatic packages; only map pages load it
            out.write(path, source.read_bytes(), category="map assets")
        for club_id in self.model.news:
            path = f"news/clubs/{club_id}/atom.xml"
            elements = [a for a in self.context.get("articles", ()) if a.metadata.get("club") == club_id]
            elements += [a for a in self.context.get("translations", ()) if a.metadata.get("club") == club_id]
            name = self.network.clubs[club_id].name.text()
            writer.write_feed(elements, self.context, path, feed_type="atom", feed_title=name)
            out.claim(path)
            summary.files["news feeds"] += 1
        for category, count in out.counts.items():
            if category not in ("pages", "sitemap", "robots"):
                summary.files[category] += count
        print(summary.text())


def write_feeds_and_api(network: Network, site: config.SiteConfig, writer: Writer, now: datetime,
                        root: Path, schedule: Schedule) -> None:
    """The iCal feeds, the JSON API and the Atom feeds of events, through the same guarded writer
    as the pages (so no two outputs can claim one path): ``export.write_exports``, the function
    ``groundgame export`` calls, so both write the same bytes."""
    export.write_exports(network, site, writer, now, root, schedule)


def get_generators(pelican: Any) -> type[Generator]:
    return SiteGenerator


def install_translations(generator: Any) -> None:
    """Pelican's own generators (news articles) share the theme, so they get the same ``_``."""
    render.install(generator.env)


def index_search(pelican: Any) -> None:
    """The search index, made by Pagefind once every page (news articles too) is written.

    Pelican's ``finalized`` is the one point after all generators have written; an error
    here propagates, so Pagefind failing fails the build."""
    if not pelican.settings.get("GROUNDGAME_SEARCH", True):
        return
    report = search.build_index(Path(pelican.output_path))
    if not report.pages:
        raise search.SearchIndexError("Pagefind indexed no page: no record page is marked data-pagefind-body")
    print(report.text())


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(install_translations)
    signals.finalized.connect(index_search)
