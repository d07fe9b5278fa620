"""Past events: every one reachable from its club's, region's and campaign's pages, in pages of
``PAST_PER_PAGE`` that chain by rel=prev/next (a copy of the sample with a club given 130 past events)."""

from __future__ import annotations

import math
import shutil
import textwrap
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import EPOCH, REPO, build

from groundgame import i18n
from groundgame.content.network import load_network
from groundgame.site.pages import PAST_ON_RECORD, PAST_PER_PAGE, PageModel

NOW = datetime.fromtimestamp(int(EPOCH), UTC)
BASE = "/clubs"
SITE_URL = "https://example.org" + BASE
OPTIONS = {"GROUNDGAME_LANGUAGES": ["en", "fr", "ar"], "GROUNDGAME_SEARCH": False}
CLUB, REGION, CAMPAIGN = "paris-atelier-du-web", "europe", "spring-2023"
MANY = 130
IN_CAMPAIGN = range(0, MANY, 2)  # every other one joined the campaign


class Html(HTMLParser):
    """The links of a page (href → attributes), its h1 text and its navs."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.navs: list[dict[str, str]] = []
        self.h1 = ""
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a)
        elif tag == "nav":
            self.navs.append(a)
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data

    def rel(self, rel: str) -> list[str]:
        return [a["href"] for a in self.links if a.get("rel") == rel]

    def events(self) -> set[str]:
        return {a["href"] for a in self.links if "/events/" in a["href"]}


def event_file(n: int) -> str:
    day = date(2019, 1, 5) + timedelta(days=11 * n)  # all before the tests' "now" (2026-12-01)
    lines = [f"title: {{fr: Rencontre passée {n:03d}, en: Past meetup {n:03d}}}",
             f"start: {day.isoformat()}T18:30", f"end: {day.isoformat()}T20:30",
             "venue: {name: Médiathèque, city: Paris, country: FR}"]
    if n in IN_CAMPAIGN:
        lines.append(f"campaign: {CAMPAIGN}")
    if n % 7 == 0:
        lines.append(f"report: {{fr: On a fait {n} pages., en: We made {n} pages.}}")
    if n % 11 == 0:
        lines.append("status: cancelled")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("past")
    shutil.copytree(REPO / "content", root / "content")
    (root / "content/campaigns" / f"{CAMPAIGN}.yaml").write_text(textwrap.dedent("""\
        name: {en: Spring 2023, fr: Printemps 2023}
        summary: {en: A past season., fr: Une saison passée.}
        starts: 2019-01-01
        ends: 2023-06-30
    """), "utf-8")
    for n in range(MANY):
        (root / "content/events" / CLUB / f"past-meetup-{n:03d}.yaml").write_text(event_file(n), "utf-8")
    out = root / "output"
    build(root, out, SITE_URL, **OPTIONS)
    return out


@pytest.fixture(scope="module")
def model(built: Path) -> PageModel:
    outcome = load_network(built.parent)
    assert outcome.ok
    return PageModel.build(outcome.network, NOW)


def read(out: Path, href: str) -> Html:
    assert href.startswith(BASE + "/"), href
    return Html((out / href.removeprefix(BASE + "/") / "index.html").read_text("utf-8"))


def chain(out: Path, first: str) -> list[tuple[str, Html]]:
    """The pages from ``first`` by rel=next, checking rel=prev back and aria-current on each."""
    found: list[tuple[str, Html]] = []
    href: str | None = first
    while href is not None:
        page = read(out, href)
        assert page.rel("prev") == ([found[-1][0]] if found else []), href
        current = [a["href"] for a in page.links if a.get("aria-current") == "page" and "hreflang" not in a]
        assert current in ([href], []), (href, current)  # a list of one page has no pager
        found.append((href, page))
        nexts = page.rel("next")
        assert len(nexts) <= 1
        href = nexts[0] if nexts else None
        assert len(found) <= 100, "rel=next loops"
    return found


def past_ids(out: Path, first: str) -> list[str]:
    """Every event linked from the list, each page's links counted once."""
    return [e for _, page in chain(out, first) for e in sorted(page.events())]


def ours(n: int, lang_prefix: str = "") -> str:
    return f"{BASE}/{lang_prefix}events/{CLUB}/past-meetup-{n:03d}/"


