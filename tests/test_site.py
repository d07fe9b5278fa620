"""The sample network built into a site, asserted on the meaning of its pages (parsed HTML)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitebuild import REPO, build, pages

from groundgame import i18n
from groundgame.config import UI_LANGUAGES, SiteConfig
from groundgame.content.network import load_network

# Every test reads the sample site that the module's fixture builds with Pelican.
pytestmark = pytest.mark.build

BASE = "/clubs"  # the sample is built under a sub-path, as on GitHub project pages
SITE_URL = "https://example.org" + BASE
PREFIX = {lang: "" if lang == "en" else lang.lower() + "/" for lang in UI_LANGUAGES}


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str] = {}
        self.links: list[tuple[str, dict[str, str]]] = []  # (tag, attributes) with href/src
        self.alternates: dict[str, str] = {}
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.lang_stack: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, list[str]] = {}
        self._script: dict[str, str] | None = None
        self._buffer: list[str] = []
        self._capture: list[list[str]] = []
        self._depth: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "html":
            self.html = a
        if "href" in a or "src" in a:
            self.links.append((tag, a))
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "script":
            self._script, self._buffer = a, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def json_ld(self) -> list[dict]:
        """Every JSON-LD object of the page (a script may hold one, or a list: a series' meetings)."""
        found: list[dict] = []
        for a, body in self.scripts:
            if a.get("type") == "application/ld+json":
                data = json.loads(body)
                found.extend(data if isinstance(data, list) else [data])
        return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("site") / "output"
    printed = build(REPO, out, SITE_URL)
    return out, printed


@pytest.fixture(scope="module")
def network():
    outcome = load_network(REPO)
    assert outcome.ok
    return outcome.network


def read(out: Path, rel: str) -> Page:
    return Page((out / rel).read_text("utf-8"))


def test_every_record_has_its_page_in_every_language(built, network) -> None:
    out, _ = built
    expected = [f"clubs/{c}/" for c in network.clubs] + [f"events/{e}/" for e in network.events]
    expected += [f"regions/{r}/" for r in network.regions] + [f"campaigns/{c}/" for c in network.campaigns]
    expected += ["", "clubs/", "calendar/", "calendar/past/", "contribute/"]
    missing = [PREFIX[lang] + key for lang in UI_LANGUAGES for key in expected
               if not (out / (PREFIX[lang] + key) / "index.html").is_file()]
    assert not missing
    assert len(expected) > 70


def test_summary_counts_records_and_pages_per_language(built, network) -> None:
    _, printed = built
    assert f"clubs {len(network.clubs)}" in printed
    assert f"events {len(network.events)}" in printed
    per_lang = re.search(r"pages written per language: (.*?) \(", printed)
    assert per_lang, printed
    counts = dict(part.split(" ") for part in per_lang.group(1).split(", "))
    assert set(counts) == set(UI_LANGUAGES)
    out, _ = built
    flyers = {lang: len(list((out / PREFIX[lang]).glob("events/*/*/flyer/index.html"))) for lang in UI_LANGUAGES}
    assert sum(flyers.values()) == len(network.events)  # one flyer an event, in its club's language
    assert len({int(counts[lang]) - flyers[lang] for lang in UI_LANGUAGES}) == 1  # and every other page in each


def test_html_lang_and_direction(built) -> None:
    out, _ = built
    for lang in UI_LANGUAGES:
        for rel in ("", "clubs/", "clubs/paris-atelier-du-web/", "calendar/"):
            page = read(out, PREFIX[lang] + rel + "index.html")
            assert page.html["lang"] == lang
            assert page.html["dir"] == ("rtl" if lang == "ar" else "ltr")


def unlisted(path: Path) -> bool:
    """A flyer or an embed: pages to print or to frame, with no alternates, outside the sitemap."""
    return path.parent.name in ("flyer", "embed")


def test_no_internal_link_is_broken_and_alternates_exist(built) -> None:
    out, _ = built
    broken: set[str] = set()
    checked = 0
    for path in pages(out):
        page = Page(path.read_text("utf-8"))
        assert set(UI_LANGUAGES) <= set(page.alternates) or "news/" in path.as_posix() or unlisted(path), path
        targets = [a.get("href") or a.get("src") or "" for _, a in page.links] + list(page.alternates.values())
        for target in targets:
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "webcal") or (parts.netloc and parts.netloc != "example.org"):
                continue
            local = unquote(parts.path)
            if not local.startswith(BASE + "/"):
                if not parts.scheme and target.startswith("#"):
                    continue
                broken.add(f"{path.relative_to(out)} → {target} (outside {BASE}/)")
                continue
            rel = local[len(BASE) + 1:]
            file = out / rel / "index.html" if rel == "" or rel.endswith("/") else out / rel
            checked += 1
            if not file.is_file():
                broken.add(f"{path.relative_to(out)} → {target}")
    assert not sorted(broken)[:20]
    assert checked > 10000


