"""The network's figures, by region: what the dashboard page draws and ``api/v1/dashboard.json`` gives.

Computed once from the schedule, "now" (the build's clock: ``SOURCE_DATE_EPOCH`` in tests)
and the git history, and read by both outputs, so a chart and the API cannot disagree.
An event counts under its host club's region (a co-host does not count it again).

- meetings per month: every meeting of every event, series included, cancelled ones left out,
  by the month of its local start, for the ``PAST_MONTHS`` months up to this one and the
  ``NEXT_MONTHS`` after it;
- clubs: active (met or will meet lately), quiet (``model.activity``: the stale report's rule)
  and dormant (so said in the club's file);
- new clubs per quarter, the last ``QUARTERS``: a club is new when its file was first committed
  (the git history), else in the quarter of its ``founded`` day; a club with neither is not counted
  (``unknown`` says how many);
- past events with and without a ``report``: those whose last meeting ended in the last
  ``PAST_MONTHS`` months and that took place (not cancelled or postponed throughout);
- campaign participation: for each campaign that ended in the last ``PAST_MONTHS`` months or
  has not ended (the ``CAMPAIGNS`` latest by start), the events that join it and their host clubs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta

from groundgame.content.network import Network
from groundgame.feeds.history import History
from groundgame.model import activity
from groundgame.model.schedule import Schedule

PAST_MONTHS = 12
NEXT_MONTHS = 3
QUARTERS = 8
CAMPAIGNS = 6

Month = tuple[int, int]  # (year, month)
Quarter = tuple[int, int]  # (year, 1..4)


@dataclass(frozen=True)
class ClubCounts:
    active: int = 0
    quiet: int = 0
    dormant: int = 0


@dataclass(frozen=True)
class ReportCounts:
    with_report: int = 0
    without_report: int = 0


@dataclass(frozen=True)
class Participation:
    clubs: int = 0
    events: int = 0


@dataclass(frozen=True)
class CampaignFigures:
    id: str
    starts: date
    ends: date
    by_region: Mapping[str, Participation]


@dataclass(frozen=True)
class NewClubs:
    quarters: tuple[Quarter, ...]
    counts: tuple[int, ...]
    from_git: int  # clubs dated by their file's first commit
    from_founded: int  # by their ``founded`` day
    unknown: int  # by neither: not counted


@dataclass(frozen=True)
class Figures:
    """Every figure of the dashboard; the regions in the network's order."""

    now: datetime
    today: date
    regions: tuple[str, ...]
    months: tuple[Month, ...]
    meetings: Mapping[str, tuple[int, ...]]  # region → meetings in each of ``months``
    clubs: Mapping[str, ClubCounts]
    quiet_since: date
    new_clubs: NewClubs
    reports_since: date
    reports: Mapping[str, ReportCounts]
    campaigns: tuple[CampaignFigures, ...]

    @property
    def past_months(self) -> int:
        return PAST_MONTHS

    def meetings_total(self) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*self.meetings.values(), strict=True)) \
            if self.meetings else tuple(0 for _ in self.months)

    @classmethod
    def of(cls, network: Network, schedule: Schedule, now: datetime, history: History | None = None) -> Figures:
        today = now.astimezone(UTC).date()
        regions = tuple(network.regions)
        region_of = {club_id: club.region for club_id, club in network.clubs.items()}
        since = _add_months(today.replace(day=1), 1 - PAST_MONTHS)
        return cls(
            now=now, today=today, regions=regions, months=_months(today),
            meetings=_meetings(network, schedule, today, regions, region_of),
            clubs=_clubs(network, schedule, today, regions), quiet_since=activity.quiet_cutoff(today),
            new_clubs=_new_clubs(network, history, today), reports_since=since,
            reports=_reports(network, schedule, now, since, regions, region_of),
            campaigns=_campaigns(network, schedule, since, regions, region_of))


def _add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


def _months(today: date) -> tuple[Month, ...]:
    first = _add_months(today.replace(day=1), 1 - PAST_MONTHS)
    found = (_add_months(first, n) for n in range(PAST_MONTHS + NEXT_MONTHS))
    return tuple((d.year, d.month) for d in found)


def _meetings(network: Network, schedule: Schedule, today: date, regions: tuple[str, ...],
              region_of: Mapping[str, str]) -> dict[str, tuple[int, ...]]:
    months = _months(today)
    index = {month: n for n, month in enumerate(months)}
    counts = {region: [0] * len(months) for region in regions}
    for event in network.events.values():
        row = counts.get(region_of.get(event.club, ""))
        if row is None:
            continue
        for meeting in schedule[event.id]:
            n = index.get((meeting.local_start.year, meeting.local_start.month))
            if n is not None and not meeting.cancelled:
                row[n] += 1
    return {region: tuple(row) for region, row in counts.items()}


