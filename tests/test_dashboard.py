"""The network dashboard (#16): its figures, counted by hand from a small tree; its charts in Chromium,
which must say what ``api/v1/dashboard.json`` says, in every language and right to left in Arabic;
and the JSON-LD ``offers`` and ``maximumAttendeeCapacity`` of event pages, against what the YAML says.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import yaml
from browserkit import chromium, serve
from conftest import Site
from sitebuild import EPOCH, REPO, build

from groundgame.content.network import load_network
from groundgame.feeds.figures import Figures
from groundgame.model.records import Localized
from groundgame.model.schedule import Schedule
from groundgame.site.charts import LABEL_CHARS, WIDTH, Chart, Series, bar_chart
from groundgame.site.offers import price_of

NOW = datetime.fromtimestamp(int(EPOCH), UTC)  # 2026-12-01T00:00Z, as the site tests build

EXTRA = {
    "clubs/lima-club.yaml": """
        name: Club de Lima
        summary: Aprendemos juntos.
        languages: [es]
        region: latin-america
        timezone: America/Lima
        location: {city: Lima, country: PE}
        leaders:
          - {name: Rosa, github: rosa-pe}
        status: dormant
        founded: 2025-05-01
    """,
    "events/sao-paulo-lab/oficina.yaml": """
        title: Oficina de HTML
        start: 2026-03-10T19:00
        end: 2026-03-10T21:00
        venue: {name: Biblioteca}
        report: Vieram 20 pessoas.
    """,
    "events/paris-web/old.yaml": """
        title: {fr: Atelier d'octobre}
        start: 2026-10-05T19:00
        end: 2026-10-05T21:00
        venue: {name: Bibliothèque}
    """,
    "events/paris-web/called-off.yaml": """
        title: {fr: Annulé}
        start: 2026-11-10T19:00
        end: 2026-11-10T21:00
        venue: {name: Bibliothèque}
        status: cancelled
    """,
    "events/paris-web/maker.yaml": """
        title: {fr: Maker Party Paris}
        start: 2027-07-10T14:00
        end: 2027-07-10T18:00
        venue: {name: Bibliothèque}
        campaign: maker-party
    """,
}


@pytest.fixture
def figures(site: Site) -> Figures:
    for rel, text in EXTRA.items():
        site.write(rel, text)
    site.write("clubs/paris-web.yaml", site.path("clubs/paris-web.yaml").read_text("utf-8") + "founded: 2026-11-15\n")
    outcome = load_network(site.root)
    assert outcome.ok, outcome.errors
    return Figures.of(outcome.network, Schedule.of(outcome.network), NOW)  # no git history: ``founded`` dates


def tuesdays(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)
            if (first + timedelta(days=n)).weekday() == 1]


def test_meetings_per_month_count_each_meeting_of_a_series_and_leave_out_cancelled_ones(figures) -> None:
    months = [(2026, m) for m in range(1, 13)] + [(2027, 1), (2027, 2), (2027, 3)]  # 12 back, 3 ahead
    assert list(figures.months) == months
    weekly = [d for d in tuesdays(date(2026, 12, 1), date(2027, 3, 30)) if d != date(2026, 12, 29)]  # except
    europe = {month: sum(1 for d in weekly if (d.year, d.month) == month) for month in months}
    europe[(2026, 12)] += 1  # the soirée, 8 December
    europe[(2026, 10)] += 1  # October's workshop; November's is cancelled, July's Maker Party is outside
    assert figures.meetings["europe"] == tuple(europe[m] for m in months)
    assert europe[(2027, 1)] == 4  # the 5 January meeting moved to the 6th: still January, counted once
    latin = tuple(1 if m == (2026, 3) else 0 for m in months)
    assert figures.meetings["latin-america"] == latin
    assert figures.meetings_total() == tuple(a + b for a, b in zip(figures.meetings["europe"], latin, strict=True))


def test_clubs_are_active_quiet_or_dormant_by_the_stale_reports_rule(figures) -> None:
    # Paris meets until March 2027: active. São Paulo last met on 10 March 2026, before 1 June 2026
    # (six months before now): quiet. Lima says it is dormant.
    assert figures.quiet_since == date(2026, 6, 1)
    assert (figures.clubs["europe"].active, figures.clubs["europe"].quiet, figures.clubs["europe"].dormant) == (1, 0, 0)
    latin = figures.clubs["latin-america"]
    assert (latin.active, latin.quiet, latin.dormant) == (0, 1, 1)


def test_new_clubs_per_quarter_from_founded_without_a_history(figures) -> None:
    found = figures.new_clubs
    assert found.quarters == tuple((y, q) for y in (2025, 2026) for q in (1, 2, 3, 4))
    assert found.counts == (0, 1, 0, 0, 0, 0, 0, 1)  # Lima in 2025-Q2, Paris in 2026-Q4
    assert (found.from_git, found.from_founded, found.unknown) == (0, 2, 1)  # São Paulo gives no date


def test_past_events_with_and_without_a_report(figures) -> None:
    assert figures.reports_since == date(2026, 1, 1)
    europe, latin = figures.reports["europe"], figures.reports["latin-america"]
    assert (europe.with_report, europe.without_report) == (0, 1)  # October's; the cancelled one is left out
    assert (latin.with_report, latin.without_report) == (1, 0)


def test_campaign_participation_by_region(figures) -> None:
    (campaign,) = figures.campaigns
    assert campaign.id == "maker-party"
    assert (campaign.by_region["europe"].clubs, campaign.by_region["europe"].events) == (1, 1)
    assert (campaign.by_region["latin-america"].clubs, campaign.by_region["latin-america"].events) == (0, 0)


@pytest.mark.parametrize(("cost", "price"), [
    ("Free", ("0", "")), ("gratuit", ("0", "")), ("Gratis!", ("0", "")), ("無料", ("0", "")),
    ("5 EUR", ("5", "EUR")), ("EUR 5", ("5", "EUR")), ("€5", ("5", "EUR")), ("5,50 €", ("5.50", "EUR")),
    ("R$ 20", ("20", "BRL")), ("500円", ("500", "JPY")), ("12.5 usd", ("12.50", "USD")),
    ("$10", None), ("¥500", None), ("1.000 EUR", None), ("5 XYZ", None), ("Free, lunch provided", None),
    ("8 EUR (materiales incluidos; gratis si no puedes pagarlo)", None), ("", None),
])
def test_a_cost_gives_a_price_only_where_it_says_so_plainly(cost: str, price) -> None:
    found = price_of(Localized.of(cost, "en"))
    assert (None if found is None else (found.amount, found.currency)) == price


def test_every_language_of_a_cost_must_agree() -> None:
    assert price_of(Localized({"fr": "Gratuit", "en": "Free"}, "fr")) is not None
    assert price_of(Localized({"fr": "5 EUR", "en": "Free"}, "fr")) is None
    assert price_of(Localized({"fr": "Gratuit", "en": "Free for members"}, "fr")) is None


# --- the built sample site in Chromium -------------------------------------------------------

@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard") / "output"
    build(REPO, folder, "http://127.0.0.1", GROUNDGAME_SEARCH=False)  # root-relative links; no search index
    return folder


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[str]:
    with serve(out) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def api(out: Path) -> dict:
    return json.loads((out / "api/v1/dashboard.json").read_bytes())


def expected_bars(api: dict) -> dict[str, dict[tuple[str, str], int]]:
    """Chart id → (series, category) → value, as the API says."""
    found: dict[str, dict[tuple[str, str], int]] = {}
    months = api["meetings_per_month"]["months"]
    for row in api["meetings_per_month"]["by_region"]:
        found[f"meetings-{row['region']}"] = {("meetings", m): n for m, n in zip(months, row["counts"], strict=True)}
    found["clubs"] = {(k, row["region"]): row[k] for row in api["clubs"]["by_region"]
                      for k in ("active", "quiet", "dormant")}
    found["new-clubs"] = {("new", q): n for q, n in zip(api["new_clubs"]["quarters"], api["new_clubs"]["counts"],
                                                       strict=True)}
    found["reports"] = {(k, row["region"]): row[k] for row in api["reports"]["by_region"]
                        for k in ("with_report", "without_report")}
    for campaign in api["campaigns"]:
        found[f"campaign-{campaign['id']}"] = {(k, row["region"]): row[k] for row in campaign["by_region"]
                                               for k in ("clubs", "events")}
    return found


def expected_tables(api: dict) -> dict[str, list[list[int]]]:
    """The first chart's id of each data table → its rows of numbers, as the API says."""
    regions = [r["id"] for r in api["regions"]]
    meetings = api["meetings_per_month"]
    by_region = {row["region"]: row["counts"] for row in meetings["by_region"]}
    found = {f"meetings-{regions[0]}": [[by_region[r][i] for r in regions] + [meetings["total"][i]]
                                        for i in range(len(meetings["months"]))],
             "clubs": [[row[k] for k in ("active", "quiet", "dormant")] for row in api["clubs"]["by_region"]],
             "new-clubs": [[n] for n in api["new_clubs"]["counts"]],
             "reports": [[row[k] for k in ("with_report", "without_report")] for row in api["reports"]["by_region"]]}
    for campaign in api["campaigns"]:
        found[f"campaign-{campaign['id']}"] = [[row["clubs"], row["events"]] for row in campaign["by_region"]]
    return found


READ_CHARTS = """() => Array.from(document.querySelectorAll('svg.chart')).map(svg => ({
  id: svg.id, role: svg.getAttribute('role'), labelledby: svg.getAttribute('aria-labelledby'),
  title: svg.querySelector(':scope > title')?.textContent, desc: svg.querySelector(':scope > desc')?.textContent,
  direction: getComputedStyle(svg).direction,
  bars: Array.from(svg.querySelectorAll('rect.bar[data-series]')).map(r => ({
    series: r.dataset.series, category: r.dataset.category, value: r.dataset.value,
    tip: r.querySelector('title')?.textContent, x: r.getBBox().x})),
  values: Array.from(svg.querySelectorAll('text.value')).map(t => t.textContent),
  next: (svg.closest('.charts') || svg).parentElement.querySelector('table.data')?.dataset.chart}))"""

READ_TABLES = """() => Array.from(document.querySelectorAll('table.data')).map(t => ({
  chart: t.dataset.chart, caption: t.caption?.textContent,
  scopes: Array.from(t.querySelectorAll('th')).map(th => th.getAttribute('scope')),
  rows: Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).slice(1).map(c => c.textContent))}))"""


def number(text: str) -> int:
    digits = re.sub(r"[^\d]", "", text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    assert digits, text
    return int(digits)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("lang", ["", "ja/", "ar/"])
def test_every_chart_and_table_says_what_the_api_says(server, browser, api, lang: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/{lang}dashboard/")
    charts = page.evaluate(READ_CHARTS)
    tables = page.evaluate(READ_TABLES)
    page.close()
    bars, rows = expected_bars(api), expected_tables(api)
    assert sorted(c["id"] for c in charts) == sorted(bars)
    assert sum(sum(v.values()) for v in bars.values()) > 50  # the sample network has figures to draw
    for chart in charts:
        assert chart["role"] == "img"
        assert chart["title"]
        assert chart["desc"]
        assert chart["labelledby"] == f"{chart['id']}-title {chart['id']}-desc"
        drawn = {(b["series"], b["category"]): int(b["value"]) for b in chart["bars"]}
        assert drawn == bars[chart["id"]], chart["id"]
        assert all(b["tip"] for b in chart["bars"])
        assert sorted(number(v) for v in chart["values"]) == sorted(drawn.values())  # visible labels
        assert chart["next"] in rows  # a data table follows the chart
        assert chart["direction"] == ("rtl" if lang == "ar/" else "ltr")
    assert sorted(t["chart"] for t in tables) == sorted(rows)
    for table in tables:
        assert table["caption"]
        assert set(table["scopes"]) == {"col", "row"}
        assert [[number(c) for c in row] for row in table["rows"]] == rows[table["chart"]], table["chart"]
    first = next(c for c in charts if c["id"].startswith("meetings-"))
    x = {b["category"]: b["x"] for b in first["bars"]}
    months = api["meetings_per_month"]["months"]
    assert (x[months[0]] > x[months[-1]]) == (lang == "ar/")  # time runs from the right in Arabic


class Texts(HTMLParser):
    """The text of ``<main>`` outside elements marked as another language (``lang``) and ``<code>``."""

    VOID: ClassVar = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "rect", "circle", "line", "path"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.stack: list[tuple[bool, bool]] = []  # (inside <main>, inside another language)
        self.texts: list[str] = []
        self.foreign: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        values = dict(attrs)
        in_main, foreign = self.stack[-1] if self.stack else (False, False)
        marked = tag == "code" or ("lang" in values and not values["lang"].startswith(self.lang))
        self.stack.append((in_main or tag == "main", foreign or marked))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        in_main, foreign = self.stack[-1] if self.stack else (False, False)
        if in_main and data.strip():
            (self.foreign if foreign else self.texts).append(data.strip())


@pytest.mark.build
def test_the_arabic_dashboard_is_right_to_left_with_no_english(out: Path) -> None:
    html = (out / "ar/dashboard/index.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    found = Texts("ar")
    found.feed(html)
    assert len(found.texts) > 100
    names = sorted(set(found.foreign), key=len, reverse=True)  # record names that fell back, marked
    latin = []
    for text in found.texts:
        for name in names:
            text = text.replace(name, "")
        if re.search(r"[A-Za-z]", text):
            latin.append(text)
    assert latin == []


# --- JSON-LD of event pages -------------------------------------------------------------------

FREE = {"free", "gratuit", "gratis", "gratuito", "bure", "無料", "مجانًا"}  # the sample's words for free
CURRENCY = {"FR": "EUR", "ES": "EUR", "AU": "AUD", "KE": "KES", "EG": "EGP", "BR": "BRL", "JP": "JPY",
            "MX": "MXN", "AR": "ARS", "US": "USD", "ZA": "ZAR", "ID": "IDR"}


def ends(record: dict, zone: ZoneInfo) -> datetime:
    """When a one-off event ends, read from its YAML: a timed end (or start plus two hours), or the
    midnight after an all-day event's last day."""
    end, start = str(record.get("end") or ""), str(record["start"])
    if "T" in start:
        return datetime.fromisoformat(end).replace(tzinfo=zone) if end else \
            datetime.fromisoformat(start).replace(tzinfo=zone) + timedelta(hours=2)
    return datetime.combine(date.fromisoformat(end or start) + timedelta(days=1), time(), zone)


def event_ld(out: Path, event_id: str) -> list[dict]:
    html = (out / "events" / event_id / "index.html").read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = []
    for block in blocks:
        data = json.loads(block)
        found += [d for d in (data if isinstance(data, list) else [data]) if d.get("@type") == "Event"]
    return found


@pytest.mark.build
def test_json_ld_offers_and_capacity_say_what_the_yaml_says(out: Path) -> None:
    """schema.org and Google's event guidance: ``offers`` is an ``Offer`` with ``url``; a free event's
    ``price`` is "0" with an ISO 4217 ``priceCurrency`` (and ``isAccessibleForFree``); ``availability``
    an ItemAvailability URL; ``validThrough`` an ISO 8601 instant; ``maximumAttendeeCapacity`` an integer."""
    checked = free = capacities = 0
    clubs = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (REPO / "content/clubs").glob("*.yaml")}
    for path in sorted((REPO / "content/events").glob("*/*.yaml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        if "repeat" in record:
            continue  # a series' meetings may each change registration; one-offs say it once
        event_id = f"{path.parent.name}/{path.stem}"
        (ld,) = event_ld(out, event_id)
        registration, cost = record.get("registration") or {}, record.get("cost")
        club = clubs[path.parent.name]
        venue = record.get("venue")
        country = venue.get("country") if venue else (
            None if record.get("online") else (club.get("location") or {}).get("country"))
        zone = ZoneInfo(record.get("timezone") or club["timezone"])
        texts = [cost] if isinstance(cost, str) else list((cost or {}).values())
        plain_free = bool(texts) and all(t.strip().casefold() in FREE for t in texts)  # every language says so
        if not registration.get("url") and not plain_free:
            assert "offers" not in ld, event_id
            continue
        offer = ld["offers"]
        assert offer["@type"] == "Offer"
        assert offer["url"] == registration.get("url", f"http://127.0.0.1/events/{event_id}/")
        if plain_free:
            assert offer["price"] == "0"
            assert ld["isAccessibleForFree"] is True
            assert offer.get("priceCurrency") == CURRENCY.get(country), event_id
            free += 1
        else:
            assert "price" not in offer, event_id
            assert "isAccessibleForFree" not in ld, event_id
        closes = None
        if registration.get("deadline"):
            closes = datetime.combine(registration["deadline"] + timedelta(days=1), time(), zone)  # after that day
            assert datetime.fromisoformat(offer["validThrough"]) == closes
        is_open = (bool(registration.get("url")) and record.get("status", "scheduled") == "scheduled"
                   and (closes is None or closes > NOW) and ends(record, zone) > NOW)
        assert offer.get("availability") == ("https://schema.org/InStock" if is_open else None), event_id
        if registration.get("capacity"):
            assert ld["maximumAttendeeCapacity"] == registration["capacity"]
            capacities += 1
        else:
            assert "maximumAttendeeCapacity" not in ld
        checked += 1
    assert checked > 10
    assert free > 5
    assert capacities > 5


# --- the charts, read back by an XML parser ----------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chart_escapes_and_bounds_what_organizers_write() -> None:
    hostile = '</text><script>alert(1)</script>' + "x" * 5000
    chart = Chart("c", "Title <b>", "Desc &", tuple(f"r{n}" for n in range(40)), (hostile,) * 40,
                  (Series("a", "A", tuple(range(40))), Series("b", "B", (10**9,) * 40)))
    svg = ET.fromstring(str(bar_chart(chart)))  # well-formed XML
    assert not list(svg.iter(f"{SVG}script"))
    labels = [t.text for t in svg.iter(f"{SVG}text") if "label" in t.get("class", "") and t.text != "A"
              and t.text != "B"]
    assert len(labels) == 40
    assert all(len(label) == LABEL_CHARS and label.startswith("</text><script>") for label in labels)
    assert svg.find(f"{SVG}title").text == "Title <b>"
    assert int(svg.get("width")) == WIDTH
    assert int(svg.get("height")) < 40 * 60  # grows with the rows only
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("data-value")]
    assert max(widths) <= WIDTH  # the largest value fills the plot, no more
