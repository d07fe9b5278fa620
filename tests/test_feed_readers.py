"""Every calendar file, read by the readers subscribers use: ical.js 2.2.1 and icalendar with
recurring-ical-events. Over 18 months around "now" both must show the same meetings, meeting by
meeting (instant, end, status, title, location), and those must be the meetings the event pages
list. The oracles are the readers and the built pages, never the project's own schedule.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from feedkit import CONFIG, NOW, build, network_repo
from readers import Shown, icaljs_meetings, libical_available, libical_meetings, rie_meetings
from sitebuild import EPOCH, REPO
from sitebuild import build as build_site

# Every test reads built feeds or pages with ical.js, recurring-ical-events or libical.
pytestmark = pytest.mark.build

SAMPLE_NOW = datetime.fromtimestamp(int(EPOCH), UTC)

# Meetings whose instants readers disagreed on: an overnight series across the night the clocks
# go back, a one-off and a series meeting in the repeated hour; and the one-meeting changes.
SCENARIO_FILES = {
    "events/paris-web/overnight.yaml": """
        title: {fr: Nuit du code}
        start: 2027-10-16T20:00
        end: 2027-10-17T04:00
        venue: {name: Le Hangar, city: Paris, country: FR}
        repeat: {every: week, on: [saturday], count: 4}
    """,
    "events/paris-web/late.yaml": """
        title: {fr: Tard}
        start: 2027-10-31T02:30
        end: 2027-10-31T03:30
        venue: {name: Bar}
    """,
    "events/paris-web/sundays.yaml": """
        title: {fr: Dimanches}
        start: 2027-10-17T02:15
        end: 2027-10-17T02:45
        online: {url: "https://meet.example.org/dim"}
        repeat: {every: week, on: [sunday], count: 4}
    """,
    "events/paris-web/changes.yaml": """
        title: {fr: Atelier, en: Workshop}
        start: 2027-01-07T19:00
        end: 2027-01-07T21:00
        venue: {name: Médiathèque, city: Paris, country: FR}
        online: {url: "https://meet.example.org/atelier"}
        repeat:
          every: week
          on: [thursday]
          count: 6
          changes:
            2027-01-14: {venue: {name: Mairie du 11e, city: Paris, country: FR}}
            2027-01-21: {online_only: true, note: {fr: En ligne cette fois}}
            2027-01-28: {title: {fr: Atelier spécial, en: Special workshop}}
            2027-02-04: {status: cancelled}
            2027-02-11: {start: 2027-02-12T18:00, end: 2027-02-12T20:00}
    """,
    "events/paris-web/mkutano.yaml": """
        title: Mkutano
        languages: [sw]
        start: 2027-01-21T19:00
        venue: {name: Ukumbi}
        status: cancelled
    """,
    "events/paris-web/annule.yaml": """
        title: {fr: Annulé}
        start: 2027-01-20T19:00
        venue: {name: Salle}
        status: cancelled
    """,
}


def calendar_files(out: Path) -> list[Path]:
    return sorted((out / "calendar").rglob("*.ics"))


def seen(meetings: list[Shown]) -> list[Shown]:
    """What a subscriber sees of each meeting. The RECURRENCE-ID is left out: in a repeated hour
    each reader matches it to its own expansion of the rule (ical.js to the second instant,
    recurring-ical-events to the first), so only the meeting's own start and end must agree."""
    return sorted(m._replace(recurrence_id=None) for m in meetings)


def agree(files: list[Path], low: datetime, high: datetime) -> dict[Path, list[Shown]]:
    """ical.js and recurring-ical-events show the same meetings from every file; ical.js's."""
    by_icaljs = icaljs_meetings(files, low, high)
    by_rie = rie_meetings(files, low, high)
    differ = [str(p) for p in files if seen(by_icaljs[p]) != seen(by_rie[p])]
    for path in differ[:3]:
        js, rie = set(seen(by_icaljs[Path(path)])), set(seen(by_rie[Path(path)]))
        print(path, "\n  ical.js only:", sorted(js - rie)[:4], "\n  r-i-e only:", sorted(rie - js)[:4])
    assert not differ, f"{len(differ)} of {len(files)} files read differently: {differ[:5]}"
    return by_icaljs