def _clubs(network: Network, schedule: Schedule, today: date, regions: tuple[str, ...]) -> dict[str, ClubCounts]:
    last = activity.last_meetings(network.events, schedule)
    counts = {region: [0, 0, 0] for region in regions}
    for club_id, club in network.clubs.items():
        row = counts.get(club.region)
        if row is None:
            continue
        if club.status != "active":
            row[2] += 1
        elif activity.is_quiet(club, last.get(club_id), today):
            row[1] += 1
        else:
            row[0] += 1
    return {region: ClubCounts(*row) for region, row in counts.items()}


def quarter_of(day: date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def _quarters(today: date) -> tuple[Quarter, ...]:
    year, quarter = quarter_of(today)
    here = year * 4 + quarter - 1
    return tuple(((n // 4), n % 4 + 1) for n in range(here - QUARTERS + 1, here + 1))


def club_joined(history: History | None, path: str) -> date | None:
    """The day a club's file was first committed, if the history knows it (never an uncommitted file's
    modification time: that would change from one checkout to the next)."""
    if history is None or not history.in_git:
        return None
    found = history.changes.get(history.key(path))
    return history.times[found[0].commit].astimezone(UTC).date() if found else None


def _new_clubs(network: Network, history: History | None, today: date) -> NewClubs:
    quarters = _quarters(today)
    index = {q: n for n, q in enumerate(quarters)}
    counts = [0] * len(quarters)
    from_git = from_founded = unknown = 0
    for club in network.clubs.values():
        joined = club_joined(history, club.path)
        if joined is not None:
            from_git += 1
        elif club.founded is not None:
            joined = club.founded
            from_founded += 1
        else:
            unknown += 1
            continue
        n = index.get(quarter_of(joined))
        if n is not None:
            counts[n] += 1
    return NewClubs(quarters, tuple(counts), from_git, from_founded, unknown)


def _reports(network: Network, schedule: Schedule, now: datetime, since: date, regions: tuple[str, ...],
             region_of: Mapping[str, str]) -> dict[str, ReportCounts]:
    counts = {region: [0, 0] for region in regions}
    for event in network.events.values():
        row = counts.get(region_of.get(event.club, ""))
        last = schedule.last_end(event.id)
        if row is None or last >= now or last.date() < since:
            continue
        if any(m.takes_place for m in schedule[event.id]):
            row[0 if event.report is not None else 1] += 1
    return {region: ReportCounts(*row) for region, row in counts.items()}


def _campaigns(network: Network, schedule: Schedule, since: date, regions: tuple[str, ...],
               region_of: Mapping[str, str]) -> tuple[CampaignFigures, ...]:
    chosen = sorted((c for c in network.campaigns.values() if c.ends >= since), key=lambda c: (c.starts, c.id))
    found = []
    for campaign in chosen[-CAMPAIGNS:]:
        clubs: dict[str, set[str]] = {region: set() for region in regions}
        events = dict.fromkeys(regions, 0)
        for event_id in schedule.by_campaign.get(campaign.id, ()):
            event = network.events[event_id]
            region = region_of.get(event.club, "")
            if region in events:
                events[region] += 1
                clubs[region].add(event.club)
        found.append(CampaignFigures(campaign.id, campaign.starts, campaign.ends,
                                     {r: Participation(len(clubs[r]), events[r]) for r in regions}))
    return tuple(found)


def month_text(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def quarter_text(quarter: Quarter) -> str:
    return f"{quarter[0]:04d}-Q{quarter[1]}"


def as_json(found: Figures, region_names: Mapping[str, object],
            campaign_names: Mapping[str, object]) -> dict[str, object]:
    """The figures as ``api/v1/dashboard.json`` gives them (``schemas/api/dashboard.schema.json``)."""
    regions = found.regions
    return {
        "now": found.now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "regions": [{"id": r, "name": region_names[r]} for r in regions],
        "meetings_per_month": {
            "months": [month_text(m) for m in found.months], "past_months": PAST_MONTHS,
            "by_region": [{"region": r, "counts": list(found.meetings[r])} for r in regions],
            "total": list(found.meetings_total())},
        "clubs": {
            "quiet_months": activity.QUIET_MONTHS, "quiet_since": found.quiet_since.isoformat(),
            "by_region": [{"region": r, "active": found.clubs[r].active, "quiet": found.clubs[r].quiet,
                           "dormant": found.clubs[r].dormant} for r in regions]},
        "new_clubs": {
            "quarters": [quarter_text(q) for q in found.new_clubs.quarters], "counts": list(found.new_clubs.counts),
            "dated_by_git": found.new_clubs.from_git, "dated_by_founded": found.new_clubs.from_founded,
            "undated": found.new_clubs.unknown},
        "reports": {
            "since": found.reports_since.isoformat(),
            "by_region": [{"region": r, "with_report": found.reports[r].with_report,
                           "without_report": found.reports[r].without_report} for r in regions]},
        "campaigns": [{
            "id": c.id, "name": campaign_names[c.id], "starts": c.starts.isoformat(), "ends": c.ends.isoformat(),
            "by_region": [{"region": r, "clubs": c.by_region[r].clubs, "events": c.by_region[r].events}
                          for r in regions]} for c in found.campaigns],
    }
