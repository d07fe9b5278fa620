"""What each event published when: its SEQUENCE and LAST-MODIFIED, the id its UID keeps, its deletion.

An event's revision changes whenever what it publishes changes, whichever file the change
came from, and only then. What it publishes is its *fingerprint*: a hash of its resolved
record (``Event``: the club's time zone and languages resolved into it for events that
do not set their own) with the names of its host club, co-host clubs and campaign. A
club's description is not in it; its time zone is.

``compute_revisions`` walks the history that ``history.History`` read (one ``git log``
pass): for each event, the versions of its file (across renames between event paths),
and every commit that changed its club, co-host or campaign files. At each such commit
the event is rebuilt from the old blobs (read through one ``git cat-file --batch``) by
the project's own parser, schema and reader, and fingerprinted; a state that does not
load is skipped (cross-file rules are not run on old states). Then:

- ``sequence``: how many times the fingerprint changed after the first state (a new
  event is 0); uncommitted changes that change it count one more, at the file's mtime;
- ``modified``: the commit time of the last change of the fingerprint (DTSTAMP and
  LAST-MODIFIED), whole seconds, UTC;
- ``created``: the first commit of the event's file (across renames);
- ``uid_id``: the first id of the event's file, so that renaming keeps the UID. An id
  that is a current event's own id, or that an earlier file kept already, is not kept
  twice (the event takes its next id, at last its own).

Most events of a big network have one version and a club with one version: they are
not rebuilt at all. A deleted event file (not added back, not renamed to another event
path) is kept as a ``DeletedEvent``: its last version's record, the deleting commit's
time, and its sequence one more than its last. Deletions are rebuilt only when asked,
and ``Revisions.deleted(since)`` rebuilds only those made since ``since``.

History is the first-parent chain (see ``history``): a merged branch is one change, at
the merge. A deletion not committed yet is not listed (the event is simply gone until
it is), and a rename not committed yet is a new event.

Outside git every event falls back to its file's time, sequence 0 and its own id, and
nothing is deleted. A shallow clone works, as if its oldest commit created every file.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from groundgame import collector
from groundgame.content import schema
from groundgame.content.files import SLUG
from groundgame.content.reading import read_campaign, read_club, read_event
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.document import Document
from groundgame.model.records import Campaign, Club, Event, Localized, Record
from groundgame.problems import Problem

if TYPE_CHECKING:
    from groundgame.content.network import Network
    from groundgame.feeds.history import Blobs, History

_EVENT_PATH = re.compile(r"content/events/([^/]+)/([^/]+)\.yaml")
_DELETED = "deleted"  # the fingerprint of a state without the file


@dataclass(frozen=True)
class EventRevision:
    modified: datetime  # UTC, whole seconds: DTSTAMP and LAST-MODIFIED
    created: datetime
    sequence: int
    uid_id: str  # the id whose UID the event keeps (its first id before renames)


@dataclass(frozen=True)
class DeletedEvent:
    event: Event  # its last version (status as it was; the caller marks it cancelled)
    deleted: datetime  # the deleting commit's time
    revision: EventRevision  # sequence already raised by one


def event_id(path: str) -> str | None:
    """``content/events/<club>/<slug>.yaml`` → ``<club>/<slug>``; None for any other path."""
    match = _EVENT_PATH.fullmatch(path)
    if match is None or not all(SLUG.match(part) for part in match.groups()):
        return None
    return f"{match[1]}/{match[2]}"


def club_path(club_id: str) -> str:
    return f"content/clubs/{club_id}.yaml"


def campaign_path(campaign_id: str) -> str:
    return f"content/campaigns/{campaign_id}.yaml"


# -- fingerprints --------------------------------------------------------------------------
def canonical(value: object, skip: frozenset[str] = frozenset()) -> str:
    """A text that is the same exactly when the published value is: ``repr``, made deterministic.

    Like a dataclass ``repr`` (fields compared by ``==`` only, so never ``doc``), except
    that sets are sorted: a ``frozenset`` of dates repeats in hash order, which changes
    with ``PYTHONHASHSEED`` from one process to the next. Mappings keep their order
    (insertion order, which is file order: the same bytes give the same text).
    """
    kind = type(value)
    if kind in _PLAIN:
        return repr(value)
    names = _compared_fields(kind)
    if names is not None:
        inner = ", ".join(f"{name}={canonical(getattr(value, name))}" for name in names if name not in skip)
        return f"{kind.__name__}({inner})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{canonical(k)}: {canonical(v)}" for k, v in value.items()) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(canonical(item) for item in value) + ")"
    return repr(value)


_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # a memo of a pure function of the class


def _compared_fields(kind: type) -> tuple[str, ...] | None:
    """The fields a dataclass compares (its ``repr`` shows), or None for any other type."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in fields(kind) if f.compare) if is_dataclass(kind) else None
    return _FIELDS[kind]


