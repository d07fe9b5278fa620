"""The names of the inputs an output file is made from, for the incremental build.

An output (a page, a feed, an API document) names the records it shows: ``event:<id>``,
``club:<id>``, ``region:<id>``, ``campaign:<id>``; and the news it lists: ``news:<club id>``
(a club's), ``news:event:<event id>`` (an event's) and ``news`` (every article). The build gives each name a digest of
the record as loaded (``groundgame.build.inputs``); the writer remakes an output only when
the digests of its names changed (``groundgame.output.Writer.needs``). The names are
built here, once, so that the pages and the feeds name a record the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from groundgame.model.records import Club, Event


class Records(Protocol):
    @property
    def clubs(self) -> Mapping[str, Club]: ...

    @property
    def events(self) -> Mapping[str, Event]: ...


def club_inputs(records: Records, club_id: str) -> set[str]:
    """A club as a card, a name or a feed shows it: the club and its region."""
    club = records.clubs.get(club_id)
    return {f"club:{club_id}"} | ({f"region:{club.region}"} if club else set())


def event_inputs(records: Records, event_id: str) -> set[str]:
    """An event as a page, an item or a feed shows it: the event, its clubs and their regions, its campaign."""
    event = records.events.get(event_id)
    if event is None:
        return {f"event:{event_id}"}
    found = {f"event:{event_id}"} | ({f"campaign:{event.campaign}"} if event.campaign else set())
    for club_id in (event.club, *event.cohosts):
        found |= club_inputs(records, club_id)
    return found


def hosting_inputs(records: Records, club_id: str, event_ids: Iterable[str]) -> set[str]:
    """A club with the events it hosts or co-hosts (its page, its feeds, its API document)."""
    return club_inputs(records, club_id) | events_inputs(records, event_ids)


def events_inputs(records: Records, event_ids: Iterable[str]) -> set[str]:
    """The inputs of every event in ``event_ids``."""
    found: set[str] = set()
    for event_id in event_ids:
        found |= event_inputs(records, event_id)
    return found


def past_list(kind: str, record_id: str) -> str:
    """The list of a club's, region's or campaign's past events, in order (which page each is on)."""
    return f"past:{kind}:{record_id}"


def event_news(event_id: str) -> str:
    """The news articles about an event (its page lists them)."""
    return f"news:event:{event_id}"
