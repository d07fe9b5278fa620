"""Feeds in each record's own language, their UI-language variants, the links pages give to them
(webcal, https, Google Calendar, Outlook, "add this event"), and `groundgame export` writing the
same calendar bytes as the site build. One Pelican build of the feed tests' network (with a
hostile event) and one export of the same tree; assertions on parsed iCalendar and parsed HTML.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from feedkit import CONFIG, check_feed, commit_all, load, network_repo
from icalendar import Calendar
from pelican import Pelican
from pelican.settings import read_settings
from sitebuild import EPOCH, REPO

from groundgame import cli, urls
from groundgame.model.records import Event, Localized

# Every test reads the site and feeds that the module's fixture builds with Pelican.
pytestmark = pytest.mark.build

SITE_NAME = "Parity Clubs"
SITE_URL = CONFIG.site_url  # https://clubs.example.org/network: the UIDs feedkit's checks expect
LANGS = CONFIG.languages
PREFIX = {lang: "" if lang == "en" else lang.lower() + "/" for lang in LANGS}
# As long as validation allows (a title is one line of at most 200 characters, a summary at most
# 1,000 and no carriage return: test_hostile_values.py), longer than a link may carry.
HOSTILE_TITLE = '"><script>alert(1)</script> line two &amp; <b>' + "x" * 150
HOSTILE_SUMMARY = "'\"><img src=x onerror=alert(2)>\n" + "y" * 960
HOSTILE = {
    "events/sao-paulo-lab/hostil.yaml": "\n".join([
        f"title: {json.dumps(HOSTILE_TITLE)}",
        f"summary: {json.dumps(HOSTILE_SUMMARY)}",
        "start: 2026-12-15T19:00",
        "end: 2026-12-15T21:30",
        'venue: {name: "\\"><script>alert(3)</script>", city: São Paulo, country: BR}',
        "",
    ]),
}


class Links(HTMLParser):
    """Every link of a page (href, class, text), and the names of the elements in it."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._open: dict[str, str] | None = None
        self._li: list[list[dict[str, str]]] = []
        self.meetings: list[list[dict[str, str]]] = []  # the links of each <li> of ol.meetings
        self._in_meetings = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "ol" and "meetings" in a.get("class", ""):
            self._in_meetings = True
        if tag == "li" and self._in_meetings:
            self._li.append([])
        if tag == "a":
            self._open = {**a, "text": ""}
            self.links.append(self._open)
            if self._li:
                self._li[-1].append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None
        if tag == "li" and self._in_meetings and self._li:
            self.meetings.append(self._li.pop())
        if tag == "ol":
            self._in_meetings = False

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def to(self, prefix: str) -> list[dict[str, str]]:
        return [a for a in self.links if a.get("href", "").startswith(prefix)]


def query(href: str) -> dict[str, str]:
    values = parse_qs(urlsplit(href).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values()), values
    return {k: v[0] for k, v in values.items()}


def pelican_build(root: Path, out: Path) -> None:
    settings = read_settings(str(root / "pelicanconf.py"), override={
        "PATH": str(root / "content"), "OUTPUT_PATH": str(out), "THEME": str(REPO / "theme"),
        "PLUGIN_PATHS": [str(REPO / "plugins")], "GROUNDGAME_SEARCH": False,
    })
    with contextlib.redirect_stdout(io.StringIO()):
        Pelican(settings).run()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory):
    """The network in git with its own pelicanconf.py, built by Pelican and exported by the CLI."""
    base = tmp_path_factory.mktemp("feedlang")
    site = network_repo(base / "root")
    for rel, text in HOSTILE.items():
        site.write(rel, text)
    settings = (REPO / "pelicanconf.py").read_text("utf-8")
    settings = settings.replace('SITENAME = "Open Web Clubs"', f'SITENAME = "{SITE_NAME}"')
    settings = settings.replace('os.environ.get("SITEURL", "http://localhost:8000")', repr(SITE_URL))
    assert SITE_NAME in settings
    assert repr(SITE_URL) in settings
    (site.root / "pelicanconf.py").write_text(settings, "utf-8")
    commit_all(site.root, "hostile event and settings", datetime(2026, 11, 1, tzinfo=UTC))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        pelican_build(site.root, base / "site")
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(["--root", str(site.root), "export", "--out", str(base / "export")]) == 0
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return site.root, load(site.root), base / "site", base / "export"


