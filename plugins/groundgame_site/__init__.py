"""groundgame_site: the site of the content folder, built by ``groundgame.build`` inside Pelican.

A thin adapter. Pelican gives the settings, reads the news articles (its Markdown reader)
and serves the preview (``make serve``); the plugin checks the news' ``club:`` field,
sanitizes their HTML, and calls ``groundgame.build.core.build``, the same build
``groundgame export`` calls, which writes every file, news pages included, through one
writer. Under ``make serve`` (``GROUNDGAME_INCREMENTAL``) the plugin keeps what each build
made, so that the next one remakes only what a change affects.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from groundgame import config
from groundgame.build import core
from groundgame.content import newsfiles
from groundgame.content.network import Network
from groundgame.output import Made
from groundgame.problems import ContentError, GroundgameError, Problem
from groundgame.site import markup, news
from groundgame.site.pages import NewsItem

logger = logging.getLogger(__name__)

# What the last build of each output folder made, for the next one in this process (make serve).
_LAST_BUILD: dict[Path, Made] = {}


class BuildError(GroundgameError):
    """The build finished but logged warnings, and strict builds fail on them."""


class WarningCounter(logging.Handler):
    """Counts warnings and errors logged during the build (strict builds fail on them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class SiteGenerator(Generator):
    """Loads the network in ``generate_context``; builds every file in ``generate_output``.

    The news are checked when the generator is made, which is before any generator reads:
    Pelican would follow a symbolic link under ``content/news/`` and act on ``Save_as:`` or
    ``Template:``, and it drops an article it cannot read without failing the build."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        content = Path(self.settings["PATH"]).resolve()
        problems = [problem for folder in self.settings["ARTICLE_PATHS"]
                    for problem in newsfiles.check_folder(content.parent, content / folder,
                                                          self.settings["DEFAULT_LANG"])[0]]
        if problems:
            for problem in problems:
                print(problem.text(), file=sys.stderr)
            raise ContentError(problems)
        # Counted from here, before Pelican reads the news: a warning it logs then (an article it
        # drops, a link it cannot resolve) fails a strict build too.
        self.counter = WarningCounter()
        logging.getLogger().addHandler(self.counter)

    def generate_context(self) -> None:
        # Nothing of content/ is copied to the site (STATIC_PATHS is empty): not even a file a news
        # article names with {static} or {attach}, which Pelican's static generator (it runs last)
        # would copy from wherever the link points, /etc/passwd included. newsfiles refuses such links.
        self.context["static_links"].clear()
        try:
            self._load()
        except BaseException:
            logging.getLogger().removeHandler(self.counter)
            raise

    def _load(self) -> None:
        self.site = config.from_settings(self.settings)
        self.root = Path(self.settings["PATH"]).resolve().parent
        self.theme = Path(self.settings["THEME"]).resolve()
        self.network: Network = core.load(self.root)
        # Pelican's context holds the originals; their translations (same slug, another Lang) hang on them.
        originals = list(self.context.get("articles", ()))
        self.articles = list({id(a): a for a in originals + [t for o in originals for t in o.translations]}.values())
        self.news = self._news(self.articles)

    def _news(self, articles: list[Any]) -> list[NewsItem]:
        """Every news article, sanitized; an unknown club or event is a content error (validate,
        which the build ran first, names its line)."""
        items, problems = [], []
        for article in articles:
            club_id, event_id = news.club_of(article), news.event_of(article)
            source = Path(article.source_path).resolve().relative_to(self.root).as_posix()
            if club_id and club_id not in self.network.clubs:
                problems.append(Problem(source, 0, 0, "club", f"must be the id of a club in content/clubs/ "
                                                              f"(got {club_id!r})"))
                continue
            if event_id and event_id not in self.network.events:
                problems.append(Problem(source, 0, 0, "event", f"must be the id of an event in content/events/ "
                                                               f"(got {event_id!r})"))
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
            summary = str(article.metadata.get("summary", ""))
            original = str(article.metadata.get("translation", "false")).lower() == "false"
            items.append(NewsItem(club_id, str(article.title), article.url, article.date.date(), article.lang,
                                  summary, news.slug_of(article), event_id, original))
        if problems:
            for problem in problems:
                print(problem.text(), file=sys.stderr)
            raise ContentError(problems)
        return items

    def generate_output(self, writer: Any) -> None:
        out = Path(self.output_path).resolve()
        try:
            previous = _LAST_BUILD.get(out) if self.site.incremental else None  # kept if this build fails
            built = core.build(self.root, self.site, out, self.theme, articles=self.articles,
                               news_items=self.news, previous=previous, network=self.network)
            if self.site.incremental:
                _LAST_BUILD[out] = built.made
            print(built.report())
        finally:
            logging.getLogger().removeHandler(self.counter)
        if self.site.strict and self.counter.count:
            raise BuildError(f"{self.counter.count} warning(s) during the build; strict builds fail on warnings")


def get_generators(pelican: Any) -> type[Generator]:
    return SiteGenerator


def use_news_reader(readers: Any) -> None:
    """News Markdown is read by ``NewsReader`` (linear time, sanitized), not Python-Markdown."""
    from groundgame_site.news_reader import NewsReader

    for extension in NewsReader.file_extensions:
        readers.reader_classes[extension] = NewsReader


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.readers_init.connect(use_news_reader)