def test_language_switcher_keeps_the_page(built) -> None:
    out, _ = built
    page = read(out, "fr/clubs/tokyo-web-makers/index.html")
    switch = {a["hreflang"]: a["href"] for a in page.find("a") if "hreflang" in a}
    assert switch == {lang: f"{BASE}/{PREFIX[lang]}clubs/tokyo-web-makers/" for lang in UI_LANGUAGES}
    assert page.find("a", hreflang="fr")[0].get("aria-current") == "page"
    assert page.alternates["ja"] == f"{SITE_URL}/ja/clubs/tokyo-web-makers/"


def test_fallback_text_carries_its_language(built, network) -> None:
    out, _ = built
    checked = 0
    for club in network.clubs.values():
        for lang in ("es", "ja", "ar"):
            if any(t.split("-")[0] == lang for t in club.name.texts):
                continue
            text = (out / PREFIX[lang] / "clubs" / club.id / "index.html").read_text("utf-8")
            h1 = re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
            match = re.fullmatch(r'<span lang="([^"]+)" dir="(ltr|rtl)">(.*)</span>', h1, re.S)
            assert match, (club.id, lang, h1)
            assert match.group(1) in club.name.texts
            assert match.group(2) == i18n.direction(match.group(1))
            checked += 1
    assert checked >= 5


def test_dates_are_localized(built) -> None:
    out, _ = built
    rel = "events/paris-atelier-du-web/atelier-mensuel/index.html"
    when = {lang: re.search(r'<p class="when"><time[^>]*>(.*?)</time>', (out / (PREFIX[lang] + rel))
                            .read_text("utf-8")).group(1) for lang in UI_LANGUAGES}
    assert "December" in when["en"]
    assert "Wednesday" in when["en"]
    assert "décembre" in when["fr"]
    assert "mercredi" in when["fr"]
    assert "diciembre" in when["es"]
    assert "dezembro" in when["pt-BR"]
    assert "Desember" in when["id"]
    assert "12月" in when["ja"]
    assert "ديسمبر" in when["ar"]
    assert len(set(when.values())) == len(UI_LANGUAGES)


def test_event_json_ld(built) -> None:
    out, _ = built
    page = read(out, "events/open-leaders-online/leaders-call/index.html")
    data = page.json_ld()[0]  # a series: one object per upcoming meeting
    assert data["@type"] == "Event"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["startDate"])
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["organizer"]["@type"] == "Organization"
    assert data["location"]["@type"] == "VirtualLocation"
    club = read(out, "clubs/paris-atelier-du-web/index.html").json_ld()[0]
    assert club["@type"] == "Organization"
    assert club["url"] == f"{SITE_URL}/clubs/paris-atelier-du-web/"
    og = {a["property"]: a["content"] for a in page.find("meta") if "property" in a}
    assert og["og:type"] == "event"
    assert og["og:url"].endswith("/events/open-leaders-online/leaders-call/")