# -- the sample site, built by Pelican -----------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    build_site(REPO, out, GROUNDGAME_SEARCH=False)
    return out


def test_every_sample_feed_reads_the_same_in_icaljs_and_recurring_ical_events(sample):
    files = calendar_files(sample)
    assert len(files) > 300
    shown = agree(files, SAMPLE_NOW - timedelta(days=183), SAMPLE_NOW + timedelta(days=365))
    assert sum(len(v) for v in shown.values()) > 1000


def _listed(page: Path) -> list[tuple[str, bool]]:
    """(start instant in UTC, cancelled) of each meeting a series page lists."""
    html = page.read_text("utf-8")
    block = re.search(r'<ol class="meetings">(.*?)</ol>', html, re.S)
    assert block is not None, page
    found = []
    for item in re.finditer(r'<li( class="off")?>\s*<time datetime="([^"]+)"', block.group(1)):
        moment = datetime.fromisoformat(item.group(2)).astimezone(UTC)
        found.append((moment.strftime("%Y-%m-%dT%H:%M:%SZ"), bool(item.group(1))))
    return found


def test_series_pages_list_the_meetings_the_readers_show(sample):
    series_pages = [p for p in sorted((sample / "events").rglob("index.html"))
                    if '<ol class="meetings">' in p.read_text("utf-8")]
    assert len(series_pages) >= 5
    feeds = [sample / "calendar" / "events" / f"{p.parent.relative_to(sample / 'events').as_posix()}.ics"
             for p in series_pages]
    shown = icaljs_meetings(feeds, SAMPLE_NOW - timedelta(days=1), SAMPLE_NOW + timedelta(days=800))
    checked = 0
    for page, feed in zip(series_pages, feeds, strict=True):
        in_calendar = {m.start: m.status for m in shown[feed]}
        for start, cancelled in _listed(page):
            assert start in in_calendar, (page, start)
            assert (in_calendar[start] == "CANCELLED") == cancelled, (page, start)
            checked += 1
    assert checked > 30


def test_one_off_event_pages_show_the_instant_the_readers_show(sample):
    checked = 0
    for page in sorted((sample / "events").glob("*/*/index.html")):  # event pages (not their flyers)
        html = page.read_text("utf-8")
        if '<ol class="meetings">' in html:
            continue
        when = re.search(r'<p class="when"><time datetime="([^"]+)"', html)
        assert when is not None, page
        feed = sample / "calendar" / "events" / f"{page.parent.relative_to(sample / 'events').as_posix()}.ics"
        (meeting,) = icaljs_meetings([feed], datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))[feed]
        value = datetime.fromisoformat(when.group(1))
        all_day = len(meeting.start) == 10  # a DATE: the page gives local midnight of that day
        expected = value.date().isoformat() if all_day else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert meeting.start == expected, page
        checked += 1
    assert checked > 20


needs_libical = pytest.mark.skipif(not libical_available(), reason="apt-get install python3-gi gir1.2-ical-3.0")


def agree_with_libical(files: list[Path], shown: dict[Path, list[Shown]], low: datetime, high: datetime) -> int:
    """libical (Evolution's engine) passes every file's iTIP restriction check under METHOD:PUBLISH
    and shows the meetings ical.js shows; the number of meetings compared."""
    by_libical = libical_meetings(files, low, high)
    refused = [str(p) for p in files if not by_libical[p][0]]
    assert not refused, f"libical's restriction check fails {len(refused)} files: {refused[:3]}"
    differ = [str(p) for p in files if seen(by_libical[p][1]) != seen(shown[p])]
    for path in differ[:3]:
        js, lib = set(seen(shown[Path(path)])), set(seen(by_libical[Path(path)][1]))
        print(path, "\n  ical.js only:", sorted(js - lib)[:4], "\n  libical only:", sorted(lib - js)[:4])
    assert not differ, f"{len(differ)} of {len(files)} files read differently in libical: {differ[:5]}"
    return sum(len(v[1]) for v in by_libical.values())


@needs_libical
def test_every_sample_feed_reads_the_same_in_libical(sample):
    files = calendar_files(sample)
    low, high = SAMPLE_NOW - timedelta(days=183), SAMPLE_NOW + timedelta(days=365)
    assert agree_with_libical(files, icaljs_meetings(files, low, high), low, high) > 1000


