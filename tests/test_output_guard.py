"""The output guard: one small file cannot make the site huge.

Month pages exist only in a window around "now", club cards repeat no list, and the files
made from one record are counted against ``GROUNDGAME_MAX_BYTES_PER_RECORD``: a record
over it fails the build, named. The sites here are the sample plus one hostile file at
the schemas' largest values, measured by the bytes of the whole output tree.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sitebuild import EPOCH, REPO, build

from groundgame import clock
from groundgame.build.guard import RecordFiles
from groundgame.config import UI_LANGUAGES, SiteConfig, from_settings
from groundgame.content.network import load_network
from groundgame.output import OutputError, RecordLimit, RecordTooLargeError, Writer
from groundgame.problems import UsageError
from groundgame.site.pages import MONTHS_AHEAD, MONTHS_BACK, PageModel

NOW_MONTH = (2026, 12)  # tests/sitebuild.py's "now", 2026-12-01
WINDOW = MONTHS_BACK + 1 + MONTHS_AHEAD  # months that can have a page
PARIS = "paris-atelier-du-web"
SERIES = f"content/events/{PARIS}/longest-series.yaml"
# The longest series the schema allows (520 meetings), a month apart: 43 years of months.
SERIES_YAML = ("title: Monthly meeting\nstart: 1993-01-13T18:30\nend: 1993-01-13T20:30\n"
               "venue: {name: Library}\nrepeat: {every: month, count: 520}\n")
LANGS = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "ja", "id")


def slugs(prefix: str, count: int) -> str:
    """``count`` distinct identifiers of the largest length allowed (80 characters)."""
    return "[" + ", ".join(f"{prefix}-{n:02d}-".ljust(80, "x") for n in range(count)) + "]"


def most_lists_club() -> str:
    """The sample's Paris club with the most topics, programs, audiences and languages allowed."""
    lists = {"topics": slugs("topic", 20), "audiences": slugs("audience", 20), "programs": slugs("program", 20),
             "languages": "[" + ", ".join(LANGS) + "]"}
    lines = (REPO / f"content/clubs/{PARIS}.yaml").read_text("utf-8").splitlines()
    return "\n".join(f"{line.split(':')[0]}: {lists[line.split(':')[0]]}" if line.split(":")[0] in lists else line
                     for line in lines) + "\n"


def largest_event() -> str:
    """Every bounded field of an event at its limit: 10 languages of 20,000-character Markdown."""
    title = "".join(f"  {lang}: '{'T' * 200}'\n" for lang in LANGS)
    description = "".join(f"  {lang}: '{'d' * 20_000}'\n" for lang in LANGS)
    return (f"title:\n{title}description:\n{description}start: 2026-11-01T19:00\nvenue: {{name: Lib}}\n"
            f"topics: {slugs('topic', 20)}\nrepeat: {{every: day, count: 520}}\n")


def content_with(tmp: Path, files: dict[str, str]) -> Path:
    """The sample's content with ``files`` written over it, and the longest terms of ``slugs`` added
    to its vocabulary (a new topic joins content/vocabulary/ in the same change)."""
    root = tmp / "root"
    shutil.copytree(REPO / "content", root / "content")
    for kind in ("topic", "audience", "program"):
        ids = slugs(kind, 20)[1:-1].split(", ")
        terms = "".join(f"{term}:\n  label: {{en: {kind} {n}}}\n" for n, term in enumerate(ids))
        with (root / f"content/vocabulary/{kind}s.yaml").open("a", encoding="utf-8") as file:
            file.write(terms)
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def tree_bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


# --- units and their records -------------------------------------------------------------
@pytest.fixture(scope="module")
def records() -> RecordFiles:
    outcome = load_network(REPO)
    assert outcome.ok
    return RecordFiles(outcome.network)


