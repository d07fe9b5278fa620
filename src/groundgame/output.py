"""The one guarded writer every output file goes through.

It refuses a path outside the output folder (checked on resolved paths: a string-prefix
check would let ``/out-evil`` through) and refuses to write the same path twice, which
would mean two records or two pages silently overwrote each other.
"""

from __future__ import annotations

from pathlib import Path

from .problems import GroundgameError


class OutputError(GroundgameError):
    """A page or feed would be written where it must not be."""

    exit_code = 1


class Writer:
    """Writes files below ``root``, each path once; counts what it wrote by category."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.written: set[Path] = set()
        self.counts: dict[str, int] = {}

    def path_for(self, relative: str) -> Path:
        """The absolute path of ``relative`` (a URL path such as ``es/clubs/x/index.html``)."""
        target = (self.root / relative.lstrip("/")).resolve()
        if not target.is_relative_to(self.root) or target == self.root:
            raise OutputError(f"refusing to write {relative!r}: it is outside the output folder")
        return target

    def write(self, relative: str, content: str | bytes, *, category: str = "files") -> Path:
        target = self.path_for(relative)
        if target in self.written:
            raise OutputError(f"refusing to write {relative!r} twice: two pages or feeds claim the same path")
        self.written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        self.counts[category] = self.counts.get(category, 0) + 1
        return target