# -- the scenario network: DST nights and one-meeting changes ---------------------------------
@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = network_repo(tmp_path_factory.mktemp("scenario"))
    for rel, text in SCENARIO_FILES.items():
        site.write(rel, text)
    from feedkit import commit_all

    commit_all(site.root, "scenarios", datetime(2026, 10, 2, tzinfo=UTC))
    out = site.root / "out"
    build(site.root, out, parts=("ical",))
    return out


def test_every_scenario_feed_reads_the_same_in_both_readers(scenario):
    files = calendar_files(scenario)
    shown = agree(files, NOW - timedelta(days=183), NOW + timedelta(days=365))
    assert sum(len(v) for v in shown.values()) > 500


@needs_libical
def test_every_scenario_feed_reads_the_same_in_libical(scenario):
    files = calendar_files(scenario)
    low, high = NOW - timedelta(days=183), NOW + timedelta(days=365)
    assert agree_with_libical(files, icaljs_meetings(files, low, high), low, high) > 500


def _utc(local: str, zone: str = "Europe/Paris", fold: int = 0) -> str:
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone), fold=fold)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _event_file(out: Path, event_id: str) -> Path:
    return out / "calendar" / "events" / f"{event_id}.ics"


def _read(out: Path, event_id: str) -> list[Shown]:
    path = _event_file(out, event_id)
    low, high = datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)
    js, rie = icaljs_meetings([path], low, high)[path], rie_meetings([path], low, high)[path]
    assert seen(js) == seen(rie)
    return js


def test_overnight_meeting_on_the_night_clocks_go_back_ends_at_its_wall_clock_time(scenario):
    meetings = _read(scenario, "paris-web/overnight")
    # 30-31 October 2027: Paris goes from UTC+2 to UTC+1 at 03:00; the meeting still ends at 04:00 local
    night = next(m for m in meetings if m.start == _utc("2027-10-30T20:00"))
    assert night.end == _utc("2027-10-31T04:00")
    assert [m.start for m in meetings] == [_utc(f"2027-{d}T20:00") for d in ("10-16", "10-23", "10-30", "11-06")]
    assert [m.end for m in meetings] == [_utc(f"2027-{d}T04:00") for d in ("10-17", "10-24", "10-31", "11-07")]


def test_a_time_in_the_repeated_hour_is_its_first_instant_in_every_reader(scenario):
    (late,) = _read(scenario, "paris-web/late")
    assert late.start == _utc("2027-10-31T02:30", fold=0) == "2027-10-31T00:30:00Z"
    sundays = _read(scenario, "paris-web/sundays")
    assert _utc("2027-10-31T02:15", fold=0) in {m.start for m in sundays}
    assert len(sundays) == 4


def test_one_meeting_changes_reach_the_calendar(scenario):
    meetings = {m.recurrence_id: m for m in _read(scenario, "paris-web/changes")}
    venue = meetings[_utc("2027-01-14T19:00")]
    assert venue.location is not None
    assert "Mairie du 11e" in venue.location
    online = meetings[_utc("2027-01-21T19:00")]
    assert online.location == "https://meet.example.org/atelier"
    assert meetings[_utc("2027-01-28T19:00")].summary == "Atelier spécial"
    cancelled = meetings[_utc("2027-02-04T19:00")]
    assert cancelled.status == "CANCELLED"
    assert cancelled.summary is not None
    assert cancelled.summary != "Atelier"
    moved = meetings[_utc("2027-02-11T19:00")]
    assert (moved.start, moved.end) == (_utc("2027-02-12T18:00"), _utc("2027-02-12T20:00"))
    assert meetings[_utc("2027-01-07T19:00")].status == "CONFIRMED"


def test_a_cancelled_event_says_so_in_its_title(scenario):
    (meeting,) = _read(scenario, "paris-web/annule")
    assert meeting.status == "CANCELLED"
    assert meeting.summary is not None
    assert meeting.summary.startswith("Annulé")
    assert meeting.summary != "Annulé"


