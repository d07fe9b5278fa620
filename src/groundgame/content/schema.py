"""Check documents against the published JSON Schemas, in words an organizer can act on.

The schemas in ``schemas/`` are the contract: editors read them to complete and check
fields as one types, and this module turns jsonschema's errors into ``Problem`` lines
that say the requirement, show the value and guess the fix. Where a schema has an
``x-requirement`` annotation, that sentence is the requirement.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from groundgame.content.dates import fixable_when
from groundgame.document import Document, Loc
from groundgame.problems import Problem
from groundgame.suggest import did_you_mean

KINDS = ("region", "club", "campaign", "event")

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def schema_dir() -> Path:
    """The ``schemas/`` folder: shipped inside the package, or beside ``src/`` in a checkout."""
    packaged = Path(__file__).parents[1] / "schemas"  # groundgame/schemas in a wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "schemas"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file name (``club.schema.json``)."""
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(schema_dir().glob("*.schema.json"))}


def registry() -> Registry[Any]:
    """The published schemas, by file name, for validators that follow their ``$ref``s."""
    return Registry().with_resources(
        (name, Resource.from_contents(body)) for name, body in load_schemas().items()
    )


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for ``kind`` over the schema with every ``$ref`` written out in place.

    Following a ``$ref`` through ``referencing`` costs more than the check it leads to
    (half of all validation time on a large network); our schemas are not recursive, so
    the references are resolved once here instead. The published files keep them.
    """
    name = f"{kind}.schema.json"
    schemas = load_schemas()
    return Draft202012Validator(inline_refs(schemas[name], name, schemas))


# Keywords that check nothing: left out of the validation copy, since jsonschema visits
# every keyword of every subschema it descends into.
_NOT_CHECKED = frozenset({"$ref", "$defs", "$schema", "title", "description"})


def inline_refs(node: Any, base: str, schemas: dict[str, dict[str, Any]]) -> Any:
    """``node`` with each ``$ref`` replaced by its target, merged under the sibling keywords."""
    if isinstance(node, list):
        return [inline_refs(item, base, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline_keyword(key, value, base, schemas) for key, value in node.items() if key not in _NOT_CHECKED}
    ref = node.get("$ref")
    if ref is None:
        return out
    document, _, pointer = ref.partition("#")
    document = document or base
    target: Any = schemas[document]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return {**inline_refs(target, document, schemas), **out}


def _inline_keyword(key: str, value: Any, base: str, schemas: dict[str, dict[str, Any]]) -> Any:
    if key == "properties":  # keys here are field names, not keywords
        return {name: inline_refs(sub, base, schemas) for name, sub in value.items()}
    return inline_refs(value, base, schemas)


def check(kind: str, doc: Document) -> list[Problem]:
    """Every schema problem of ``doc``, one ``Problem`` each, in file order."""
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    return sorted(set(problems))


@dataclass(frozen=True)
class _Said:
    message: str
    hint: str = ""


def shown(value: Any, source: str | None = None) -> str:
    """A short, safe rendering of a value for a message."""
    if source is not None and isinstance(value, str):
        text = source
    elif isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "nothing"
    elif isinstance(value, dict):
        return "a mapping"
    elif isinstance(value, list):
        return "a list"
    else:
        return str(value)
    text = text.replace("\n", " ")
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _explain(doc: Document, error: ValidationError) -> Iterator[Problem]:
    loc: Loc = tuple(error.absolute_path)
    keyword = error.validator
    if "propertyNames" in error.absolute_schema_path:
        key = str(error.instance)
        said = _said(error, None)
        yield doc.problem(loc + (key,), said.message, hint=said.hint or _fmt_hint(doc, error), key=True)
        return
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                guess = did_you_mean(key, known)
                yield doc.problem(loc + (key,), "is not a known field", key=True,
                                  hint=guess or f"known fields are: {', '.join(known)}")
        if known:
            return
    if keyword == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield doc.problem(loc + (name,), "is required but missing")
        return
    said = _said(error, doc.mark(loc).source if loc in doc.marks else None)
    yield doc.problem(loc, said.message, hint=said.hint or _fmt_hint(doc, error))


def _fmt_hint(doc: Document, error: ValidationError) -> str:
    """Where ``groundgame fmt`` would fix the value (a date written ``2026-12-1``), say so."""

    fixed = date_fix(error.schema, error.instance) if error.validator == "pattern" else None
    return f"write it {fixed}; `groundgame fmt {doc.path}` does that for you" if fixed else ""


def _said(error: ValidationError, source: str | None) -> _Said:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    requirement = error.schema.get("x-requirement") if isinstance(error.schema, dict) else None
    got = f" (got {shown(value, source)})"
    if keyword == "type":
        wanted = requirement or "must be " + " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(expected))
        return _Said(wanted + got, _type_hint(expected, value, source))
    if keyword == "enum":
        choices = [str(c) for c in expected]
        return _Said(f"must be one of {', '.join(choices)}{got}", did_you_mean(str(value), choices))
    if keyword in ("minLength", "minItems", "minProperties"):
        if expected == 1:
            return _Said("must not be empty")
        unit = "characters" if keyword == "minLength" else "entries"
        return _Said(f"must have at least {expected} {unit}")
    if keyword == "uniqueItems" and isinstance(value, list):
        twice = next((v for i, v in enumerate(value) if v in value[:i]), None)
        return _Said(f"lists {shown(twice)} twice", "give each entry once")
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return _Said(f"must be {bound} {expected}{got}")
    if requirement:
        return _Said(requirement + got)
    return _Said(f"{error.message}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _type_hint(expected: Any, value: Any, source: str | None) -> str:
    wanted = _as_list(expected)
    if "boolean" in wanted and isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return "write true or false"
    if "string" in wanted and source is not None and not isinstance(value, str):
        return f"put the value in quotes: '{source}'"
    return ""


def date_fix(node_schema: Any, value: Any) -> str | None:
    """What ``fmt`` would write for ``value`` in a date field of this schema node, if it fixes it."""
    return fixable_when(value) if is_when(node_schema) else None


@cache
def _date_patterns() -> frozenset[str]:
    defs = load_schemas()["common.schema.json"]["$defs"]
    return frozenset({defs["date"]["pattern"], defs["dateOrDateTime"]["pattern"]})


def is_when(node_schema: Any) -> bool:
    return isinstance(node_schema, dict) and node_schema.get("pattern") in _date_patterns()
