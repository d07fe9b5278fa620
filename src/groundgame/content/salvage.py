"""The part of a document its schema accepted, so that meaning and rules can still judge it.

A file with a schema problem is still read and checked: every problem at once, not one
layer at a time. What the schema refused is taken out before reading (a value of a
field is removed, an entry of a list becomes ``None`` so that the others keep their
positions and line numbers), and each refused place is named in ``failed`` so that the
rules skip exactly the checks that need it, never the whole file.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

from groundgame.content import schema
from groundgame.document import Document, Loc, field_name


def accepted(kind: str, doc: Document) -> tuple[Document, frozenset[str]]:
    """``doc`` without what the schema of ``kind`` refused, and the dotted fields refused.

    Called only for a file that has schema problems, so a valid file costs nothing more.
    """
    data = copy.deepcopy(doc.data)
    failed: set[str] = set()
    for error in schema.validator(kind).iter_errors(doc.data):
        for loc, keep_key in _refused(error):
            failed.add(field_name(loc))
            _take_out(data, loc, keep_key)
    return Document(doc.path, data, doc.marks, doc.key_marks), frozenset(failed)


def _refused(error: ValidationError) -> Iterable[tuple[Loc, bool]]:
    """The places an error refuses (a value, a missing field, the keys it names), each with
    whether it stands in a map whose keys are data (a language's text, a change's date)."""
    loc: Loc = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "required" and isinstance(error.instance, dict):
        return [(loc + (name,), False) for name in error.validator_value if name not in error.instance]
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return [(loc + (key,), False) for key in error.instance if key not in known]
    if "propertyNames" in error.absolute_schema_path:
        return [(loc + (str(error.instance),), False)]
    if keyword == "uniqueItems":
        return []
    path = list(error.absolute_schema_path)
    return [(loc, len(path) >= 2 and path[-2] == "additionalProperties")]


def _take_out(data: dict[str, Any], loc: Loc, keep_key: bool) -> None:
    """Remove the value at ``loc``; a list entry, or a value whose key is data (a language's
    text: "must include the text in 'fr'" is not said of a text that is there but refused),
    becomes ``None`` instead. The root itself stays."""
    if not loc:
        return
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        if keep_key:
            parent[last] = None
        else:
            del parent[last]
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = None