def test_series_marks_cancelled_and_moved_meetings(built) -> None:
    out, _ = built
    text = (out / "es/events/barcelona-maker-club/divendres-de-soldadura/index.html").read_text("utf-8")
    series = text.split('id="series"', 1)[1]
    assert "Cancelado" in series
    assert "Trasladado desde el" in series
    assert "Viernes Santo" in series  # the change's note, in Spanish
    assert series.count('class="ics"') >= 3  # each meeting can be added on its own


def test_directory_facets_work_without_javascript(built, network) -> None:
    out, _ = built
    page = read(out, "clubs/index.html")
    facet_links = [a["href"] for a in page.find("a") if "/clubs/topic/" in a.get("href", "")]
    assert facet_links
    topic = "web-literacy"
    cards = (out / f"clubs/topic/{topic}/index.html").read_text("utf-8").split('<li class="card"')[1:]
    listed = [re.search(r'<h3><a href="/clubs/clubs/([^/]+)/"', card).group(1) for card in cards]  # after any photo
    assert sorted(listed) == sorted(c.id for c in network.clubs.values() if topic in c.topics)
    country = read(out, "ja/clubs/country/fr/index.html")
    assert country.html["lang"] == "ja"


def test_club_page_has_news_feed_and_calendar(built) -> None:
    out, _ = built
    text = (out / "clubs/paris-atelier-du-web/index.html").read_text("utf-8")
    assert "/clubs/news/paris-bilan-2026-fr/" in text
    feed = ET.parse(out / "news/clubs/paris-atelier-du-web/atom.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Bilan" in (t or "") for t in titles)
    # The club's own file is French (its first language); the English page links the English variant.
    assert 'href="webcal://example.org/clubs/calendar/clubs/paris-atelier-du-web.en.ics"' in text
    assert 'href="/clubs/calendar/clubs/paris-atelier-du-web.en.ics" download' in text
    french = (out / "fr/clubs/paris-atelier-du-web/index.html").read_text("utf-8")
    assert 'href="webcal://example.org/clubs/calendar/clubs/paris-atelier-du-web.ics"' in french
    article = read(out, "news/paris-bilan-2026-fr/index.html")
    assert article.html["lang"] == "fr"


def test_sitemap_and_robots(built) -> None:
    out, _ = built
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [s.find("s:loc", ns).text for s in index.findall("s:sitemap", ns)]
    assert parts == [f"{SITE_URL}/sitemaps/1.xml"]  # the sample fits one file (5,000 pages a file)
    root = ET.parse(out / "sitemaps/1.xml").getroot()
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    # all but news articles, 404 pages, flyers and embeds
    assert len(locs) == len(set(locs)) == len([p for p in pages(out) if not unlisted(p)]) - 3 - 7
    assert f"{SITE_URL}/es/clubs/cairo-web-club/" in locs
    for loc in locs[:300]:
        assert (out / loc[len(SITE_URL) + 1:] / "index.html").is_file() or (out / loc[len(SITE_URL) + 1:]).is_file()
    first = root.find("s:url", ns)
    assert {a.get("hreflang") for a in first.findall("x:link", ns)} == set(UI_LANGUAGES)
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in (out / "robots.txt").read_text()
    assert (out / "404.html").is_file()
    assert (out / "ar/404.html").is_file()


def test_no_yaml_in_output_and_pages_are_small(built) -> None:
    out, _ = built
    assert not list(out.rglob("*.yaml"))
    assert not list(out.rglob("*.md"))
    assets = (out / "theme/site.css").stat().st_size + (out / "theme/site.js").stat().st_size
    largest = max((out / "events").rglob("index.html"), key=lambda p: p.stat().st_size)
    # The largest is a 12-meeting series: each meeting links its calendar files, Google and
    # Outlook, and its "change this meeting" form (about 1.1 KB a meeting), and has its own
    # schema.org Event in the JSON-LD (about 1.07 KB each with its offer and image since #16:
    # 12.8 KB of the page's 48 KB); the stylesheet grew with the dashboard's charts and photos.
    assert largest.stat().st_size + assets < 62_000, largest


def test_site_config_paths_agree_with_urls(built) -> None:
    config = SiteConfig(site_url=SITE_URL)
    assert config.base_path == BASE