_NOT_PUBLISHED = frozenset({"id", "slug"})  # the file's name: a rename is not a change of the event


def fingerprint(event: Event, host: Localized | None, cohosts: Iterable[Localized | None],
                campaign: Localized | None) -> str:
    """The sha256 of what ``event`` publishes, with its host's, co-hosts' and campaign's names."""
    text = "\n".join((canonical(event, _NOT_PUBLISHED), canonical(host), canonical(tuple(cohosts)),
                      canonical(campaign)))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def current_fingerprint(event: Event, network: Network) -> str:
    """The fingerprint of ``event`` in the loaded network (the working tree)."""
    def name(club_id: str) -> Localized | None:
        club = network.clubs.get(club_id)
        return club.name if club else None

    campaign = network.campaigns.get(event.campaign) if event.campaign else None
    return fingerprint(event, name(event.club), (name(c) for c in event.cohosts),
                       campaign.name if campaign else None)


# -- old states ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Version:
    """One version of an event's file: from which commit, at which path, which blob (None: deleted)."""

    commit: int
    path: str
    blob: str | None


def _id_of(version: _Version) -> str:
    """The event id of a version's path (lineages hold event paths only)."""
    found = event_id(version.path)
    assert found is not None
    return found


def lineage(history: History, path: str) -> list[_Version]:
    """The versions of the file at ``path``, oldest first, following renames between event paths.

    A file deleted and added back keeps its earlier versions (the deletion is a version
    too); a path whose file was renamed away to another event path starts afresh after it.
    """
    versions: list[_Version] = []
    before = len(history.times)
    at: str | None = path
    while at is not None:
        found, at = at, None
        for change in reversed(history.changes.get(found, ())):
            if change.commit >= before:
                continue
            renamed = change.renamed if change.renamed is not None and event_id(change.renamed) else None
            if change.blob is None and renamed is not None:
                break  # renamed away: what came before belongs to the other path
            versions.append(_Version(change.commit, found, change.blob))
            if renamed is not None:
                at, before = renamed, change.commit
                break
    versions.reverse()
    return versions


