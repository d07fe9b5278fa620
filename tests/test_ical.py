"""Calendar feeds parse back with icalendar, expand with recurring-ical-events to exactly the
meetings the data says, in the right zone across DST changes north and south, and stay stable."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from feedkit import (
    CONFIG,
    FAR_FUTURE,
    FAR_PAST,
    NOW,
    aware,
    build,
    check_feed,
    commit_all,
    load,
    masters,
    network_repo,
    utc,
)
from icalendar import Calendar

from groundgame import urls
from groundgame.content.network import Network
from groundgame.feeds import calendars, ical
from groundgame.model.schedule import meetings_of

# Every test builds feeds, or reads VTIMEZONEs with icalendar's reader at every half hour for years.
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Network, Path]:
    """The test network in a git repository, and its feeds: built once for the module's tests."""
    site = network_repo(tmp_path_factory.mktemp("site"))
    out = site.root / "out"
    network = build(site.root, out, parts=("ical",))
    return site.root, network, out


@pytest.fixture
def feeds(built) -> tuple[Path, Network, Path]:
    return built


@pytest.fixture
def own_copy(built, tmp_path) -> Path:
    """A copy of the site (and its git history) that a test may change."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("out"))
    return root


def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_every_feed_expands_to_the_meetings_the_data_says(feeds):
    _, network, out = feeds
    files = [p for p in sorted((out / "calendar").rglob("*.ics")) if len(p.relative_to(out / "calendar").parts) < 4]
    assert len(files) > 20
    checked = sum(check_feed(parse(path), network) for path in files)
    assert checked > 100


def test_each_meeting_file_holds_that_meeting(feeds):
    _, network, out = feeds
    for event in network.events.values():
        if event.repeat is None:
            continue
        for occurrence in meetings_of(event):
            cal = parse(out / urls.ical_occurrence(event.id, occurrence.original_date))
            (component,) = cal.walk("VEVENT")
            assert not cal.get_missing_tzids()
            assert aware(event, occurrence.local_start) == component.DTSTART
            assert aware(event, occurrence.local_end, end=True) == component.DTEND
            assert (component["STATUS"] == "CANCELLED") == occurrence.cancelled


def test_feeds_listed_in_the_issue_exist(feeds):
    _, network, out = feeds
    expected = [urls.ical_all(), *(urls.ical_language(lang) for lang in CONFIG.languages),
                *(urls.ical_club(c) for c in network.clubs), *(urls.ical_region(r) for r in network.regions),
                *(urls.ical_campaign(c) for c in network.campaigns), urls.ical_topic("open-hardware"),
                urls.ical_topic("web-literacy"), *(urls.ical_event(e) for e in network.events),
                urls.ical_occurrence("melbourne-makers/hack-nights", date(2027, 4, 8))]
    for path in expected:
        assert (out / path).is_file(), path


def test_moved_meeting_across_southern_dst_change(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_club("melbourne-makers"))
    series = [c for c in recurring_ical_events.of(cal).between(datetime(2027, 3, 1, tzinfo=UTC),
                                                               datetime(2027, 11, 1, tzinfo=UTC))
              if str(c["UID"]) == ical.uid(CONFIG, "melbourne-makers/hack-nights")]
    by_day = {c.DTSTART.date(): c for c in series}
    # Before 4 April 2027 Melbourne is at +11, after it at +10; after 3 October at +11 again.
    assert by_day[date(2027, 3, 25)].DTSTART.utcoffset() == timedelta(hours=11)
    assert by_day[date(2027, 4, 9)].DTSTART.hour == 18
    assert by_day[date(2027, 4, 9)].DTSTART.minute == 30
    assert by_day[date(2027, 4, 9)].DTSTART.utcoffset() == timedelta(hours=10)
    assert utc(by_day[date(2027, 4, 9)].DTSTART) == datetime(2027, 4, 9, 8, 30, tzinfo=UTC)
    assert by_day[date(2027, 10, 5)].DTSTART.utcoffset() == timedelta(hours=11)
    assert date(2027, 4, 8) not in by_day
    assert date(2027, 9, 30) not in by_day
    for day in (date(2027, 4, 1), date(2027, 10, 14)):  # cancelled: gone, or shown as cancelled
        assert day not in by_day or by_day[day]["STATUS"] == "CANCELLED"
    override = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" in c
                    and c["RECURRENCE-ID"].dt.date() == date(2027, 10, 14))
    assert override["STATUS"] == "CANCELLED"
    assert "Hall closed" in str(override["DESCRIPTION"])
    assert "Friday this week" in str(by_day[date(2027, 4, 9)]["DESCRIPTION"])


def test_series_is_one_vevent_with_rrule_exdate_and_overrides(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_event("melbourne-makers/hack-nights"))
    components = cal.walk("VEVENT")
    master = next(c for c in components if "RECURRENCE-ID" not in c)
    overrides = {c["RECURRENCE-ID"].dt.date() for c in components if "RECURRENCE-ID" in c}
    assert len(components) - len(overrides) == 1
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["UNTIL"][0].utcoffset() == timedelta(0)
    assert "EXDATE" not in master  # a cancelled meeting is one override, never also an EXDATE
    cancelled = {c["RECURRENCE-ID"].dt.date() for c in components
                 if "RECURRENCE-ID" in c and c["STATUS"] == "CANCELLED"}
    assert cancelled == {date(2027, 4, 1), date(2027, 10, 14)}
    assert overrides == {date(2027, 4, 1), date(2027, 4, 8), date(2027, 9, 30), date(2027, 10, 14)}
    assert all(c["SEQUENCE"] == master["SEQUENCE"] for c in components)


def test_a_cancelled_meeting_is_one_override_whose_title_says_so(feeds):
    _, _, out = feeds
    text = (out / urls.ical_event("melbourne-makers/hack-nights")).read_bytes().decode("utf-8")
    assert "EXDATE" not in text
    cal = Calendar.from_ical(text)
    called_off = [c for c in cal.walk("VEVENT") if c.get("STATUS") == "CANCELLED"]
    assert len(called_off) == 2
    assert all(str(c["SUMMARY"]) == "Cancelled: Hack night" for c in called_off)


def test_all_day_and_multi_day_are_dates_with_exclusive_end(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_event("melbourne-makers/winter-camp"))
    (event,) = cal.walk("VEVENT")
    assert date(2027, 7, 10) == event.DTSTART
    assert date(2027, 7, 13) == event.DTEND
    assert not isinstance(event.DTSTART, datetime)
    monthly = parse(out / urls.ical_event("sao-paulo-lab/mensal"))
    days = sorted(c.DTSTART for c in recurring_ical_events.of(monthly).between(FAR_PAST, FAR_FUTURE))
    assert date(2027, 2, 10) in days
    assert date(2027, 2, 3) not in days
    assert all(type(d) is date for d in days)


def test_sao_paulo_stays_at_minus_three_all_year(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_event("sao-paulo-lab/semanal"))
    shown = list(recurring_ical_events.of(cal).between(FAR_PAST, FAR_FUTURE))
    assert [m.DTSTART.date() for m in shown if m["STATUS"] == "CANCELLED"] == [date(2026, 12, 29)]
    meetings = [m for m in shown if m["STATUS"] != "CANCELLED"]
    assert len(meetings) == 29  # 30 minus the except date
    assert {m.DTSTART.utcoffset() for m in meetings} == {timedelta(hours=-3)}
    assert {utc(m.DTSTART).hour for m in meetings} == {22}
    (moved,) = [m for m in meetings if m.DTSTART.date() == date(2027, 2, 11)]
    assert "Carnaval" in str(moved["DESCRIPTION"])
    assert "https://meet.example.org/lab" in str(moved["DESCRIPTION"])


def test_vtimezone_bodies_agree_with_tzdata(feeds):
    """What Outlook sees: times read through the VTIMEZONE body, not the TZID's name."""
    _, _network, out = feeds
    for path in [out / urls.ical_all(), out / urls.ical_club("melbourne-makers"), out / urls.ical_club("paris-web")]:
        cal = parse(path)
        bodies = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}
        for meeting in recurring_ical_events.of(cal).between(FAR_PAST, FAR_FUTURE):
            start = meeting.DTSTART
            if isinstance(start, datetime):
                by_body = start.replace(tzinfo=bodies[str(start.tzinfo)])
                assert by_body.utcoffset() == start.utcoffset(), (path.name, start)


