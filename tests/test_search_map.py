"""Search (Pagefind) and the map (Leaflet) on the built sample site: the index and the
pages as files, then the pages in headless Chromium with every request outside
127.0.0.1 refused (the tile server is unreachable, as it is here)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browserkit import chromium, serve
from sitebuild import REPO, build
from test_site import Page

from groundgame.config import UI_LANGUAGES
from groundgame.content.network import load_network
from groundgame.site import facets
from groundgame.site.search import SearchIndexError

PREFIX = {lang: "" if lang == "en" else lang.lower() + "/" for lang in UI_LANGUAGES}
SEARCH_ASSETS = ("/pagefind/", "/theme/search.js")
MAP_ASSETS = ("/theme/leaflet/", "/theme/map.js")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "output"
    build(REPO, out, "http://127.0.0.1")
    return out


@pytest.fixture(scope="module")
def network():
    return load_network(REPO).network


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def texts_in(network, lang: str) -> dict[str, str]:
    """Each record page's key → the organizer text it shows in UI language ``lang``."""
    def shown(*locs) -> str:
        return " ".join(loc.get(lang)[0] for loc in locs if loc is not None)

    found = {f"clubs/{c.id}/": shown(c.name, c.summary, c.description) for c in network.clubs.values()}
    found.update({f"events/{e.id}/": shown(e.title, e.summary, e.description, e.report)
                  for e in network.events.values()})
    found.update({f"regions/{r.id}/": shown(r.name, r.description) for r in network.regions.values()})
    found.update({f"campaigns/{c.id}/": shown(c.name, c.summary, c.description) for c in network.campaigns.values()})
    return found


# --- the built files ------------------------------------------------------------------

@pytest.mark.build
def test_an_index_per_ui_language_with_every_record_page(site, network) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    records = len(network.clubs) + len(network.events) + len(network.regions) + len(network.campaigns)
    news = {lang: len(list(site.glob(f"news/*-{lang}/index.html"))) for lang in ("en", "es", "fr", "ja")}
    counts = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    assert set(counts) == {lang.lower() for lang in UI_LANGUAGES}
    for lang in UI_LANGUAGES:
        assert counts[lang.lower()] >= records, lang  # record pages, and news in that language
        assert counts[lang.lower()] <= records + len(list(site.glob("news/*/index.html"))), lang
    assert sum(counts.values()) >= records * len(UI_LANGUAGES) + sum(news.values()) - news["en"]


@pytest.mark.build
def test_only_record_pages_are_indexed_and_they_carry_type_and_filters(site, network) -> None:
    for path in ("clubs/index.html", "calendar/index.html", "index.html", "search/index.html", "map/index.html"):
        page = Page((site / path).read_text("utf-8"))
        assert not [a for _, a in page.elements if "data-pagefind-body" in a], path
    club = network.clubs["tokyo-web-makers"]
    page = Page((site / "ja/clubs/tokyo-web-makers/index.html").read_text("utf-8"))
    assert len([a for _, a in page.elements if "data-pagefind-body" in a]) == 1
    filters = [a["data-pagefind-filter"] for _, a in page.elements if "data-pagefind-filter" in a]
    expected = facets.search_values("club", facets.club_values(club))
    assert sorted(filters) == sorted(name for name, values in expected.items() for _ in values)
    assert {a["data-pagefind-meta"] for _, a in page.elements if "data-pagefind-meta" in a} == {"type", "place"}


@pytest.mark.build
def test_directory_and_search_filters_come_from_one_facet_model(site) -> None:
    directory = Page((site / "clubs/index.html").read_text("utf-8"))
    search = Page((site / "search/index.html").read_text("utf-8"))
    assert [a["name"] for a in directory.find("select")] == list(facets.DIRECTORY)
    assert [a["name"] for a in search.find("select")] == list(facets.SEARCH)
    event = Page((site / "events/barcelona-maker-club/divendres-de-soldadura/index.html").read_text("utf-8"))
    names = {a["data-pagefind-filter"] for _, a in event.elements if "data-pagefind-filter" in a}
    assert names <= set(facets.SEARCH)
    assert {"kind", "region", "when"} <= names


