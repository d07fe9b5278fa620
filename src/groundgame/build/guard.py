"""The output guard: which record each unit of output is made from, for the writer's size limit.

A unit (``output.Writer.needs``) is named after its first file's path: ``page:clubs/x/``,
``ical:calendar/clubs/x.en.ics``, ``ical-event:x/y``, ``api:api/v1/events/x/y.json``,
``atom:feeds/clubs/x.atom``, ``card:cards/clubs/x.png``. Under ``clubs/``, ``events/``, ``regions/`` and ``campaigns/``
of the pages, ``calendar/``, ``api/v1/``, ``feeds/`` and ``cards/``, the next part of the path is a
record's id (an event's is two parts), its language variant and extension aside: that
record's file is the one charged, and a club's list of past events (``clubs/x/past/2/``) is
charged to the club. Anything else (the home page, the calendar, a facet page, a topic's or
the network's feed, a region's or campaign's past events) is made from the whole network and
bounded by the windows, caps and page sizes of those pages instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from groundgame.config import SiteConfig
from groundgame.content.network import Network
from groundgame.model.records import Record
from groundgame.output import RecordLimit

_FOLDERS = ("calendar/", "api/v1/", "feeds/", "cards/")  # the feeds, documents and cards of records


class RecordFiles:
    """``unit → record file`` for one network (``RecordLimit.record_of``)."""

    def __init__(self, network: Network):
        self.tables: Mapping[str, Mapping[str, Record]] = {
            "clubs": network.clubs, "events": network.events, "regions": network.regions,
            "campaigns": network.campaigns,
        }

    def __call__(self, unit: str) -> str | None:
        kind, _, name = unit.partition(":")
        if kind == "ical-event":
            return self._file("events", name)
        if kind not in ("page", "ical", "api", "atom", "card"):
            return None  # news articles (Markdown, not records), sitemaps, assets, schemas
        for folder in _FOLDERS:
            name = name.removeprefix(folder)
        parts = name.strip("/").split("/")
        if parts[0] == "events" and len(parts) == 3:
            return self._file("events", f"{parts[1]}/{parts[2].split('.')[0]}")
        if parts[0] in self.tables and len(parts) == 2:
            return self._file(parts[0], parts[1].split(".")[0])
        if kind == "page" and parts[0] == "clubs" and len(parts) in (3, 4) and parts[2] == "past":
            return self._file("clubs", parts[1])  # a club's list of past events, page by page
        return None  # clubs/topic/x/ (a facet page), calendar/2027/01/, calendar/topics/x.ics, ...

    def _file(self, kind: str, record_id: str) -> str | None:
        record = self.tables[kind].get(record_id)
        return record.path if record is not None else None


def record_limit(config: SiteConfig, network: Network) -> RecordLimit | None:
    """The writer's limit per record, or None when the setting turns it off (0)."""
    if not config.max_bytes_per_record:
        return None
    return RecordLimit(config.max_bytes_per_record, RecordFiles(network))
