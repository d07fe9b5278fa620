"""A parsed content file: its plain values and where each of them stands.

Every value's 1-based line and column is kept in ``Document.marks``, keyed by its path
(a tuple of keys and indexes), so that every layer can point a problem at the exact spot.
``yamlfile`` makes documents; records keep theirs; rules and reports read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from groundgame.problems import Problem

Loc = tuple[str | int, ...]


class Mark(NamedTuple):
    """Where a value starts: 1-based line and column, and the scalar's source text.

    A named tuple rather than a dataclass: a large network makes millions of them.
    """

    line: int
    column: int
    source: str | None = None


@dataclass
class Document:
    """A parsed file: plain JSON-like ``data`` plus the position of every value."""

    path: str
    data: dict[str, Any]
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The mark of ``loc`` (its key's mark if ``key``), else of its nearest parent."""
        table = self.key_marks if key else self.marks
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if key and loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), Mark(1, 1))

    def problem(self, loc: Loc, message: str, *, hint: str = "", key: bool = False, **kw: Any) -> Problem:
        """A problem at ``loc`` in this file, with the dotted field name made from ``loc``."""
        mark = self.mark(loc, key=key)
        return Problem(self.path, mark.line, mark.column, field_name(loc), message, hint=hint, **kw)


def field_name(loc: Loc) -> str:
    """``('repeat', 'on', 0)`` → ``repeat.on[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
