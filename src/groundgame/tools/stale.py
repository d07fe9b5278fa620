"""``groundgame report stale``: what a region's coordinators should look at.

Active clubs with no meeting for N months (none since, none planned), and series that
have ended (their files can be renewed or left as history), grouped by region. Dates
are compared in each event's own local calendar, against "now" from ``clock`` (so
``SOURCE_DATE_EPOCH`` makes the report reproducible).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from groundgame import clock, collector
from groundgame import report as problems_report
from groundgame.content.network import Network, load_network
from groundgame.model import activity
from groundgame.model.records import Club, Event
from groundgame.model.schedule import Schedule
from groundgame.problems import visible
from groundgame.tools.summary import md_text

FORMATS = ("text", "markdown")


@dataclass(frozen=True)
class QuietClub:
    club: Club
    last: date | None  # the last meeting that took place (or None: never one)


@dataclass(frozen=True)
class EndedSeries:
    event: Event
    last: date  # its last meeting


@dataclass
class RegionStale:
    region_id: str
    name: str
    coordinators: tuple[str, ...]
    quiet: list[QuietClub] = field(default_factory=list)
    ended: list[EndedSeries] = field(default_factory=list)


def find(network: Network, today: date, months: int, schedule: Schedule | None = None) -> list[RegionStale]:
    """Per region (in id order), its quiet active clubs and ended series; regions with neither left out.

    Quiet is ``activity.is_quiet``, the rule the dashboard counts with too."""
    schedule = schedule or Schedule.of(network)
    last_of_club = activity.last_meetings(network.events, schedule)
    ended: dict[str, list[EndedSeries]] = {}
    for event in network.events.values():
        days = activity.meeting_days(schedule, event)
        if event.repeat is not None and days and max(days) < today:
            ended.setdefault(event.club, []).append(EndedSeries(event, max(days)))
    regions: dict[str, RegionStale] = {}
    for region_id, region in network.regions.items():
        regions[region_id] = RegionStale(region_id, region.name.text(),
                                         tuple(p.github for p in region.coordinators))
    for club_id, club in network.clubs.items():
        entry = regions.get(club.region)
        if entry is None:
            continue
        last = last_of_club.get(club_id)
        if activity.is_quiet(club, last, today, months):
            entry.quiet.append(QuietClub(club, last))
        entry.ended.extend(ended.get(club_id, []))
    return [r for r in regions.values() if r.quiet or r.ended]


def format_report(found: list[RegionStale], today: date, months: int, fmt: str) -> str:
    since = activity.quiet_cutoff(today, months).isoformat()
    lead = f"no meeting since {since} ({months} month{'s' if months != 1 else ''}) and none planned"
    if fmt == "markdown":
        return _markdown(found, lead)
    lines = [f"Stale content on {today.isoformat()}: active clubs with {lead}, and series that ended."]
    if not found:
        lines.append("Nothing to look at: every active club has met or will meet, and no series has ended.")
    for region in found:
        coordinators = ", ".join(f"@{c}" for c in region.coordinators)
        lines += ["", f"{visible(region.name)} ({region.region_id}), coordinators {coordinators}:"]
        for quiet in region.quiet:
            last = f"last meeting {quiet.last.isoformat()}" if quiet.last else "no meeting yet"
            lines.append(f"  quiet club   {quiet.club.path}: {visible(quiet.club.name.text())} ({last})")
        for series in region.ended:
            lines.append(f"  ended series {series.event.path}: {visible(series.event.title.text())} "
                         f"(last meeting {series.last.isoformat()})")
    return "\n".join(lines) + "\n"


def _markdown(found: list[RegionStale], lead: str) -> str:
    lines = ["## Stale content", "", f"Active clubs with {lead}, and series that ended, by region.", ""]
    if not found:
        lines.append("Nothing to look at: every active club has met or will meet, and no series has ended.")
    for region in found:
        coordinators = ", ".join(f"`{c}`" for c in region.coordinators)
        lines += [f"### {md_text(region.name)}", "", f"Coordinators: {coordinators}", ""]
        if region.quiet:
            lines += ["| Quiet club | Last meeting | File |", "| --- | --- | --- |"]
            lines += [f"| {md_text(q.club.name.text())} | {q.last.isoformat() if q.last else 'none yet'} "
                      f"| `{q.club.path}` |" for q in region.quiet]
            lines.append("")
        if region.ended:
            lines += ["| Ended series | Last meeting | File |", "| --- | --- | --- |"]
            lines += [f"| {md_text(s.event.title.text())} | {s.last.isoformat()} | `{s.event.path}` |"
                      for s in region.ended]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--months", type=int, default=activity.QUIET_MONTHS, metavar="N",
                        help=f"a club is quiet after N months without a meeting (default: {activity.QUIET_MONTHS})")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for a terminal, markdown for a job summary or an issue")


def command(root: Path, args: argparse.Namespace) -> int:
    if args.months < 1:
        from groundgame.problems import UsageError

        raise UsageError(f"--months must be 1 or more (got {args.months})")
    with collector.paused():  # records and meetings hold no cycles: collecting them cost a third of the time
        outcome = load_network(root)
        if not outcome.ok:
            sys.stdout.write(problems_report.format_problems(outcome.problems, outcome.files_read, "text"))
            return 1
        today = clock.now().date()
        found = find(outcome.network, today, args.months)
    sys.stdout.write(format_report(found, today, args.months, args.format))
    return 0
