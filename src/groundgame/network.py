"""Load the whole network (or some files of it) into records, and check everything.

This is the one entry point the command line, the Pelican plugins and the tests share:
read and check everything first, then let callers derive and write. A file is parsed,
checked against its schema, read into a record, then judged by the rules; a file that
fails a step is not passed to the next, and its problems are kept, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import rules, schema
from .content import SourceFile, classify, discover
from .problems import Problem
from .reading import read_campaign, read_club, read_event, read_region
from .records import Campaign, Club, Event, Record, Region
from .yamlfile import LoadError, read_file

_ORDER = {"region": 0, "campaign": 1, "club": 2, "event": 3}


@dataclass
class Network:
    """Every record of the network by id, each kind in id order."""

    regions: dict[str, Region] = field(default_factory=dict)
    clubs: dict[str, Club] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        table: dict[str, Any] = {
            Region: self.regions, Club: self.clubs, Campaign: self.campaigns, Event: self.events,
        }[type(record)]
        table[record.id] = record

    def sort(self) -> None:
        for table in (self.regions, self.clubs, self.campaigns, self.events):
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
            record, problems = read_event(doc, source.id, self.club(source.id.split("/", 1)[0]))
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


def load_network(root: Path, paths: Iterable[Path] | None = None) -> Outcome:
    """Load and check ``root/content``; with ``paths``, check only those files (against the whole tree)."""
    files, problems = discover(root)
    loader = _Loader(files)
    selected = files
    if paths is not None:
        selected, problems = _select(root, paths, problems)
    network = Network()
    for source in sorted(selected, key=lambda f: (_ORDER[f.kind], f.id)):
        record, found = loader.load(source)
        problems.extend(found)
        if record is not None:
            network.add(record)
    network.sort()
    return Outcome(network, sorted(set(problems)), len(selected))


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
