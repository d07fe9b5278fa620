"""Our VTIMEZONEs, read by ical.js and by icalendar, give the instants Python's zoneinfo gives.

For every zone tzdata ships: a calendar with our VTIMEZONE and one VEVENT per sample local
time (15 January and 15 July at 12:00, and the unambiguous local times a minute and an hour
around each change zoneinfo knows of), for the 31 years from ``since_year``. The oracle is
zoneinfo on the tzdata files; the changes are found by scanning zoneinfo, not our code.

ical.js reads UTC offsets to the minute (it drops TZOFFSETFROM/TO seconds): where the offset
itself has seconds (Africa/Monrovia until 1972, -00:44:30) it may be off by those seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone
from readers import icaljs_starts, utc_text

from groundgame.feeds.vtimezone import vtimezone
from groundgame.model.timezones import WallTime, get_zone, wall_time, zone_names

YEARS = 31
NAMED = ["Europe/Paris", "America/New_York", "America/Los_Angeles", "Australia/Melbourne", "Australia/Lord_Howe",
         "Asia/Jerusalem", "America/Nuuk", "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Apia", "Asia/Tokyo",
         "America/Santiago", "Europe/Dublin", "Africa/Cairo", "Asia/Gaza"]
ZONES = sorted(n for n in zone_names() if get_zone(n).utcoffset(datetime(2026, 1, 1)) is not None)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta()


def zone_changes(zone: ZoneInfo, since_year: int) -> Iterator[tuple[datetime, timedelta]]:
    """The instants (to the second) at which zoneinfo's offset changes, and by how much.

    A weekly scan, then bisection.
    """
    step = timedelta(days=7)
    moment = datetime(since_year, 1, 1, tzinfo=UTC) - step
    end = datetime(since_year + YEARS + 1, 1, 1, tzinfo=UTC)
    before = _offset(zone, moment)
    while moment < end:
        later = moment + step
        after = _offset(zone, later)
        if after != before:
            low, high = moment, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if _offset(zone, middle) == before else (low, middle)
            yield high, after - before
        moment, before = later, after


def sample_times(zone: ZoneInfo, since_year: int) -> list[datetime]:
    """Naive local times, each existing exactly once in ``zone``."""
    walls = [datetime(year, month, 15, 12) for year in range(since_year, since_year + YEARS) for month in (1, 7)]
    for moment, jump in zone_changes(zone, since_year):
        size = abs(jump)
        for delta in (-size - timedelta(minutes=1), timedelta(minutes=-1), timedelta(minutes=1),
                      size + timedelta(minutes=1), timedelta(hours=-1), timedelta(hours=1)):
            walls.append((moment + delta).astimezone(zone).replace(tzinfo=None, microsecond=0, second=0))
    return sorted({w for w in walls if wall_time(w, zone) is WallTime.NORMAL and since_year <= w.year})


def calendar_text(name: str, since_year: int, walls: list[datetime]) -> bytes:
    zone = vtimezone(name, since_year).to_ical().decode()
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID={name}:{wall:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n" for i, wall in enumerate(walls))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{zone}{events}END:VCALENDAR\r\n".encode()


@cache
def cases(since_year: int, tmp: Path) -> dict[str, tuple[Path, list[datetime]]]:
    found = {}
    for name in ZONES:
        walls = sample_times(get_zone(name), since_year)
        path = tmp / f"{name.replace('/', '~')}.{since_year}.ics"
        path.write_bytes(calendar_text(name, since_year, walls))
        found[name] = (path, walls)
    return found


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zones")


def expected(name: str, wall: datetime) -> str:
    return utc_text(wall.replace(tzinfo=get_zone(name)))


def test_every_zone_is_listed():
    assert len(ZONES) > 500
    assert set(NAMED) <= set(ZONES)


@pytest.mark.build
@pytest.mark.parametrize("since_year", [1970, 2026])
def test_icaljs_reads_every_zone_as_zoneinfo_does(since_year, tmp):
    files = cases(since_year, tmp)
    shown = icaljs_starts([path for path, _ in files.values()])
    wrong = {}
    for name, (path, walls) in files.items():
        starts = shown[path]
        bad = [(f"{wall:%Y-%m-%d %H:%M}", starts.get(f"{i}@test"), expected(name, wall))
               for i, wall in enumerate(walls) if not _same(name, wall, starts.get(f"{i}@test"))]
        if bad:
            wrong[name] = (len(bad), bad[:3])
    assert wrong == {}
    assert sum(len(walls) for _, walls in files.values()) > 50_000


def _same(name: str, wall: datetime, found: str | None) -> bool:
    if found == expected(name, wall):
        return True
    offset = wall.replace(tzinfo=get_zone(name)).utcoffset() or timedelta()
    if found is None or offset.seconds % 60 == 0:
        return False
    difference = datetime.fromisoformat(found) - datetime.fromisoformat(expected(name, wall))
    return abs(difference) < timedelta(minutes=1)  # ical.js drops an offset's seconds


@pytest.mark.build
@pytest.mark.parametrize("since_year", [1970, 2026])
def test_icalendar_reads_every_zone_as_zoneinfo_does(since_year, tmp):
    wrong = {}
    for name, (_, walls) in cases(since_year, tmp).items():
        component = Timezone.from_ical(vtimezone(name, since_year).to_ical())
        ours = component.to_tz(lookup_tzid=False)  # our VTIMEZONE, not icalendar's zone of that name
        # local → UTC; and, for today's rules, back (dateutil's fromutc, which icalendar uses, trips on a
        # negative DST marked DAYLIGHT, and on any past change of standard offset whatever the body says)
        back = since_year >= 2026
        bad = [(f"{wall:%Y-%m-%d %H:%M}", utc_text(wall.replace(tzinfo=ours))) for wall in walls
               if utc_text(wall.replace(tzinfo=ours)) != expected(name, wall)
               or (back and wall.replace(tzinfo=get_zone(name)).astimezone(ours).replace(tzinfo=None) != wall)]
        if bad:
            wrong[name] = (len(bad), bad[:3])
    assert wrong == {}


def test_the_zone_does_not_depend_on_how_far_ahead_events_are():
    # since_year is the only input: an event in 9998 does not make the zone bigger
    paris = vtimezone("Europe/Paris", 2026).to_ical()
    assert len(paris) < 1500
    assert paris.count(b"RRULE:") == 2
    assert b"RDATE" not in paris


@pytest.mark.parametrize("name", NAMED)
def test_no_rdate_and_a_first_observance_before_the_window(name):
    component = vtimezone(name, 2026)
    starts = [o.DTSTART for o in component.walk() if o.name in ("STANDARD", "DAYLIGHT")]
    assert starts
    assert min(starts) <= datetime(2026, 1, 1)
    assert b"RDATE" not in component.to_ical()


@pytest.mark.parametrize(("name", "rules"), [
    ("Europe/Paris", {"DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}),
    # 26:00 on the fourth Thursday: 02:00 on the Friday after it
    ("Asia/Jerusalem", {"DAYLIGHT": "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3",
                        "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}),
    # -1:00 on the last Sunday: 23:00 on the Saturday before it
    ("America/Nuuk", {"DAYLIGHT": "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3",
                      "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}),
    ("Asia/Tokyo", {"STANDARD": None}),
    ("America/Sao_Paulo", {"STANDARD": None}),
])
def test_the_current_rule_is_an_rrule(name, rules):
    component = vtimezone(name, 2026)
    found = {o.name: (o["RRULE"].to_ical().decode() if "RRULE" in o else None)
             for o in component.walk() if o.name in ("STANDARD", "DAYLIGHT")}
    assert found == rules


def test_a_rule_no_rrule_can_say_is_listed_with_a_comment():
    # Cairo: 24:00 on the last Thursday of October, which can be 1 November
    cairo = vtimezone("Africa/Cairo", 2026)
    observances = [o for o in cairo.walk() if o.name in ("STANDARD", "DAYLIGHT")]
    assert not any("RRULE" in o for o in observances)
    assert "cannot be written as an RRULE" in str(observances[-1]["COMMENT"])
    assert observances[-1].DTSTART.year >= 2026 + 30
