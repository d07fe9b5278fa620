"""Flyers and embeds (#16), read by their real consumers: Chromium prints each flyer to a PDF,
pypdf counts its pages, pypdfium2 draws the page and zxing-cpp reads its QR code; the embed is
shown by Chromium inside an iframe of a page on another origin.

One build of the sample network, with a club and an event of hostile names added (the longest
title and summary the schemas allow). Expected dates are written from the YAML with CLDR's
month names spelled out here, not with the site's i18n functions.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browserkit import chromium, serve
from sitebuild import EPOCH, REPO, build

pytestmark = [pytest.mark.build, pytest.mark.browser]

SITE_URL = "https://example.org/clubs"
NOW = datetime.fromtimestamp(int(EPOCH)).date()
LANGUAGES = ("en", "es", "fr", "pt-BR", "id", "ja", "ar")
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")
HOSTILE_NAME = '<script>alert("club")</script> & "Quotes" </textarea><b>bold</b>'
HOSTILE_TITLE = ('<img src=x onerror=alert(1)> ' + "Une très longue soirée d'ateliers " * 6)[:200]
HOSTILE_CLUB = f"""\
name: {json.dumps(HOSTILE_NAME)}
summary: A club whose name tries to break out of every context it is written in.
languages: [en]
region: europe
location: {{city: Lyon, country: FR}}
timezone: Europe/Paris
leaders:
  - {{name: Eve, github: eve-test}}
status: active
"""
HOSTILE_EVENT = f"""\
title: {json.dumps(HOSTILE_TITLE)}
summary: {json.dumps(("Un résumé qui prend toute la place permise, " * 30)[:1000].strip())}
start: 2027-03-01T18:00
end: 2027-03-01T20:00
venue:
  name: {json.dumps(("Salle des fêtes de la Croix-Rousse " * 8)[:200].strip())}
  address: {json.dumps(("12 montée de la Grande-Côte " * 6)[:160].strip())}
  city: Lyon
  country: FR
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("flyer")
    shutil.copytree(REPO / "content", root / "content")
    (root / "content/clubs/hostile-club.yaml").write_text(HOSTILE_CLUB, "utf-8")
    (root / "content/events/hostile-club").mkdir()
    (root / "content/events/hostile-club/longest.yaml").write_text(HOSTILE_EVENT, "utf-8")
    # served under /clubs/, as SITE_URL's path says
    build(root, root / "www" / "clubs", SITE_URL, GROUNDGAME_SEARCH=False, GROUNDGAME_FEEDS=False)  # pages only
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site / "www") as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def read(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text("utf-8"))


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang.lower()}/"


def club_language(club_id: str) -> str:
    return read(REPO / f"content/clubs/{club_id}.yaml")["languages"][0]


def printed(browser, url: str, paper: str) -> tuple[bytes, list[str]]:  # type: ignore[no-untyped-def]
    """The page at ``url`` printed by Chromium on ``paper``, and every address it requested."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format=paper)
    page.close()
    return pdf, requests


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def qr_texts(pdf: bytes) -> list[str]:
    """What zxing-cpp reads in the QR codes of the PDF's first page, drawn at about 220 dpi."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


FLYERS = [  # (event, the UI language of its one flyer: its club's first language)
    ("paris-atelier-du-web/atelier-mensuel", "fr"),  # a series
    ("cairo-web-club/halaqat-dirasa", "ar"),  # a series, right to left
    ("tokyo-web-makers/a11y-talk", "ja"),  # a one-off evening
    ("hostile-club/longest", "en"),  # the longest texts allowed
]


@pytest.mark.parametrize(("event_id", "lang"), FLYERS)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_flyer_prints_on_one_page_with_a_qr_code_to_the_event(site, server, browser, event_id, lang, paper) -> None:
    url = f"{server}/clubs/{prefix(lang)}events/{event_id}/flyer/"
    pdf, requests = printed(browser, url, paper)
    assert pdf_pages(pdf) == 1
    club = event_id.split("/")[0]
    club_lang = "en" if club == "hostile-club" else club_language(club)
    assert qr_texts(pdf) == [f"{SITE_URL}/{prefix(club_lang)}events/{event_id}/"]
    origin = urlsplit(server).netloc
    assert requests
    assert all(urlsplit(r).netloc == origin or r.startswith("data:") for r in requests), requests