@pytest.mark.parametrize(("unit", "record"), [
    (f"page:clubs/{PARIS}/", f"content/clubs/{PARIS}.yaml"),
    (f"page:events/{PARIS}/atelier-mensuel/", f"content/events/{PARIS}/atelier-mensuel.yaml"),
    ("page:regions/europe/", "content/regions/europe.yaml"),
    ("page:campaigns/maker-party-2027/", "content/campaigns/maker-party-2027.yaml"),
    (f"ical:calendar/clubs/{PARIS}.ics", f"content/clubs/{PARIS}.yaml"),
    (f"ical:calendar/clubs/{PARIS}.en.ics", f"content/clubs/{PARIS}.yaml"),
    ("ical:calendar/regions/europe.ics", "content/regions/europe.yaml"),
    (f"ical-event:{PARIS}/atelier-mensuel", f"content/events/{PARIS}/atelier-mensuel.yaml"),
    (f"api:api/v1/clubs/{PARIS}.json", f"content/clubs/{PARIS}.yaml"),
    (f"api:api/v1/events/{PARIS}/atelier-mensuel.json", f"content/events/{PARIS}/atelier-mensuel.yaml"),
    (f"atom:feeds/clubs/{PARIS}.atom", f"content/clubs/{PARIS}.yaml"),
    (f"page:clubs/{PARIS}/past/", f"content/clubs/{PARIS}.yaml"),
    (f"page:clubs/{PARIS}/past/3/", f"content/clubs/{PARIS}.yaml"),
    ("page:regions/europe/past/2/", None), ("page:clubs/topic/past/", None),
    # Made from the whole network: bounded by windows and caps, not charged to a record.
    ("page:", None), ("page:clubs/", None), ("page:clubs/topic/privacy/", None), ("page:calendar/2027/01/", None),
    ("ical:calendar/all.ics", None), ("ical:calendar/topics/privacy.ics", None), ("api:api/v1/events.json", None),
    ("atom:feeds/events.atom", None), ("sitemaps", None), (f"news:news/clubs/{PARIS}/atom.xml", None),
    ("page:clubs/no-such-club/", None), ("ical-event:no/such-event", None),
])
def test_each_unit_is_charged_to_the_record_it_is_made_from(records, unit, record) -> None:
    assert records(unit) == record


# --- the writer's limit ----------------------------------------------------------------
def limited(root: Path, max_bytes: int) -> Writer:
    files = {"page:clubs/x/": "content/clubs/x.yaml", "ical:calendar/clubs/x.ics": "content/clubs/x.yaml",
             "page:clubs/y/": "content/clubs/y.yaml"}
    return Writer(root, limit=RecordLimit(max_bytes, files.get))


def test_a_record_over_the_limit_stops_the_writer_and_is_named(tmp_path) -> None:
    writer = limited(tmp_path, 10_000)
    writer.write("clubs/x/index.html", "a" * 4_000, unit="page:clubs/x/")
    writer.write("fr/clubs/x/index.html", "a" * 4_000, unit="page:clubs/x/")
    writer.write("clubs/y/index.html", "a" * 9_000, unit="page:clubs/y/")  # another record: its own budget
    writer.write("index.html", "a" * 50_000, unit="page:")  # the whole network's: not a record's
    with pytest.raises(RecordTooLargeError) as caught:  # the club's feed is its too
        writer.write("calendar/clubs/x.ics", "b" * 3_000, unit="ical:calendar/clubs/x.ics")
    assert str(caught.value) == (
        "content/clubs/x.yaml: the pages and feeds made from this file would take more than 10 KB "
        "(GROUNDGAME_MAX_BYTES_PER_RECORD): 11 KB so far, the largest page:clubs/x/ 8 KB, "
        "ical:calendar/clubs/x.ics 3 KB; make its lists or texts shorter, or split it into several files")
    assert caught.value.record == "content/clubs/x.yaml"
    assert isinstance(caught.value, OutputError)
    assert not (tmp_path / "calendar/clubs/x.ics").exists()  # stopped before writing


def test_files_of_other_processes_count_too(tmp_path) -> None:
    writer = limited(tmp_path / "out", 10_000)
    feeds, pages = writer.for_worker(), writer.for_worker()  # as two workers write them
    feeds.write("calendar/clubs/x.ics", b"c" * 6_000, category="feeds", unit="ical:calendar/clubs/x.ics")
    for path in ("clubs/x/index.html", "fr/clubs/x/index.html"):
        pages.write(path, b"p" * 2_500, category="pages", unit="page:clubs/x/")
    writer.take(feeds.handover())
    with pytest.raises(RecordTooLargeError, match=r"^content/clubs/x\.yaml: .* 11 KB so far"):
        writer.take(pages.handover())
    assert writer.made.sizes == {"ical:calendar/clubs/x.ics": 6_000, "page:clubs/x/": 5_000}
    assert writer.counts == {"feeds": 1, "pages": 2}


def test_the_setting_is_read_and_checked() -> None:
    assert from_settings({}).max_bytes_per_record == SiteConfig().max_bytes_per_record == 10_000_000
    assert from_settings({"GROUNDGAME_MAX_BYTES_PER_RECORD": 0}).max_bytes_per_record == 0
    for bad in (-1, "10MB", True, 1.5):
        with pytest.raises(UsageError, match=r"GROUNDGAME_MAX_BYTES_PER_RECORD must be a whole number of bytes, "
                                             r"0 for no limit \(got "):
            from_settings({"GROUNDGAME_MAX_BYTES_PER_RECORD": bad})


# --- the month window --------------------------------------------------------------------
def months_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + b[1] - a[1]


