"""The one guarded writer every output file goes through, and what each file was made from.

It refuses a path outside the output folder (checked on resolved paths: a string-prefix
check would let ``/out-evil`` through) and refuses to write the same path twice, which
would mean two records or two pages silently overwrote each other.

Files are made in *units* (a page in every language, a feed, an event's calendar files):
before making one, a producer asks ``needs(unit, inputs)``. The writer hashes the unit's
inputs (names such as ``event:x``, looked up in the build's ``Inputs``) and, when a
previous build made the unit from the same inputs and its files are still there, keeps
those files and answers False: the incremental build. Without a previous build it always
answers True, and still records what each unit was made from for the next one.

It also counts the bytes of each unit, and with a ``RecordLimit`` adds them up per record
(the record a unit is made from: a club's page in every language, its feeds, its API
document): a record whose files would pass the limit stops the build, named, so that no
small file can make the site huge in a way nobody foresaw.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from groundgame.problems import GroundgameError, visible

EVERYTHING = "*"  # the input that stands for every record (the home page, the network's feed)


@dataclass(frozen=True)
class Inputs:
    """What outputs can be made from: a digest per input name, and one for what every file reads
    (settings, templates, catalogs, "now")."""

    digests: Mapping[str, str]
    shared: str

    def hash(self, unit: str, names: Iterable[str], salt: str = "") -> str:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{self.shared}\0{unit}\0{salt}".encode())
        get = self.digests.get
        for name in sorted(set(names)):
            digest.update(f"\0{name}={get(name, '-')}".encode())
        return digest.hexdigest()


@dataclass
class Made:
    """What the last build made: each unit's input hash and files (paths relative to the output)."""

    root: Path
    units: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per unit (a kept unit counts its files)

    @property
    def paths(self) -> set[str]:
        return {path for _, paths in self.units.values() for path in paths}


@dataclass
class Handover:
    """The files a worker process's writer wrote, for the build's writer to take over:
    by unit, each unit's category, paths and bytes."""

    units: list[tuple[str | None, str | None, list[str], int]] = field(default_factory=list)


class OutputError(GroundgameError):
    """A page or feed would be written where it must not be."""

    exit_code = 1


@dataclass(frozen=True)
class RecordLimit:
    """At most ``max_bytes`` of files made from any one record.

    ``record_of`` names the file of the record a unit is made from (``page:clubs/x/`` →
    ``content/clubs/x.yaml``), or None for a unit made from the whole network (the home
    page, the calendar, a topic's feed), which the windows and caps of those pages bound."""

    max_bytes: int
    record_of: Callable[[str], str | None]
    setting: str = "GROUNDGAME_MAX_BYTES_PER_RECORD"  # named in the message, to say how to raise it


class RecordTooLargeError(OutputError):
    """The files made from one record would take more than the limit."""

    def __init__(self, record: str, message: str):
        self.record = record
        super().__init__(message)


