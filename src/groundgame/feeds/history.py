"""What git knows of the content files: every change of every file, in one ``git log`` pass.

Calendar clients apply a changed event only if it says so: ``LAST-MODIFIED``/``DTSTAMP``
give the moment of the last change and ``SEQUENCE`` must rise with each revision. Both
come from git, never from the build clock, so that two builds of the same commit write
the same bytes.

The history is read in one ``git log --raw -M`` pass over the first-parent chain (one
process, whatever the number of files): for each commit, its time and, for each file it
changed, the file's blob after it (``None`` if deleted) and the other side of a rename.
``History.changes`` keeps that per path; ``revisions`` (what each *event* published when,
which needs the old blobs) builds on it and reads blobs through ``History.blobs``, one
``git cat-file --batch`` process.

The first-parent chain is the sequence of states the default branch had: a merged pull
request counts as one change, made at the merge, and two branches are never interleaved
into states that never existed.

Per path (``modified``, ``created``, ``sequence``: the Atom feeds and the API), a file's
sequence is the number of first-parent commits that changed it, minus one (a new file is
revision 0; a rename counts as the old path's deletion and the new path's creation); a
file with uncommitted changes counts one more, and its time is its modification time.
Outside a git repository (tests, benchmarks) every file falls back to its modification
time and sequence 0.

A shallow clone (``git clone --depth``, the default of ``actions/checkout``) lacks the
history: its oldest commit looks like the creation of every file, and sequences would
drop. ``History.shallow`` says so, and it is logged (at INFO: a pull request's preview
may well be shallow); the build that publishes the feeds must have the whole history.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from groundgame import collector

if TYPE_CHECKING:
    from types import TracebackType

    from groundgame.content.network import Network
    from groundgame.feeds.revisions import Revisions

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Revision:
    """What git knows of one file: last commit time, first commit time, number of commits."""

    modified: datetime
    created: datetime
    commits: int


@dataclass(frozen=True, slots=True)
class FileChange:
    """One commit's change to one file.

    ``blob`` is the file's content after the commit (``None``: deleted). ``renamed`` is
    the other side of a rename: for a file that appears, the path it had before; for one
    that disappears, the path it went to.
    """

    commit: int  # index in ``History.times``, oldest first
    blob: str | None
    renamed: str | None = None


@dataclass
class History:
    """Every change of the files below ``root``, by path relative to ``root``, oldest first."""

    root: Path
    changes: dict[str, list[FileChange]] = field(default_factory=dict)
    times: list[datetime] = field(default_factory=list)  # of the commits, oldest first
    dirty: frozenset[str] = frozenset()
    in_git: bool = False
    shallow: bool = False
    _mtimes: dict[str, datetime] = field(default_factory=dict, repr=False)
    _revisions: tuple[Network, Revisions] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_repo(cls, root: Path) -> History:
        """Read the history of every file below ``root`` (one ``git log`` pass); empty outside git."""
        root = Path(root).resolve()
        info = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository")
        if info is None:
            return cls(root)
        prefix, shallow = (info.decode("utf-8").split("\n") + ["", ""])[:2]
        log_out = _git(root, "log", "-z", "--first-parent", "--diff-merges=first-parent", "--raw", "-M",
                       "--no-abbrev", "--format=%x1e%ct", "--", ".")
        status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ".")
        if log_out is None or status is None:
            return cls(root)
        with collector.paused():
            times, changes = _parse_log(log_out, prefix)
        history = cls(root, changes, times, frozenset(_parse_status(status, prefix)), True, shallow.strip() == "true")
        if history.shallow:  # INFO: pull request checks build shallow clones on purpose; deploys must not
            log.info("%s: the git history is shallow (a clone with --depth), so calendar SEQUENCE and "
                        "LAST-MODIFIED values are wrong; fetch the whole history (actions/checkout: "
                        "fetch-depth: 0)", root)
        return history

    @property
    def files(self) -> dict[str, Revision]:
        """Last change, first change and number of changes of every file git knows."""
        return {key: self._revision(found) for key, found in self.changes.items()}

    def key(self, path: str | Path) -> str:
        """``path`` (absolute, or relative to the root) as the root-relative POSIX key."""
        given = Path(path)
        if given.is_absolute():
            try:
                return given.resolve().relative_to(self.root).as_posix()
            except ValueError:
                return given.as_posix()
        return given.as_posix()

    def modified(self, path: str | Path) -> datetime:
        """The last change of the file (UTC, whole seconds): its last commit, or its mtime if changed since."""
        key = self.key(path)
        found = self.changes.get(key)
        if found and key not in self.dirty:
            return self.times[found[-1].commit]
        mtime = self.mtime(key)
        return mtime if not found else max(mtime, self.times[found[-1].commit])

    def created(self, path: str | Path) -> datetime:
        """The file's first commit (or its modification time if it was never committed)."""
        key = self.key(path)
        found = self.changes.get(key)
        return self.times[found[0].commit] if found else self.mtime(key)

    def sequence(self, path: str | Path) -> int:
        """The file's revision number: commits that changed it minus one, plus one if changed since."""
        key = self.key(path)
        found = self.changes.get(key)
        if not found:
            return 0
        return len(found) - 1 + (1 if key in self.dirty else 0)

    def latest(self, paths: list[str]) -> datetime:
        """The latest change among ``paths`` (the epoch if there are none)."""
        return max((self.modified(p) for p in paths), default=EPOCH)

    def revisions(self, network: Network) -> Revisions:
        """What each event of ``network`` (the current tree, loaded) published when: computed once, kept.

        Call it before starting worker processes (fork): they then share the result.
        """
        if self._revisions is None or self._revisions[0] is not network:
            from groundgame.feeds.revisions import compute_revisions

            with collector.paused():
                self._revisions = (network, compute_revisions(self, network))
        return self._revisions[1]

    def blobs(self) -> Blobs:
        """A reader of blobs by id (one ``git cat-file --batch`` process); use it in a ``with``."""
        return Blobs(self.root)

    def mtime(self, key: str) -> datetime:
        """The modification time of a root-relative file (UTC, whole seconds; the epoch if missing)."""
        if key not in self._mtimes:
            try:
                seconds = int(os.stat(self.root / key).st_mtime)
            except OSError:
                seconds = 0
            self._mtimes[key] = datetime.fromtimestamp(seconds, UTC)
        return self._mtimes[key]

    def _revision(self, found: list[FileChange]) -> Revision:
        return Revision(self.times[found[-1].commit], self.times[found[0].commit], len(found))