def test_vtimezone_onsets_are_local_times_before_the_change(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_club("melbourne-makers"))
    (zone,) = cal.walk("VTIMEZONE")
    text = zone.to_ical().decode("utf-8")
    onsets = {o.name: o.DTSTART for o in zone.walk() if o.name in ("DAYLIGHT", "STANDARD")}
    assert onsets["DAYLIGHT"].time() == time(2)  # 02:00 AEST → 03:00 AEDT, first Sunday of October
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10" in text
    assert onsets["STANDARD"].time() == time(3)  # 03:00 AEDT → 02:00 AEST, first Sunday of April
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4" in text
    for line in text.split("\r\n"):
        if line.startswith("RDATE"):
            assert "," not in line


def test_uids_come_from_ids_and_builds_are_byte_identical(feeds, tmp_path):
    root, network, out = feeds
    again = tmp_path / "again"
    build(root, again, parts=("ical",))
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.ics")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.ics")}
    assert first == second
    cal = parse(out / urls.ical_all())
    assert set(masters(cal)) <= {f"{e.replace('/', '.')}@clubs.example.org" for e in network.events}


def test_a_time_change_raises_sequence_and_keeps_the_uid(feeds, own_copy, tmp_path):
    _, _, out = feeds
    root = own_copy
    path = root / "content/events/paris-web/soiree.yaml"
    before = masters(parse(out / urls.ical_event("paris-web/soiree")))
    path.write_text(path.read_text().replace("2026-12-08T19:00", "2026-12-08T19:30"))
    changed_at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    commit_all(root, "later start", changed_at)
    after_out = tmp_path / "after"
    build(root, after_out, parts=("ical",))
    after = masters(parse(after_out / urls.ical_event("paris-web/soiree")))
    assert set(before) == set(after)
    (the_uid,) = before
    assert after[the_uid]["SEQUENCE"] == before[the_uid]["SEQUENCE"] + 1
    assert after[the_uid]["LAST-MODIFIED"].dt == changed_at
    assert after[the_uid]["DTSTAMP"].dt == changed_at
    assert after[the_uid].DTSTART.minute == 30
    # the club feed carries the same revision
    club = masters(parse(after_out / urls.ical_club("paris-web")))
    assert club[the_uid]["SEQUENCE"] == after[the_uid]["SEQUENCE"]


