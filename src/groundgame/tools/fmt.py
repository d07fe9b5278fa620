"""``groundgame fmt``: put content files into their canonical form, keeping comments.

Canonical form: the fields of every mapping in the order the schema lists them (unknown
fields after, as they were), dates written ``2026-12-01`` and local times
``2026-12-01T19:00``, the ``yaml-language-server`` line first, two-space indentation.
Everything else a person wrote stays: comments, quotes, flow lists, block text, the
order of languages in a localized text.

Reading content stays with ``yamlfile``: a file is first parsed there (which refuses
duplicate keys, anchors, tags...), and only a file that passes is rewritten, with
ruamel.yaml's round-trip mode, which keeps comments.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from groundgame.content import vocabulary as vocab
from groundgame.content.dates import canonical_when
from groundgame.content.files import SourceFile, classify
from groundgame.content.schema import is_when
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.problems import Problem, UsageError
from groundgame.tools import canonical

SCHEMA_LINE = "# yaml-language-server: $schema={up}schemas/{kind}.schema.json"


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a person's lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def when_value(value: Any) -> Any:
    """The value to write for a date field: a ``date`` (plain ``2026-12-01``) or text."""
    fixed = canonical_when(value)
    if fixed is None or (isinstance(value, (date, datetime)) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and fixed == value:
        return value
    if len(fixed) == 10:
        return date.fromisoformat(fixed)
    if isinstance(value, datetime) and value.second:
        return value  # a time with seconds: left as written
    return fixed


def _walk(node: Any, node_schema: Any) -> Any:
    """``node`` in canonical form, changed in place where possible; returns the value to keep."""
    if not isinstance(node_schema, dict):
        return node
    if is_when(node_schema):
        return when_value(node)
    if isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            node[index] = _walk(item, node_schema.get("items"))
        return node
    if not isinstance(node, CommentedMap):
        return node
    properties = node_schema.get("properties", {})
    if is_when(node_schema.get("propertyNames")):
        _rename_keys(node)
    if properties:
        _attach_comments(node)
    for key in list(node):
        node[key] = _walk(node[key], canonical.child_schema(node_schema, key))
    if properties:
        for key in canonical.canonical_order(list(node), properties):
            node.move_to_end(key)
    return node


def _tail(node: Any, key: Any) -> tuple[Any, int] | None:
    """Where ruamel keeps the comment lines that follow ``node[key]``: (comment list, slot)."""
    value = node[key]
    if isinstance(value, CommentedMap) and len(value) and value.fa.flow_style() is False:
        return _tail(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and len(value) and value.fa.flow_style() is False:
        last = len(value) - 1
        if isinstance(value[last], (CommentedMap, CommentedSeq)) and len(value[last]):
            inner = value[last]
            return _tail(inner, list(inner)[-1] if isinstance(inner, CommentedMap) else len(inner) - 1)
        return value.ca.items.setdefault(last, [None, None, None, None]), 0
    slot = 0 if isinstance(node, CommentedSeq) else 2
    return node.ca.items.setdefault(key, [None, None, None, None]), slot


def _attach_comments(node: CommentedMap) -> None:
    """Give each key the comment lines written above it, so that they move with it.

    ruamel keeps a comment line that stands above a key as the end of the previous
    value's comment; moving keys would then carry it off under the wrong field.
    """
    keys = list(node)
    for before, key in pairwise(keys):
        found = _tail(node, before)
        if found is None:
            continue
        entry, slot = found
        token = entry[slot]
        if not isinstance(token, CommentToken) or "\n" not in token.value.rstrip("\n"):
            continue
        head, _, rest = token.value.partition("\n")
        token.value = head + "\n"
        lines = node.ca.items.setdefault(key, [None, None, None, None])
        lines[1] = [CommentToken(rest, CommentMark(0), None), *(lines[1] or [])]


def _rename_keys(node: CommentedMap) -> None:
    """Date keys (``repeat.changes``) written canonically, in place and in order."""
    renames = {}
    for key in node:
        fixed = canonical_when(key)
        if fixed is not None and len(fixed) == 10 and str(key) != fixed and not isinstance(key, date):
            renames[key] = date.fromisoformat(fixed)
    for old, new in renames.items():
        if new in node or new.isoformat() in node:
            continue  # two spellings of one date: leave it to the validator to say so
        position = list(node).index(old)
        node.insert(position, new, node.pop(old))


@dataclass(frozen=True)
class Result:
    """One file: whether ``fmt`` changes it, its canonical text, or the problem that stops it.

    ``text`` is None when the file could not be read, or when only ``changed`` was asked for
    and the file's text did not have to be made to know it.
    """

    source: SourceFile
    original: str
    text: str | None
    problem: Problem | None = None
    changed: bool = False


def format_text(kind: str, text: str, up: str) -> str:
    """``text`` (a file of ``kind``, already read by ``yamlfile``) in canonical form.

    ``up`` is the way from the file's folder to the site root (``../../``), for the
    ``yaml-language-server`` line.
    """
    from groundgame.content.schema import validator

    yaml = _yaml()
    data = yaml.load(text)
    _walk(data, validator(kind).schema)
    out = io.StringIO()
    yaml.dump(data, out)
    body = out.getvalue()
    line = SCHEMA_LINE.format(up=up, kind=kind)
    first, _, rest = body.partition("\n")
    if first.startswith("# yaml-language-server:"):
        body = rest
    return f"{line}\n{body}"


def format_file(source: SourceFile, root: Path, *, text_needed: bool = True) -> Result:
    """``source`` in canonical form; with ``text_needed=False``, only whether it is.

    The file is read by ``yamlfile`` first; ``canonical`` then often knows the answer
    from that, and only the other files go through ruamel.yaml.
    """
    from groundgame.content.schema import validator

    raw = source.fs_path.read_bytes()
    original = raw.decode("utf-8", "replace")
    try:
        doc = parse_bytes(raw, source.display)
    except LoadError as exc:
        return Result(source, original, None, exc.problem)
    up = "../" * (len(source.fs_path.relative_to(root).parts) - 1)
    line = SCHEMA_LINE.format(up=up, kind=source.kind)
    known = canonical.is_changed(doc, original, line, validator(source.kind).schema, is_when)
    if known is False:
        return Result(source, original, original)
    if known and not text_needed:
        return Result(source, original, None, changed=True)
    text = format_text(source.kind, original[1:] if original.startswith("\ufeff") else original, up)
    return Result(source, original, text, changed=text != original)


def sources(root: Path, paths: Iterable[Path]) -> tuple[list[SourceFile], list[Problem]]:
    """The content files named by ``paths`` (folders are walked), and a problem for anything else."""
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given}: no such file")
        files = sorted(p for p in given.rglob("*.yaml") if p.is_file()) if given.is_dir() else [given]
        for path in files:
            vocabulary = vocab.classify(path.absolute(), root)  # content/vocabulary/*.yaml (#15)
            source, problem = (vocabulary, None) if vocabulary else classify(path.absolute(), root)
            if problem is not None:
                problems.append(problem)
            elif source is not None:
                found.append(source)
    return found, problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="content files or folders to put in canonical form")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list the files that are not in canonical form and exit 1 if any")


def command(root: Path, args: argparse.Namespace) -> int:
    files, problems = sources(root, [Path(p) for p in args.paths])
    changed: list[str] = []
    for source in files:
        result = format_file(source, root, text_needed=not args.check)
        if result.problem is not None:
            problems.append(result.problem)
        elif result.changed:
            changed.append(source.display)
            if result.text is not None and not args.check:
                source.fs_path.write_text(result.text, encoding="utf-8")
    for problem in problems:
        print(problem.text(), file=sys.stderr)
    verb = "would reformat" if args.check else "reformatted"
    for display in changed:
        print(f"{verb} {display}")
    print(f"{len(changed)} of {len(files)} file{'s' if len(files) != 1 else ''} {verb}"
          + (f"; {len(problems)} could not be read" if problems else "") + ".")
    return 1 if problems or (args.check and changed) else 0