class _States:
    """Records as of a commit, rebuilt from old blobs with the project's own parser and reader.

    A blob that is the file as it is now (committed, unchanged since) is not read again:
    the loaded network's document and records stand for it.
    """

    def __init__(self, history: History, network: Network):
        self.history = history
        self.network = network
        self.blobs: Blobs | None = None
        self._docs: dict[tuple[str, str], Document | None] = {}
        self._clubs: dict[tuple[str, str], Club | None] = {}
        self._campaigns: dict[tuple[str, str], Campaign | None] = {}
        self._lents: dict[tuple[str, str], str] = {}
        self._fingerprints: dict[tuple[str, str, str, tuple[str | None, ...]], tuple[str, Event | None] | None] = {}

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Keep one ``git cat-file --batch`` process open for the old blobs while inside."""
        with self.history.blobs() as blobs:
            self.blobs = blobs
            try:
                yield
            finally:
                self.blobs = None

    def blob_at(self, path: str, commit: int) -> str | None:
        """The blob of ``path`` after ``commit`` (None if it was not there)."""
        changes = self.history.changes.get(path, ())
        index = bisect_right(changes, commit, key=lambda c: c.commit)
        return changes[index - 1].blob if index else None

    def is_current(self, path: str, blob: str) -> bool:
        """Whether ``blob`` is the file at ``path`` as the loaded network read it."""
        changes = self.history.changes.get(path)
        return bool(changes) and changes[-1].blob == blob and path not in self.history.dirty  # type: ignore[index]

    def doc(self, kind: str, path: str, blob: str) -> Document | None:
        """The parsed, schema-valid document of one blob (None if it is not)."""
        if kind == "event" and self.is_current(path, blob):
            current = self.network.events.get(event_id(path) or "")
            if current is not None:
                return current.doc
        key = (kind, blob)
        if key not in self._docs:
            self._docs[key] = self._parse(kind, path, blob)
        doc = self._docs[key]
        if doc is not None and doc.path != path:  # the same bytes at another path (a rename)
            doc = Document(path, doc.data, doc.marks, doc.key_marks)
        return doc

    def _parse(self, kind: str, path: str, blob: str) -> Document | None:
        assert self.blobs is not None
        raw = self.blobs.get(blob)
        if raw is None:
            return None
        try:
            doc = parse_bytes(raw, path)
        except LoadError:
            return None
        return None if any(p.is_error for p in schema.check(kind, doc)) else doc

    def club(self, club_id: str, commit: int) -> Club | None:
        return self._record("club", club_path(club_id), club_id, commit, self._clubs, self.network.clubs, read_club)

    def campaign(self, campaign_id: str, commit: int) -> Campaign | None:
        return self._record("campaign", campaign_path(campaign_id), campaign_id, commit, self._campaigns,
                            self.network.campaigns, read_campaign)

    def _record(self, kind: str, path: str, record_id: str, commit: int, seen: dict[tuple[str, str], R | None],
                current: Mapping[str, R], reader: Callable[..., tuple[R, list[Problem]]]) -> R | None:
        """A club or campaign as of ``commit``: the loaded record if that is its current version,
        else read from the old blob (once per blob)."""
        blob = self.blob_at(path, commit)
        if blob is None:
            return None
        if (record_id, blob) not in seen:
            loaded = current.get(record_id) if self.is_current(path, blob) else None
            seen[record_id, blob] = loaded if loaded is not None else \
                _read(reader, self.doc(kind, path, blob), record_id)
        return seen[record_id, blob]

    def refers_to(self, version: _Version) -> list[str]:
        """The co-host club and campaign files one version of an event names (for the commits to look at)."""
        doc = self.doc("event", version.path, version.blob) if version.blob else None
        if doc is None:
            return []
        paths = [club_path(c) for c in doc.data.get("cohosts", ()) if isinstance(c, str)]
        campaign = doc.data.get("campaign")
        return paths + ([campaign_path(campaign)] if isinstance(campaign, str) and campaign else [])

    def state(self, version: _Version, commit: int) -> tuple[str, Event | None] | None:
        """The fingerprint of the event as of ``commit`` (and its record), or None if it does not load.

        Kept by what goes into it: the event's blob, what of its club an event reads (name,
        time zone, languages) and the blobs of the files it names; so a commit that changed
        only the club's description costs a look-up, not a rebuild.
        """
        if version.blob is None:
            return _DELETED, None
        the_id = _id_of(version)
        club_id = the_id.split("/", 1)[0]
        club = self.club(club_id, commit)
        if club is None:
            return None
        key = (version.path, version.blob, self._lent(club, self.blob_at(club_path(club_id), commit) or ""),
               tuple(self.blob_at(path, commit) for path in self.refers_to(version)))
        if key not in self._fingerprints:
            self._fingerprints[key] = self._build(version, the_id, club, commit)
        return self._fingerprints[key]

    def _lent(self, club: Club, blob: str) -> str:
        """What of ``club`` (read from ``blob``) its events read or publish: name, time zone, languages."""
        key = (club.id, blob)
        if key not in self._lents:
            self._lents[key] = canonical((club.name, club.timezone, club.languages))
        return self._lents[key]

    def _build(self, version: _Version, the_id: str, club: Club, commit: int) -> tuple[str, Event | None] | None:
        assert version.blob is not None
        event = _read(read_event, self.doc("event", version.path, version.blob), the_id, club)
        if event is None:
            return None
        cohosts = [self.club(c, commit) for c in event.cohosts]
        campaign = self.campaign(event.campaign, commit) if event.campaign else None
        if None in cohosts or (event.campaign and campaign is None):
            return None
        return fingerprint(event, club.name, (c.name for c in cohosts if c),
                           campaign.name if campaign else None), event


R = TypeVar("R", bound=Record)


def _read(reader: Callable[..., tuple[R, list[Problem]]], doc: Document | None, *args: object) -> R | None:
    """The record a reader makes of an old document, or None if it has errors or the reader fails.

    The reader expects what today's schema and rules accept; an old state it cannot read
    (it raises) was not published either, so it is skipped like one with errors.
    """
    if doc is None:
        return None
    try:
        record, problems = reader(doc, *args)
    except Exception:  # any failure on an old state means: it does not load
        return None
    return None if any(p.is_error for p in problems) else record


@dataclass(frozen=True)
class _Walked:
    """What the committed states of one event say."""

    sequence: int
    modified: int  # commit index of the last change of the fingerprint
    fingerprint: str  # of the last state
    record: Event | None  # the last state that loaded


def walk(states: _States, versions: list[_Version], until: int | None = None) -> _Walked | None:
    """Fingerprint the event at every commit that changed its file or a file it names (None: no state loads)."""
    history = states.history
    first, last = versions[0].commit, until if until is not None else len(history.times) - 1
    depends = {club_path(_id_of(v).split("/", 1)[0]) for v in versions}
    for version in versions:
        depends.update(states.refers_to(version))
    commits = {v.commit for v in versions}
    for path in depends:
        commits.update(c.commit for c in history.changes.get(path, ()) if first < c.commit <= last)
    sequence, modified, previous, record = 0, first, "", None
    index = 0
    for commit in sorted(commits):
        while index + 1 < len(versions) and versions[index + 1].commit <= commit:
            index += 1
        found = states.state(versions[index], commit)
        if found is None:
            continue
        printed, event = found
        if previous and printed != previous:
            sequence += 1
        if printed != previous:
            modified, previous = commit, printed
        record = event or record
    return _Walked(sequence, modified, previous, record) if previous else None


# -- the revisions of a network ------------------------------------------------------------
class Revisions:
    """The revision of every event of one network, and the events deleted in its history."""

    def __init__(self, history: History, network: Network, events: dict[str, EventRevision],
                 deletions: dict[str, tuple[list[_Version], str]], states: _States):
        self.history = history
        self.network = network
        self.events = events
        self._deletions = deletions  # by the deleted file's id: its versions, the id its UID keeps
        self._fingerprints = states
        self._deleted: dict[datetime | None, list[DeletedEvent]] = {}
        self._deleted_by_id: dict[str, EventRevision] = {}

    def of(self, event: Event) -> EventRevision:
        """The revision of ``event`` (also of a ``DeletedEvent.event`` that ``deleted`` gave).

        For an event this history does not know (never committed), that of its file.
        """
        found = self.events.get(event.id) or self._deleted_by_id.get(event.id)
        if found is not None:
            return found
        return EventRevision(self.history.modified(event.path), self.history.created(event.path),
                             self.history.sequence(event.path), event.id)

    def deleted(self, since: datetime | None = None) -> list[DeletedEvent]:
        """The events whose file was deleted (since ``since``, if given), in id order.

        Feeds keep them for ``feed_cancelled_days``: pass ``now - feed_cancelled_days``,
        so that only those are rebuilt from old blobs.
        """
        if since not in self._deleted:
            self._deleted[since] = self._rebuild_deleted(since)
        return self._deleted[since]

    def _rebuild_deleted(self, since: datetime | None) -> list[DeletedEvent]:
        times = self.history.times
        chosen = {i: d for i, d in self._deletions.items() if since is None or times[d[0][-1].commit] >= since}
        found: list[DeletedEvent] = []
        if not chosen:
            return found
        with collector.paused(), self._fingerprints.reading():
            assert self._fingerprints.blobs is not None
            self._fingerprints.blobs.fetch(v.blob for versions, _ in chosen.values() for v in versions if v.blob)
            for the_id, (versions, uid_id) in chosen.items():
                walked = walk(self._fingerprints, versions, versions[-1].commit)
                if walked is None or walked.record is None:
                    continue
                when = times[versions[-1].commit]
                revision = EventRevision(when, times[versions[0].commit], walked.sequence, uid_id)
                found.append(DeletedEvent(walked.record, when, revision))
                self._deleted_by_id[the_id] = self._deleted_by_id[walked.record.id] = revision
        return found


def compute_revisions(history: History, network: Network) -> Revisions:
    """The revisions of the events of ``network`` from ``history`` (see the module's docstring)."""
    states = _States(history, network)
    if not history.in_git:
        return Revisions(history, network, {}, {}, states)
    lineages = {event.id: _versions(history, event.path) for event in network.events.values()}
    deletions = _deleted_files(history, network)
    keeps = _uid_ids(network, lineages, deletions)
    events: dict[str, EventRevision] = {}
    slow = []
    for event in network.events.values():
        versions = lineages[event.id]
        if not versions:
            continue  # never committed: its file's time
        quick = _single_state(history, event, versions)
        if quick is not None:
            events[event.id] = EventRevision(quick, history.times[versions[0].commit], 0, keeps[event.id])
        else:
            slow.append(event)
    if slow:
        with states.reading():
            assert states.blobs is not None
            states.blobs.fetch(_blobs_of(states, slow, lineages))
            for event in slow:
                events[event.id] = _revision(states, network, event, lineages[event.id], keeps[event.id])
    return Revisions(history, network, events,
                     {i: (versions, keeps[i]) for i, versions in deletions.items() if i in keeps}, states)


def _versions(history: History, path: str) -> list[_Version]:
    """``lineage``, without walking for the many files changed once (not renamed)."""
    changes = history.changes.get(path)
    if changes and len(changes) == 1 and changes[0].renamed is None:
        return [_Version(changes[0].commit, path, changes[0].blob)]
    return lineage(history, path)


def _depends(event: Event) -> list[str]:
    """The current files whose content ``event`` publishes."""
    return [event.path, club_path(event.club), *(club_path(c) for c in event.cohosts),
            *([campaign_path(event.campaign)] if event.campaign else [])]


def _single_state(history: History, event: Event, versions: list[_Version]) -> datetime | None:
    """When the event got its only state, if its file and every file it names have one version each."""
    if len(versions) != 1:
        return None
    latest = versions[0].commit
    for path in _depends(event):
        changes = history.changes.get(path)
        if path in history.dirty or changes is None or len(changes) != 1:
            return None
        latest = max(latest, changes[0].commit)
    return history.times[latest]


def _blobs_of(states: _States, events: list[Event], lineages: dict[str, list[_Version]]) -> set[str]:
    """The old blobs the slow events will need for sure: of their files and their clubs' files."""
    wanted: set[tuple[str, str]] = set()
    for event in events:
        for version in lineages[event.id]:
            if version.blob:
                wanted.add((version.path, version.blob))
            path = club_path(_id_of(version).split("/", 1)[0])
            wanted.update((path, c.blob) for c in states.history.changes.get(path, ()) if c.blob)
    return {blob for path, blob in wanted if not states.is_current(path, blob)}


def _revision(states: _States, network: Network, event: Event, versions: list[_Version],
              uid_id: str) -> EventRevision:
    history = states.history
    created = history.times[versions[0].commit]
    walked = walk(states, versions)
    dirty = [p for p in _depends(event) if p in history.dirty]
    if walked is None:  # no committed state loads: the working tree is the first
        return EventRevision(max(history.modified(p) for p in _depends(event)), created, 0, uid_id)
    modified = history.times[walked.modified]
    if dirty and current_fingerprint(event, network) != walked.fingerprint:
        return EventRevision(max([modified, *(history.mtime(p) for p in dirty)]), created, walked.sequence + 1,
                             uid_id)
    return EventRevision(modified, created, walked.sequence, uid_id)


def _deleted_files(history: History, network: Network) -> dict[str, list[_Version]]:
    """The event files deleted in the history and not back: their versions, the deletion last."""
    found: dict[str, list[_Version]] = {}
    for path, changes in history.changes.items():
        last = changes[-1]
        the_id = event_id(path) if last.blob is None else None
        if the_id is None or the_id in network.events:
            continue
        if last.renamed is not None and event_id(last.renamed):
            continue  # renamed to another event path: it lives on there
        versions = lineage(history, path)
        if len(versions) > 1:
            found[the_id] = versions
    return dict(sorted(found.items()))


def _uid_ids(network: Network, lineages: dict[str, list[_Version]],
             deletions: dict[str, list[_Version]]) -> dict[str, str]:
    """The id whose UID each event (current or deleted) keeps: its first id not taken by another.

    A current event's own id is always its own; among the other ids, the file that had
    one first keeps it. A deleted file left without an id is not listed (its UID belongs
    to another event now).
    """
    keeps = {i: i for i, versions in lineages.items() if len({v.path for v in versions}) <= 1}
    taken = set(network.events)
    claims = [(versions[0].commit, i, versions) for i, versions in (*lineages.items(), *deletions.items())
              if i not in keeps and versions]
    for _commit, own, versions in sorted(claims, key=lambda c: (c[0], c[1])):
        current = own in network.events
        for version in versions:
            candidate = _id_of(version)
            if candidate not in taken or (current and candidate == own):
                taken.add(candidate)
                keeps[own] = candidate
                break
    return keeps
