"""Load the whole network (or some files of it) into records, and check everything.

This is the one entry point the command line, the Pelican plugins and the tests share:
read and check everything first, then let callers derive and write. A file is parsed,
checked against its schema, read into a record, then judged by the rules; a file that
fails a step is not passed to the next, and its problems are kept, never dropped.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundgame import collector
from groundgame.content import rules, schema
from groundgame.content.files import SourceFile, classify, discover
from groundgame.content.reading import read_campaign, read_club, read_event, read_region
from groundgame.content.yamlfile import LoadError, read_file
from groundgame.model.records import Campaign, Club, Event, Record, Region
from groundgame.problems import Problem

_ORDER = {"region": 0, "campaign": 1, "club": 2, "event": 3}


@dataclass
class Network:
    """Every record of the network by id, each kind in id order."""

    regions: dict[str, Region] = field(default_factory=dict)
    clubs: dict[str, Club] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        tables: dict[type, dict[str, Any]] = {
            Region: self.regions, Club: self.clubs, Campaign: self.campaigns, Event: self.events,
        }
        tables[type(record)][record.id] = record

    def sort(self) -> None:
        tables: tuple[dict[str, Any], ...] = (self.regions, self.clubs, self.campaigns, self.events)
        for table in tables:
            items = sorted(table.items())
            table.clear()
            table.update(items)

    def __len__(self) -> int:
        return len(self.regions) + len(self.clubs) + len(self.campaigns) + len(self.events)


@dataclass
class Outcome:
    """A network and every problem found while loading it."""

    network: Network
    problems: list[Problem]
    files_read: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Loader:
    """Reads records on demand, so that checking a few files reads only what they refer to."""

    def __init__(self, files: Iterable[SourceFile]):
        self.files = {(f.kind, f.id): f for f in files}
        self.ids = {kind: frozenset(i for k, i in self.files if k == kind) for kind in _ORDER}
        self.loaded: dict[tuple[str, str], tuple[Record | None, list[Problem]]] = {}
        self.index = rules.Index(ids=self.ids, club=self.club)

    def club(self, club_id: str) -> Club | None:
        source = self.files.get(("club", club_id))
        record = self.load(source)[0] if source else None
        return record if isinstance(record, Club) else None

    def club_is_broken(self, club_id: str) -> bool:
        """The club file exists but has errors (reported on that file, not on each event)."""
        return ("club", club_id) in self.files and self.club(club_id) is None

    def load(self, source: SourceFile) -> tuple[Record | None, list[Problem]]:
        key = (source.kind, source.id)
        if key not in self.loaded:
            self.loaded[key] = self._read(source)
        return self.loaded[key]

    def _read(self, source: SourceFile) -> tuple[Record | None, list[Problem]]:
        try:
            doc = read_file(source.fs_path, source.display)
        except LoadError as exc:
            return None, [exc.problem]
        problems = schema.check(source.kind, doc)
        if problems:
            return None, problems
        record: Record
        if source.kind == "region":
            record, problems = read_region(doc, source.id)
        elif source.kind == "campaign":
            record, problems = read_campaign(doc, source.id)
        elif source.kind == "club":
            record, problems = read_club(doc, source.id)
        else:
            club_id = source.id.split("/", 1)[0]
            if self.club_is_broken(club_id):
                # An event's defaults (languages, time zone) come from its club: judge the rest
                # once the club's own errors, reported on the club's file, are fixed.
                return None, []
            record, problems = read_event(doc, source.id, self.club(club_id))
        if problems:
            return None, problems
        return record, list(_check(record, self.index))


def _check(record: Record, index: rules.Index) -> Iterable[Problem]:
    if isinstance(record, Event):
        return rules.check_event(record, index)
    if isinstance(record, Club):
        return rules.check_club(record, index)
    if isinstance(record, Campaign):
        return rules.check_campaign(record, index)
    assert isinstance(record, Region)
    return rules.check_region(record, index)


PARALLEL_FROM = 2000  # files; below this, starting worker processes costs more than it saves


def load_network(root: Path, paths: Iterable[Path] | None = None, *, jobs: int | None = None,
                 records: bool = True) -> Outcome:
    """Load and check ``root/content``; with ``paths``, check only those files (against the whole tree).

    A large tree is read by ``jobs`` processes (default: one per core): this one and
    ``jobs - 1`` workers, each taking whole clubs (a club and its events) so that it reads
    every host club once. ``records=False`` (checking only) keeps the workers' records
    where they are: sending them back costs more than reading them.
    """
    files, problems = discover(root)
    selected = files
    if paths is not None:
        selected, problems = _select(root, paths, problems)
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(selected) >= PARALLEL_FROM:
        own, *others = _shards(selected, jobs)
        with ProcessPoolExecutor(len(others), mp_context=_context()) as pool:
            pending = [pool.submit(_load_shard, files, shard, records=records) for shard in others]
            results = [_load_shard(files, own, keep_marks=True), *(f.result() for f in pending)]
    else:
        results = [_load_shard(files, selected, keep_marks=True)]
    network = Network()
    for shard_records, found in results:
        problems.extend(found)
        for record in shard_records:
            network.add(record)
    network.sort()
    return Outcome(network, sorted(set(problems)), len(selected))


def _load_shard(files: list[SourceFile], shard: list[SourceFile], *, keep_marks: bool = False,
                records: bool = True) -> tuple[list[Record], list[Problem]]:
    loader = _Loader(files)
    loaded: list[Record] = []
    problems: list[Problem] = []
    with collector.paused():
        for source in sorted(shard, key=lambda f: (_ORDER[f.kind], f.id)):
            _load_one(loader, source, loaded, problems, keep_marks=keep_marks, records=records)
    return loaded, problems


def _load_one(loader: _Loader, source: SourceFile, loaded: list[Record], problems: list[Problem], *,
              keep_marks: bool, records: bool) -> None:
    record, found = loader.load(source)
    problems.extend(found)
    if record is not None and records:
        if not keep_marks:  # positions are for messages, all made by now; do not ship them back
            record.doc.marks.clear()
            record.doc.key_marks.clear()
        loaded.append(record)


def _shards(selected: list[SourceFile], count: int) -> list[list[SourceFile]]:
    """Split files into ``count`` shards of about equal size, keeping each club with its events."""
    groups: dict[str, list[SourceFile]] = {}
    for source in selected:
        owner = source.id.split("/", 1)[0] if source.kind in ("club", "event") else f"{source.kind}:{source.id}"
        groups.setdefault(owner, []).append(source)
    shards: list[list[SourceFile]] = [[] for _ in range(count)]
    for group in sorted(groups.values(), key=len, reverse=True):
        min(shards, key=len).extend(group)
    return [s for s in shards if s]


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _select(root: Path, paths: Iterable[Path], stray: list[Problem]) -> tuple[list[SourceFile], list[Problem]]:
    selected: list[SourceFile] = []
    problems: list[Problem] = []
    stray_by_path = {p.path: p for p in stray}
    for path in paths:
        source, problem = classify(path, root)
        if problem is not None:
            problems.append(stray_by_path.get(problem.path, problem))
        elif source is not None:
            selected.append(source)
    return selected, problems