def _size_text(size: int) -> str:
    """``size`` bytes for people: 12.3 MB, or 45 KB below a megabyte."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1_000:.0f} KB"


class Writer:
    """Writes files below ``root``, each path once; counts what it wrote by category and its
    bytes by unit, and keeps each record's files under ``limit``."""

    def __init__(self, root: Path, inputs: Inputs | None = None, previous: Made | None = None,
                 limit: RecordLimit | None = None):
        self.root = root.resolve()
        self.written: set[Path] = set()
        self.counts: dict[str, int] = {}
        self.inputs = inputs
        self.previous = previous if previous is not None and previous.root == self.root else None
        self.made = Made(self.root)
        self.kept: dict[str, int] = {}  # files kept from the previous build, by category
        # Folders already resolved and checked (and, once made, created): a large site
        # writes tens of files per folder, and resolving every path costs a syscall per part.
        self._folders: dict[str, Path] = {}
        self._folders_made: set[Path] = set()
        self.limit = limit
        self._record_of: dict[str, str | None] = {}  # unit → its record's file (``limit.record_of``, once)
        self._record_bytes: dict[str, int] = {}
        self._handing: dict[str | None, tuple[str | None, list[str]]] | None = None  # a worker's, by unit

    def for_worker(self) -> Writer:
        """A writer for a worker process: below the same folder, recording what it writes for
        ``handover`` (this writer then guards those paths and counts their bytes)."""
        local = Writer(self.root)
        local._handing = {}
        return local

    def handover(self) -> Handover:
        """What this worker's writer wrote (``for_worker``)."""
        handing = self._handing or {}
        return Handover([(unit, category, paths, self.made.sizes.get(unit or "", 0))
                         for unit, (category, paths) in handing.items()])

    def take(self, handover: Handover) -> None:
        """Take over the files a worker wrote: each path reserved here (refused if written
        before), counted in its category, and its unit's bytes counted against its record's limit."""
        for unit, category, paths, size in handover.units:
            for path in paths:
                self._reserve(path, category, unit)
            if unit is not None:
                self._count(unit, size)

    def path_for(self, relative: str) -> Path:
        """The absolute path of ``relative`` (a URL path such as ``es/clubs/x/index.html``)."""
        folder_part, _, name = relative.lstrip("/").rpartition("/")
        if name in ("", ".", ".."):
            raise OutputError(f"refusing to write {relative!r}: it names no file")
        folder = self._folders.get(folder_part)
        if folder is None:
            folder = (self.root / folder_part).resolve()
            if not folder.is_relative_to(self.root):
                raise OutputError(f"refusing to write {relative!r}: it is outside the output folder")
            self._folders[folder_part] = folder
        return folder / name

    def needs(self, unit: str, inputs: Iterable[str] | Callable[[], Iterable[str]], *, category: str,
              salt: str | Callable[[], str] = "") -> bool:
        """Whether ``unit`` must be made (again) from ``inputs``; when not, its files are kept.

        ``salt`` is any other text the unit is made from (a feed's names, say). Either may be
        given as a function, called only when this build records what it makes: a full build
        then spends nothing on naming inputs."""
        if self.inputs is None:
            return True
        made = self.inputs.hash(unit, inputs() if callable(inputs) else inputs, salt() if callable(salt) else salt)
        before = self.previous.units.get(unit) if self.previous else None
        self.made.units[unit] = (made, [])
        root = str(self.root)
        if before is None or before[0] != made or not all(os.path.isfile(f"{root}/{p}") for p in before[1]):
            return True
        for path in before[1]:  # checked when the last build wrote it: no need to resolve it again
            self._reserve(path, None, unit, Path(f"{root}/{path}"))
        self._count(unit, self.previous.sizes.get(unit, 0) if self.previous else 0)
        self.kept[category] = self.kept.get(category, 0) + len(before[1])
        return False

    def _reserve(self, relative: str, category: str | None, unit: str | None, target: Path | None = None) -> Path:
        target = target or self.path_for(relative)
        if target in self.written:
            raise OutputError(f"refusing to write {relative!r} twice: two pages or feeds claim the same path")
        self.written.add(target)
        if category is not None:
            self.counts[category] = self.counts.get(category, 0) + 1
        if self.inputs is not None:  # every file is recorded, so that the next build can remove it
            self.made.units.setdefault(unit or "", ("", []))[1].append(relative)
        if self._handing is not None:
            self._handing.setdefault(unit, (category, []))[1].append(relative)
        return target

    def remove_stale(self) -> int:
        """Delete the files the previous build made that this one did not; how many."""
        if self.previous is None:
            return 0
        stale = self.previous.paths - self.made.paths
        folders: set[Path] = set()
        for path in stale:
            target = self.path_for(path)
            if target not in self.written:
                target.unlink(missing_ok=True)
                folders.update(p for p in target.parents if p.is_relative_to(self.root) and p != self.root)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):  # the deepest first
            with contextlib.suppress(OSError):  # not empty: other files are still there
                folder.rmdir()
        self._folders_made = {f for f in self._folders_made if f.is_dir()}
        return len(stale)

    def write(self, relative: str, content: str | bytes, *, category: str = "files", unit: str | None = None) -> Path:
        target = self._reserve(relative, category, unit)
        if target.parent not in self._folders_made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders_made.add(target.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if unit is not None:
            self._count(unit, len(data))  # before writing: a record over its limit writes no more
        target.write_bytes(data)
        return target

    def _count(self, unit: str, size: int) -> None:
        """Add ``size`` bytes to ``unit`` and, with a limit, to its record; past the limit, stop."""
        sizes = self.made.sizes
        sizes[unit] = sizes.get(unit, 0) + size
        if self.limit is None:
            return
        if unit in self._record_of:
            record = self._record_of[unit]
        else:
            record = self._record_of[unit] = self.limit.record_of(unit)
        if record is None:
            return
        total = self._record_bytes[record] = self._record_bytes.get(record, 0) + size
        if total > self.limit.max_bytes:
            raise self._too_large(self.limit, record, total)

    def _too_large(self, limit: RecordLimit, record: str, total: int) -> RecordTooLargeError:
        units = sorted((n, u) for u, n in self.made.sizes.items() if self._record_of.get(u) == record)
        largest = ", ".join(f"{visible(u)} {_size_text(n)}" for n, u in reversed(units[-3:]))
        return RecordTooLargeError(record, (
            f"{visible(record)}: the pages and feeds made from this file would take more than "
            f"{_size_text(limit.max_bytes)} ({limit.setting}): {_size_text(total)} so far, the largest "
            f"{largest}; make its lists or texts shorter, or split it into several files"))
