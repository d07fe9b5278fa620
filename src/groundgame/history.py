"""When each content file last changed, and how often: from git, for calendar feeds.

Calendar clients apply a changed event only if it says so: ``LAST-MODIFIED``/``DTSTAMP``
give the moment of the last change and ``SEQUENCE`` must rise with each revision. Both
come from the history of the record's file, never from the build clock, so that two
builds of the same commit write the same bytes.

The whole history is read in one ``git log --name-only`` pass (one process, whatever the
number of files). A file's sequence is the number of commits that touched it, minus
one (a new file is revision 0); a file with uncommitted changes counts one more, and its
time is its modification time. Outside a git repository (tests, benchmarks) every file
falls back to its modification time and sequence 0.

A shallow clone (``git clone --depth``, the default of ``actions/checkout``) lacks the
history: every file then looks changed in the latest commit, and sequences would drop.
``History.shallow`` says so, and it is logged (at INFO: a pull request's preview may
well be shallow); the build that publishes the feeds must have the whole history.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Revision:
    """What git knows of one file: last commit time, first commit time, number of commits."""

    modified: datetime
    created: datetime
    commits: int


@dataclass
class History:
    """Last change and revision number of content files, by path relative to ``root``."""

    root: Path
    revisions: dict[str, Revision] = field(default_factory=dict)
    dirty: frozenset[str] = frozenset()
    in_git: bool = False
    shallow: bool = False
    _mtimes: dict[str, datetime] = field(default_factory=dict, repr=False)

    @classmethod
    def from_repo(cls, root: Path) -> History:
        """Read the history of every file below ``root`` (one ``git log`` pass); empty outside git."""
        root = Path(root).resolve()
        info = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository")
        if info is None:
            return cls(root)
        prefix, shallow = (info.decode("utf-8").split("\n") + ["", ""])[:2]
        log_out = _git(root, "log", "-z", "--no-renames", "--name-only", "--format=%x1e%ct", "--", ".")
        status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ".")
        if log_out is None or status is None:
            return cls(root)
        history = cls(root, _parse_log(log_out, prefix), frozenset(_parse_status(status, prefix)), True,
                      shallow.strip() == "true")
        if history.shallow:  # INFO: pull request checks build shallow clones on purpose; deploys must not
            log.info("%s: the git history is shallow (a clone with --depth), so calendar SEQUENCE and "
                        "LAST-MODIFIED values are wrong; fetch the whole history (actions/checkout: "
                        "fetch-depth: 0)", root)
        return history

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
        revision = self.revisions.get(key)
        if revision is not None and key not in self.dirty:
            return revision.modified
        mtime = self._mtime(key)
        return mtime if revision is None else max(mtime, revision.modified)

    def created(self, path: str | Path) -> datetime:
        """The file's first commit (or its modification time if it was never committed)."""
        key = self.key(path)
        revision = self.revisions.get(key)
        return revision.created if revision is not None else self._mtime(key)

    def sequence(self, path: str | Path) -> int:
        """The file's revision number: commits that touched it minus one, plus one if changed since."""
        key = self.key(path)
        revision = self.revisions.get(key)
        commits = revision.commits if revision is not None else 0
        return max(commits - 1, 0) + (1 if key in self.dirty and revision is not None else 0)

    def latest(self, paths: list[str]) -> datetime:
        """The latest change among ``paths`` (the epoch if there are none)."""
        return max((self.modified(p) for p in paths), default=EPOCH)

    def _mtime(self, key: str) -> datetime:
        if key not in self._mtimes:
            try:
                seconds = int(os.stat(self.root / key).st_mtime)
            except OSError:
                seconds = 0
            self._mtimes[key] = datetime.fromtimestamp(seconds, UTC)
        return self._mtimes[key]


def _git(root: Path, *args: str) -> bytes | None:
    """The output of a git command run in ``root``, or None if git or the repository is missing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"  # read only: never take the index lock others may hold
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                              env=env, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        if b"not a git repository" not in done.stderr:
            log.warning("git %s failed in %s: %s", args[0], root, done.stderr.decode("utf-8", "replace").strip())
        return None
    return done.stdout


def _parse_log(raw: bytes, prefix: str) -> dict[str, Revision]:
    """Newest-first ``\\x1e<time>\\0\\n<path>\\0<path>\\0…`` records → revision per root-relative path."""
    revisions: dict[str, Revision] = {}
    for record in raw.decode("utf-8", "surrogateescape").split("\x1e"):
        if not record:
            continue
        stamp, *names = record.split("\0")
        when = datetime.fromtimestamp(int(stamp), UTC)
        for name in names:
            name = name.lstrip("\n")
            if not name.startswith(prefix) or name == prefix:
                continue
            key = name[len(prefix):]
            known = revisions.get(key)
            revisions[key] = (Revision(when, when, 1) if known is None
                              else Revision(known.modified, when, known.commits + 1))
    return revisions


def _parse_status(raw: bytes, prefix: str) -> set[str]:
    """Root-relative paths with uncommitted changes (or never committed) in ``git status -z`` output."""
    dirty: set[str] = set()
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) > 3 and entry[2] == " ":
            name = entry[3:]
            if name.startswith(prefix):
                dirty.add(name[len(prefix):])
    return dirty