def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def summaries(cal: Calendar) -> set[str]:
    """The titles of the meetings that take place (a cancelled one's title says so, in the feed's language)."""
    return {str(c["SUMMARY"]) for c in cal.walk("VEVENT") if c.get("STATUS") != "CANCELLED"}


def page(out: Path, lang: str, key: str) -> Links:
    return Links((out / PREFIX[lang] / key / "index.html").read_text("utf-8"))


def picked(text: Localized, lang: str) -> str:
    """What a page or feed in ``lang`` says of ``text`` (by hand, the default fallback chain): its
    language, its parent or another region of it, English (the site's default), else the primary."""
    base = lang.split("-")[0].lower()
    for tag in (lang, base, *(t for t in text.texts if t.split("-")[0].lower() == base), "en"):
        if tag in text.texts:
            return text.texts[tag]
    return text.texts[text.primary]


def event_differs(event: Event, lang: str, original: date | None = None) -> bool:
    """Whether the UI language ``lang`` picks other texts than the event's own language (by hand)."""
    own = event.primary_language
    texts = [event.title, event.summary]
    changes = event.repeat.changes if event.repeat else {}
    if original is None:
        texts += [event.description, *(c.note for c in changes.values())]
    elif original in changes:
        texts.append(changes[original].note)
    return any(t is not None and picked(t, lang) != t.get(own)[0] for t in texts)


# -- the files -------------------------------------------------------------------------
def test_a_portuguese_club_and_its_events_are_in_portuguese(tree):
    _, _, out, _ = tree
    club = parse(out / urls.ical_club("sao-paulo-lab"))
    assert str(club["X-WR-CALNAME"]) == "Laboratório Web"
    assert "Laboratório semanal" in summaries(club)
    assert "Weekly lab" not in summaries(club)
    assert str(club["URL"]) == f"{SITE_URL}/pt-br/clubs/sao-paulo-lab/"
    series = parse(out / urls.ical_event("sao-paulo-lab/semanal"))
    assert summaries(series) == {"Laboratório semanal"}
    assert {c["SUMMARY"].params["LANGUAGE"] for c in series.walk("VEVENT")} == {"pt-BR"}
    meeting = parse(out / urls.ical_occurrence("sao-paulo-lab/semanal", date(2027, 2, 9)))
    (component,) = meeting.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Laboratório semanal"
    assert "Carnaval" in str(component["DESCRIPTION"])
    # English has a text of its own: a variant, at the path urls.variant gives
    english = parse(out / "calendar/events/sao-paulo-lab/semanal.en.ics")
    assert summaries(english) == {"Weekly lab"}
    assert str(english["SOURCE"]) == f"{SITE_URL}/calendar/events/sao-paulo-lab/semanal.en.ics"
    assert (out / "calendar/events/sao-paulo-lab/semanal/2027-02-09.en.ics").is_file()
    assert (out / "calendar/clubs/sao-paulo-lab.en.ics").is_file()
    # Spanish has no text of its own: it falls back to English (the site's default, #15) before
    # the record's Portuguese, as the Spanish page does: a variant in English
    assert summaries(parse(out / "calendar/events/sao-paulo-lab/semanal.es.ics")) == {"Weekly lab"}
    assert (out / "calendar/clubs/sao-paulo-lab.es.ics").is_file()


