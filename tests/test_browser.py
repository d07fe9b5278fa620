"""The built site in headless Chromium (Debian's, driven by Playwright; no browser download)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browserkit import chromium, serve
from sitebuild import REPO, build

from groundgame.content.network import load_network

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "output"
    build(REPO, out, "http://127.0.0.1")  # served from the domain's root; links are root-relative
    with serve(out) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def network():
    return load_network(REPO).network


def visible_cards(page) -> int:
    return page.locator("#club-list .card:visible").count()


def test_language_switcher_keeps_the_page(server, browser) -> None:
    page = browser.new_page()
    page.goto(f"{server}/clubs/tokyo-web-makers/")
    page.locator('nav.langs a[hreflang="es"]').click()
    page.wait_for_url(f"{server}/es/clubs/tokyo-web-makers/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator('nav.langs a[hreflang="ar"]').click()
    page.wait_for_url(f"{server}/ar/clubs/tokyo-web-makers/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.close()


def test_directory_filters_with_javascript(server, browser, network) -> None:
    page = browser.new_page()
    page.goto(f"{server}/clubs/?topic=web-literacy")
    expected = sum(1 for c in network.clubs.values() if "web-literacy" in c.topics)
    assert 0 < expected < len(network.clubs)
    assert page.locator("#filters").is_visible()
    assert not page.locator("#facet-links").is_visible()
    assert visible_cards(page) == expected
    page.select_option('#filters select[name="region"]', "europe")
    both = sum(1 for c in network.clubs.values() if "web-literacy" in c.topics and c.region == "europe")
    assert visible_cards(page) == both
    assert "topic=web-literacy" in page.url
    assert "region=europe" in page.url
    page.select_option('#filters select[name="topic"]', "")
    page.select_option('#filters select[name="region"]', "")
    assert visible_cards(page) == len(network.clubs)
    page.close()


def test_directory_filters_without_javascript(server, browser, network) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/clubs/")
    assert not page.locator("#filters").is_visible()
    page.locator("#facet-links summary").click()
    page.locator('#facet-links a[href="/clubs/country/fr/"]').click()
    page.wait_for_url(f"{server}/clubs/country/fr/")
    expected = sorted(c.id for c in network.clubs.values() if c.location and c.location.country == "FR")
    shown = sorted(h.split("/")[-2] for h in page.locator("#club-list .card h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"))
    assert shown == expected
    context.close()


def test_online_event_in_the_visitors_time_zone(server, browser) -> None:
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/events/open-leaders-online/leaders-call/")
    output = page.locator(".yourtime output")
    output.wait_for()
    assert page.locator(".yourtime").is_visible()
    start = page.locator(".yourtime").get_attribute("data-start")
    tokyo = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Tokyo"))
    text = output.text_content()
    assert "Japan Standard Time" in text
    assert f"{tokyo:%B} {tokyo.day}" in text
    hour = tokyo.hour % 12 or 12
    assert f"{hour}:{tokyo:%M}" in text
    assert output.get_attribute("data-zone") == "Asia/Tokyo"
    context.close()


@pytest.mark.parametrize("path", [
    "/", "/clubs/", "/clubs/barcelona-maker-club/", "/events/barcelona-maker-club/divendres-de-soldadura/",
    "/ar/", "/ar/clubs/", "/ar/events/cairo-web-club/halaqat-dirasa/", "/ja/calendar/",
])
def test_layout_holds_at_390_pixels(server, browser, path: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if path.startswith("/ar/"):
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    page.close()
