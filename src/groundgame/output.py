"""The one guarded writer every output file goes through.

It refuses a path outside the output folder (checked on resolved paths: a string-prefix
check would let ``/out-evil`` through) and refuses to write the same path twice, which
would mean two records or two pages silently overwrote each other.
"""

from __future__ import annotations

from pathlib import Path

from groundgame.problems import GroundgameError


class OutputError(GroundgameError):
    """A page or feed would be written where it must not be."""

    exit_code = 1


class Writer:
    """Writes files below ``root``, each path once; counts what it wrote by category."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.written: set[Path] = set()
        self.counts: dict[str, int] = {}
        # Folders already resolved and checked (and, once made, created): a large site
        # writes tens of files per folder, and resolving every path costs a syscall per part.
        self._folders: dict[str, Path] = {}
        self._made: set[Path] = set()

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

    def claim(self, relative: str, *, category: str | None = None) -> Path:
        """Reserve ``relative`` (refused if claimed before); for files another process writes."""
        target = self.path_for(relative)
        if target in self.written:
            raise OutputError(f"refusing to write {relative!r} twice: two pages or feeds claim the same path")
        self.written.add(target)
        if category is not None:
            self.counts[category] = self.counts.get(category, 0) + 1
        return target

    def write(self, relative: str, content: str | bytes, *, category: str = "files") -> Path:
        target = self.claim(relative, category=category)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        return target
