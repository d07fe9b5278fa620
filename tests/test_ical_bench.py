"""The feeds benchmark runs (on a small synthetic network), and the synthetic network's feeds are right."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import REPO
from feedkit import CONFIG, NOW, build, check_feed
from icalendar import Calendar
from readers import icaljs_meetings

from groundgame.feeds import calendars

sys.path.insert(0, str(REPO / "bench"))

import bench_feeds
import synthetic

# Every test builds the feeds of a synthetic network.
pytestmark = pytest.mark.build


def test_bench_feeds_runs_and_its_network_feeds_expand_right(tmp_path: Path):
    root = tmp_path / "network"
    synthetic.write_network(root, clubs=12, events=60)
    result = bench_feeds.run(root)
    assert result["events"] == 60
    assert result["files"] == result["feeds_files"] + result["api_files"]
    assert result["bytes"] > 0
    assert {"feeds_seconds", "api_seconds"} <= set(result)
    out = tmp_path / "out"
    network = build(root, out, parts=("ical",))
    checked = sum(check_feed(Calendar.from_ical((out / "calendar" / name).read_bytes()), network)
                  for name in ("all.ics", "clubs/club-0000.ics", "topics/art.ics"))
    assert checked > 60


def _one_offs_by_start(root: Path, now: datetime) -> list[tuple[datetime, str]]:
    """(start instant, UID) of each one-off event still to come, read from the YAML with PyYAML and zoneinfo."""
    zones = {p.stem: yaml.safe_load(p.read_text("utf-8"))["timezone"] for p in (root / "content/clubs").glob("*.yaml")}
    found = []
    for path in (root / "content/events").rglob("*.yaml"):
        record = yaml.safe_load(path.read_text("utf-8"))
        if "repeat" in record:
            continue
        club = path.parent.name
        end = datetime.fromisoformat(record["end"]).replace(tzinfo=ZoneInfo(zones[club]))
        if end >= now:
            start = datetime.fromisoformat(record["start"]).replace(tzinfo=ZoneInfo(zones[club]))
            found.append((start.astimezone(UTC), f"{club}.{path.stem}@clubs.example.org"))
    return sorted(found)


def test_a_cut_network_feed_keeps_the_one_offs_nearest_to_now(tmp_path: Path, monkeypatch, caplog):
    root = tmp_path / "network"
    synthetic.write_network(root, clubs=20, events=400)
    monkeypatch.setattr(calendars, "MAX_FEED_EVENTS", 120)
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING, logger="groundgame.feeds.calendars"):
        build(root, out, now=NOW, config=replace(CONFIG, feeds_may_be_cut=False), parts=("ical",))
    assert any(r.levelno == logging.WARNING and "calendar/all.ics" in r.getMessage() for r in caplog.records)
    feed = out / "calendar/all.ics"
    assert feed.read_bytes().count(b"BEGIN:VEVENT") <= 120
    kept = {m.uid for m in icaljs_meetings([feed], NOW - timedelta(days=400), NOW + timedelta(days=800))[feed]}
    upcoming = _one_offs_by_start(root, NOW)
    flags = [uid in kept for _, uid in upcoming]
    assert 5 < sum(flags) < len(upcoming)
    assert flags == sorted(flags, reverse=True)  # the nearest ones, with none skipped, then none
    series = {uid for uid in kept if uid not in {u for _, u in upcoming}}
    assert series  # series with a meeting as near are kept alike


def test_cut_feeds_may_be_allowed(tmp_path: Path, monkeypatch, caplog):
    root = tmp_path / "network"
    synthetic.write_network(root, clubs=6, events=60)
    monkeypatch.setattr(calendars, "MAX_FEED_EVENTS", 20)
    with caplog.at_level(logging.INFO, logger="groundgame.feeds.calendars"):
        build(root, tmp_path / "out", now=NOW, config=replace(CONFIG, feeds_may_be_cut=True), parts=("ical",))
    cut = [r for r in caplog.records if "left out" in r.getMessage()]
    assert cut
    assert all(r.levelno == logging.INFO for r in cut)