@pytest.mark.build
def test_every_past_event_of_the_club_is_on_exactly_one_page(built: Path) -> None:
    listed = past_ids(built, f"{BASE}/clubs/{CLUB}/past/")
    for n in range(MANY):
        assert listed.count(ours(n)) == 1, n
    pages = chain(built, f"{BASE}/clubs/{CLUB}/past/")
    assert len(pages) == math.ceil(len(listed) / PAST_PER_PAGE) >= 3
    assert all(len(page.events()) <= PAST_PER_PAGE for _, page in pages)
    assert pages[1][0] == f"{BASE}/clubs/{CLUB}/past/2/"


@pytest.mark.build
def test_the_list_is_newest_first(built: Path) -> None:
    listed = [e for e in past_ids(built, f"{BASE}/clubs/{CLUB}/past/") if "/past-meetup-" in e]
    # sorted() within a page above; the pages themselves go from the latest to the earliest
    pages = chain(built, f"{BASE}/clubs/{CLUB}/past/")
    first, last = pages[0][1].events(), pages[-1][1].events()
    assert ours(MANY - 1) in first
    assert ours(0) in last
    assert len(listed) == MANY


@pytest.mark.build
def test_the_club_page_shows_the_latest_and_links_them_all(built: Path) -> None:
    page = read(built, f"{BASE}/clubs/{CLUB}/")
    more = [a for a in page.links if a["href"] == f"{BASE}/clubs/{CLUB}/past/"]
    assert len(more) == 1
    total = len(past_ids(built, f"{BASE}/clubs/{CLUB}/past/"))
    assert (built / f"clubs/{CLUB}/index.html").read_text("utf-8").count(f"All {total} past events") == 1
    assert ours(MANY - 1) in page.events()
    assert ours(MANY - 1 - PAST_ON_RECORD) not in page.events()


@pytest.mark.build
def test_region_and_campaign_reach_their_past_events(built: Path) -> None:
    region = set(past_ids(built, f"{BASE}/regions/{REGION}/past/"))
    assert {ours(n) for n in range(MANY)} <= region
    assert any(a["href"] == f"{BASE}/regions/{REGION}/past/" for a in read(built, f"{BASE}/regions/{REGION}/").links)
    campaign = past_ids(built, f"{BASE}/campaigns/{CAMPAIGN}/past/")
    assert sorted(campaign) == sorted(ours(n) for n in IN_CAMPAIGN)
    assert any(a["href"] == f"{BASE}/campaigns/{CAMPAIGN}/past/"
               for a in read(built, f"{BASE}/campaigns/{CAMPAIGN}/").links)


@pytest.mark.build
def test_the_pager_is_a_labelled_navigation(built: Path) -> None:
    page = read(built, f"{BASE}/clubs/{CLUB}/past/2/")
    assert {"class": "pager", "aria-label": "Pages of past events"} in page.navs


@pytest.mark.build
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_past_pages_in_other_languages(built: Path, model: PageModel, lang: str) -> None:
    prefix = f"{lang}/"
    heading = i18n.gettext(lang, "Past events of %(name)s")
    assert heading != "Past events of %(name)s"
    name, _ = model.network.clubs[CLUB].name.get(lang)
    pages = chain(built, f"{BASE}/{prefix}clubs/{CLUB}/past/")
    assert all(href.startswith(f"{BASE}/{prefix}clubs/{CLUB}/past/") for href, _ in pages)
    assert {page.h1.strip() for _, page in pages} == {heading % {"name": name}}
    assert sum(ours(n, prefix) in page.events() for n in range(MANY) for _, page in pages) == MANY
    nav = read(built, f"{BASE}/{prefix}clubs/{CLUB}/past/2/").navs
    assert {"class": "pager", "aria-label": i18n.gettext(lang, "Pages of past events")} in nav


@pytest.mark.build
def test_past_pages_are_in_the_sitemap(built: Path) -> None:
    sitemaps = "".join(p.read_text("utf-8") for p in (built / "sitemaps").glob("*.xml"))
    assert f"{SITE_URL}/clubs/{CLUB}/past/2/" in sitemaps
    assert f"{SITE_URL}/fr/campaigns/{CAMPAIGN}/past/" in sitemaps


