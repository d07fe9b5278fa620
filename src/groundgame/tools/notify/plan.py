"""What to send: the messages the schedule calls for, against the state the ledger last recorded.

The state of a club (in its ledger file) is, for each event it hosts or co-hosts, the facts of
each meeting not yet over (when, status, place, online address, registration) and a digest of
what came after the event (its report and its ``after`` activities). Compared with the schedule:

- an event the state does not know, with a meeting to come: an **announcement**;
- a meeting to come whose facts differ (moved, cancelled, elsewhere, a new online address,
  registration opened or closed), or that left the series: one **change** message per event;
- a meeting ``reminder_days`` before it starts: a **reminder** (one per meeting);
- a report or ``after`` activities added or changed: a **follow-up**;
- each region with a ``digest_address``, once an ISO week: a **digest** for its coordinators.

Each message has a key: its kind, the event (and meeting), a digest of what it announces where a
second one may follow (a change, a follow-up), and the list it goes to. The ledger records keys;
a key already sent is never sent again. A club the ledger does not know yet (its list was just
added) has its state recorded and gets nothing for what was already there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from groundgame.content.network import Network
from groundgame.model.records import Club, Event, MailingList, Region
from groundgame.model.schedule import Meeting, Schedule, aware
from groundgame.tools import stale

FACTS = ("start", "end", "status", "venue", "online", "registration", "deadline")
WHAT = {"start": "time", "end": "time", "status": "status", "venue": "venue", "online": "online",
        "registration": "registration", "deadline": "registration"}
DIGEST_DAYS = 14  # a digest lists the events of the next two weeks
REPORT_DAYS = 60  # and the past events of the last two months that have no report
QUIET_MONTHS = 6


def iso(value: date | datetime | None) -> str:
    return "" if value is None else value.isoformat()


def short_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def facts(meeting: Meeting) -> dict[str, str]:
    """What someone coming needs to know of a meeting, as text (stored in the ledger's state)."""
    venue = meeting.venue
    place = " · ".join(p for p in (venue.name, venue.address, venue.city, venue.country) if p) if venue else ""
    registration = meeting.registration
    return {"start": iso(meeting.local_start), "end": iso(meeting.local_end), "status": meeting.status,
            "venue": place, "online": meeting.online_url, "registration": registration.url if registration else "",
            "deadline": iso(registration.deadline) if registration else ""}


def after_digest(event: Event) -> str:
    """A digest of the event's report and ``after`` activities ("" if it has neither)."""
    after = [(a.title.texts, a.url) for a in event.activities.get("after", ())]
    if event.report is None and not after:
        return ""
    return short_digest([dict(event.report.texts) if event.report else {}, after])


def event_state(event: Event, meetings: tuple[Meeting, ...], now: datetime) -> dict[str, Any]:
    return {"meetings": {iso(m.original): facts(m) for m in meetings if m.end >= now}, "after": after_digest(event)}


@dataclass(frozen=True)
class Item:
    """One meeting of a change message: as it is now (None: no longer in the series) and before."""

    original: str
    meeting: Meeting | None
    before: Mapping[str, str]
    what: tuple[str, ...]  # time, status, venue, online, registration; or ("removed",) / ("added",)


@dataclass(frozen=True)
class RegionDigest:
    region: Region
    week: str  # 2026-W49
    upcoming: tuple[Meeting, ...]
    new_clubs: tuple[Club, ...]
    quiet: tuple[stale.QuietClub, ...]
    no_report: tuple[Event, ...]


@dataclass(frozen=True)
class Message:
    """One message to one list."""

    kind: str  # announce, change, reminder, followup, digest
    key: str
    file: str  # the ledger file that records it
    to: MailingList
    langs: tuple[str, ...]
    club: Club | None = None
    event: Event | None = None
    meetings: tuple[Meeting, ...] = ()
    items: tuple[Item, ...] = ()
    digest: RegionDigest | None = None
    holds: str = ""  # the event whose state advances only once this message is sent
    covered_by: str = ""  # a reminder: the announcement sent in the same run makes it unneeded


@dataclass
class Plan:
    messages: list[Message] = field(default_factory=list)
    states: dict[str, dict[str, Any]] = field(default_factory=dict)  # ledger file → its state after this run
    new_files: list[str] = field(default_factory=list)  # clubs and regions the ledger did not know: nothing sent

    def of_event(self, event_id: str) -> list[Message]:
        return [m for m in self.messages if m.event is not None and m.event.id == event_id]


def club_file(club_id: str) -> str:
    return f"club-{club_id}.json"


def region_file(region_id: str) -> str:
    return f"region-{region_id}.json"


def plan(network: Network, schedule: Schedule, known: Mapping[str, Mapping[str, Any]] | None,
         now: datetime) -> Plan:
    """The messages due now, given the ledger's files (``known``; None: no ledger yet, nothing is due)."""
    result = Plan()
    for club in network.clubs.values():
        if club.announcements is None:
            continue
        name = club_file(club.id)
        events = schedule.events_of(club.id)
        state = {e.id: event_state(e, schedule[e.id], now) for e in events}
        result.states[name] = {"events": state}
        before = (known or {}).get(name)
        if before is None:
            result.new_files.append(name)
            continue
        _club_messages(result, club, events, schedule, before.get("state", {}).get("events", {}), state, now)
    for region in network.regions.values():
        if region.digest_address:
            _region_digest(result, network, schedule, region, known, now)
    return result


def _lists(club: Club) -> tuple[tuple[MailingList, tuple[str, ...]], ...]:
    assert club.announcements is not None
    return club.announcements.lists(club.languages)


def _club_messages(result: Plan, club: Club, events: list[Event], schedule: Schedule,
                   old: Mapping[str, Any], new: Mapping[str, Any], now: datetime) -> None:
    assert club.announcements is not None
    name = club_file(club.id)
    days = club.announcements.reminder_days
    for event in events:
        meetings = schedule[event.id]
        coming = tuple(m for m in meetings if m.end >= now and m.takes_place)
        was = old.get(event.id)
        found: list[tuple[str, str, dict[str, Any]]] = []  # (kind, key part, extra)
        if was is None:
            if coming:
                found.append(("announce", event.id, {"meetings": coming}))
        else:
            items = _changes(event, meetings, was.get("meetings", {}), now)
            if items:
                told = short_digest([(i.original, i.what, new_facts(i)) for i in items])
                found.append(("change", f"{event.id}:{told}", {"items": items}))
            after = new[event.id]["after"]
            if after and after != was.get("after", ""):
                found.append(("followup", f"{event.id}:{after}", {}))
        for kind, part, extra in found:
            for mailing_list, langs in _lists(club):
                result.messages.append(Message(kind, f"{kind}:{part}:{mailing_list.address}", name, mailing_list, langs,
                                               club, event, holds=event.id, **extra))
        if days:
            for meeting in coming:
                if now < meeting.start <= now + timedelta(days=days):
                    for mailing_list, langs in _lists(club):
                        announce = f"announce:{event.id}:{mailing_list.address}" if was is None else ""
                        result.messages.append(Message(
                            "reminder", f"reminder:{event.id}:{iso(meeting.original)}:{mailing_list.address}", name,
                            mailing_list, langs, club, event, meetings=(meeting,), covered_by=announce))


def new_facts(item: Item) -> dict[str, str]:
    return facts(item.meeting) if item.meeting is not None else {}


def _changes(event: Event, meetings: tuple[Meeting, ...], before: Mapping[str, Mapping[str, str]],
             now: datetime) -> tuple[Item, ...]:
    """The meetings to come whose facts differ from ``before``, and those that left the series."""
    items = []
    current = {iso(m.original): m for m in meetings}
    for original, meeting in current.items():
        if meeting.end < now:
            continue
        old = before.get(original)
        if old is None:
            if before:
                items.append(Item(original, meeting, {}, ("added",)))
            continue
        now_facts = facts(meeting)
        what = tuple(dict.fromkeys(WHAT[f] for f in FACTS if now_facts.get(f, "") != old.get(f, "")))
        if what:
            items.append(Item(original, meeting, dict(old), what))
    for original, old in before.items():
        if original not in current and _still_to_come(event, old, now):
            items.append(Item(original, None, dict(old), ("removed",)))
    return tuple(sorted(items, key=lambda i: i.original))


def _still_to_come(event: Event, old: Mapping[str, str], now: datetime) -> bool:
    try:
        start = datetime.fromisoformat(old.get("start", "")) if "T" in old.get("start", "") \
            else date.fromisoformat(old.get("start", ""))
    except ValueError:
        return False
    return aware(event, start) > now


def _region_digest(result: Plan, network: Network, schedule: Schedule, region: Region,
                   known: Mapping[str, Mapping[str, Any]] | None, now: datetime) -> None:
    name = region_file(region.id)
    clubs = [c for c in network.clubs.values() if c.region == region.id]
    result.states[name] = {"clubs": sorted(c.id for c in clubs)}
    before = (known or {}).get(name)
    if before is None:
        result.new_files.append(name)
        return
    year, week, _ = now.date().isocalendar()
    week_name = f"{year}-W{week:02d}"
    seen = set(before.get("state", {}).get("clubs", []))
    members = {c.id for c in clubs}
    events = [e for e in network.events.values() if e.club in members]
    horizon = now + timedelta(days=DIGEST_DAYS)
    upcoming = sorted((m for e in events for m in schedule[e.id] if now <= m.start <= horizon),
                      key=lambda m: (m.start, m.event.id))
    since = now - timedelta(days=REPORT_DAYS)
    no_report = tuple(e for e in events if e.report is None and since <= schedule.last_end(e.id) < now)
    quiet = next((r.quiet for r in stale.find(network, now.date(), QUIET_MONTHS) if r.region_id == region.id), [])
    digest = RegionDigest(region, week_name, tuple(upcoming), tuple(c for c in clubs if c.id not in seen),
                          tuple(quiet), no_report)
    to = MailingList(region.digest_address, "")
    lang = region.name.primary or "en"
    result.messages.append(Message("digest", f"digest:{region.id}:{week_name}:{to.address}", name, to, (lang,),
                                   digest=digest, holds=f"region:{region.id}"))
