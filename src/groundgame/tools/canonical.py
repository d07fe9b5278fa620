"""Whether a content file is already in ``fmt``'s canonical form, without ruamel.yaml.

Round-tripping a file through ruamel.yaml (which keeps comments) costs about 5 ms; on a
large tree that is most of ``fmt --check``. This module answers from the document the
project's own loader has read already, and says "don't know" whenever it is not sure,
so that ``fmt`` asks ruamel then. Its two answers are proofs, never guesses:

* **Changed**: the file breaks something every output of ``fmt`` satisfies — the schema
  line first, the fields of each mapping in the schema's order, each key of a block
  mapping two columns in from its parent's, each item of a block list at ``- `` two
  columns in. (If the file were its own canonical form, it would satisfy them too.)
* **Canonical**: the file is written exactly as the canonical form of its values is
  written — block mappings, block and flow lists, one-line plain and quoted values and
  ``|`` text, no comment but the schema line, dates already canonical — and for such a
  file the round trip changes nothing.

Anything else (comments, folded or multi-line values, flow mappings, empty values,
nested lists...) is left to ruamel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from groundgame.content.yamlfile import resolve_plain
from groundgame.document import Document, Loc, Mark

_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_LONG = 4000  # ruamel's line width is 4096: longer lines are not judged here
_KEY_LONG = 100  # past 128 characters the emitter writes an explicit key (``? ``)
_DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_NOT_NUMERIC = re.compile(r"[ g-np-su-wyG-NP-SU-WY]")  # a space or a letter no number or time has

IsWhen = Callable[[Any], bool]


def canonical_order(keys: list[Any], properties: dict[str, Any]) -> list[Any]:
    """The order ``fmt`` gives a mapping's keys: the schema's, then unknown keys as written."""
    return [k for k in properties if k in keys] + [k for k in keys if k not in properties]


def child_schema(node_schema: dict[str, Any], key: Any) -> Any:
    """The schema of ``key``'s value in a mapping of ``node_schema``."""
    return node_schema.get("properties", {}).get(key, node_schema.get("additionalProperties"))


def is_changed(doc: Document, original: str, schema_line: str, node_schema: dict[str, Any],
               is_when: IsWhen) -> bool | None:
    """True if ``fmt`` would change the file, False if it would not, None if only ruamel can tell.

    ``original`` is the file's text as read (a byte-order mark included), ``doc`` what
    ``yamlfile`` parsed from it, ``schema_line`` the first line ``fmt`` writes,
    ``node_schema`` the file's schema and ``is_when(schema)`` whether a node is a date.
    """
    if not original.startswith(schema_line + "\n"):
        return True
    lines = original.split("\n")
    if _breaks_layout(doc, lines, doc.data, (), 0, node_schema, is_when):
        return True
    rendered = _Renderer(doc, lines, is_when).document(node_schema)
    if rendered is not None and "\n".join([schema_line, *rendered, ""]) == original:
        return False
    return None


def _char(lines: list[str], mark: Mark) -> str:
    line = lines[mark.line - 1] if mark.line - 1 < len(lines) else ""
    return line[mark.column - 1] if mark.column - 1 < len(line) else ""


def _breaks_layout(doc: Document, lines: list[str], node: Any, loc: Loc, indent: int, node_schema: Any,
                   is_when: IsWhen) -> bool:
    """Whether a block mapping at ``loc`` (keys due at 0-based column ``indent``) has a key out of
    place or out of order, or holds something that does, as ``fmt`` would never write it."""
    if not isinstance(node, dict) or _char(lines, doc.marks[loc]) == "{":
        return False
    walked = isinstance(node_schema, dict) and not is_when(node_schema)
    properties = node_schema.get("properties", {}) if walked else {}
    if properties and list(node) != canonical_order(list(node), properties):
        return True
    for key, value in node.items():
        here = (*loc, key)
        if len(key) <= _KEY_LONG and "\n" not in key and doc.key_marks[here].column - 1 != indent:
            return True
        schema = child_schema(node_schema, key) if walked else None
        if isinstance(value, dict):
            if _breaks_layout(doc, lines, value, here, indent + 2, schema, is_when):
                return True
        elif isinstance(value, list) and _char(lines, doc.marks[here]) == "-":
            items = schema.get("items") if isinstance(schema, dict) and not is_when(schema) else None
            for index, item in enumerate(value):
                at = (*here, index)
                if isinstance(item, list):
                    continue  # a list in a list: ruamel's own layout, not judged here
                if doc.marks[at].column - 1 != indent + 4 or \
                        _breaks_layout(doc, lines, item, at, indent + 4, items, is_when):
                    return True
    return False


