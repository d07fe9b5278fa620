"""Read one content file as YAML 1.2 (core schema), keeping where every value stands.

Why not ``yaml.safe_load``: it is YAML 1.1, so ``no`` becomes ``False``, ``19:00``
becomes 1140 and ``2026-12-01`` a ``date`` behind the validator's back; it silently
keeps the last of two duplicate keys; it expands aliases (billion laughs); and its C
composer recurses, so deeply nested input crashes the interpreter. Here libyaml (or
PyYAML's pure-Python parser where libyaml is missing) only *parses* into a flat
stream of events, and this module builds plain values from them without recursion,
resolving plain scalars by the YAML 1.2 core schema. Dates and times stay strings
until the schema and the rules have looked at them.

Every value's 1-based line and column is kept in ``Document.marks``, keyed by its
path (a tuple of keys and indexes), so that errors can point at the exact spot.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

import yaml

from groundgame.content.characters import describe, kind_of
from groundgame.document import Document, Loc, Mark, field_name
from groundgame.problems import Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})
# Whole-value patterns: \Z, not $, which also matches before a final newline.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)\Z")
_TRUE = re.compile(r"^(?:true|True|TRUE)\Z")
_FALSE = re.compile(r"^(?:false|False|FALSE)\Z")
_INT10 = re.compile(r"^[-+]?[0-9]+\Z")
_INT8 = re.compile(r"^0o[0-7]+\Z")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)\Z")

# Python refuses to turn more decimal digits than this into an int (CVE-2020-10735); a
# longer run of digits is read as the float it spells (infinity), which no field accepts.
_MAX_INT_DIGITS = 4000


class LoadError(Exception):
    """A file cannot be read as content; carries the one problem that says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfF")


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT10.match(text):
        return int(text, 10) if len(text) <= _MAX_INT_DIGITS else float(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def read_file(fs_path: Path, display: str) -> Document:
    """Read and parse one file; any reason it cannot be content becomes a ``LoadError``."""
    if fs_path.is_symlink():
        raise LoadError(Problem(display, 0, 0, "", "must be a regular file, not a symbolic link"))
    try:
        with fs_path.open("rb") as handle:
            # Ask the size first: read(MAX_BYTES + 1) would allocate that much for every file.
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read() if size <= MAX_BYTES else handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(Problem(display, 0, 0, "", f"cannot be read ({exc.strerror})")) from None
    return parse_bytes(raw, display)


def parse_bytes(raw: bytes, display: str) -> Document:
    """Parse the bytes of one file. Never raises anything but ``LoadError``."""
    if len(raw) > MAX_BYTES:
        raise LoadError(
            Problem(display, 0, 0, "", f"is larger than {MAX_BYTES // 1024} KiB; a content file is a few fields")
        )
    text = _decode(raw, display)
    if not _has_content(text):
        raise LoadError(Problem(display, 0, 0, "", "is empty; write the record's fields, or delete the file"))
    return _Builder(display).build(text)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise LoadError(
            Problem(display, line, col, "", "is not valid UTF-8 text", hint="save the file as UTF-8")
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _position(text, nul)
        raise LoadError(Problem(display, line, col, "", "contains a NUL byte; a content file is plain text"))
    return text


def _has_content(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _hint_for(problem: str, text: str, mark: Any) -> str:
    lines = text.splitlines()
    found = ""
    if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        found = lines[mark.line][mark.column]
    if found == "\t" or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be put in quotes"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "a value that starts with @ or ` must be put in quotes"
    return ""


class _Builder:
    """Turns a YAML event stream into plain values, iteratively, with marks."""

    def __init__(self, display: str):
        self.display = display
        self.marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}

    def fail(self, mark: Any, message: str, hint: str = "", loc: Loc = ()) -> LoadError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return LoadError(Problem(self.display, line, col, field_name(loc), message, hint=hint))

    def build(self, text: str) -> Document:
        loader = _Loader(text)
        try:
            root = self._run(loader)
        except yaml.reader.ReaderError as exc:  # a character YAML refuses: say which, and where
            char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
            line, col = _position(text, exc.position)
            raise LoadError(Problem(self.display, line, col, "", f"contains {describe(char)}, a {kind_of(char)} "
                                    "that YAML does not allow", hint="remove it")) from None
        except yaml.MarkedYAMLError as exc:
            problem = (exc.problem or exc.context or "is not valid YAML").rstrip(".")
            mark = exc.problem_mark or exc.context_mark
            raise self.fail(mark, f"is not valid YAML: {problem}", _hint_for(problem, text, mark)) from None
        except yaml.YAMLError as exc:
            raise self.fail(None, f"is not valid YAML: {exc}") from None
        finally:
            loader.dispose()
        if not isinstance(root, dict):
            kind = "a list" if isinstance(root, list) else "a single value"
            message = f"must be a mapping of fields (`field: value`), not {kind}"
            raise LoadError(Problem(self.display, 1, 1, "", message))
        return Document(self.display, root, self.marks, self.key_marks)

    def _run(self, loader: Any) -> Any:
        """Build the value of the one document, iteratively (no recursion, bounded depth).

        One tight loop with plain lists for the open collections: this is the hot path of
        checking a large network, run once for every YAML event.
        """
        marks, key_marks = self.marks, self.key_marks
        # Open collections: [container, its location, pending key or None, the key's mark]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        while True:
            event = loader.get_event()
            cls = event.__class__
            if cls is yaml.ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag not in _SCALAR_TAGS):
                    self._refuse(event, stack)
                start = event.start_mark
                mark = Mark(start.line + 1, start.column + 1, event.value)
                if stack:
                    top = stack[-1]
                    container = top[0]
                    if container.__class__ is dict:
                        if top[2] is None:
                            self._take_key(top, event.value, mark)
                            continue
                        loc = (*top[1], top[2])
                        key_marks[loc] = top[3]
                        top[2] = None
                    else:
                        loc = (*top[1], len(container))
                    value = resolve_plain(event.value) if event.tag is None and event.implicit[0] else event.value
                    if container.__class__ is dict:
                        container[loc[-1]] = value
                    else:
                        container.append(value)
                    marks[loc] = mark
                else:
                    root = resolve_plain(event.value) if event.tag is None and event.implicit[0] else event.value
                    marks[()] = mark
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    self._refuse(event, stack)
                new: dict[str, Any] | list[Any] = {} if cls is yaml.MappingStartEvent else []
                start = event.start_mark
                loc = ()
                if stack:
                    top = stack[-1]
                    container = top[0]
                    if container.__class__ is dict:
                        if top[2] is None:
                            raise self.fail(start, "uses a list or mapping as a key; keys are plain words", loc=top[1])
                        loc = (*top[1], top[2])
                        key_marks[loc] = top[3]
                        top[2] = None
                        container[loc[-1]] = new
                    else:
                        loc = (*top[1], len(container))
                        container.append(new)
                    if len(stack) >= MAX_DEPTH:
                        raise self.fail(start, f"is nested more than {MAX_DEPTH} levels deep", loc=loc)
                else:
                    root = new
                marks[loc] = Mark(start.line + 1, start.column + 1)
                stack.append([new, loc, None, None])
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
            elif cls is yaml.AliasEvent:
                self._refuse(event, stack)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark, "holds more than one YAML document",
                                    "keep one record a file and remove the second '---'")
            elif cls is yaml.StreamEndEvent:
                return root

    def _refuse(self, event: Any, stack: list[list[Any]]) -> None:
        loc = stack[-1][1] if stack else ()
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise self.fail(event.start_mark, "uses a YAML anchor or alias (& or *), which content files may not",
                            "write the value out again where it is needed", loc)
        raise self.fail(event.start_mark, f"uses the YAML tag {event.tag!r}, which content files may not",
                        "remove the tag; write plain values (quote text with '...')", loc)

    def _take_key(self, top: list[Any], key: str, mark: Mark) -> None:
        if key in top[0]:
            loc = (*top[1], key)
            first = self.key_marks[loc]
            raise LoadError(Problem(self.display, mark.line, mark.column, field_name(loc),
                                    f"is given twice (first on line {first.line})",
                                    hint="keep one of the two; YAML would silently drop the first"))
        top[2] = key
        top[3] = mark
