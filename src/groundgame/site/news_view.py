"""What the pages say about news and how to follow a club, in one UI language.

``NewsFacts`` is a part of ``views.View`` (its base class). An article may exist in several
languages (its translations share a slug): a list shows each article once, in this page's
language when it has a version in it (or one of the same base language), else in its own
language, marked with ``lang`` and ``dir``. An article's page links its translations in
the language switcher. The stay-in-touch box of club and event pages gathers the ways to
follow a club: its announcement lists (this page's language's first), its calendar, its
news feed and the feed of its upcoming meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from groundgame import i18n, urls
from groundgame.model.records import Club, MailingList
from groundgame.site import news
from groundgame.site.pages import NewsItem, news_key

if TYPE_CHECKING:
    from groundgame.config import SiteConfig
    from groundgame.content.network import Network
    from groundgame.site.pages import PageModel


@dataclass(frozen=True)
class StayInTouch:
    """The ways to follow a club, as its stay-in-touch box shows them."""

    lists: tuple[tuple[MailingList, tuple[str, ...]], ...]  # each list and the languages it is in; ours first
    calendar: dict[str, str]  # View.subscribe_links of the club's calendar
    news_feed: str  # site paths
    upcoming_feed: str


class NewsFacts:
    """News and following; ``View`` provides the language, the model, the links and the words."""

    lang: str
    config: SiteConfig
    model: PageModel
    net: Network
    base: str

    def marked(self, value: str, lang: str, html: str | None = None) -> Any:
        raise NotImplementedError  # View's: a Text, marked with its language when foreign

    def link(self, key: str = "", lang: str | None = None) -> str:
        raise NotImplementedError  # View's

    def subscribe_links(self, path: str, name: str) -> dict[str, str]:
        raise NotImplementedError  # View's

    def ical_club(self, club_id: str) -> str:
        raise NotImplementedError  # View's

    # --- which version of an article a list shows -------------------------------------
    def news_version(self, group: tuple[NewsItem, ...]) -> NewsItem:
        """The version of an article (its translations) this page shows: in its language, else in one of
        the same base language, else the original."""
        base = self.lang.split("-")[0].lower()
        ranked = sorted(group, key=lambda n: (n.lang != self.lang, n.lang.split("-")[0].lower() != base,
                                              not n.original, n.lang != self.config.default_language))
        return ranked[0]

    def news_title(self, item: NewsItem) -> Any:
        return self.marked(item.title, item.lang)

    def news_summary(self, item: NewsItem) -> Any:
        return self.marked(item.summary_html, item.lang, item.summary_html)

    def club_news(self, club_id: str) -> list[NewsItem]:
        return [self.news_version(g) for g in self.model.news_of_club.get(club_id, ())]

    def event_news(self, event_id: str) -> list[NewsItem]:
        return [self.news_version(g) for g in self.model.news_of_event.get(event_id, ())]

    def news_page(self, number: int) -> list[NewsItem]:
        return [self.news_version(g) for g in self.model.news_page(number)]

    def news_link(self, number: int = 1) -> str:
        """Page ``number`` of the network's news in this language."""
        return self.link(news_key(number))

    def news_all(self) -> str:
        return urls.news_all()

    # --- an article's own page ----------------------------------------------------------
    def article_address(self, article: news.Article) -> str:
        return urls.absolute(self.config, str(article.url))

    def article_switcher(self, article: news.Article) -> tuple[Markup, Markup]:
        """The switcher's items (the article's translations, this one current) and their hreflang alternates."""
        items, links = [], []
        for lang, url in news.versions(article):
            href, absolute = escape(f"{self.base}/{url}"), escape(urls.absolute(self.config, url))
            tag, name = escape(lang), escape(i18n.native_name(lang))
            current = ' aria-current="page"' if url == article.url else ""
            links.append(f'<link rel="alternate" hreflang="{tag}" href="{absolute}">')
            items.append(f'<li><a href="{href}" hreflang="{tag}" lang="{tag}" dir="{i18n.direction(lang)}"'
                         f'{current}>{name}</a></li>')
        return Markup("\n".join(items)), Markup("\n".join(links))  # noqa: S704 - every part escaped

    # --- the stay-in-touch box --------------------------------------------------------------
    def _club_name(self, club: Club) -> str:
        """The club's name as the page says it (along the fallback chain, #15)."""
        return club.name.get(self.lang, i18n.fallback_chain(self.lang, self.config.fallback,
                                                            self.config.default_language))[0]

    def stay_in_touch(self, club_id: str) -> StayInTouch:
        club = self.net.clubs[club_id]
        lists = club.announcements.lists(club.languages) if club.announcements else ()
        base = self.lang.split("-")[0].lower()
        ours = sorted(lists, key=lambda item: (self.lang not in item[1],
                                               all(t.split("-")[0].lower() != base for t in item[1])))
        return StayInTouch(tuple(ours), self.subscribe_links(self.ical_club(club_id), self._club_name(club)),
                           urls.news_feed(club_id), urls.upcoming_club(club_id))