def test_variants_exist_exactly_where_the_texts_differ(tree):
    _, network, out, _ = tree
    seen = 0
    for event in network.events.values():
        own_file = out / urls.ical_event(event.id)
        own = summaries(parse(own_file))
        for lang in LANGS:
            variant = out / urls.variant(urls.ical_event(event.id), lang)
            assert variant.is_file() == (lang != event.primary_language and event_differs(event, lang)), \
                (event.id, lang)
            if variant.is_file():
                seen += 1
                cal = parse(variant)
                assert check_feed(cal, network) > 0  # the same meetings as the record-language file
                assert picked(event.title, lang) in summaries(cal)
                assert summaries(cal) != own or picked(event.title, lang) == event.title.get(event.primary_language)[0]
        if event.repeat is None:
            continue
        for meeting in (out / urls.ical_event(event.id)[:-4]).glob("????-??-??.ics"):
            original = date.fromisoformat(meeting.stem)
            for lang in LANGS:
                variant = meeting.with_name(f"{meeting.stem}.{lang.lower()}.ics")
                assert variant.is_file() == (lang != event.primary_language
                                             and event_differs(event, lang, original)), (meeting, lang)
    assert seen >= 2  # soiree and semanal have English titles


def test_club_variants_follow_the_clubs_first_language(tree):
    _, network, out, _ = tree
    paris = parse(out / urls.ical_club("paris-web"))
    assert str(paris["X-WR-CALNAME"]) == "Atelier du Web"
    assert "Soirée HTML" in summaries(paris)
    english = parse(out / "calendar/clubs/paris-web.en.ics")
    assert str(english["X-WR-CALNAME"]) == "Paris Web Workshop"
    assert "HTML evening" in summaries(english)
    assert english["DESCRIPTION"].params["LANGUAGE"] == "en"
    variants = {p.name for p in (out / "calendar/clubs").glob("*.*.ics")}
    for club in network.clubs.values():
        assert f"{club.id}.{club.languages[0].lower()}.ics" not in variants


# -- the links on pages ----------------------------------------------------------------
def subscribe_block(links: Links) -> tuple[str, dict[str, str], dict[str, str], str]:
    """The (first) subscribe block's webcal address, Google and Outlook queries and https address."""
    (webcal, *_) = [a["href"] for a in links.to("webcal://")]
    google = [a for a in links.to("https://calendar.google.com/calendar/render?") if "cid=" in a["href"]]
    outlook = links.to("https://outlook.live.com/calendar/0/addfromweb?")
    address = next(a["href"] for a in links.links if a.get("class") == "address")
    return webcal, query(google[0]["href"]), query(outlook[0]["href"]), address


@pytest.mark.parametrize("lang", LANGS)
def test_record_pages_link_their_languages_feed(tree, lang):
    _, network, out, _ = tree
    for event in network.events.values():
        expected = urls.ical_event(event.id)
        variant = urls.variant(expected, lang)
        if (out / variant).is_file():
            expected = variant
        webcal, google, outlook, address = subscribe_block(page(out, lang, f"events/{event.id}"))
        assert webcal == "webcal://clubs.example.org/network/" + expected, (event.id, lang)
        assert google == {"cid": webcal}
        assert outlook["url"] == address == f"{SITE_URL}/{expected}"
        assert (out / urlsplit(outlook["url"]).path.removeprefix("/network/")).is_file()
        assert len(outlook["name"]) <= urls.MAX_TITLE
    for club in network.clubs.values():
        expected = urls.ical_club(club.id)
        if (out / urls.variant(expected, lang)).is_file():
            expected = urls.variant(expected, lang)
        webcal, google, outlook, _ = subscribe_block(page(out, lang, f"clubs/{club.id}"))
        assert webcal == "webcal://clubs.example.org/network/" + expected
        assert google["cid"] == webcal
        assert outlook["url"] == f"{SITE_URL}/{expected}"
    for region in network.regions:
        webcal, google, outlook, _ = subscribe_block(page(out, lang, f"regions/{region}"))
        assert outlook["url"] == f"{SITE_URL}/{urls.ical_region(region)}"
        assert google["cid"] == webcal
    for campaign in network.campaigns:
        webcal, google, outlook, _ = subscribe_block(page(out, lang, f"campaigns/{campaign}"))
        assert outlook["url"] == f"{SITE_URL}/{urls.ical_campaign(campaign)}"
        assert google["cid"] == webcal


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_and_topic_pages_link_the_aggregate_feeds(tree, lang):
    _, _, out, _ = tree
    links = page(out, lang, "calendar")
    hrefs = {a["href"] for a in links.to("webcal://")}
    wanted = {urls.ical_all(), urls.ical_language(lang), urls.ical_topic("web-literacy"),
              urls.ical_topic("open-hardware")}
    assert {f"webcal://clubs.example.org/network/{p}" for p in wanted} <= hrefs
    for path in wanted:
        assert (out / path).is_file()
    clouds = {query(a["href"]).get("cid") for a in links.to("https://calendar.google.com/")}
    assert f"webcal://clubs.example.org/network/{urls.ical_language(lang)}" in clouds
    topic = page(out, lang, "clubs/topic/web-literacy")
    assert f"webcal://clubs.example.org/network/{urls.ical_topic('web-literacy')}" in \
        {a["href"] for a in topic.to("webcal://")}