def test_a_cancelled_event_in_a_language_without_ui_catalog_says_so_in_english(scenario):
    (meeting,) = _read(scenario, "paris-web/mkutano")
    assert (meeting.status, meeting.summary) == ("CANCELLED", "Cancelled: Mkutano")


def test_every_vevent_names_its_host_club_as_organizer(scenario):
    events = 0
    for path in calendar_files(scenario):
        text = path.read_text("utf-8")
        assert text.count("BEGIN:VEVENT") == len(re.findall(r"^ORGANIZER;CN=", text, re.M)), path
        events += text.count("BEGIN:VEVENT")
    assert events > 300


def test_the_site_url_is_the_organizer_of_a_club_without_email(scenario):
    text = _event_file(scenario, "paris-web/annule").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert re.search(r'^ORGANIZER;CN="Atelier du Web":https://clubs\.example\.org/network/fr/clubs/paris-web/\r?$',
                     text, re.M)
    assert CONFIG.site_url.startswith("https://clubs.example.org")


# -- the same changes on the pages: the meeting list and schema.org JSON-LD ----------------------
@pytest.fixture(scope="module")
def scenario_site(scenario: Path) -> Path:
    out = scenario.parent / "site"
    build_site(scenario.parent, out, GROUNDGAME_SEARCH=False)
    return out


def _json_ld(page: Path) -> list[dict]:
    bodies = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8"), re.S)
    found: list[dict] = []
    for body in bodies:
        data = json.loads(body)
        found.extend(data if isinstance(data, list) else [data])
    return found


def test_json_ld_gives_each_listed_meeting_its_own_time_place_and_status(scenario_site):
    events = {datetime.fromisoformat(d["startDate"]).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): d
              for d in _json_ld(scenario_site / "events/paris-web/changes/index.html")}
    assert len(events) == 6
    status = {start: d["eventStatus"].rsplit("/", 1)[1] for start, d in events.items()}
    moved = events[_utc("2027-02-12T18:00")]
    assert status[_utc("2027-02-12T18:00")] == "EventRescheduled"
    paris = ZoneInfo("Europe/Paris")
    assert datetime.fromisoformat(moved["previousStartDate"]) == datetime(2027, 2, 11, 19, tzinfo=paris)
    assert status[_utc("2027-01-21T19:00")] == "EventMovedOnline"
    assert events[_utc("2027-01-21T19:00")]["location"] == {"@type": "VirtualLocation",
                                                           "url": "https://meet.example.org/atelier"}
    assert status[_utc("2027-02-04T19:00")] == "EventCancelled"
    elsewhere = events[_utc("2027-01-14T19:00")]["location"]
    assert [place.get("name") for place in elsewhere if place["@type"] == "Place"] == ["Mairie du 11e"]
    assert events[_utc("2027-01-28T19:00")]["name"] == "Special workshop"
    assert status[_utc("2027-01-07T19:00")] == "EventScheduled"


def test_the_meeting_list_shows_each_change(scenario_site):
    html = (scenario_site / "events/paris-web/changes/index.html").read_text("utf-8")
    listed = re.search(r'<ol class="meetings">(.*?)</ol>', html, re.S)
    assert listed is not None
    items = re.findall(r"<li.*?</li>", listed.group(1), re.S)
    assert len(items) == 6
    assert "Mairie du 11e" in items[1]
    assert "Online" in items[2]
    assert "En ligne cette fois" in items[2]
    assert "Special workshop" in items[3]
    assert 'class="off"' in items[4]
    assert "Moved from" in items[5]
    google = [_google_params(item) for item in items]
    assert google[1]["location"].startswith("Mairie du 11e")
    assert google[2]["location"] == "https://meet.example.org/atelier"
    assert google[3]["text"] == "Special workshop"
    assert google[5]["dates"] == "20270212T170000Z/20270212T190000Z"


def _google_params(item: str) -> dict[str, str]:
    """The query of a meeting's "Add to Google Calendar" link, decoded as Google reads it."""
    found = re.search(r'href="(https://calendar\.google\.com/calendar/render\?action=TEMPLATE[^"]*)"', item)
    if found is None:
        return {}
    query = urlsplit(html.unescape(found.group(1))).query
    return {k: v[0] for k, v in parse_qs(query).items()}