def test_windows_for_past_and_cancelled_events(feeds):
    _, _, out = feeds
    club = masters(parse(out / urls.ical_club("melbourne-makers")))
    old = ical.uid(CONFIG, "melbourne-makers/old-meetup")
    off = ical.uid(CONFIG, "melbourne-makers/called-off")
    assert old not in club  # ended more than feed_past_days before NOW
    assert club[off]["STATUS"] == "CANCELLED"
    assert masters(parse(out / urls.ical_event("melbourne-makers/old-meetup")))  # its own file keeps it


def test_cancelled_event_leaves_feeds_after_its_window(feeds, tmp_path):
    root, _, _ = feeds
    later = tmp_path / "later"
    build(root, later, now=NOW + timedelta(days=CONFIG.feed_cancelled_days + 7), parts=("ical",))
    club = masters(parse(later / urls.ical_club("melbourne-makers")))
    assert ical.uid(CONFIG, "melbourne-makers/called-off") not in club


def test_a_long_past_cancelled_meeting_stays_cancelled(feeds, tmp_path):
    root, _, _ = feeds
    later = tmp_path / "later"
    build(root, later, now=datetime(2027, 8, 1, tzinfo=UTC), parts=("ical",))  # 4 months after 1 April
    cal = parse(later / urls.ical_event("melbourne-makers/hack-nights"))
    overrides = {c["RECURRENCE-ID"].dt.date(): c for c in cal.walk("VEVENT") if "RECURRENCE-ID" in c}
    assert overrides[date(2027, 4, 1)]["STATUS"] == "CANCELLED"  # never shown as happening again
    assert overrides[date(2027, 10, 14)]["STATUS"] == "CANCELLED"
    assert check_feed(cal, load(root)) > 20


def test_language_feeds_hold_their_language_texts(feeds):
    _, _, out = feeds
    pt = parse(out / urls.ical_language("pt-BR"))
    titles = {str(c["SUMMARY"]) for c in pt.walk("VEVENT")}
    assert "Laboratório semanal" in titles
    assert "Hack night" not in titles
    names = pt.get("NAME")
    assert "português" in str(names)
    (summary,) = {c["SUMMARY"].params["LANGUAGE"] for c in pt.walk("VEVENT") if str(c["SUMMARY"]).startswith("Lab")}
    assert summary == "pt-BR"
    en = parse(out / urls.ical_all())
    assert "Weekly lab" in {str(c["SUMMARY"]) for c in en.walk("VEVENT")}