@pytest.mark.build
@pytest.mark.browser
def test_the_pager_is_reachable_by_keyboard(built: Path) -> None:
    from browserkit import chromium, serve

    with serve(built.parent) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"{base}/output/clubs/{CLUB}/past/2/")
        for _ in range(200):
            page.keyboard.press("Tab")
            label = page.evaluate("document.activeElement.closest('nav.pager')?.getAttribute('aria-label')")
            if label:
                break
        assert label == "Pages of past events"
        assert page.evaluate("document.activeElement.getAttribute('rel')") == "prev"


# -- the model, without a build ---------------------------------------------------------

@pytest.mark.parametrize(("number", "count", "expected"), [
    (1, 1, [1]), (1, 3, [1, 2, 3]), (1, 100, [1, 2, 3, None, 100]),
    (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]), (100, 100, [1, None, 98, 99, 100]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),
])
def test_the_pager_links_a_bounded_window(number: int, count: int, expected: list[int | None]) -> None:
    assert PageModel.pager(number, count) == expected


@pytest.mark.build
def test_a_past_page_is_made_from_the_events_on_it(model: PageModel) -> None:
    """An edit to one past event remakes the page it is on (and the record's pages that show it);
    a change of order or count reaches every page through ``past:club:x``."""
    pages = [p for p in model.pages() if p.kind == "past" and p.data["of"] == "club" and p.data["id"] == CLUB]
    assert len(pages) == math.ceil(len(model.past("club", CLUB)) / PAST_PER_PAGE)
    for n in (0, 77, MANY - 1):
        event = f"event:{CLUB}/past-meetup-{n:03d}"
        assert sum(event in model.page_inputs(p) for p in pages) == 1
    assert all(f"past:club:{CLUB}" in model.page_inputs(p) for p in pages)


@pytest.mark.build
def test_five_thousand_past_events_make_bounded_pages(model: PageModel) -> None:
    """Pages of ``PAST_PER_PAGE`` rows, each with a pager of at most nine links."""
    meetings = model.past("club", CLUB)
    many = PageModel(model.network, model.now, model.schedule)
    many.past_of = {("club", CLUB): [meetings[i % len(meetings)] for i in range(5000)]}
    assert many.past_pages("club", CLUB) == 5000 // PAST_PER_PAGE
    assert max(len(many.pager(n, 100)) for n in range(1, 101)) <= 9
    assert all(len(many.past_page("club", CLUB, n)) == PAST_PER_PAGE for n in range(1, 101))


@pytest.mark.build
def test_an_edit_to_one_past_event_remakes_its_page_only(built: Path, tmp_path: Path) -> None:
    """Incremental == full build, byte for byte; a retitled past event rewrites the one past page
    it is on, and a deleted one (the list's order changes) every page of the list."""
    from test_incremental import differences

    shutil.copytree(built.parent / "content", tmp_path / "content")
    incremental, options = tmp_path / "incremental", {**OPTIONS, "GROUNDGAME_JOBS": 1}
    again = {**options, "GROUNDGAME_INCREMENTAL": True, "DELETE_OUTPUT_DIRECTORY": False}
    build(tmp_path, incremental, SITE_URL, **again)
    folder = incremental / "clubs" / CLUB / "past"
    pages = sorted(folder.rglob("index.html"))

    def stamps() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in pages}

    before = stamps()
    event = tmp_path / "content/events" / CLUB / "past-meetup-077.yaml"
    event.write_text(event.read_text("utf-8").replace("Past meetup 077", "Past meetup seventy-seven"), "utf-8")
    build(tmp_path, incremental, SITE_URL, **again)
    build(tmp_path, tmp_path / "full-1", SITE_URL, **options)
    assert differences(incremental, tmp_path / "full-1") == []
    changed = [p for p, stamp in stamps().items() if stamp != before[p]]
    assert len(changed) == 1
    assert "Past meetup seventy-seven" in changed[0].read_text("utf-8")

    (tmp_path / "content/events" / CLUB / f"past-meetup-{MANY - 1:03d}.yaml").unlink()
    before = stamps()
    build(tmp_path, incremental, SITE_URL, **again)
    build(tmp_path, tmp_path / "full-2", SITE_URL, **options)
    assert differences(incremental, tmp_path / "full-2") == []
    assert all(stamp != before[p] for p, stamp in stamps().items())
