"""Load the whole network (or some files of it) into records, and check everything.

This is the one entry point the command line, the Pelican plugins and the tests share:
read and check everything first, then let callers derive and write. A file is parsed,
checked against its schema, read into a record, then judged by the rules, and every step
runs on every file that parses: what the schema refused is left out of the reading
(``salvage``) and the rules skip only the checks that need a field with a problem. An
event is judged even when its club has problems (those are reported on the club's file);
a record with schema or meaning errors is not put in the network. Checking some files
checks the records they depend on too (an event's club, campaign and co-hosts, a club's
region), and reports their problems.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundgame import collector, parallel
from groundgame.content import lookalikes, newsfiles, photos, rules, salvage, schema
from groundgame.content import vocabulary as vocab
from groundgame.content.files import SourceFile, classify, discover, display_path, records_beside_pictures
from groundgame.content.reading import read_campaign, read_club, read_event, read_region
from groundgame.content.yamlfile import LoadError, parse_bytes, read_file
from groundgame.document import Document
from groundgame.model.records import Campaign, Club, Event, Record, Region
from groundgame.model.vocabulary import Vocabulary
from groundgame.problems import Problem

_ORDER = {"region": 0, "campaign": 1, "club": 2, "event": 3}


@dataclass
class Network:
    """Every record of the network by id, each kind in id order."""

    regions: dict[str, Region] = field(default_factory=dict)
    clubs: dict[str, Club] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # content/vocabulary/ (#15)

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
class Loaded:
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


Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class _Read:
    """A file parsed, checked against its schema and read: the record as far as it could be
    read, its problems so far, and which fields have one."""

    record: Record | None  # None only for a file that does not parse
    problems: list[Problem]
    failed: rules.Failed
    sound: bool  # no schema or meaning error: the record may be published


class _Loader:
    """Reads records on demand, so that checking a few files reads only what they refer to."""

    def __init__(self, files: Iterable[SourceFile], vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary or Vocabulary()
        self.files = {(f.kind, f.id): f for f in files}
        self.ids = {kind: frozenset(i for k, i in self.files if k == kind) for kind in _ORDER}
        self.reads: dict[Key, _Read] = {}
        self.loaded: dict[Key, tuple[Record | None, list[Problem]]] = {}
        self.index = rules.Index(ids=self.ids, club=self.club, failed=self.failed, region=self.region)

    def club(self, club_id: str) -> Club | None:
        """The club as its file says, even if it has problems (they are reported on its file)."""
        source = self.files.get(("club", club_id))
        record = self.read(source).record if source else None
        return record if isinstance(record, Club) else None

    def region(self, region_id: str) -> Region | None:
        """The region as its file says (for its names in every language, which a club may have written)."""
        source = self.files.get(("region", region_id))
        record = self.read(source).record if source else None
        return record if isinstance(record, Region) else None

    def failed(self, kind: str, record_id: str) -> rules.Failed:
        source = self.files.get((kind, record_id))
        return self.read(source).failed if source else rules.Failed()

    def load(self, source: SourceFile) -> tuple[Record | None, list[Problem]]:
        """The record (None if it has schema or meaning errors) and every problem of its file."""
        key = (source.kind, source.id)
        if key not in self.loaded:
            read = self.read(source)
            problems = list(read.problems)
            if read.record is not None:
                problems.extend(_check(read.record, self.index, read.failed, self.vocabulary))
            self.loaded[key] = (read.record if read.sound else None, problems)
        return self.loaded[key]

    def read(self, source: SourceFile) -> _Read:
        key = (source.kind, source.id)
        if key not in self.reads:
            self.reads[key] = self._read(source)
        return self.reads[key]

    def _read(self, source: SourceFile) -> _Read:
        try:
            doc = read_file(source.fs_path, source.display)
        except LoadError as exc:
            return _Read(None, [exc.problem], rules.Failed(), sound=False)
        read = self.read_doc(source.kind, source.id, doc)
        if read.record is None or not photos.photos_of(read.record):
            return read
        # The picture files it names, next to its file: checked here (not by read_doc, which
        # ``groundgame new`` also calls on a text not yet written anywhere).
        record, found = photos.check(read.record, source.fs_path.parent)
        failed = {p.field for p in found if p.is_error}
        return _Read(record, read.problems + found, rules.Failed(read.failed.fields | failed),
                     sound=read.sound and not failed)

    def read_doc(self, kind: str, record_id: str, doc: Document) -> _Read:
        """Check a parsed file against its schema and read it into a record (what was refused left out)."""
        problems = vocab.improve_hints(kind, doc, schema.check(kind, doc), self.vocabulary)
        refused: frozenset[str] = frozenset()
        if problems:
            doc, refused = salvage.accepted(kind, doc)
        record: Record
        if kind == "region":
            record, meaning = read_region(doc, record_id)
        elif kind == "campaign":
            record, meaning = read_campaign(doc, record_id)
        elif kind == "club":
            record, meaning = read_club(doc, record_id)
        else:
            # An event's defaults (languages, time zone) come from its club, as far as the
            # club's file can be read; the club's own problems are reported on that file.
            record, meaning = read_event(doc, record_id, self.club(record_id.split("/", 1)[0]))
        # What the schema refused was left out: "must include the text in 'fr'" of a map whose
        # key 'fr\n' was refused is a consequence of that problem, not a second one.
        schema_failed = rules.Failed(refused)
        meaning = [p for p in meaning if not (p.field and schema_failed.inside(p.field))]
        problems.extend(meaning)
        failed = rules.Failed(refused | {p.field for p in meaning if p.is_error})
        return _Read(record, problems, failed, sound=not any(p.is_error for p in problems))


class TextChecker:
    """Checks the text of a file not written yet as the loader would check it in ``root``'s tree:
    its YAML, schema, reading and rules, against the records already there (``groundgame new``
    asks again after each answer, so the tree is discovered once)."""

    def __init__(self, root: Path):
        self._loader = _Loader(discover(root)[0], vocab.load(root)[0])

    def ids(self, kind: str) -> frozenset[str]:
        """The ids of the records of ``kind`` in the tree."""
        return self._loader.ids[kind]

    def problems(self, kind: str, record_id: str, text: str, display: str) -> list[Problem]:
        try:
            doc = parse_bytes(text.encode("utf-8"), display)
        except LoadError as exc:
            return [exc.problem]
        read = self._loader.read_doc(kind, record_id, doc)
        found = list(read.problems)
        if read.record is not None:
            found.extend(_check(read.record, self._loader.index, read.failed, self._loader.vocabulary))
        return found


def _check(record: Record, index: rules.Index, failed: rules.Failed, vocabulary: Vocabulary) -> Iterable[Problem]:
    if isinstance(record, Event):
        return [*rules.check_event(record, index, failed), *vocab.check(record, vocabulary, failed)]
    if isinstance(record, Club):
        return [*rules.check_club(record, index, failed), *vocab.check(record, vocabulary, failed)]
    if isinstance(record, Campaign):
        return rules.check_campaign(record, index, failed)
    assert isinstance(record, Region)
    return rules.check_region(record, index, failed)


def depends_on(record: Record) -> list[Key]:
    """The records whose problems matter to ``record``: an event's club, campaign and
    co-hosts, a club's region."""
    if isinstance(record, Event):
        found = [("club", record.club), *(("club", c) for c in record.cohosts if isinstance(c, str))]
        return found + ([("campaign", record.campaign)] if isinstance(record.campaign, str) and record.campaign
                        else [])
    if isinstance(record, Club) and isinstance(record.region, str) and record.region:
        return [("region", record.region)]
    return []