def flyer_text(browser, server: str, event_id: str, lang: str, selector: str) -> str:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/clubs/{prefix(lang)}events/{event_id}/flyer/")
    text = page.locator(selector).inner_text()
    page.close()
    return str(text)


def test_series_flyer_dates_are_in_the_clubs_french(site, server, browser) -> None:
    event = read(REPO / "content/events/paris-atelier-du-web/atelier-mensuel.yaml")
    # the meeting of 9 December is moved to the 16th (its change), so it is the next after "now"
    moved = datetime.fromisoformat(event["repeat"]["changes"]["2026-12-09"]["start"])
    assert moved.date() > NOW
    text = flyer_text(browser, server, "paris-atelier-du-web/atelier-mensuel", "fr", ".when")
    assert f"{moved.day} {FRENCH_MONTHS[moved.month - 1]} {moved.year}" in text
    assert "deuxième mercredi" in text  # the rule (2nd wednesday), in French
    assert "heure normale d’Europe centrale" in text  # CLDR's French name of the zone in winter
    assert "December" not in text


def test_one_off_flyer_date_is_in_the_clubs_japanese(site, server, browser) -> None:
    event = read(REPO / "content/events/tokyo-web-makers/a11y-talk.yaml")
    start = datetime.fromisoformat(event["start"]) if isinstance(event["start"], str) else event["start"]
    text = flyer_text(browser, server, "tokyo-web-makers/a11y-talk", "ja", ".when")
    assert f"{start.year}年{start.month}月{start.day}日" in text
    assert "日本標準時" in text  # Japan Standard Time, in Japanese