def test_calendar_properties(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_club("paris-web"))
    assert {str(n) for n in cal["NAME"]} == {"Atelier du Web", "Paris Web Workshop"}
    assert str(cal["X-WR-CALNAME"]) == "Atelier du Web"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal["REFRESH-INTERVAL"].dt == ical.REFRESH
    # The club's own file is in its first language (French), and links the French pages.
    assert str(cal["URL"]) == "https://clubs.example.org/network/fr/clubs/paris-web/"
    assert str(cal["SOURCE"]) == "https://clubs.example.org/network/calendar/clubs/paris-web.ics"
    assert "https://clubs.example.org/network/fr/clubs/paris-web/" in str(cal["DESCRIPTION"])
    event = masters(cal)[ical.uid(CONFIG, "paris-web/soiree")]
    assert str(event["URL"]) == "https://clubs.example.org/network/fr/events/paris-web/soiree/"
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Bibliothèque, Paris, France"


def test_online_events_carry_their_address_and_venues_their_geo(feeds):
    _, _, out = feeds
    online = masters(parse(out / urls.ical_event("sao-paulo-lab/semanal")))
    (component,) = online.values()
    assert str(component["LOCATION"]) == "https://meet.example.org/lab"
    assert str(component["CONFERENCE"]) == "https://meet.example.org/lab"
    hall = next(iter(masters(parse(out / urls.ical_event("melbourne-makers/hack-nights"))).values()))
    assert (hall["GEO"].latitude, hall["GEO"].longitude) == (-37.767, 144.961)
    assert "Tools out at 6." in str(hall["DESCRIPTION"])
    assert "**" not in str(hall["DESCRIPTION"])
    assert "Forum (https://forum.example.org/m)" in str(hall["DESCRIPTION"])


def test_one_meeting_file_is_an_event_of_its_own(feeds):
    _, _, out = feeds
    cal = parse(out / urls.ical_occurrence("melbourne-makers/hack-nights", date(2027, 4, 8)))
    (event,) = cal.walk("VEVENT")
    assert "RECURRENCE-ID" not in event
    assert "RRULE" not in event
    assert str(event["UID"]) == "melbourne-makers.hack-nights.20270408@clubs.example.org"
    assert datetime(2027, 4, 9, 18, 30, tzinfo=event.DTSTART.tzinfo) == event.DTSTART
    assert not cal.get_missing_tzids()
    assert "X-WR-CALNAME" not in cal  # added to one's own calendar, not a new one
    cancelled = parse(out / urls.ical_occurrence("melbourne-makers/hack-nights", date(2027, 10, 14)))
    assert cancelled.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_render_is_what_icalendar_serializes(feeds):
    root, network, _ = feeds
    from groundgame.feeds.history import History

    builder = ical.Calendars(network, CONFIG, NOW, History.from_repo(root))
    for feed in [*ical.feeds(network, CONFIG), ical.event_feed(CONFIG, network.events["sao-paulo-lab/semanal"])]:
        assert builder.feed_file(feed) == builder.calendar(feed).to_ical(), feed.path


def test_a_feed_over_the_size_limit_keeps_the_events_nearest_to_now(feeds, monkeypatch, caplog, tmp_path):
    root, _network, out = feeds
    full = masters(parse(out / urls.ical_all()))
    limit = len((out / urls.ical_all()).read_bytes()) // 2
    monkeypatch.setattr(calendars, "MAX_FEED_BYTES", limit)
    small = tmp_path / "small"
    with caplog.at_level(logging.INFO, logger="groundgame.feeds.calendars"):
        build(root, small, parts=("ical",))
    data = (small / urls.ical_all()).read_bytes()
    assert len(data) <= limit
    kept = masters(Calendar.from_ical(data))
    assert 0 < len(kept) < len(full)
    assert ical.uid(CONFIG, "melbourne-makers/called-off") in kept  # 5 days ahead: among the nearest
    assert ical.uid(CONFIG, "melbourne-makers/winter-camp") not in kept  # July 2027: dropped first
    assert "calendar/all.ics" in caplog.text
    assert "left out" in caplog.text


# Texts of several lines (summary, description, note) may hold line breaks, one-line fields
# (names, titles, venues) may not: validation refuses those (test_hostile_values.py).
HOSTILE = ("Evil\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil@x\\nSUMMARY:pwned\\u2028X-INJECTED:1"
           "\\tDTSTART:2000; \\\",</script><b>")
