"""News: the articles' pages, each club's Atom feed of news and the network's, written through the build's writer.

Pelican reads the news articles (``content/news/*.md``, its Markdown reader and metadata)
and writes none of them (``ARTICLE_SAVE_AS`` is empty): the plugin hands them here,
sanitized, so that they go through the one guarded writer, the incremental build and the
theme's ``article.html`` like every other page. The feeds are made with ``feedgenerator``,
the library Pelican itself uses for feeds.

An article belongs to the club its ``Club:`` names, else to the club of the event its
``Event:`` names (an event id is ``<club>/<slug>``). Its translations are the articles with
the same slug (Pelican's ``translations``): its page's language switcher links them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import nh3
from feedgenerator import Atom1Feed, get_tag_uri  # type: ignore[import-untyped,unused-ignore]

from groundgame import urls
from groundgame.config import SiteConfig


class Article(Protocol):
    """A news article as Pelican reads it (only what the pages and the feeds use)."""

    title: str
    url: str
    slug: str
    date: datetime
    lang: str
    summary: str
    content: str
    metadata: Mapping[str, Any]
    translations: Sequence[Any]  # the other articles of its slug (Pelican's process_translations)


def page_path(article: Article) -> str:
    """Where an article's page goes: its URL (``ARTICLE_URL``/``ARTICLE_LANG_URL``) and ``index.html``."""
    return article.url.rstrip("/") + "/index.html"


def event_of(article: Article) -> str:
    """The id of the event the article is about (``Event:``), or ''."""
    return str(article.metadata.get("event", "")).strip()


def club_of(article: Article) -> str:
    """The article's club: ``Club:``, else its event's club, else ''."""
    club = str(article.metadata.get("club", "")).strip()
    return club or event_of(article).split("/", 1)[0]


def slug_of(article: Article) -> str:
    return str(getattr(article, "slug", "") or "")


def versions(article: Article) -> list[tuple[str, str]]:
    """(language, site-relative URL) of the article and each of its translations, by language."""
    found = {(article.lang, article.url)}
    found.update((str(t.lang), str(t.url)) for t in getattr(article, "translations", ()) or ())
    return sorted(found)


def article_digest(article: Article) -> str:
    """Everything about an article that its page and the feeds show."""
    return repr((article.title, article.url, article.date.isoformat(), article.lang, article.summary,
                 article.content, sorted((k, str(v)) for k, v in article.metadata.items()), versions(article)))


def club_feed_path(club_id: str) -> str:
    return urls.news_feed(club_id)


# The newest articles a feed carries, each with its whole text: without a cap, a club's feed
# grew with every article it ever posted (a thousand long articles: a feed of a hundred megabytes).
MAX_FEED_ARTICLES = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a feed's ``updated`` without entries, if not given


class _Feed(Atom1Feed):  # type: ignore[misc]
    """feedgenerator's Atom feed, whose ``updated`` without entries is given (its own is the clock's)."""

    def __init__(self, *args: Any, empty_updated: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_updated = empty_updated

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else self.empty_updated  # type: ignore[no-any-return,unused-ignore]


def _feed(config: SiteConfig, path: str, title: str, page: str, articles: Sequence[Article],
          empty_updated: datetime) -> bytes:
    feed = _Feed(title=_plain(title), link=urls.absolute(config, page), feed_url=urls.absolute(config, path),
                 feed_guid=urls.absolute(config, path), description="", empty_updated=empty_updated)
    for article in sorted(articles, key=lambda a: (a.date, a.url), reverse=True)[:MAX_FEED_ARTICLES]:
        link = urls.absolute(config, article.url)
        when = article.date if article.date.tzinfo else article.date.replace(tzinfo=UTC)
        # The id is the tag URI of the page and the date: the same in the club's feed and the network's.
        feed.add_item(title=_plain(article.title), link=link, unique_id=get_tag_uri(link, when),
                      description=article.summary, content=article.content, author_name=config.site_name,
                      pubdate=when, updateddate=when)
    return str(feed.writeString("utf-8")).encode("utf-8")


def club_feed(config: SiteConfig, club_id: str, club_name: str, articles: Sequence[Article],
              empty_updated: datetime = EPOCH) -> bytes:
    """The Atom feed of a club's news, the newest ``MAX_FEED_ARTICLES`` first (``news/clubs/<id>/atom.xml``).

    Written for every club, so that its stay-in-touch box can offer it before the first
    article; without articles its ``updated`` is ``empty_updated`` (the club file's creation)."""
    return _feed(config, urls.news_feed(club_id), f"{config.site_name} - {club_name}",
                 urls.club(config, config.default_language, club_id), articles, empty_updated)


def network_feed(config: SiteConfig, articles: Sequence[Article], empty_updated: datetime) -> bytes:
    """The Atom feed of every club's news and the network's own (``feeds/news.atom``), newest first."""
    return _feed(config, urls.news_all(), config.site_name, urls.page(config, config.default_language, "news/"),
                 articles, empty_updated)


def _plain(title: str) -> str:
    """A title as text without tags: Pelican's titles may hold inline HTML, and some feed readers
    show a text title as HTML."""
    return html.unescape(nh3.clean(str(title), tags=set()))