@pytest.mark.build
def test_search_box_on_every_page_and_assets_only_where_used(site) -> None:
    checked = 0
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/") or path.parent.name in ("flyer", "embed"):
            continue  # a sheet to print and a box for another site's iframe: no site furniture
        page = Page(path.read_text("utf-8"))
        forms = page.find("form", role="search", method="get")
        lang_prefix = next((p for p in PREFIX.values() if p and rel.startswith(p)), "")
        assert any(f["action"] == f"/{lang_prefix}search/" for f in forms) or rel.startswith("news/"), rel
        assert forms, rel
        used = [a.get("src") or a.get("href") for _, a in page.links]
        on_search = rel.endswith("search/index.html")
        on_map = rel.endswith("map/index.html") or "/regions/" in f"/{rel}"
        assert on_search == any(u.startswith(SEARCH_ASSETS) for u in used), rel
        assert on_map >= any(u.startswith(MAP_ASSETS) for u in used), rel
        checked += 1
    assert checked > 1000


@pytest.mark.build
def test_a_pagefind_failure_fails_the_build(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        build(REPO, tmp_path / "output", "http://127.0.0.1", GROUNDGAME_FEEDS=False)


# --- in the browser -------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:
    with serve(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


class Local:
    """A browser context that refuses every request outside 127.0.0.1, and lists them."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.context.set_default_timeout(10_000)
        self.refused: list[str] = []
        self.asked: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        self.asked.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def page(self):
        return self.context.new_page()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def local(browser) -> Iterator[Local]:
    made = Local(browser)
    yield made
    made.close()
    assert not made.refused, made.refused


def results(page) -> list[str]:
    page.wait_for_selector("#search[data-ready]")
    return page.locator("#search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "word", "stem"), [("en", "soldering", "solder"), ("ja", "渋谷", "渋谷"),
                                                    ("ar", "القاهرة", "القاهرة")])
def test_search_finds_the_records_that_contain_the_word(server, local, network, site, lang, word, stem) -> None:
    def contains(text: str) -> bool:  # Japanese has no spaces between words
        return word in text if lang == "ja" else word.casefold() in words(text)

    expected = {PREFIX[lang] + key for key, text in texts_in(network, lang).items() if contains(text)}
    assert expected
    page = local.page()
    page.goto(f"{server}/{PREFIX[lang]}search/?q={word}")
    found = results(page)
    assert {h.lstrip("/") for h in found} >= expected
    for href in found:
        assert stem in (site / href.lstrip("/") / "index.html").read_text("utf-8"), href
    first = page.locator("#search-results .result").first
    assert first.locator(".kind").text_content()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.browser
def test_a_facet_narrows_and_the_address_reproduces_the_results(server, local, network) -> None:
    page = local.page()
    page.goto(f"{server}/search/?q=web")
    results(page)
    total = int(page.locator("#search-results").get_attribute("data-total"))
    page.select_option('#search select[name="kind"]', "club")
    narrowed = "n => Number(document.getElementById('search-results').dataset.total) < n"
    page.wait_for_function(narrowed, arg=total)
    clubs = results(page)
    assert clubs
    assert {h.split("/")[1] for h in clubs} == {"clubs"}
    page.select_option('#search select[name="region"]', "europe")
    page.wait_for_function(narrowed, arg=len(clubs))
    european = results(page)
    assert european
    assert {h.split("/")[2] for h in european} <= {c.id for c in network.clubs.values() if c.region == "europe"}
    assert "kind=club" in page.url
    assert "region=europe" in page.url
    again = local.page()
    again.goto(page.url)
    assert results(again) == european
    assert again.locator('#search select[name="region"]').input_value() == "europe"
    assert again.locator("#search-q").input_value() == "web"


@pytest.mark.browser
def test_the_header_search_box_leads_to_results(server, local) -> None:
    page = local.page()
    page.goto(f"{server}/es/calendar/")
    page.fill("#site-q", "Tokyo")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r".*/es/search/\?q=Tokyo$"))
    assert "/es/clubs/tokyo-web-makers/" in results(page)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/map/", "/ja/map/", "/regions/europe/"])
def test_map_one_marker_per_club_each_linking_to_a_page(server, local, network, site, path) -> None:
    region = path.split("/")[2] if path.startswith("/regions/") else None
    mapped = {c.id for c in network.clubs.values() if c.location and c.location.lat is not None
              and (region is None or c.region == region)}
    assert mapped
    page = local.page()
    page.goto(f"{server}{path}")
    page.wait_for_selector(".map[data-markers]")
    hrefs = page.locator(".map").evaluate("el => el.groundgame.markers.map(m => m.getPopup().getContent().href)")
    assert len(hrefs) == len(mapped)
    prefix = "/ja" if path.startswith("/ja/") else ""
    assert sorted(urlsplit(h).path for h in hrefs) == sorted(f"{prefix}/clubs/{c}/" for c in mapped)
    for href in hrefs:
        assert (site / urlsplit(href).path.lstrip("/") / "index.html").is_file()
    assert page.locator(".leaflet-marker-icon").count() >= 1  # drawn (some in clusters)


@pytest.mark.browser
def test_map_and_list_work_with_the_tile_server_unreachable(server, browser, network) -> None:
    made = Local(browser)
    page = made.page()
    page.goto(f"{server}/map/")
    page.wait_for_selector(".map[data-markers]")
    assert not made.refused  # no tile is asked for until the visitor asks
    page.click(".maptools .tiles")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tile').length > 0")
    page.wait_for_timeout(300)
    assert made.refused
    assert {urlsplit(u).hostname for u in made.refused} == {"tile.openstreetmap.org"}
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").text_content()
    mapped = [c for c in network.clubs.values() if c.location and c.location.lat is not None]
    assert page.locator(".map").get_attribute("data-markers") == str(len(mapped))
    cards = page.locator("#map-clubs .card h3 a")
    assert cards.count() == len(mapped)
    page.keyboard.press("Tab")
    for _ in range(60):  # the list is reached by keyboard
        if page.evaluate("document.activeElement.closest('#map-clubs') !== null"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#map-clubs .card') !== null")
    made.close()


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.mark.browser
@pytest.mark.parametrize(("where", "lang"), [((48.8566, 2.3522), "en"), ((-1.2921, 36.8219), "ar")])
def test_near_me_sorts_the_list_by_distance(server, browser, network, where, lang) -> None:
    made = Local(browser, geolocation={"latitude": where[0], "longitude": where[1]}, permissions=[])
    page = made.page()
    page.goto(f"{server}/{PREFIX[lang]}map/")
    page.wait_for_selector(".nearme:not([hidden])")
    made.context.grant_permissions(["geolocation"])  # asked only now, on the click
    page.click(".nearme .near")
    page.wait_for_selector("#map-clubs .card .distance")
    order = page.locator("#map-clubs .card h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    mapped = [c for c in network.clubs.values() if c.location and c.location.lat is not None]
    expected = sorted(mapped, key=lambda c: km(where, (c.location.lat, c.location.lon)))
    assert order == [c.id for c in expected]
    assert page.locator(".near-status").text_content()
    assert not made.refused
    made.close()


@pytest.mark.browser
def test_pages_without_search_or_map_load_neither(server, local) -> None:
    page = local.page()
    page.goto(f"{server}/events/barcelona-maker-club/divendres-de-soldadura/")
    page.wait_for_load_state("networkidle")
    paths = {urlsplit(u).path for u in local.asked}
    assert not [p for p in paths if p.startswith(SEARCH_ASSETS + MAP_ASSETS)], paths
    assert paths == {"/events/barcelona-maker-club/divendres-de-soldadura/", "/theme/site.css", "/theme/site.js",
                     "/theme/favicon.svg"}


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/ar/search/?q=القاهرة", "/ar/map/", "/ja/regions/asia-pacific/"])
def test_search_and_map_hold_at_390_pixels_and_right_to_left(server, browser, path) -> None:
    made = Local(browser, viewport={"width": 390, "height": 844})
    page = made.page()
    page.goto(f"{server}{path}")
    if "search" in path:
        results(page)
        assert page.locator("#search-results .result").count() >= 1
    else:
        page.wait_for_selector(".map[data-markers]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if path.startswith("/ar/"):
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert not made.refused
    made.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile club and event of the security tests, the club with coordinates."""
    import yaml
    from conftest import BASE_FILES, Site
    from test_site_security import HOSTILE_CLUB, HOSTILE_EVENT

    root = tmp_path_factory.mktemp("hostile-search")
    site = Site(root)
    for rel, text in BASE_FILES.items():
        site.write(rel, text)
    club = {**HOSTILE_CLUB, "location": {**HOSTILE_CLUB["location"], "lat": 45.76, "lon": 4.83}}
    site.write("clubs/evil-club.yaml", yaml.safe_dump(club, allow_unicode=True))
    site.write("events/evil-club/evil-night.yaml", yaml.safe_dump(HOSTILE_EVENT, allow_unicode=True))
    build(root, root / "output", "http://127.0.0.1")
    with serve(root / "output") as address:
        yield address


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/search/?q=alert", "/fr/search/?q=img", "/search/?q=evil", "/map/"])
def test_hostile_text_stays_text_in_results_and_markers(hostile_server, local, path) -> None:
    page = local.page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_server}{path}")
    if "search" in path:
        assert results(page)
        area = "#search-results"
    else:
        page.wait_for_selector(".map[data-markers]")
        opened = page.locator(".map").evaluate(
            "el => el.groundgame.markers.filter(m => m.options.title.includes('Evil')).map(m => m.openPopup()).length")
        assert opened == 1
        area = ".leaflet-popup-content"
        assert "<script>" in page.locator(area).text_content()  # shown as text
    assert page.locator(f"{area} script, {area} img, {area} iframe").count() == 0
    assert not page.locator(f"{area} [onerror]").count()
    page.wait_for_timeout(200)
    assert not dialogs


@pytest.mark.parametrize("url", ["ftp://tiles.example/{z}/{x}/{y}.png", "https://tiles.example/tile.png",
                                 "javascript:x"])
def test_a_bad_tile_address_is_a_usage_error(url) -> None:
    from groundgame.config import from_settings
    from groundgame.problems import UsageError

    with pytest.raises(UsageError, match="GROUNDGAME_TILE_URL must be an http"):
        from_settings({"GROUNDGAME_TILE_URL": url})


@pytest.mark.build
def test_the_tile_address_and_attribution_are_settings(tmp_path) -> None:
    out = tmp_path / "output"
    build(REPO, out, "http://127.0.0.1", GROUNDGAME_FEEDS=False, GROUNDGAME_SEARCH=False,
          GROUNDGAME_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
          GROUNDGAME_TILE_ATTRIBUTION="© Example <b>maps</b>")
    page = Page((out / "es/map/index.html").read_text("utf-8"))
    box = page.find("div", **{"class": "mapbox"})[0]
    assert box["data-tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert box["data-attribution"] == "© Example <b>maps</b>"  # escaped in the page, shown as text by map.js
    assert "tiles.example.org" in (out / "es/map/index.html").read_text("utf-8")
    assert not (out / "pagefind").exists()


@pytest.mark.browser
def test_results_and_markers_follow_a_sub_path(tmp_path, browser) -> None:
    build(REPO, tmp_path / "clubs", "http://127.0.0.1/clubs", GROUNDGAME_FEEDS=False)  # as on project pages
    with serve(tmp_path) as address:
        made = Local(browser)
        try:
            page = made.page()
            page.goto(f"{address}/clubs/ja/search/?q=渋谷")
            found = results(page)
            assert "/clubs/ja/clubs/tokyo-web-makers/" in found
            assert all((tmp_path / h.lstrip("/") / "index.html").is_file() for h in found)
            page.goto(f"{address}/clubs/map/")
            page.wait_for_selector(".map[data-markers]")
            assert page.locator(".leaflet-marker-icon").first.is_visible()
            assert not made.refused
        finally:
            made.close()


# A word of the page furniture in each UI language (from its catalog's "calendar" strings), and a
# word of many records' own text. Were the furniture indexed, the first would match nearly every
# record page, with the furniture as its excerpt.
FURNITURE_WORD = {"en": "calendar", "es": "calendario", "fr": "calendrier", "pt-BR": "calendário",
                  "id": "kalender", "ja": "カレンダー", "ar": "التقويم"}
CONTENT_WORD = {"en": "web", "es": "web", "fr": "web", "pt-BR": "web", "id": "web", "ja": "ウェブ", "ar": "الويب"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_search_excerpts_in_every_language_hold_no_page_furniture(server, local, lang) -> None:
    """#15: what a visitor reads under each result is the record's own text, in every UI language."""
    from test_search_results import FURNITURE

    from groundgame.i18n import gettext

    furniture = [gettext(lang, phrase) for phrase in FURNITURE]
    assert any(FURNITURE_WORD[lang].casefold() in phrase.casefold() for phrase in furniture), lang
    seen = 0
    for query in (CONTENT_WORD[lang], FURNITURE_WORD[lang]):
        page = local.page()
        page.goto(f"{server}/{PREFIX[lang]}search/?q={query}")
        results(page)
        excerpts = page.locator("#search-results .result .excerpt").all_inner_texts()
        if query == CONTENT_WORD[lang]:
            assert len(excerpts) >= 3, (lang, query)
        for excerpt in excerpts:
            text = " ".join(excerpt.replace("\u200b", "").split())
            assert not [p for p in furniture if p.rstrip(":").casefold() in text.casefold()], (lang, query, text)
        seen += len(excerpts)
        page.close()
    assert seen