HOSTILE_LINE = "Evil END:VEVENT BEGIN:VEVENT UID:evil@x SUMMARY:pwned X-INJECTED:1 DTSTART:2000; \\\",</script><b>"


def test_hostile_text_cannot_add_properties_or_components(site, tmp_path):
    site.write("events/paris-web/hostile.yaml", f"""
        title: {{fr: "{HOSTILE_LINE}", en: "{HOSTILE_LINE}"}}
        summary: {{fr: "{HOSTILE}"}}
        description: {{fr: "<script>alert(1)</script>[x](javascript:alert(1)) {HOSTILE}"}}
        start: 2026-12-20T19:00
        venue: {{name: "{HOSTILE_LINE}", address: "{HOSTILE_LINE}"}}
        repeat:
          every: week
          count: 3
          changes:
            2026-12-27: {{note: "{HOSTILE}"}}
    """)
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text().replace("{fr: Atelier du Web,", f'{{fr: "{HOSTILE_LINE}",')
                    .replace("{fr: On apprend le web ensemble.,", f'{{fr: "{HOSTILE}",'))
    out = tmp_path / "out"
    network = build(site.root, out, parts=("ical",))  # not a git repository: file times, sequence 0
    assert network.clubs["paris-web"].summary.text().startswith("Evil\nEND:VEVENT")
    club_feed = parse(out / urls.ical_club("paris-web"))
    # one property, its line breaks escaped (icalendar reads X- properties without unescaping)
    assert str(club_feed["X-WR-CALDESC"]).startswith(r"Evil\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@x")
    # soirée; weekly with its moved and its cancelled meeting; hostile with its changed meeting
    assert len(club_feed.walk("VEVENT")) == 6
    event = network.events["paris-web/hostile"]
    assert "END:VEVENT" in event.summary.text()
    for path in [urls.ical_all(), urls.ical_event(event.id), urls.ical_club("paris-web"),
                 urls.ical_occurrence(event.id, date(2026, 12, 27))]:
        data = (out / path).read_bytes()
        cal = Calendar.from_ical(data)
        mine = [c for c in cal.walk("VEVENT") if str(c["UID"]).startswith("paris-web.hostile")]
        single = path == urls.ical_occurrence(event.id, date(2026, 12, 27))
        assert len(mine) == (1 if single else 2)  # the series and its changed meeting
        lines = data.split(b"\r\n")
        assert not [line for line in lines if line.startswith((b"X-INJECTED", b"UID:evil", b"SUMMARY:pwned"))]
        assert b"\r" not in data.replace(b"\r\n", b"")
        assert all(b >= 32 or b == 9 for line in lines for b in line)
        for component in mine:
            assert "X-INJECTED" not in component
            assert str(component["SUMMARY"]).startswith("Evil END:VEVENT BEGIN:VEVENT")
            description = str(component["DESCRIPTION"])
            assert description.startswith("Evil\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@x\nSUMMARY:pwned\nX-INJECTED:1")
            assert "</script><b>" in description  # kept as text: a calendar DESCRIPTION is not HTML
            assert "alert(1)" not in description.split("Evil")[0]  # the script tag and its body are gone
            assert "javascript:" not in description
        assert str(cal.walk("VEVENT")[0]["UID"]) != "evil@x"
    assert check_feed(parse(out / urls.ical_event(event.id)), network) == 3


