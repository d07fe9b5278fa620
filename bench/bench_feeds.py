"""Benchmark section "feeds": write every calendar feed, the JSON API and the Atom feeds.

``run(root)`` loads the network at ``root`` (not timed), then times the three writers
into a temporary folder and reports what they wrote. ``bench/run.py`` calls it; it also
runs on its own: ``python bench/bench_feeds.py [ROOT]`` (default: the synthetic network
of 1,000 clubs and 10,000 events, written first if missing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from groundgame import clock
from groundgame.config import SiteConfig
from groundgame.content.network import load_network
from groundgame.feeds import api, atom, ical
from groundgame.feeds.history import History
from groundgame.output import Writer

HERE = Path(__file__).resolve().parent


def _size(folder: Path) -> tuple[int, int, int]:
    """Files, bytes, and the largest aggregate calendar feed in bytes."""
    files = total = largest = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            files += 1
            total += size
            if path.suffix == ".ics" and "events" not in path.parts:
                largest = max(largest, size)
    return files, total, largest


def _largest_feeds(folder: Path, count: int = 5) -> list[dict[str, object]]:
    """The largest aggregate feeds: bytes, VEVENTs, and how many hold a meeting to come (all.ics: its one-offs too)."""
    feeds = sorted((p for p in (folder / "calendar").rglob("*.ics") if "events" not in p.parts),
                   key=lambda p: p.stat().st_size, reverse=True)[:count]
    return [{"feed": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size,
             "vevents": p.read_bytes().count(b"BEGIN:VEVENT"),
             "one_off_vevents": _one_offs(p.read_bytes())} for p in feeds]


def _one_offs(data: bytes) -> int:
    """VEVENTs that are neither a series (RRULE) nor an override of one (RECURRENCE-ID)."""
    blocks = data.split(b"BEGIN:VEVENT")[1:]
    return sum(1 for b in blocks if b"\r\nRRULE:" not in b and b"\r\nRECURRENCE-ID" not in b)


def run(root: Path) -> dict[str, object]:
    outcome = load_network(root)
    if not outcome.ok:
        raise SystemExit(f"{root}: the network has {len(outcome.errors)} errors")
    network = outcome.network
    config = SiteConfig(feeds_may_be_cut=True)  # the network feeds are cut to their caps, as expected
    now = clock.now() if "SOURCE_DATE_EPOCH" in os.environ else datetime(2026, 12, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        writer = Writer(out)
        started = time.perf_counter()
        history = History.from_repo(root)
        history_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ical.write_calendars(network, config, writer, now, history)
        feeds_seconds = time.perf_counter() - started
        started = time.perf_counter()
        api.write_api(network, config, writer, now, history)
        api_seconds = time.perf_counter() - started
        started = time.perf_counter()
        atom.write_atom(network, config, writer, now, history)
        atom_seconds = time.perf_counter() - started
        files, total, largest = _size(out)
        largest_feeds = _largest_feeds(out)
        events_json = (out / "api/v1/events.json").stat().st_size
    return {
        "events": len(network.events),
        "history_seconds": round(history_seconds, 3),
        "feeds_seconds": round(feeds_seconds, 2),
        "feeds_files": writer.counts.get("feeds", 0),
        "api_seconds": round(api_seconds, 2),
        "api_files": writer.counts.get("api", 0),
        "atom_seconds": round(atom_seconds, 2),
        "files": files,
        "bytes": total,
        "largest_feed_bytes": largest,
        "largest_feeds": largest_feeds,
        "events_json_bytes": events_json,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", nargs="?", type=Path, help="a site folder with content/ (default: synthetic network)")
    args = parser.parse_args()
    root = args.root
    if root is None:
        sys.path.insert(0, str(HERE))
        from run import network

        root = network(1000, 10000)
    print(json.dumps(run(root), indent=2))


if __name__ == "__main__":
    main()
