"""Calendar readers as test oracles: what a subscriber's calendar shows from our .ics files.

``icaljs_meetings`` asks ical.js 2.2.1 (the parser of Thunderbird and many web calendars,
installed by ``make test`` from package-lock.json) through ``icaljs_expand.mjs``, in one node
process for all the files; ``rie_meetings`` asks icalendar with recurring-ical-events. Both give
``Shown`` values normalized the same way (UTC instants, dates for all-day meetings, an
override's own STATUS, CONFIRMED by default), so tests compare ``set()``s of the two meeting by
meeting, or against instants computed by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar, Component

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().with_name("icaljs_expand.mjs")
NODE_MODULES = REPO / "node_modules"


class Shown(NamedTuple):
    """One meeting as a calendar shows it. Instants are ``YYYY-MM-DDTHH:MM:SSZ``, all-day values ``YYYY-MM-DD``."""

    uid: str
    recurrence_id: str | None  # None for an event that is not part of a series
    start: str
    end: str  # DTEND: exclusive
    status: str
    summary: str | None
    location: str | None


class ReaderMissingError(RuntimeError):
    """node or the npm packages are not installed."""


def utc_text(value: date | datetime) -> str:
    """The normalized text of a DATE or DATE-TIME value (a floating time is read as UTC)."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"the window must be given in aware datetimes (got {moment!r})")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def icaljs_meetings(paths: Sequence[Path], start: datetime, end: datetime) -> dict[Path, list[Shown]]:
    """The meetings ical.js shows from each file between ``start`` and ``end`` (one node run for all)."""
    request = {"files": [str(p) for p in paths], "start": _iso_utc(start), "end": _iso_utc(end)}
    found = _icaljs(request)
    return {Path(p): sorted(Shown(**m) for m in found[str(p)]) for p in paths}


def icaljs_starts(paths: Sequence[Path]) -> dict[Path, dict[str, str]]:
    """Each file's VEVENT starts by UID, as ical.js converts them to UTC (no expansion: for zone tests)."""
    found = _icaljs({"files": [str(p) for p in paths], "mode": "starts"})
    return {Path(p): found[str(p)] for p in paths}


def _icaljs(request: dict[str, object]) -> Any:
    node = shutil.which("node")
    if node is None:
        raise ReaderMissingError("node is not on PATH: install Node.js 20 (the tests read calendars with ical.js)")
    if not (NODE_MODULES / "ical.js" / "package.json").is_file():
        raise ReaderMissingError(f"{NODE_MODULES / 'ical.js'} is missing: run `make test` (or `npm ci`) in {REPO}")
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "TZ": "UTC"}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ical.js could not read the calendars:\n{done.stderr}")
    return json.loads(done.stdout)


def _seconds(value: date | datetime) -> float:
    """Seconds since the epoch; an all-day value read as midnight UTC (as icaljs_expand.mjs does)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp()
    return datetime.combine(value, time(), UTC).timestamp()


def _overlaps(first: date | datetime, last: date | datetime, low: float, high: float) -> bool:
    start, end = _seconds(first), _seconds(last)
    return start < high and end > low if end > start else low <= start < high


def _text(component: Component, name: str) -> str | None:
    value = component.get(name)
    return None if value is None else str(value)


def rie_meetings(paths: Iterable[Path], start: datetime, end: datetime) -> dict[Path, list[Shown]]:
    """The meetings icalendar with recurring-ical-events shows from each file, normalized like ``icaljs_meetings``."""
    low, high = _seconds(start), _seconds(end)
    result: dict[Path, list[Shown]] = {}
    for path in paths:
        calendar = Calendar.from_ical(path.read_bytes())
        series = {str(c["UID"]) for c in calendar.walk("VEVENT")
                  if any(name in c for name in ("RRULE", "RDATE", "RECURRENCE-ID"))}
        # a wider query, then the same overlap rule as the ical.js side
        found = recurring_ical_events.of(calendar).between(start - timedelta(days=2), end + timedelta(days=2))
        meetings = []
        for occurrence in found:
            first, last = occurrence.start, occurrence.end
            if not _overlaps(first, last, low, high):
                continue
            the_uid = str(occurrence["UID"])
            recurrence = occurrence.get("RECURRENCE-ID") if the_uid in series else None
            meetings.append(Shown(
                uid=the_uid,
                recurrence_id=None if recurrence is None else utc_text(recurrence.dt),
                start=utc_text(first), end=utc_text(last),
                status=str(occurrence.get("STATUS", "CONFIRMED")).upper(),
                summary=_text(occurrence, "SUMMARY"), location=_text(occurrence, "LOCATION")))
        result[path] = sorted(meetings)
    return result


LIBICAL_SCRIPT = Path(__file__).resolve().with_name("libical_expand.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's, with python3-gi and gir1.2-ical-3.0


def libical_available() -> bool:
    """Whether Debian's python3 can load libical's GObject bindings (.ci/run installs them)."""
    if not SYSTEM_PYTHON.is_file():
        return False
    done = subprocess.run([str(SYSTEM_PYTHON), "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
                          capture_output=True, check=False)
    return done.returncode == 0


def libical_meetings(paths: Sequence[Path], start: datetime, end: datetime) -> dict[Path, tuple[bool, list[Shown]]]:
    """For each file: whether it passes libical's iTIP restriction check, and the meetings a
    libical-based client (Evolution) shows between ``start`` and ``end``; one process for all."""
    if not libical_available():
        raise ReaderMissingError("libical's bindings are missing: apt-get install python3-gi gir1.2-ical-3.0")
    request = {"files": [str(p) for p in paths], "start": _iso_utc(start), "end": _iso_utc(end)}
    done = subprocess.run([str(SYSTEM_PYTHON), str(LIBICAL_SCRIPT)], input=json.dumps(request), capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "TZ": "UTC"}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"libical could not read the calendars:\n{done.stderr}")
    found = json.loads(done.stdout)
    return {Path(p): (found[str(p)]["restrictions_ok"] and not found[str(p)]["errors"],
                      sorted(Shown(**m) for m in found[str(p)]["meetings"])) for p in paths}