@pytest.mark.parametrize("text", ["日本語の長いテキスト" * 30, "نص عربي طويل جدا " * 30, "é" * 200 + "🙂" * 50])
def test_long_lines_fold_at_75_octets_without_splitting_characters(site, tmp_path, text):
    site.write("events/paris-web/long.yaml", f"""
        title: {{fr: "{text[:200]}"}}
        description: {{fr: "{text}"}}
        start: 2026-12-20T19:00
        venue: {{name: "{text[:300]}"}}
    """)
    out = tmp_path / "out"
    build(site.root, out, parts=("ical",))
    data = (out / urls.ical_event("paris-web/long")).read_bytes()
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(1 for line in lines if line.startswith(b" ")) > 10
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8: no character cut in two
    (component,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(component["SUMMARY"]) == text[:200]
    assert str(component["LOCATION"]) == text[:300].strip()


def test_sample_content_feeds(tmp_path):
    """The repository's own sample network, with its real git history."""
    from conftest import REPO

    out = tmp_path / "out"
    network = build(REPO, out, parts=("ical",))
    files = [p for p in sorted((out / "calendar").rglob("*.ics")) if len(p.relative_to(out / "calendar").parts) < 4]
    assert len(files) > 60
    checked = 0
    for path in files:
        data = path.read_bytes()
        assert len(data) < ical.MAX_FEED_BYTES
        checked += check_feed(Calendar.from_ical(data), network)
    assert checked > 200
    zones = {str(tz["TZID"]) for tz in parse(out / urls.ical_all()).walk("VTIMEZONE")}
    assert {"Australia/Melbourne", "America/Sao_Paulo", "Europe/Paris", "Asia/Tokyo"} <= zones


def test_worker_processes_write_the_same_files(feeds, monkeypatch, tmp_path):
    """On a large network, event and meeting files come from forked workers: the same bytes."""
    root, _, out = feeds
    monkeypatch.setattr(ical, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ical, "CHUNK", 2)
    monkeypatch.setattr(ical.parallel, "default_jobs", lambda: 3)
    parallel = tmp_path / "parallel"
    build(root, parallel, parts=("ical",))
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.ics")}
    second = {p.relative_to(parallel): p.read_bytes() for p in parallel.rglob("*.ics")}
    assert first == second


@pytest.mark.parametrize("name", ["Europe/Paris", "America/Sao_Paulo", "Australia/Melbourne", "Australia/Lord_Howe",
                                  "America/New_York", "Africa/Cairo", "America/Mexico_City", "Pacific/Apia",
                                  "America/Santiago", "Europe/Dublin", "Asia/Kolkata", "Asia/Tokyo"])
def test_vtimezone_body_gives_tzdata_offsets_every_half_hour(name):
    """A client that reads only the VTIMEZONE body gets the same offset as tzdata at every instant
    (2024–2028: DST north and south, half-hour zones, abolished DST, negative DST in Dublin)."""
    from groundgame.feeds.vtimezone import vtimezone
    from groundgame.model.timezones import get_zone

    component = vtimezone(name, 2024)
    body, zone = component.to_tz(lookup_tzid=False), get_zone(name)  # the body, not icalendar's zone of that name
    moment, end = datetime(2024, 1, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC)
    while moment < end:
        assert moment.astimezone(body).utcoffset() == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(minutes=30)
    text = component.to_ical().decode("utf-8")
    assert all("," not in line for line in text.split("\r\n") if line.startswith("RDATE"))  # one value a line
    for observance in component.subcomponents:  # each onset is the local time before the change
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        rdates = observance.get("RDATE", [])
        onsets = [observance.DTSTART, *(d.dt for value in (rdates if isinstance(rdates, list) else [rdates])
                                         for d in value.dts)]
        for onset in onsets:
            if onset == datetime(2024, 1, 1):
                continue  # the zone's state when the component starts, not a change
            instant = (onset - before).replace(tzinfo=UTC)
            assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == before, (name, onset)
            assert instant.astimezone(zone).utcoffset() == after, (name, onset)


def test_worker_files_are_guarded_by_the_callers_writer(feeds, monkeypatch, tmp_path):
    """A path a worker writes that the build already wrote stops the build, as the writer would."""
    from groundgame.feeds.history import History
    from groundgame.output import OutputError, Writer

    root, network, _ = feeds
    monkeypatch.setattr(ical, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ical.parallel, "default_jobs", lambda: 2)
    writer = Writer(tmp_path / "out")
    writer.write(urls.ical_event("paris-web/soiree"), b"claimed", category="pages")
    with pytest.raises(OutputError, match="twice"):
        ical.write_calendars(network, CONFIG, writer, NOW, History.from_repo(root))
    fresh = Writer(tmp_path / "fresh")
    ical.write_calendars(network, CONFIG, fresh, NOW, History.from_repo(root))
    assert fresh.counts["feeds"] == len(list((tmp_path / "fresh").rglob("*.ics"))) == len(fresh.written)


def test_same_bytes_from_other_processes_hash_seeds_and_time_zones(feeds, tmp_path):
    """Reproducible across machines: no set order, local zone or locale leaks into any file."""
    import os
    import subprocess
    import sys

    root, _, _ = feeds
    outputs = []
    for seed, zone in (("1", "Pacific/Kiritimati"), ("2", "America/Adak")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": "C",
               "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
        subprocess.run([sys.executable, "-m", "groundgame", "--root", str(root), "export", "--out", str(out)],
                       env=env, check=True, capture_output=True)
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert len(outputs[0]) > 100
    assert outputs[0] == outputs[1]
