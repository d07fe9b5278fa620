"""Club news: their pages and each club's Atom feed, written through the build's writer.

Pelican reads the news articles (``content/news/*.md``, its Markdown reader and metadata)
and writes none of them (``ARTICLE_SAVE_AS`` is empty): the plugin hands them here,
sanitized, so that they go through the one guarded writer, the incremental build and the
theme's ``article.html`` like every other page. The feed is made with ``feedgenerator``,
the library Pelican itself uses for feeds.
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
    """A news article as Pelican reads it (only what the page and the feed use)."""

    title: str
    url: str
    date: datetime
    lang: str
    summary: str
    content: str
    metadata: Mapping[str, Any]


def page_path(article: Article) -> str:
    """Where an article's page goes: its URL (``ARTICLE_URL``/``ARTICLE_LANG_URL``) and ``index.html``."""
    return article.url.rstrip("/") + "/index.html"


def article_digest(article: Article) -> str:
    """Everything about an article that its page and its club's feed show."""
    return repr((article.title, article.url, article.date.isoformat(), article.lang, article.summary,
                 article.content, sorted((k, str(v)) for k, v in article.metadata.items())))


def club_feed_path(club_id: str) -> str:
    return urls.news_feed(club_id)


# The newest articles a club's feed carries, each with its whole text: without a cap, a club's feed
# grew with every article it ever posted (a thousand long articles: a feed of a hundred megabytes).
MAX_FEED_ARTICLES = 50


def club_feed(config: SiteConfig, club_id: str, club_name: str, articles: Sequence[Article]) -> bytes:
    """The Atom feed of a club's news, the newest ``MAX_FEED_ARTICLES`` first (``news/clubs/<id>/atom.xml``)."""
    path = urls.news_feed(club_id)
    feed = Atom1Feed(title=_plain(f"{config.site_name} - {club_name}"),
                     link=urls.absolute(config, ""), feed_url=urls.absolute(config, path), description="")
    for article in sorted(articles, key=lambda a: (a.date, a.url), reverse=True)[:MAX_FEED_ARTICLES]:
        link = urls.absolute(config, article.url)
        when = article.date if article.date.tzinfo else article.date.replace(tzinfo=UTC)
        feed.add_item(title=_plain(article.title), link=link, unique_id=get_tag_uri(link, when),
                      description=article.summary, content=article.content, author_name=config.site_name,
                      pubdate=when, updateddate=when)
    return str(feed.writeString("utf-8")).encode("utf-8")


def _plain(title: str) -> str:
    """A title as text without tags: Pelican's titles may hold inline HTML, and some feed readers
    show a text title as HTML."""
    return html.unescape(nh3.clean(str(title), tags=set()))