class Links(HTMLParser):
    """The ``<a>`` of a page, with ``<base target>`` and ``<meta name=robots>``."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.base_target: str | None = None
        self.robots = ""
        self.html: dict[str, str | None] = {}
        self.pagefind = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if any(a.startswith("data-pagefind-body") for a in found):
            self.pagefind = True
        if tag == "a":
            self.links.append(found)
        elif tag == "base":
            self.base_target = found.get("target")
        elif tag == "meta" and found.get("name") == "robots":
            self.robots = found.get("content") or ""
        elif tag == "html":
            self.html = found


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_one_flyer_an_event_embeds_in_every_language_unindexed_and_outside_the_sitemap(site) -> None:
    out = site / "www/clubs"
    sitemaps = " ".join(p.read_text("utf-8") for p in [out / "sitemap.xml", *out.glob("sitemaps/*.xml")])
    assert "/events/paris-atelier-du-web/atelier-mensuel/" in sitemaps
    assert "/flyer/" not in sitemaps
    assert "/embed/" not in sitemaps
    flyer = out / "fr/events/paris-atelier-du-web/atelier-mensuel/flyer/index.html"  # the club writes French
    found = parse(flyer)
    assert found.robots == "noindex"
    assert not found.pagefind
    assert found.html == {"lang": "fr", "dir": "ltr"}
    for lang in LANGUAGES:
        if lang != "fr":
            assert not (out / prefix(lang) / "events/paris-atelier-du-web/atelier-mensuel/flyer").exists(), lang
        embed = out / prefix(lang) / "clubs/cairo-web-club/embed/index.html"
        found = parse(embed)
        assert found.robots == "noindex", embed
        assert not found.pagefind, embed
        assert found.html == {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}, embed
        event_page = (out / prefix(lang) / "events/paris-atelier-du-web/atelier-mensuel/index.html").read_text("utf-8")
        assert 'href="/clubs/fr/events/paris-atelier-du-web/atelier-mensuel/flyer/"' in event_page


def upcoming_titles(club_id: str) -> set[str]:
    """The English (else first) titles of the events the club hosts or agrees to co-host with a day
    from "now" on, from the YAML: a one-off's last day, a series' last meeting (dateutil's rrule)."""
    from dateutil import rrule

    found = set()
    club = read(REPO / f"content/clubs/{club_id}.yaml")
    for path in (REPO / "content/events").glob("*/*.yaml"):  # its own, and those it agrees to co-host
        event = read(path)
        start = event["start"]
        start = datetime.fromisoformat(start) if isinstance(start, str) else datetime.combine(start, time())
        last = event.get("end") or event["start"]
        last = datetime.fromisoformat(last).date() if isinstance(last, str) else last
        repeat = event.get("repeat")
        if repeat:
            freq = {"day": rrule.DAILY, "week": rrule.WEEKLY, "month": rrule.MONTHLY, "year": rrule.YEARLY}
            days = [getattr(rrule, d.split()[-1][:2].upper())(int(d.split()[0][0]) if " " in d else None)
                    for d in repeat.get("on", [])] or None
            until = repeat.get("until")
            rule = rrule.rrule(freq[repeat["every"]], dtstart=start, interval=repeat.get("interval", 1),
                               byweekday=days, count=repeat.get("count"),
                               until=datetime.combine(until, datetime.max.time()) if until else None)
            last = list(rule)[-1].date()
        host = path.parent.name
        agreed = host == club_id or (club_id in event.get("cohosts", ()) and (
            {host, f"{host}/{path.stem}"} & set(club.get("cohosting", ()))))
        if agreed and last >= NOW and event.get("status") != "cancelled":
            title = event["title"]
            found.add(title if isinstance(title, str) else title.get("en") or next(iter(title.values())))
    return found


def host_page(folder: Path, snippet: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A club\'s own site</title>'
        f'</head><body><h1>Our club</h1>{snippet}</body></html>', "utf-8")


def snippet_of(browser, server: str, club_id: str) -> str:  # type: ignore[no-untyped-def]
    """The code a visitor copies from the club's page (the textarea's value, as Chromium reads it)."""
    page = browser.new_page()
    page.goto(f"{server}/clubs/clubs/{club_id}/")
    page.locator(".embed-snippet summary").click()
    code = page.locator(".embed-snippet textarea").input_value()
    page.close()
    return str(code).replace(SITE_URL, f"{server}/clubs")  # the site is served here, not at example.org


@pytest.mark.parametrize("club_id", ["paris-atelier-du-web", "hostile-club"])
def test_embed_on_another_origin_shows_the_clubs_upcoming_events(site, server, browser, tmp_path, club_id) -> None:
    code = snippet_of(browser, server, club_id)
    assert code.startswith("<iframe ")
    assert 'loading="lazy"' in code
    host_page(tmp_path / "host", code)
    with serve(tmp_path / "host") as host:
        assert urlsplit(host).netloc != urlsplit(server).netloc  # another origin (another port)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{host}/")
        frame_element = page.locator("iframe")
        frame_element.scroll_into_view_if_needed()
        frame = frame_element.element_handle().content_frame()
        frame.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")
        titles = frame.locator("li > a").all_inner_texts()
        links = frame.eval_on_selector_all("a", "els => els.map(a => [a.href, a.target, a.rel])")
        name = frame.locator("h1").inner_text()
        fits = frame.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        box = frame_element.bounding_box()
        iframe_title = frame_element.get_attribute("title")
        host_scripts = page.locator("script").count()
        frame_scripts = frame.locator("script").count()
        page.close()
    assert requests[0] == f"{host}/"
    assert all(urlsplit(r).netloc == urlsplit(server).netloc for r in requests[1:]), requests  # the embed only
    assert any(r.startswith(f"{server}/clubs/clubs/{club_id}/embed/") for r in requests)
    assert set(titles) == (upcoming_titles(club_id) if club_id != "hostile-club" else {HOSTILE_TITLE.strip()})
    assert len(titles) == len(set(titles))
    assert links
    assert all(target == "_blank" and "noopener" in rel for _, target, rel in links), links
    assert all(href.startswith(SITE_URL) for href, _, _ in links), links
    assert box is not None
    assert fits
    assert 300 <= box["width"] <= 400
    if club_id == "hostile-club":
        assert name == HOSTILE_NAME  # text, not markup
        assert iframe_title == f"Upcoming events of {HOSTILE_NAME}"
        assert host_scripts == 0
        assert frame_scripts == 0
        assert not dialogs


def test_embed_is_one_file_in_the_page_language_and_the_snippet_escapes_the_name(site) -> None:
    out = site / "www/clubs"
    arabic = (out / "ar/clubs/cairo-web-club/embed/index.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert re.search(r'<meta name="robots" content="noindex">', arabic)
    assert "<script" not in arabic
    assert "stylesheet" not in arabic
    snippet = (out / "clubs/hostile-club/index.html").read_text("utf-8")
    assert "<script>alert" not in snippet
    assert "</textarea><b>" not in snippet