# The site's DEFAULT_LANG as pelicanconf.py sets it, for the news addresses ``validate`` compares
# (the build compares them again with the setting itself).
NEWS_DEFAULT_LANG = "en"
PARALLEL_FROM = 2000  # files; below this, starting worker processes costs more than it saves


def load_network(root: Path, paths: Iterable[Path] | None = None, *, jobs: int | None = None,
                 records: bool = True) -> Loaded:
    """Load and check ``root/content``; with ``paths``, check only those files (against the whole tree).

    A large tree is read by ``jobs`` processes (default: one per core): this one and
    ``jobs - 1`` workers, each taking whole clubs (a club and its events) so that it reads
    every host club once. ``records=False`` (checking only) keeps the workers' records
    where they are: sending them back costs more than reading them.
    """
    files, problems = discover(root)
    vocabulary, vocabulary_problems = vocab.load(root)
    problems.extend(vocabulary_problems)  # every record may name a term: always checked
    if paths is not None and any(vocab.is_vocabulary(p, root) for p in paths):
        paths = None  # a changed term may make any club or event wrong: check them all
    selected = files
    chosen: frozenset[Key] | None = None  # None: the whole tree, so every dependency is chosen too
    news: set[str] | None = None  # the news articles to check (None: all of them)
    if paths is not None:
        paths = list(paths)
        news = {display_path(p, root) for p in paths if newsfiles.is_news(p, root)}
        paths = [p for p in paths if display_path(p, root) not in news]
        paths = records_beside_pictures(paths, files)
        selected, problems = _select(root, paths, problems)
        chosen = frozenset((f.kind, f.id) for f in selected)
    jobs = jobs or parallel.default_jobs()
    shards = _shards(selected, jobs) if len(selected) >= PARALLEL_FROM else [selected]
    results = parallel.run(shards, functools.partial(_load_shard_here, files, vocabulary, chosen, records), jobs=jobs)
    network = Network(vocabulary=vocabulary)
    checked: set[Key] = set()
    names: list[lookalikes.ClubName] = []
    for result in results:
        problems.extend(result.problems)
        checked.update(result.checked)
        names.extend(result.names)
        for record in result.records:
            network.add(record)
    network.sort()
    problems.extend(_lookalikes(files, names, chosen))
    news_problems, news_checked = ([], 0) if news is not None and not news else newsfiles.check_folder(
        root, root / "content" / "news", NEWS_DEFAULT_LANG, club_ids={f.id for f in files if f.kind == "club"},
        event_ids={f.id for f in files if f.kind == "event"}, selected=news)
    problems.extend(news_problems)
    return Loaded(network, sorted(set(problems)), len(checked) + news_checked + len(vocabulary.tables))