class _Renderer:
    """The text of a document in canonical form, for the shapes whose round trip is known."""

    def __init__(self, doc: Document, lines: list[str], is_when: IsWhen):
        self.doc, self.lines, self.is_when = doc, lines, is_when
        self.out: list[str] = []

    def document(self, node_schema: Any) -> list[str] | None:
        return self.out if self.mapping(self.doc.data, (), 0, "", node_schema) else None

    def mapping(self, node: dict[str, Any], loc: Loc, indent: int, first: str, node_schema: Any) -> bool:
        walked = isinstance(node_schema, dict) and not self.is_when(node_schema)
        if not walked and isinstance(node_schema, dict):
            return False  # a date that is a mapping: left to the validator and ruamel
        dated_keys = walked and self.is_when(node_schema.get("propertyNames"))
        for position, (key, value) in enumerate(node.items()):
            here = (*loc, key)
            text = self.key(self.doc.key_marks[here], key, dated_keys)
            if text is None:
                return False
            head = (first if position == 0 else " " * indent) + text + ":"
            schema = child_schema(node_schema, key) if walked else None
            if not self.value(head, value, here, indent, schema):
                return False
        return True

    def value(self, head: str, value: Any, loc: Loc, indent: int, node_schema: Any) -> bool:
        mark = self.doc.marks[loc]
        style = _char(self.lines, mark)
        if isinstance(node_schema, dict) and self.is_when(node_schema) and \
                not (isinstance(value, str) and _WHEN.fullmatch(value)):
            return False
        if isinstance(value, dict):
            if style == "{":
                return False
            self.out.append(head)
            return self.mapping(value, loc, indent + 2, " " * (indent + 2), node_schema)
        if isinstance(value, list):
            items = node_schema.get("items") if isinstance(node_schema, dict) else None
            if style == "[":
                flow = self.flow(value, loc, items)
                self.out.append(f"{head} {flow}")
                return flow is not None
            self.out.append(head)
            return all(self.item(item, (*loc, index), indent + 2, items) for index, item in enumerate(value))
        if style == "|":
            return self.literal(head, value, indent + 2)
        if style == ">":
            return False
        text = self.scalar(mark, value, indent + 2)
        self.out.append(f"{head} {text}")
        return text is not None

    def item(self, item: Any, loc: Loc, indent: int, node_schema: Any) -> bool:
        mark = self.doc.marks[loc]
        if isinstance(item, dict) and _char(self.lines, mark) != "{":
            return self.mapping(item, loc, indent + 2, " " * indent + "- ", node_schema)
        if isinstance(item, (dict, list)) or _char(self.lines, mark) in "|>":
            return False
        if isinstance(node_schema, dict) and self.is_when(node_schema) and \
                not (isinstance(item, str) and _WHEN.fullmatch(item)):
            return False
        text = self.scalar(mark, item)
        self.out.append(f"{' ' * indent}- {text}")
        return text is not None

    def flow(self, items: list[Any], loc: Loc, node_schema: Any) -> str | None:
        texts = []
        for index, item in enumerate(items):
            mark = self.doc.marks[(*loc, index)]
            dated = isinstance(node_schema, dict) and self.is_when(node_schema)
            text = None if isinstance(item, (dict, list)) or (dated and not _WHEN.fullmatch(str(item))) \
                else self.scalar(mark, item)
            if text is None:
                return None
            texts.append(text)
        return f"[{', '.join(texts)}]"

    def literal(self, head: str, value: Any, indent: int) -> bool:
        """``|`` or ``|-`` text: lines as written, one indentation step in."""
        if not isinstance(value, str) or not value.strip() or value.endswith("\n\n") or "\t" in value:
            return False
        body = value.removesuffix("\n")
        rows = body.split("\n")
        if not rows[0] or rows[0].startswith(" ") or any(r != r.rstrip() or not r.isprintable() for r in rows):
            return False
        self.out.append(f"{head} {'|' if value.endswith(chr(10)) else '|-'}")
        self.out.extend(" " * indent + row if row else "" for row in rows)
        return True

    def key(self, mark: Mark, key: str, dated: bool) -> str | None:
        style = _char(self.lines, mark)
        if dated and not _DAY.fullmatch(key):
            return None
        if style in "'\"":
            return _quoted(style, key)
        if (_WORD_KEY.fullmatch(key) and isinstance(resolve_plain(key), str)) or _DAY.fullmatch(key):
            return key
        return None

    def scalar(self, mark: Mark, value: Any, indent: int | None = None) -> str | None:
        """A value as ruamel writes it back, if that is known; else None. Only single-quoted
        text may take several lines, continued at ``indent`` (None: one line only)."""
        style = _char(self.lines, mark)
        if style == "'" and isinstance(value, str) and "\n" in value:
            return None if indent is None else _single_lines(value, indent)
        if style in "'\"":
            return _quoted(style, value) if isinstance(value, str) else None
        source = mark.source
        if not source or source != source.strip() or len(source) > _LONG or not source.isprintable():
            return None
        if source in ("true", "false") or _NUMBER.fullmatch(source) or _WHEN.fullmatch(source):
            return source
        if not isinstance(resolve_plain(source), str) or source[0] in "-+.~=<" or source.endswith(":"):
            return None
        if source[0].isdigit() and (_DATE_PREFIX.match(source) or not _NOT_NUMERIC.search(source)):
            return None  # ruamel might read it as a number or a time
        return source


def _single_lines(value: str, indent: int) -> str | None:
    """Single-quoted text of several lines: a line break is written as an empty line, each
    following line indented (PyYAML's ``write_single_quoted``, which ruamel keeps)."""
    paragraphs = value.split("\n")
    if any(p != p.strip() or len(p) > _LONG or not p.isprintable() for p in paragraphs) or \
            not paragraphs[0] or not paragraphs[-1]:
        return None
    out = "'" + paragraphs[0].replace("'", "''")
    blank = 1
    for paragraph in paragraphs[1:]:
        if not paragraph:
            blank += 1
            continue
        out += "\n" * (blank + 1) + " " * indent + paragraph.replace("'", "''")
        blank = 1
    return out + "'"


def _quoted(style: str, value: str) -> str | None:
    if len(value) > _LONG or not value.isprintable():
        return None
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return None if '"' in value or "\\" in value else f'"{value}"'
