"""Changes to an existing record, made the way ``fmt`` keeps a file: comments and order stay.

The file is read by ``yamlfile`` first (which refuses what this project's files may not
hold), then loaded with ruamel.yaml's round trip, changed field by field, dumped, and put
in canonical form by ``fmt.format_text``. Only the lines of the fields that change differ.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from groundgame.tools import fmt
from groundgame.tools.forms import values


def round_trip() -> YAML:
    """ruamel.yaml set as ``fmt`` sets it: quotes kept, no line re-wrapped, two-space indents."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> CommentedMap:
    data = round_trip().load(text)
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump(kind: str, data: CommentedMap, up: str) -> str:
    out = io.StringIO()
    round_trip().dump(data, out)
    return fmt.format_text(kind, out.getvalue(), up)


def key_of(mapping: CommentedMap, day: date) -> Any:
    """The key of ``mapping`` that is ``day`` (written as a date or as text), or None."""
    return next((k for k in mapping if str(k) == day.isoformat()), None)


def set_in_order(mapping: CommentedMap, day: date, value: Any) -> None:
    """``mapping[day] = value``, a new day placed among the others by date."""
    key = key_of(mapping, day)
    if key is not None:
        mapping[key] = value
        return
    position = sum(1 for k in mapping if str(k) < day.isoformat())
    mapping.insert(position, day, value)


def add_date(seq: CommentedSeq, day: date) -> None:
    if any(str(item) == day.isoformat() for item in seq):
        return
    seq.insert(sum(1 for item in seq if str(item) < day.isoformat()), day)


def drop_date(seq: CommentedSeq, day: date) -> None:
    for index in reversed(range(len(seq))):
        if str(seq[index]) == day.isoformat():
            del seq[index]


def set_text(data: CommentedMap, key: str, new: str, primary: str) -> None:
    """A text field set to ``new`` in the record's main language (other languages kept)."""
    if isinstance(data.get(key), CommentedMap) and data[key]:
        data[key][primary if primary in data[key] else next(iter(data[key]))] = values.text(new)
    else:
        data[key] = values.text(new)


def translate(data: CommentedMap, key: str, lang: str, new: str, primary: str) -> bool:
    """``data[key]`` given in ``lang`` too; True if that language was there already."""
    current = data[key]
    if isinstance(current, CommentedMap):
        had = lang in current
        current[lang] = values.text(new)
        return had
    data[key] = CommentedMap([(primary, current), (lang, values.text(new))])
    return False


def set_url(data: CommentedMap, key: str, url: str) -> None:
    if isinstance(data.get(key), CommentedMap):
        data[key]["url"] = url
    else:
        data[key] = CommentedMap([("url", url)])
