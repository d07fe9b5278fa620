"""The feeds benchmark runs (on a small synthetic network), and the synthetic network's feeds are right."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO
from feedkit import build, check_feed
from icalendar import Calendar

sys.path.insert(0, str(REPO / "bench"))

import bench_feeds
import synthetic


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