def test_month_pages_only_in_the_window_and_every_meeting_kept(tmp_path) -> None:
    root = content_with(tmp_path, {SERIES: SERIES_YAML})
    outcome = load_network(root)
    assert outcome.ok, [p.text() for p in outcome.problems]
    model = PageModel.build(outcome.network, clock.now({"SOURCE_DATE_EPOCH": EPOCH}))
    assert model.month_window() == ((2024, 12), (2029, 12))
    assert all(-MONTHS_BACK <= months_apart(NOW_MONTH, m) <= MONTHS_AHEAD for m in model.months)
    assert len(model.months) == WINDOW  # the series meets every month of the window
    series = f"{PARIS}/longest-series"
    assert len(model.meetings[series]) == 520  # for the event's page, its feeds and the API
    in_window = [m for m in model.meetings[series] if (m.local_start.year, m.local_start.month) in model.months]
    assert len(in_window) == WINDOW
    month_keys = [p.key for p in model.pages() if p.data.get("section") == "month"]
    assert len(month_keys) == WINDOW
    assert "calendar/1993/01/" not in month_keys


# --- whole sites -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> int:
    out = tmp_path_factory.mktemp("sample") / "output"
    build(REPO, out, GROUNDGAME_SEARCH=False)
    return tree_bytes(out)


@pytest.mark.build
def test_the_longest_series_keeps_the_site_within_its_window(tmp_path, sample_bytes) -> None:
    root = content_with(tmp_path, {SERIES: SERIES_YAML})
    out = tmp_path / "output"
    build(root, out, GROUNDGAME_SEARCH=False)
    month_pages = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("calendar/[0-9]*/*/index.html"))
    assert len(month_pages) == WINDOW  # per language; before the window: 520 and more
    assert (month_pages[0], month_pages[-1]) == ("calendar/2024/12", "calendar/2029/12")
    for page in ("calendar/index.html", "fr/calendar/2027/03/index.html", "ja/calendar/past/index.html"):
        nav = re.search(r'class="months">(.*?)</nav>', (out / page).read_text("utf-8"), re.S)
        assert nav is not None, page
        assert len(re.findall(r'href="/clubs/(?:[a-z-]+/)?calendar/\d{4}/\d\d/"', nav.group(1))) == WINDOW, page
    # Every meeting stays on the event's own files.
    document = json.loads((out / f"api/v1/events/{PARIS}/longest-series.json").read_text("utf-8"))
    assert len(document["event"]["occurrences"]) == 520
    # Before the window the site grew 9.3 times (every month page listed every month).
    assert tree_bytes(out) < 1.5 * sample_bytes


@pytest.mark.build
def test_a_club_with_the_longest_lists_keeps_the_site_small(tmp_path, sample_bytes) -> None:
    root = content_with(tmp_path, {f"content/clubs/{PARIS}.yaml": most_lists_club()})
    out = tmp_path / "output"
    build(root, out, GROUNDGAME_SEARCH=False)
    topic = "topic-07-".ljust(80, "x")
    facet_page = (out / f"clubs/topic/{topic}/index.html").read_text("utf-8")
    card = re.search(r'<li class="card"[^>]*>.*?(?=<li class="card"|</ol>|</ul>\s*</section>)', facet_page, re.S)
    assert card is not None  # (a card holds lists of its own: its topic chips)
    assert "data-topic" not in card.group(0)  # a facet page's cards repeat no list
    assert "French, English, Spanish, and 7 more" in card.group(0)  # three languages named of ten
    directory = (out / "clubs/index.html").read_text("utf-8")
    assert re.search(rf'data-topic="[^"]*{topic}', directory)  # the directory's filter still has every value
    # Before the schemas' bounds and the guard, 3,000 topics made 634 MB.
    assert tree_bytes(out) < 1.5 * sample_bytes


@pytest.mark.build
def test_a_record_over_the_limit_fails_the_build_and_names_its_file(tmp_path) -> None:
    event = f"content/events/{PARIS}/largest-event.yaml"
    root = content_with(tmp_path, {event: largest_event()})
    out = tmp_path / "output"
    with pytest.raises(RecordTooLargeError, match=rf"^{re.escape(event)}: the pages and feeds made from this file "
                                                  r"would take more than 1\.0 MB \(GROUNDGAME_MAX_BYTES_PER_RECORD\)"):
        build(root, out, GROUNDGAME_SEARCH=False, GROUNDGAME_MAX_BYTES_PER_RECORD=1_000_000)
    build(root, out, GROUNDGAME_SEARCH=False)  # the default limit holds it: the largest event allowed
    assert (out / f"events/{PARIS}/largest-event/index.html").is_file()
    assert len(list(out.glob(f"*/events/{PARIS}/largest-event/index.html"))) == len(UI_LANGUAGES) - 1
