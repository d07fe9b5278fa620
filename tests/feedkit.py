"""Helpers of the feed and API tests: a network in a real git repository, built into a folder.

Not a test module: ``test_ical*``, ``test_api*`` and ``test_history*`` import it.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import recurring_ical_events
from conftest import BASE_FILES, Site
from icalendar import Calendar

from groundgame.config import SiteConfig
from groundgame.content.network import Network, load_network
from groundgame.feeds import ical
from groundgame.feeds.history import History
from groundgame.model.records import Event
from groundgame.model.schedule import meetings_of
from groundgame.model.timezones import get_zone
from groundgame.output import Writer

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FAR_PAST, FAR_FUTURE = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
CONFIG = SiteConfig(site_url="https://clubs.example.org/network", site_name="Clubs", uid_domain="clubs.example.org")

# Added to conftest's BASE_FILES: DST changes north and south, all-day, cancelled, moved.
EXTRA_FILES = {
    "regions/asia-pacific.yaml": """
        name: {en: Asia Pacific, ja: アジア太平洋}
        coordinators:
          - {name: Kai, github: kai}
    """,
    "clubs/melbourne-makers.yaml": """
        name: Melbourne Makers
        summary: Hack nights in Brunswick.
        languages: [en]
        region: asia-pacific
        location: {city: Melbourne, country: AU, lat: -37.767, lon: 144.961}
        timezone: Australia/Melbourne
        topics: [open-hardware]
        leaders:
          - {name: Aroha, github: aroha}
        status: active
    """,
    # Weekly across both Melbourne DST changes (5 April and 4 October 2027).
    "events/melbourne-makers/hack-nights.yaml": """
        title: Hack night
        summary: Bring a project.
        description: "Tools out at **6**.\\n\\n[Forum](https://forum.example.org/m)"
        start: 2027-03-18T18:00
        end: 2027-03-18T21:00
        topics: [open-hardware]
        venue: {name: Brunswick hall, address: Sydney Road, city: Melbourne, country: AU, lat: -37.767, lon: 144.961}
        repeat:
          every: week
          on: [thursday]
          until: 2027-10-21
          except: [2027-04-01]
          changes:
            2027-04-08: {start: 2027-04-09T18:30, end: 2027-04-09T21:00, note: Friday this week}
            2027-09-30: {start: 2027-10-05T18:00, end: 2027-10-05T21:00}
            2027-10-14: {status: cancelled, note: Hall closed}
    """,
    "events/melbourne-makers/winter-camp.yaml": """
        title: Winter camp
        start: 2027-07-10
        end: 2027-07-12
        venue: {name: Scout hall}
    """,
    "events/melbourne-makers/old-meetup.yaml": """
        title: Old meetup
        start: 2026-03-01T18:00
        venue: {name: Pub}
    """,
    "events/melbourne-makers/called-off.yaml": """
        title: Called off
        start: 2026-11-25T18:00
        venue: {name: Pub}
        status: cancelled
    """,
    "events/sao-paulo-lab/semanal.yaml": """
        title: {pt-BR: Laboratório semanal, en: Weekly lab}
        start: 2026-10-06T19:00
        end: 2026-10-06T21:00
        online: {url: "https://meet.example.org/lab"}
        repeat:
          every: week
          on: [tuesday]
          count: 30
          except: [2026-12-29]
          changes:
            2027-02-09: {start: 2027-02-11T19:00, end: 2027-02-11T21:00, note: {pt-BR: Carnaval}}
    """,
    "events/sao-paulo-lab/mensal.yaml": """
        title: Encontro mensal
        start: 2026-12-02
        venue: {name: Biblioteca}
        repeat:
          every: month
          on: [1st wednesday]
          count: 6
          changes:
            2027-02-03: {start: 2027-02-10}
    """,
}


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    stamp = f"{int((when or datetime(2026, 10, 1, tzinfo=UTC)).timestamp())} +0000"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args], cwd=root,
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(root: Path, message: str, when: datetime) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


def init_repo(root: Path, when: datetime = datetime(2026, 10, 1, tzinfo=UTC)) -> None:
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "content", when)


def network_repo(folder: Path) -> Site:
    """The test network (conftest's files and EXTRA_FILES) written into ``folder``, committed to git."""
    site = Site(folder)
    for rel, text in {**BASE_FILES, **EXTRA_FILES}.items():
        site.write(rel, text)
    init_repo(site.root)
    return site


def load(root: Path) -> Network:
    outcome = load_network(root, jobs=1)
    assert outcome.ok, [p.text() for p in outcome.errors]
    return outcome.network


def build(root: Path, out: Path, *, now: datetime = NOW, config: SiteConfig = CONFIG,
          parts: tuple[str, ...] = ("ical", "api", "atom")) -> Network:
    """Write the feeds (and API, Atom) of the network at ``root`` into ``out``."""
    network = load(root)
    writer = Writer(out)
    history = History.from_repo(root)
    if "ical" in parts:
        ical.write_calendars(network, config, writer, now, history)
    if "api" in parts:
        from groundgame.feeds import api

        api.write_api(network, config, writer, now, history)
    if "atom" in parts:
        from groundgame.feeds import atom

        atom.write_atom(network, config, writer, now, history)
    return network


def aware(event: Event, value: date | datetime, *, end: bool = False) -> datetime | date:
    """What a calendar app should show: aware local time, or the (exclusive end) date."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=get_zone(event.timezone))
    return value + timedelta(days=1) if end else value


def utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), UTC)


def expected_meetings(event: Event) -> tuple[set[tuple[datetime | date, datetime | date]], set[date]]:
    """(start, end) of the meetings that take place, and the original dates of those that do not."""
    happening: set[tuple[datetime | date, datetime | date]] = set()
    called_off: set[date] = set()
    for occurrence in meetings_of(event):
        if occurrence.cancelled or event.status != "scheduled":
            called_off.add(occurrence.original_date)
        else:
            happening.add((aware(event, occurrence.local_start), aware(event, occurrence.local_end, end=True)))
    return happening, called_off


def masters(cal: Calendar) -> dict[str, object]:
    return {str(c["UID"]): c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c}


def event_by_uid(network: Network) -> dict[str, Event]:
    return {ical.uid(CONFIG, e.id): e for e in network.events.values()}


def check_feed(cal: Calendar, network: Network) -> int:
    """Every series in ``cal`` expands to the meetings of its event; returns the meetings checked."""
    assert not cal.get_missing_tzids(), "every TZID needs its VTIMEZONE"
    assert "X-WR-TIMEZONE" not in cal
    by_uid = event_by_uid(network)
    expanded: dict[str, list] = {}
    for component in recurring_ical_events.of(cal).between(FAR_PAST, FAR_FUTURE):
        expanded.setdefault(str(component["UID"]), []).append(component)
    checked = 0
    for the_uid in masters(cal):
        event = by_uid[the_uid]
        happening, called_off = expected_meetings(event)
        shown = {(c.DTSTART, c.DTEND) for c in expanded.get(the_uid, []) if c.get("STATUS") != "CANCELLED"}
        assert shown == happening, event.id
        for component in expanded.get(the_uid, []):
            start = component.DTSTART
            if isinstance(start, datetime) and "TZID" in component["DTSTART"].params:
                assert str(start.tzinfo) == event.timezone
                assert component["DTSTART"].params["TZID"] == event.timezone
            elif isinstance(start, datetime):  # Etc/UTC and its aliases are written as UTC ("Z")
                assert start.utcoffset() == timedelta(0) == get_zone(event.timezone).utcoffset(start)
            if component.get("STATUS") == "CANCELLED":
                original = component.get("RECURRENCE-ID")
                day = (original.dt if original else start)
                assert (day.date() if isinstance(day, datetime) else day) in called_off, event.id
        checked += len(happening)
    return checked