def google_dates(start: datetime, end: datetime) -> str:
    return f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def add_queries(links: list[dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    google = [a for a in links if a["href"].startswith("https://calendar.google.com/calendar/render?action=")]
    outlook = [a for a in links if a["href"].startswith("https://outlook.live.com/calendar/0/deeplink/compose?")]
    assert len(google) == len(outlook) == 1
    return query(google[0]["href"]), query(outlook[0]["href"])


# ja has no title: the site's default language (en) comes before the record's primary (fr), #15
@pytest.mark.parametrize(("lang", "title"), [("fr", "Soirée HTML"), ("en", "HTML evening"), ("ja", "HTML evening")])
def test_add_one_event_to_google_or_outlook(tree, lang, title):
    _, _, out, _ = tree
    google, outlook = add_queries(page(out, lang, "events/paris-web/soiree").links)
    paris = ZoneInfo("Europe/Paris")
    start, end = datetime(2026, 12, 8, 19, tzinfo=paris), datetime(2026, 12, 8, 21, tzinfo=paris)
    assert google["action"] == "TEMPLATE"
    assert google["text"] == outlook["subject"] == title
    assert google["dates"] == google_dates(start, end) == "20261208T180000Z/20261208T200000Z"
    assert google["ctz"] == "Europe/Paris"
    assert google["location"] == outlook["location"]
    assert google["location"].startswith("Bibliothèque, Paris, ")
    page_url = f"{SITE_URL}/{PREFIX[lang]}events/paris-web/soiree/"
    assert google["details"].endswith(page_url)
    assert outlook["body"].endswith(page_url)
    assert datetime.fromisoformat(outlook["startdt"]) == start
    assert datetime.fromisoformat(outlook["enddt"]) == end
    assert outlook["path"] == "/calendar/action/compose"
    assert outlook["rru"] == "addevent"
    assert "allday" not in outlook


def test_an_all_day_event_adds_as_dates_with_an_exclusive_end(tree):
    _, _, out, _ = tree
    google, outlook = add_queries(page(out, "en", "events/melbourne-makers/winter-camp").links)
    assert google["dates"] == "20270710/20270713"  # 10 to 12 July, the 12th included
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2027-07-10", "2027-07-13", "true")


def test_each_listed_meeting_of_a_series_has_its_add_links(tree):
    _, network, out, _ = tree
    event = network.events["melbourne-makers/hack-nights"]
    links = page(out, "en", f"events/{event.id}")
    melbourne = ZoneInfo("Australia/Melbourne")
    expected = []  # the first listed meetings, from the record, by hand: weekly on Thursdays 18:00–21:00
    day = date(2027, 3, 18)
    while len(expected) < len(links.meetings):
        start, end = datetime(day.year, day.month, day.day, 18, tzinfo=melbourne), \
            datetime(day.year, day.month, day.day, 21, tzinfo=melbourne)
        if day == date(2027, 4, 8):  # moved to Friday 18:30
            start, end = datetime(2027, 4, 9, 18, 30, tzinfo=melbourne), datetime(2027, 4, 9, 21, tzinfo=melbourne)
        expected.append((day, None if day == date(2027, 4, 1) else google_dates(start, end)))
        day += timedelta(days=7)
    assert len(links.meetings) >= 5
    for (original, dates), items in zip(expected, links.meetings, strict=True):
        if dates is None:  # cancelled: nothing to add
            assert not [a for a in items if "calendar.google.com" in a["href"]]
            continue
        google, outlook = add_queries(items)
        assert google["dates"] == dates, original
        assert google["ctz"] == "Australia/Melbourne"
        assert google["text"] == outlook["subject"] == "Hack night"
        ics = next(a["href"] for a in items if a["href"].endswith(".ics"))
        assert ics == f"/network/{urls.ical_occurrence(event.id, original)}"
    assert (date(2027, 4, 8), "20270409T083000Z/20270409T110000Z") in expected  # the moved one, at +10


@pytest.mark.parametrize("lang", ["pt-BR", "en"])
def test_hostile_text_stays_inert_and_bounded_in_the_links(tree, lang):
    _, _, out, _ = tree
    html = (out / PREFIX[lang] / "events/sao-paulo-lab/hostil/index.html").read_text("utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    links = Links(html)
    scripts = [a for t, a in links.tags if t == "script"]
    assert all(a.get("type") == "application/ld+json" or a.get("src", "").endswith("site.js") for a in scripts)
    assert not [a for t, a in links.tags if t == "img" or any(k.startswith("on") for k in a)]
    google, outlook = add_queries(links.links)
    for href in (a["href"] for a in links.links if "google.com" in a["href"] or "outlook.live.com" in a["href"]):
        assert len(href) < 6_000, len(href)
        assert not any(c in href for c in ' "<>\n\r'), href[:200]
    assert len(google["text"]) <= urls.MAX_TITLE
    assert google["text"] == outlook["subject"]
    assert google["text"].startswith('"><script>alert(1)</script> line two &amp; <b>xxx')
    assert "\n" not in google["text"]
    body = google["details"].rsplit("\n\n", 1)[0]
    assert len(body) <= urls.MAX_DETAILS
    assert body.startswith("'\"><img src=x onerror=alert(2)>")
    assert "\r" not in google["details"]
    assert google["location"].startswith('"><script>alert(3)</script>, São Paulo')
    assert google["dates"] == google_dates(datetime(2026, 12, 15, 19, tzinfo=ZoneInfo("America/Sao_Paulo")),
                                           datetime(2026, 12, 15, 21, 30, tzinfo=ZoneInfo("America/Sao_Paulo")))
    _, _, outlook_sub, _ = subscribe_block(links)
    assert len(outlook_sub["name"]) <= urls.MAX_TITLE


# -- export and build agree ------------------------------------------------------------
def test_export_writes_the_same_calendar_bytes_as_the_build(tree):
    _, _, site, export = tree
    built = {p.relative_to(site): p.read_bytes() for p in (site / "calendar").rglob("*.ics")}
    exported = {p.relative_to(export): p.read_bytes() for p in (export / "calendar").rglob("*.ics")}
    assert len(built) > 100
    assert sorted(built) == sorted(exported)
    different = [str(p) for p in built if built[p] != exported[p]]
    assert different == []
    # Every file export writes (API, Atom, schemas too) is the build's, byte for byte: one build() wrote both.
    every = [p.relative_to(export) for p in export.rglob("*") if p.is_file()]
    assert len(every) > len(exported)
    assert [str(p) for p in every if (site / p).read_bytes() != (export / p).read_bytes()] == []
    assert str(parse(export / urls.ical_all())["X-WR-CALNAME"]) == SITE_NAME
    assert str(parse(export / urls.ical_language("ja"))["X-WR-CALNAME"]).startswith(f"{SITE_NAME} · ")
