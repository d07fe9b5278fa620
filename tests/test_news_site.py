"""Issue #14's news on a built copy of the sample: an article about an event on that event's page and in its
club's feed, an article in two languages whose pages link each other, and the network's news page (every UI
language, paginated) and Atom feed. One build for the module, asserted with an HTML parser and ElementTree."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from feedgenerator import get_tag_uri
from sitebuild import REPO, build

from groundgame.config import UI_LANGUAGES
from groundgame.site.pages import NEWS_PER_PAGE

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/clubs"
PREFIX = {lang: "" if lang == "en" else lang.lower() + "/" for lang in UI_LANGUAGES}
A = "{http://www.w3.org/2005/Atom}"
EVENT = "paris-atelier-du-web/maker-party-paris"
FILLERS = 20  # with the sample's three and the two below, two pages of news

NEWS = {
    "laptops.md": f"Title: Bring a laptop to the Maker Party\nDate: 2026-11-24 10:00\nLang: en\nEvent: {EVENT}\n"
                  "Summary: Or borrow one of ours.\n\nWe lend **ten** laptops.\n",
    "portables.md": f"Title: Apportez un portable à la Maker Party\nDate: 2026-11-24 10:00\nLang: fr\n"
                    f"Slug: laptops\nEvent: {EVENT}\nSummary: Ou empruntez-en un.\n\nNous prêtons **dix** portables.\n",
    "bilan-en.md": "Title: The Atelier's year 2026\nDate: 2026-11-20 18:00\nLang: en\nSlug: paris-bilan-2026\n"
                   "Club: paris-atelier-du-web\n\nA year of workshops.\n",
}


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.elements if t == "a" and "href" in a]

    def switcher(self) -> dict[str, str]:
        return {a["hreflang"]: a["href"] for a in self.find("a") if "hreflang" in a}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("news")
    shutil.copytree(REPO / "content", root / "content")
    for name, text in NEWS.items():
        (root / "content/news" / name).write_text(text, "utf-8")
    for n in range(1, FILLERS + 1):
        (root / f"content/news/filler-{n}.md").write_text(
            f"Title: Filler {n}\nDate: 2026-01-{n:02d}\nClub: nairobi-web-club\n\nText {n}.\n", "utf-8")
    output = root / "output"
    build(root, output, SITE_URL, GROUNDGAME_SEARCH=False)
    return output


def read(out: Path, rel: str) -> Page:
    return Page((out / rel).read_text("utf-8"))


def test_an_article_about_an_event_is_on_its_page_in_each_language(out: Path) -> None:
    english = read(out, f"events/{EVENT}/index.html")
    assert "/clubs/news/laptops/" in english.hrefs()
    assert "/clubs/news/laptops-fr/" not in english.hrefs()
    french = read(out, f"fr/events/{EVENT}/index.html")
    assert "/clubs/news/laptops-fr/" in french.hrefs()
    assert "/clubs/news/laptops/" not in french.hrefs()
    arabic = (out / f"ar/events/{EVENT}/index.html").read_text("utf-8")  # no Arabic version: the original, marked
    assert '<a href="/clubs/news/laptops/"><span lang="en" dir="ltr">Bring a laptop to the Maker Party</span></a>' \
        in arabic
    # The article links its event, in its own language.
    assert f"/clubs/fr/events/{EVENT}/" in read(out, "news/laptops-fr/index.html").hrefs()


def test_an_article_about_an_event_is_in_its_clubs_feed(out: Path) -> None:
    feed = ET.parse(out / "news/clubs/paris-atelier-du-web/atom.xml").getroot()
    links = {e.find(f"{A}link").get("href"): e for e in feed.findall(f"{A}entry")}
    assert f"{SITE_URL}/news/laptops/" in links  # no Club: its event's club
    assert f"{SITE_URL}/news/laptops-fr/" in links
    assert links[f"{SITE_URL}/news/laptops/"].findtext(f"{A}title") == "Bring a laptop to the Maker Party"


def test_each_translation_links_the_other_and_is_its_own_address(out: Path) -> None:
    for path, other, lang in (("news/laptops/", "news/laptops-fr/", "en"), ("news/laptops-fr/", "news/laptops/", "fr"),
                              ("news/paris-bilan-2026-fr/", "news/paris-bilan-2026/", "fr")):
        page = read(out, path + "index.html")
        switch = page.switcher()
        assert switch[lang] == f"/clubs/{path}"
        assert f"/clubs/{other}" in switch.values()
        assert len(switch) == 2
        current = [a for a in page.find("a") if a.get("aria-current") == "page" and "hreflang" in a]
        assert [a["href"] for a in current] == [f"/clubs/{path}"]
        assert page.find("meta", property="og:url")[0]["content"] == f"{SITE_URL}/{path}"
        assert page.find("link", rel="canonical")[0]["href"] == f"{SITE_URL}/{path}"
        alternates = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate") if "hreflang" in a}
        assert alternates[lang] == f"{SITE_URL}/{path}"
        assert f"{SITE_URL}/{other}" in alternates.values()
        assert page.find("html")[0]["lang"] == lang


def test_the_news_page_lists_every_article_in_every_language(out: Path) -> None:
    articles = 3 + FILLERS + 1  # the sample's three (the Paris one now in two languages), the fillers, laptops
    assert articles > NEWS_PER_PAGE
    for lang in UI_LANGUAGES:
        first = read(out, f"{PREFIX[lang]}news/index.html")
        second = read(out, f"{PREFIX[lang]}news/page/2/index.html")
        assert not (out / f"{PREFIX[lang]}news/page/3/index.html").exists()
        listed = [h for page in (first, second) for h in page.hrefs() if h.startswith("/clubs/news/")
                  and "/page/" not in h and h != "/clubs/news/"]
        heads = [h for h in listed if not h.startswith(("/clubs/news/clubs/",))]
        assert len(heads) == len(set(heads)) == articles, lang
        laptops = "/clubs/news/laptops-fr/" if lang == "fr" else "/clubs/news/laptops/"
        assert heads[0] == laptops  # the newest first
        assert heads[-1] == "/clubs/news/filler-1/"
        assert first.find("a", rel="next")[0]["href"] == f"/clubs/{PREFIX[lang]}news/page/2/"
        assert second.find("a", rel="prev")[0]["href"] == f"/clubs/{PREFIX[lang]}news/"
        for href in heads:
            assert (out / href.removeprefix("/clubs/") / "index.html").is_file()
    home = read(out, "fr/index.html").hrefs()
    assert "/clubs/fr/news/" in home
    assert "/clubs/feeds/news.atom" in home
    assert "/clubs/fr/news/" in read(out, "news/laptops-fr/index.html").hrefs()  # the article's language's
    assert "/clubs/news/" in read(out, "news/laptops/index.html").hrefs()


def test_the_network_news_feed_is_valid_atom_with_stable_ids(out: Path) -> None:
    feed = ET.parse(out / "feeds/news.atom").getroot()
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == f"{SITE_URL}/feeds/news.atom"
    assert feed.findtext(f"{A}title")
    assert feed.findtext(f"{A}updated")
    assert feed.find(f"{A}link[@rel='self']").get("href") == f"{SITE_URL}/feeds/news.atom"
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 3 + 1 + 2 + FILLERS  # every version of every article
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    club_feed = ET.parse(out / "news/clubs/paris-atelier-du-web/atom.xml").getroot()
    club_ids = {e.find(f"{A}link").get("href"): e.findtext(f"{A}id") for e in club_feed.findall(f"{A}entry")}
    for entry in entries:
        link = entry.find(f"{A}link").get("href")
        for name in ("title", "updated", "published"):
            assert entry.findtext(f"{A}{name}"), (link, name)
        assert entry.findtext(f"{A}author/{A}name")
        if link in club_ids:  # one article, one id in every feed
            assert entry.findtext(f"{A}id") == club_ids[link]
    laptops = next(e for e in entries if e.find(f"{A}link").get("href") == f"{SITE_URL}/news/laptops/")
    # The id is the page's tag URI and the article's date: the same on every build and machine.
    assert laptops.findtext(f"{A}id") == get_tag_uri(f"{SITE_URL}/news/laptops/",
                                                      datetime.fromisoformat(laptops.findtext(f"{A}published")))
    dates = [e.findtext(f"{A}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)
