"""iCalendar feeds of the network: which calendar files there are, and writing them.

The network, each UI language, region, club, campaign and topic; each event or series
on its own; and each meeting of a series on its own. The components and bytes come
from ``calendars.Calendars``. On a large network, the files of single events and
meetings (nine files in ten) are made and written by worker processes (forked, so the
network is not copied) while this one makes the aggregate feeds; each worker writes
through a ``Writer`` of its own below the same root, and the paths it wrote are then
recorded in the caller's writer, so that its guard and counts cover every file.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from . import urls
from .calendars import MAX_FEED_BYTES, REFRESH, Calendars, Feed, language_name, same_language, uid
from .config import SiteConfig
from .history import History
from .network import Network
from .output import Writer
from .records import Event

__all__ = ["MAX_FEED_BYTES", "REFRESH", "Calendars", "Feed", "event_feed", "feeds", "uid", "write_calendars"]

CATEGORY = "feeds"
PARALLEL_FROM = 2000  # events; below this, starting a worker costs more than it saves
CHUNK = 500  # events per task


# -- which feeds there are ---------------------------------------------------------------
def feeds(network: Network, config: SiteConfig) -> list[Feed]:
    """Every aggregate feed: the network, each UI language, club, region, campaign and topic."""
    default = config.default_language
    events = tuple(network.events.values())
    home = urls.absolute(config, urls.home(config, default))
    found = [Feed(urls.ical_all(), default, {default: config.site_name}, "", home, events)]
    for lang in config.languages:
        found.append(Feed(
            urls.ical_language(lang), lang, {lang: f"{config.site_name} · {language_name(lang)}"}, "",
            urls.absolute(config, urls.home(config, lang)),
            tuple(e for e in events if any(same_language(t, lang) for t in e.languages))))
    hosts: dict[str, list[Event]] = {}
    for event in events:
        for club_id in dict.fromkeys((event.club, *event.cohosts)):
            hosts.setdefault(club_id, []).append(event)
    for club in network.clubs.values():
        found.append(Feed(urls.ical_club(club.id), default, dict(club.name.texts), club.summary.get(default)[0],
                          urls.absolute(config, urls.club(config, default, club.id)), tuple(hosts.get(club.id, ()))))
    for region in network.regions.values():
        members = {c.id for c in network.clubs.values() if c.region == region.id}
        description = region.description.get(default)[0] if region.description else ""
        found.append(Feed(urls.ical_region(region.id), default, dict(region.name.texts), description,
                          urls.absolute(config, urls.region(config, default, region.id)),
                          tuple(e for e in events if members.intersection((e.club, *e.cohosts)))))
    for campaign in network.campaigns.values():
        found.append(Feed(urls.ical_campaign(campaign.id), default, dict(campaign.name.texts),
                          campaign.summary.get(default)[0],
                          urls.absolute(config, urls.campaign(config, default, campaign.id)),
                          tuple(e for e in events if e.campaign == campaign.id)))
    topics = sorted({t for e in events for t in e.topics} | {t for c in network.clubs.values() for t in c.topics})
    for topic in topics:
        found.append(Feed(urls.ical_topic(topic), default, {default: f"{config.site_name} · {topic}"}, "", home,
                          tuple(e for e in events if topic in e.topics)))
    return found


def event_feed(config: SiteConfig, event: Event) -> Feed:
    """The file of one event or whole series: every meeting, whatever the date."""
    default = config.default_language
    summary = event.summary.get(default)[0] if event.summary else ""
    return Feed(urls.ical_event(event.id), default, dict(event.title.texts), summary,
                urls.absolute(config, urls.event(config, default, event.id)), (event,), windowed=False)


def event_files(calendars: Calendars, events: Sequence[Event]) -> Iterator[tuple[str, bytes]]:
    """The file of each event or series, and of each meeting of a series."""
    for event in events:
        feed = event_feed(calendars.config, event)
        yield feed.path, calendars.render(feed)
        if event.repeat is not None:
            for occurrence in calendars.occurrences(event):
                yield (urls.ical_occurrence(event.id, occurrence.original_date),
                       calendars.occurrence_file(event, occurrence, feed.lang))


def write_calendars(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History) -> None:
    """Write every calendar feed of the network through ``writer`` (category ``feeds``)."""
    calendars = Calendars(network, config, now, history)
    events = list(network.events.values())
    jobs = min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(events) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for feed in feeds(network, config):
            writer.write(feed.path, calendars.render(feed), category=CATEGORY)
        for path, data in event_files(calendars, events):
            writer.write(path, data, category=CATEGORY)
        return
    chunks = [[e.id for e in events[i:i + CHUNK]] for i in range(0, len(events), CHUNK)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                             initargs=(network, config, now, history, str(writer.root))) as pool:
        pending = [pool.submit(_worker_files, chunk) for chunk in chunks]
        for feed in feeds(network, config):
            writer.write(feed.path, calendars.render(feed), category=CATEGORY)
        for future in pending:
            _adopt(writer, future.result())


def _adopt(writer: Writer, paths: list[str]) -> None:
    """Record in ``writer`` the files a worker wrote (through a writer of its own, below the same root).

    Workers write only below ``calendar/events/``, which nothing else claims; should a
    path have been written already, the build stops as the writer would have.
    """
    for path in paths:
        writer.claim(path, category=CATEGORY)


# In a worker process only: its builder and writer, made once by _start_worker (fork: nothing is copied).
_worker: list[tuple[Calendars, Writer]] = []


def _start_worker(network: Network, config: SiteConfig, now: datetime, history: History, root: str) -> None:
    _worker.append((Calendars(network, config, now, history), Writer(Path(root))))


def _worker_files(event_ids: list[str]) -> list[str]:
    """Write the files of these events (in a worker); the paths written."""
    calendars, writer = _worker[0]
    written = []
    for path, data in event_files(calendars, [calendars.network.events[i] for i in event_ids]):
        writer.write(path, data, category=CATEGORY)
        written.append(path)
    return written
