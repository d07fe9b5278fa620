"""The ledger of what ``groundgame notify`` sent, kept in the repository's git data.

It lives on its own branch (``refs/heads/groundgame-ledger`` by default), an orphan line of
commits that never touches the working tree: each commit is made with plumbing (``git
hash-object``, ``mktree``, ``commit-tree``) and the branch moved with ``git update-ref REF NEW
OLD``, a compare-and-swap, so two processes on one clone cannot both move it from the same
commit. With a remote (``--push``), each commit is pushed before the next message goes out; a
push refused as not a fast-forward (another run pushed first) fetches the other run's ledger,
merges it (the union of the messages, the better status winning) and pushes again, and the
caller then looks at the merged ledger before sending anything more.

Its tree holds one JSON file per club (``club-<id>.json``: the state of each event it last
announced and the messages sent to its lists) and per region (``region-<id>.json``: the clubs
it knew and its digests), and ``ledger.json`` (the format's version).

A message's entry says ``pending`` (claimed, about to be handed to the SMTP server), ``sent``
(the server accepted it), ``failed`` (the server refused it or could not be reached: sent again
on the next run) or ``skipped`` (covered by another message, such as a reminder sent with the
announcement it would repeat).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundgame.problems import UsageError

DEFAULT_REF = "refs/heads/groundgame-ledger"
VERSION = 1
META = "ledger.json"
_RANK = {"failed": 0, "pending": 1, "skipped": 2, "sent": 3}  # in a merge, the later stage wins
_IDENTITY = {"GIT_AUTHOR_NAME": "groundgame notify", "GIT_AUTHOR_EMAIL": "groundgame-notify@localhost",
             "GIT_COMMITTER_NAME": "groundgame notify", "GIT_COMMITTER_EMAIL": "groundgame-notify@localhost"}


class LedgerError(UsageError):
    """git could not read or write the ledger (exit 2: a matter of set-up, not of content)."""


def full_ref(ref: str) -> str:
    """``groundgame-ledger`` → ``refs/heads/groundgame-ledger``; a ``refs/…`` name as it is."""
    name = ref if ref.startswith("refs/") else f"refs/heads/{ref}"
    if any(c.isspace() or c in "~^:?*[\\" for c in name) or ".." in name or name.endswith(("/", ".lock")):
        raise UsageError(f"--ledger-ref {ref}: not a valid git ref name")
    return name


@dataclass
class Ledger:
    """The files of one ledger commit, as JSON values (``files[name]``)."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def file(self, name: str) -> dict[str, Any]:
        return self.files.setdefault(name, {"state": {}, "messages": {}})

    def entry(self, name: str, key: str) -> dict[str, Any] | None:
        found = self.files.get(name, {}).get("messages", {}).get(key)
        return found if isinstance(found, dict) else None

    def status(self, name: str, key: str) -> str:
        found = self.entry(name, key)
        return str(found.get("status", "")) if found else ""

    def record(self, name: str, key: str, **values: Any) -> None:
        entry = self.file(name)["messages"].setdefault(key, {})
        entry.update(values)

    def entries(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for name, data in sorted(self.files.items()):
            for key, entry in sorted(data.get("messages", {}).items()):
                yield name, key, entry

    def encoded(self) -> dict[str, bytes]:
        files = dict(self.files)
        files[META] = {"version": VERSION}
        return {name: (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
                for name, data in sorted(files.items())}


def merged(ours: Ledger, theirs: Ledger) -> Ledger:
    """The union of two ledgers: every message of either, the later stage winning (a message one run
    sent stays sent) and, at the same stage, theirs (a claim already pushed is that run's to send);
    each file's state is ours where both have it."""
    result = Ledger({name: json.loads(json.dumps(data)) for name, data in theirs.files.items()})
    for name, data in ours.files.items():
        into = result.file(name)
        into["state"] = {**into.get("state", {}), **data.get("state", {})}
        for key, entry in data.get("messages", {}).items():
            other = into["messages"].get(key)
            if other is None or _stage(entry) > _stage(other):  # a tie: the claim pushed first stays
                into["messages"][key] = dict(entry)
        for extra, value in data.items():
            if extra not in ("state", "messages"):
                into[extra] = value
    return result


def _stage(entry: Mapping[str, Any]) -> tuple[int, int]:
    return _RANK.get(str(entry.get("status", "")), -1), int(entry.get("attempts", 0) or 0)


class Store:
    """The ledger ref of one repository: read it, commit to it, push it."""

    def __init__(self, root: Path, ref: str = DEFAULT_REF, remote: str | None = None):
        self.root = root
        self.ref = full_ref(ref)
        self.remote = remote
        self.head: str | None = None  # the commit this process last read or wrote
        self._blobs: dict[bytes, str] = {}

    # -- git ------------------------------------------------------------------------------
    def _git(self, *args: str, data: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, **_IDENTITY, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            done = subprocess.run(["git", *args], cwd=self.root, input=data, capture_output=True, env=env,
                                  check=False)
        except FileNotFoundError:
            raise LedgerError("git is not installed: the ledger of sent messages lives in git") from None
        if check and done.returncode != 0:
            said = done.stderr.decode(errors="replace").strip().splitlines()
            raise LedgerError(f"git {args[0]} failed: {said[-1] if said else 'no message'}")
        return done

    def check_repository(self) -> None:
        if self._git("rev-parse", "--git-dir", check=False).returncode != 0:
            raise LedgerError(f"{self.root} is not a git repository: notify keeps its ledger in git")

    def resolve(self, ref: str | None = None) -> str | None:
        done = self._git("rev-parse", "--verify", "--quiet", f"{ref or self.ref}^{{commit}}", check=False)
        return done.stdout.decode().strip() or None

    def read(self, commit: str | None = None) -> Ledger | None:
        """The ledger at ``commit`` (by default the ref's commit, which becomes ``head``); None if none."""
        if commit is None:
            commit = self.head = self.resolve()
        if commit is None:
            return None
        listing = self._git("ls-tree", "-z", commit).stdout.decode()
        entries = [line.split("\t", 1) for line in listing.split("\0") if line]
        names = {name: info.split()[2] for info, name in entries if name.endswith(".json")}
        if not names:
            return Ledger()
        blobs = "".join(f"{oid}\n" for oid in names.values()).encode()
        raw = self._git("cat-file", "--batch", data=blobs).stdout
        files: dict[str, dict[str, Any]] = {}
        offset = 0
        for name in names:
            header_end = raw.index(b"\n", offset)
            size = int(raw[offset:header_end].split()[2])
            body = raw[header_end + 1: header_end + 1 + size]
            offset = header_end + 1 + size + 1
            self._blobs[body] = names[name]
            if name != META:
                try:
                    files[name] = json.loads(body)
                except ValueError:
                    raise LedgerError(f"{self.ref}:{name}: is not JSON; the ledger was edited by hand?") from None
        return Ledger(files)

    def commit(self, ledger: Ledger, message: str) -> str:
        """Commit ``ledger`` on top of ``head`` and move the ref there (only if it is still at ``head``);
        a ledger that holds what ``head`` holds makes no commit."""
        tree = self._tree(ledger)
        if self.head and self._git("rev-parse", f"{self.head}^{{tree}}").stdout.decode().strip() == tree:
            if self.resolve() != self.head:
                raise MovedError(self.ref)
            return self.head
        parents = ["-p", self.head] if self.head else []
        made = self._git("commit-tree", tree, *parents, "-m", message).stdout.decode().strip()
        self._swap(made)
        return made

    def _tree(self, ledger: Ledger) -> str:
        lines = []
        for name, data in ledger.encoded().items():
            oid = self._blobs.get(data)
            if oid is None:
                oid = self._blobs[data] = self._git("hash-object", "-w", "--stdin", data=data).stdout.decode().strip()
            lines.append(f"100644 blob {oid}\t{name}\0")
        return self._git("mktree", "-z", data="".join(lines).encode()).stdout.decode().strip()

    def _swap(self, made: str) -> None:
        old = self.head or "0" * 40  # all zeros: the ref must not exist yet
        done = self._git("update-ref", self.ref, made, old, check=False)
        if done.returncode != 0:
            raise MovedError(self.ref)
        self.head = made

    # -- a remote --------------------------------------------------------------------------
    def fetch(self) -> str | None:
        """The remote's ledger commit, fetched (None if the remote has no ledger yet)."""
        if self.remote is None:
            return None
        tracking = "refs/groundgame/remote-ledger"
        listed = self._git("ls-remote", self.remote, self.ref).stdout.decode().split()
        if not listed:
            return None
        self._git("fetch", "--quiet", "--no-tags", self.remote, f"+{self.ref}:{tracking}")
        return self.resolve(tracking)

    def push(self) -> bool:
        """Push ``head`` to the remote; False if refused as not a fast-forward (another run pushed)."""
        if self.remote is None or self.head is None:
            return True
        done = self._git("push", "--quiet", "--porcelain", self.remote, f"{self.head}:{self.ref}", check=False)
        if done.returncode == 0:
            return True
        said = (done.stdout + done.stderr).decode(errors="replace")
        if "non-fast-forward" in said or "fetch first" in said or "[rejected]" in said:
            return False
        raise LedgerError(f"git push {self.remote} {self.ref} failed: {said.strip().splitlines()[-1:]}")

    def sync(self, ledger: Ledger, message: str) -> Ledger:
        """Commit ``ledger`` and push it, merging another run's ledger first as often as needed;
        returns what the ref now holds (``ledger``, or its union with the other run's)."""
        for _ in range(20):
            try:
                self.commit(ledger, message)
            except MovedError:
                current = self.read()  # another process on this clone moved it
                ledger = merged(ledger, current or Ledger())
                continue
            if self.push():
                return ledger
            theirs = self.fetch()
            if theirs is None:
                raise LedgerError(f"git push {self.remote} {self.ref} was refused, and the remote has no ledger")
            other = self.read(theirs) or Ledger()
            ledger = merged(ledger, other)
            self.head = self._merge(ledger, theirs, message)
        raise LedgerError(f"{self.ref}: could not push the ledger after 20 tries (other runs keep pushing)")

    def _merge(self, ledger: Ledger, theirs: str, message: str) -> str:
        """A merge commit of ``head`` and the remote's ``theirs`` holding ``ledger``; the local ref moves there."""
        tree = self._tree(ledger)
        parents = ["-p", self.head, "-p", theirs] if self.head else ["-p", theirs]
        made = self._git("commit-tree", tree, *parents, "-m", f"Merge another run's ledger: {message}").stdout
        commit = made.decode().strip()
        old = self.head or "0" * 40
        self._git("update-ref", self.ref, commit, old)
        return commit

    def start(self) -> Ledger | None:
        """The ledger to work from: the remote's merged into the local one (either may be missing)."""
        local = self.read()
        theirs = self.fetch()
        if theirs is None or theirs == self.head:
            return local
        other = self.read(theirs) or Ledger()
        if local is None:
            self._git("update-ref", self.ref, theirs, "0" * 40)
            self.head = theirs
            return other
        if self._git("merge-base", "--is-ancestor", self.head or "", theirs, check=False).returncode == 0:
            self._git("update-ref", self.ref, theirs, self.head or "")
            self.head = theirs
            return other
        combined = merged(local, other)
        self.head = self._merge(combined, theirs, "start of a run")
        return combined


class MovedError(Exception):
    """The ref moved since it was read (another process on this clone committed)."""