class Blobs:
    """Blob contents by id, read through one ``git cat-file --batch`` process, kept in memory."""

    CHUNK = 200  # ids written at once: well under a pipe's buffer, so writing never waits on reading

    def __init__(self, root: Path):
        self.cache: dict[str, bytes | None] = {}
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=root, env=_env(), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._process = None

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            self._process.wait()
            self._process = None

    def get(self, blob: str) -> bytes | None:
        """The content of ``blob`` (None if git does not have it)."""
        if blob not in self.cache:
            self.fetch([blob])
        return self.cache[blob]

    def fetch(self, blobs: Iterable[str]) -> None:
        """Read the blobs not read yet, a chunk of requests at a time."""
        wanted = sorted({b for b in blobs if b not in self.cache})
        for start in range(0, len(wanted), self.CHUNK):
            chunk = wanted[start:start + self.CHUNK]
            self.cache.update(zip(chunk, self._read(chunk), strict=True))

    def _read(self, chunk: list[str]) -> list[bytes | None]:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            return [None] * len(chunk)
        try:
            process.stdin.write("".join(f"{blob}\n" for blob in chunk).encode("ascii"))
            process.stdin.flush()
            return [_read_one(process.stdout) for _ in chunk]
        except (OSError, ValueError):
            log.warning("git cat-file --batch stopped answering; older versions of files are not read")
            self._process = None
            return [None] * len(chunk)


def _read_one(stream: IO[bytes]) -> bytes | None:
    """One answer of ``git cat-file --batch``: ``<id> <type> <size>\\n<content>\\n`` or ``<id> missing\\n``."""
    header = stream.readline().split()
    if len(header) != 3:
        if not header:
            raise ValueError("git cat-file ended")
        return None
    size = int(header[2])
    data = stream.read(size + 1)
    return data[:size] if header[1] == b"blob" else None


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"  # read only: never take the index lock others may hold
    return env


def _git(root: Path, *args: str) -> bytes | None:
    """The output of a git command run in ``root``, or None if git or the repository is missing."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                              env=_env(), check=False)
    except OSError:
        return None
    if done.returncode != 0:
        if b"not a git repository" not in done.stderr:
            log.warning("git %s failed in %s: %s", args[0], root, done.stderr.decode("utf-8", "replace").strip())
        return None
    return done.stdout


def _parse_log(raw: bytes, prefix: str) -> tuple[list[datetime], dict[str, list[FileChange]]]:
    """Newest-first ``git log -z --raw --format=%x1e%ct`` records → commit times and changes, oldest first.

    A record is ``\\x1e<time>\\0\\n`` then, per file, ``:<modes> <old> <new> <status>\\0<path>\\0``
    (a rename or copy, status ``R…``/``C…``, names two paths).
    """
    records = [r for r in raw.decode("utf-8", "surrogateescape").split("\x1e") if r]
    times: list[datetime] = []
    changes: dict[str, list[FileChange]] = {}
    for index, record in enumerate(reversed(records)):
        tokens = record.split("\0")
        times.append(datetime.fromtimestamp(int(tokens[0]), UTC))
        at = 1
        while at < len(tokens):
            meta = tokens[at].lstrip("\n")
            at += 1
            if not meta.startswith(":"):
                continue
            _modes, _mode, _old, new, status = meta[1:].split(" ", 4)
            if status[0] in "RC":
                before, after = tokens[at], tokens[at + 1]
                at += 2
                if status[0] == "R":
                    _note(changes, prefix, before, FileChange(index, None, _inside(after, prefix)))
                _note(changes, prefix, after, FileChange(index, new, _inside(before, prefix)))
            else:
                _note(changes, prefix, tokens[at], FileChange(index, None if status[0] == "D" else new))
                at += 1
    return times, changes


def _inside(name: str, prefix: str) -> str | None:
    return name[len(prefix):] if name.startswith(prefix) and name != prefix else None


def _note(changes: dict[str, list[FileChange]], prefix: str, name: str, change: FileChange) -> None:
    """Add ``change`` to the path's list; within one commit, a file that is there wins over its removal."""
    key = _inside(name, prefix)
    if key is None:
        return
    found = changes.setdefault(key, [])
    if found and found[-1].commit == change.commit:
        if change.blob is not None:
            found[-1] = change
        return
    found.append(change)


def _parse_status(raw: bytes, prefix: str) -> set[str]:
    """Root-relative paths with uncommitted changes (or never committed) in ``git status -z`` output."""
    dirty: set[str] = set()
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) > 3 and entry[2] == " ":
            name = entry[3:]
            if name.startswith(prefix):
                dirty.add(name[len(prefix):])
    return dirty