def _lookalikes(files: list[SourceFile], names: list[lookalikes.ClubName], chosen: frozenset[Key] | None
                ) -> list[Problem]:
    """A warning on each checked club whose name looks like another club's (every club is compared)."""
    if chosen is None:
        return lookalikes.problems(names)
    targets = {record_id for kind, record_id in chosen if kind == "club"}
    if not targets:
        return []
    have = {n.club for n in names}
    for source in files:  # the other clubs' names: only parsed, their own problems are not this check's
        if source.kind == "club" and source.id not in have:
            try:
                doc = read_file(source.fs_path, source.display)
            except LoadError:
                continue
            names.extend(lookalikes.names_in(source.id, doc))
    return lookalikes.problems(names, targets)


@dataclass
class _ShardResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: set[Key] = field(default_factory=set)
    names: list[lookalikes.ClubName] = field(default_factory=list)


def _load_shard_here(files: list[SourceFile], vocabulary: Vocabulary, chosen: frozenset[Key] | None,
                     records: bool, shard: list[SourceFile]) -> _ShardResult:
    """``_load_shard`` as this process or a worker (``parallel``) runs it: a worker sends back
    records only when asked for them, and without their positions (all messages are made)."""
    if parallel.in_worker():
        return _load_shard(files, vocabulary, shard, chosen, records=records)
    return _load_shard(files, vocabulary, shard, chosen, keep_marks=True)


def _load_shard(files: list[SourceFile], vocabulary: Vocabulary, shard: list[SourceFile],
                chosen: frozenset[Key] | None, *, keep_marks: bool = False, records: bool = True) -> _ShardResult:
    """Load and check a shard's files, then the records they depend on that were not chosen
    themselves (checking some files checks what they rely on, and reports its problems)."""
    loader = _Loader(files, vocabulary)
    result = _ShardResult()
    with collector.paused():
        for source in sorted(shard, key=lambda f: (_ORDER[f.kind], f.id)):
            _load_one(loader, source, result, keep_marks=keep_marks, records=records)
        if chosen is not None:
            pending = list(shard)
            while pending:
                read = loader.read(pending.pop())
                for key in depends_on(read.record) if read.record is not None else ():
                    needed = loader.files.get(key)
                    if needed is not None and key not in chosen and key not in result.checked:
                        _load_one(loader, needed, result, keep_marks=keep_marks, records=False)
                        pending.append(needed)
    return result


def _load_one(loader: _Loader, source: SourceFile, result: _ShardResult, *, keep_marks: bool, records: bool) -> None:
    record, found = loader.load(source)
    result.problems.extend(found)
    result.checked.add((source.kind, source.id))
    read = loader.read(source)
    if isinstance(read.record, Club):
        result.names.extend(lookalikes.names_in(read.record.id, read.record.doc))
    if record is not None and records:
        if not keep_marks:  # positions are for messages, all made by now; do not ship them back
            record.doc.marks.clear()
            record.doc.key_marks.clear()
        result.records.append(record)


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
