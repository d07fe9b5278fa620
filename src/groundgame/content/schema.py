"""Check documents against the published JSON Schemas, in words an organizer can act on.

The schemas in ``schemas/`` are the contract: editors read them to complete and check
fields as one types, and this module turns jsonschema's errors into ``Problem`` lines
that say the requirement, show the value and guess the fix. Where a schema has an
``x-requirement`` annotation, that sentence is the requirement; ``x-unit`` names what a
list or map counts, ``x-limit`` explains a bound and ``x-hint`` offers the fix for missing
fields (a ``required``); ``x-text`` marks the patterns that
list the characters a text may not hold, so the message can name the one found.

Values come from anyone, so the checks are bounded: a pattern matches the whole value
(jsonschema's ``re.search`` lets ``$`` match before a final newline; here ``$`` is the end
of the value, as in the ECMA-262 patterns the published schemas are written in); a value
longer than its ``maxLength`` or a list longer than its ``maxItems`` is reported for its
size and not searched or walked; and a file shows at most ``MAX_PROBLEMS`` problems.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from groundgame import suggest
from groundgame.content import characters
from groundgame.content.dates import fixable_when, when_hint
from groundgame.document import Document, Loc, field_name
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


def whole_value(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled so that ``$`` matches only at the end of the value.

    In ECMA-262, which JSON Schema patterns follow, ``$`` is the end of the input; in
    Python it also matches before a final newline, so ``^[a-z]+$`` would accept ``"abc\\n"``.
    Each ``$`` outside a character class becomes ``\\Z``; ``re.search`` then keeps the
    JSON Schema meaning (a pattern without anchors may match anywhere).
    """
    return _whole_value(pattern)


@cache
def _whole_value(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append("\\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


_Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator[ValidationError]]


def _unless_too_large(keyword: str, limit: str, kind: type[str | list[Any] | dict[str, Any]]) -> _Keyword:
    """jsonschema's ``keyword``, skipped when the value is over its size ``limit``.

    The size is the problem then, said once; searching a 100,000-character value or
    walking the items of a 100,000-item list would only add time and noise.
    """
    check = Draft202012Validator.VALIDATORS[keyword]

    def bounded(validator: Any, value: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        bound = schema.get(limit)
        if bound is not None and isinstance(instance, kind) and len(instance) > bound:
            return
        yield from check(validator, value, instance, schema)

    return bounded


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    bound = schema.get("maxLength")
    if not isinstance(instance, str) or (bound is not None and len(instance) > bound):
        return
    if not whole_value(pattern).search(instance):
        yield ValidationError("does not match the pattern")


def _not(validator: Any, not_schema: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """``not``, with the one shape our schemas use (``{type: string, pattern: ...}``: a blank
    text) checked directly: jsonschema's own builds a whole validator for every value."""
    if isinstance(not_schema, dict) and not_schema.keys() == {"type", "pattern"} and not_schema["type"] == "string":
        if not isinstance(instance, str):
            return  # never valid under a schema of strings, so never refused by its ``not``
        bound = schema.get("maxLength")
        if (bound is None or len(instance) <= bound) and whole_value(not_schema["pattern"]).search(instance):
            yield ValidationError("matches a pattern it must not")
        return
    yield from _unless_too_large("not", "maxLength", str)(validator, not_schema, instance, schema)


def _is_finite_number(checker: Any, instance: Any) -> bool:
    """A number, but not NaN or infinity (YAML's ``.nan`` and ``.inf``), which no field means."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, float) and math.isfinite(instance)


def _is_whole_number(checker: Any, instance: Any) -> bool:
    """An int, written as one: JSON Schema counts 1.0 as an integer, and ``interval: 1.0`` then
    reached the recurrence library as a float (a traceback)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    {
        "pattern": _pattern,
        "not": _not,
        "items": _unless_too_large("items", "maxItems", list),
        "uniqueItems": _unless_too_large("uniqueItems", "maxItems", list),
        "additionalProperties": _unless_too_large("additionalProperties", "maxProperties", dict),
        "propertyNames": _unless_too_large("propertyNames", "maxProperties", dict),
    },
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many({"number": _is_finite_number,
                                                             "integer": _is_whole_number}),
)

MAX_PROBLEMS = 100  # shown for one file; past that, one line says how many more there are


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for ``kind`` over the schema with every ``$ref`` written out in place.

    Following a ``$ref`` through ``referencing`` costs more than the check it leads to
    (half of all validation time on a large network); our schemas are not recursive, so
    the references are resolved once here instead. The published files keep them.
    """
    name = f"{kind}.schema.json"
    schemas = load_schemas()
    return _Validator(inline_refs(schemas[name], name, schemas))


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
    """Every schema problem of ``doc``, one ``Problem`` each, in file order (at most ``MAX_PROBLEMS``)."""
    problems: set[Problem] = set()
    for error in _most_telling(validator(kind).iter_errors(doc.data)):
        problems.update(_explain(doc, error))
    found = sorted(problems)
    if len(found) <= MAX_PROBLEMS:
        return found
    return [*found[:MAX_PROBLEMS], Problem(doc.path, 0, 0, "", f"has {len(found):,} problems; the first "
                                           f"{MAX_PROBLEMS} are shown", hint="fix them and check the file again")]


# At one value, an error of the first of these groups makes the others noise: a list given
# for a text is not also too long; a 100,000-character title is not also "not one line".
_DECISIVE = (frozenset({"type"}), frozenset({"maxLength", "maxItems", "maxProperties"}), frozenset({"not"}))


def _most_telling(errors: Iterable[ValidationError]) -> list[ValidationError]:
    by_value: dict[tuple[Any, ...], list[ValidationError]] = {}
    for error in errors:
        by_value.setdefault(tuple(error.absolute_path), []).append(error)
    kept: list[ValidationError] = []
    for found in by_value.values():
        for group in _DECISIVE:
            decisive = [e for e in found if e.validator in group]
            if decisive:
                found = decisive
                break
        kept.extend(found)
    return kept


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
        number = str(value)  # yamlfile keeps whole numbers under Python's 4,300-digit limit
        return number if len(number) <= 60 else number[:57] + "..."
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _explain(doc: Document, error: ValidationError) -> Iterator[Problem]:
    loc: Loc = tuple(error.absolute_path)
    keyword = error.validator
    if "propertyNames" in error.absolute_schema_path:
        key = str(error.instance)
        said = _said(error, None)
        yield _problem(doc, loc + (key,), said.message, hint=said.hint or _fmt_hint(doc, error), key=True)
        return
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                guess = did_you_mean(key, known)
                yield _problem(doc, loc + (key,), "is not a known field", key=True,
                               hint=guess or f"known fields are: {', '.join(known)}")
        if known:
            return
    if keyword == "required":
        hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield _problem(doc, loc + (name,), "is required but missing", hint=hint)
        return
    said = _said(error, doc.mark(loc).source if loc in doc.marks else None)
    yield _problem(doc, loc, said.message, hint=said.hint or _fmt_hint(doc, error))


_LONGEST_KEY = 60  # characters of a key shown in a field name


def _problem(doc: Document, loc: Loc, message: str, *, hint: str = "", key: bool = False) -> Problem:
    """``doc.problem``, with a key longer than ``_LONGEST_KEY`` shortened in the field name:
    an unknown 100,000-character key is reported, not printed whole."""
    problem = doc.problem(loc, message, hint=hint, key=key)
    if not any(isinstance(part, str) and len(part) > _LONGEST_KEY for part in loc):
        return problem
    short = tuple(part[:_LONGEST_KEY - 3] + "..." if isinstance(part, str) and len(part) > _LONGEST_KEY else part
                  for part in loc)
    return replace(problem, field=field_name(short))


def _fmt_hint(doc: Document, error: ValidationError) -> str:
    """The fix for a value its pattern refused: where ``groundgame fmt`` would fix it (a date
    written ``2026-12-1``), say so; else say how to write it (a date as ``12/03/2026``, a time
    as ``6:30pm``, a country by its name, a weekday with a capital)."""
    if error.validator != "pattern" or not isinstance(error.instance, str):
        return ""
    fixed = date_fix(error.schema, error.instance)
    if fixed:
        return f"write it {fixed}; `groundgame fmt {doc.path}` does that for you"
    pattern = error.validator_value
    if is_when(error.schema):
        return when_hint(error.instance, with_time=pattern == _def_pattern("common", "dateOrDateTime"))
    if pattern == _def_pattern("common", "countryCode"):
        return suggest.country_hint(error.instance)
    if pattern == _def_pattern("event", "weekday"):
        return suggest.weekday_hint(error.instance)
    if pattern == _def_pattern("common", "slug") and list(error.absolute_path) == ["region"]:
        slug = suggest.slug_of(error.instance)  # the regions themselves are the rules' to know
        return f"a region is written as its id, the name of its file without .yaml: for content/regions/{slug}.yaml " \
               f"write {slug!r}" if slug else ""
    return ""


@cache
def _def_pattern(schema_name: str, definition: str) -> str:
    """The pattern of ``$defs/definition`` in ``schema_name.schema.json``."""
    return str(load_schemas()[f"{schema_name}.schema.json"]["$defs"][definition]["pattern"])


def _said(error: ValidationError, source: str | None) -> _Said:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    requirement = error.schema.get("x-requirement") if isinstance(error.schema, dict) else None
    got = f" (got {shown(value, source)})"
    if keyword == "type":
        wanted = requirement or "must be " + " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(expected))
        return _Said(wanted + got, _type_hint(expected, value, source))
    if keyword == "enum":
        choices = [str(c) for c in expected]
        every = suggest.every_hint(value) if isinstance(value, str) and list(error.absolute_path)[-1:] == ["every"] \
            else ""
        return _Said(f"must be one of {', '.join(choices)}{got}", every or did_you_mean(str(value), choices))
    if keyword in ("minLength", "minItems", "minProperties"):
        if expected == 1:
            return _Said("must not be empty")
        unit = "characters" if keyword == "minLength" else "entries"
        return _Said(f"must have at least {expected} {unit}")
    if keyword in ("maxLength", "maxItems", "maxProperties"):
        return _too_large(error)
    if keyword == "uniqueItems" and isinstance(value, list):
        return _Said(f"lists {shown(_first_repeated(value))} twice", "give each entry once")
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return _Said(f"must be {bound} {expected}{got}", _limit_hint(error, ""))
    if keyword == "not" and isinstance(value, str) and _is_blank_check(expected):
        if not value:
            return _Said("must not be empty")
        return _Said("must not be blank: it holds only spaces, line breaks or invisible characters",
                     "write the text, or leave the field out if it is optional")
    if keyword == "pattern" and isinstance(value, str):
        refused = _refused_character(error, value)
        if refused is not None:
            return refused
        spaced = suggest.space_in_address(value) if expected == _def_pattern("common", "url") else None
        if spaced is not None:
            return _Said(*spaced)
    if requirement:
        return _Said(requirement + got)
    return _Said(f"{error.message}")


def _limit_hint(error: ValidationError, default: str) -> str:
    limit = error.schema.get("x-limit") if isinstance(error.schema, dict) else None
    return str(limit) if limit else default


def _too_large(error: ValidationError) -> _Said:
    """``must be at most 200 characters (this one has 100,000)``, and what to do about it."""
    keyword, limit, size = error.validator, error.validator_value, len(error.instance)
    if keyword == "maxLength":
        return _Said(f"must be at most {limit:,} characters (this one has {size:,})", _limit_hint(error, "shorten it"))
    default_unit = "entries" if keyword == "maxItems" else "fields"
    unit = error.schema.get("x-unit", default_unit) if isinstance(error.schema, dict) else default_unit
    return _Said(f"must have at most {limit:,} {unit} (this one has {size:,})",
                 _limit_hint(error, "keep the ones that matter most"))


def _first_repeated(items: list[Any]) -> Any:
    """The first item given twice, in one pass (a long list must not cost its square)."""
    seen: set[str] = set()
    for item in items:
        key = json.dumps(item, sort_keys=True, default=str)
        if key in seen:
            return item
        seen.add(key)
    return None


@cache
def _blank_pattern() -> str:
    return str(load_schemas()["common.schema.json"]["$defs"]["blank"]["pattern"])


def _is_blank_check(not_schema: Any) -> bool:
    return isinstance(not_schema, dict) and not_schema.get("pattern") == _blank_pattern()


def _refused_character(error: ValidationError, value: str) -> _Said | None:
    """Name the first character that the pattern refuses, and where it is (1-based).

    For an ``x-text`` pattern (``^[^...]*$``: no character of a class) the first refused
    character ends the longest prefix the class allows. For any other pattern (an id, a
    GitHub user name) a line break is what the organizer needs to hear about: a ``|``
    block adds one at the end, invisibly.
    """
    pattern, node = error.validator_value, error.schema if isinstance(error.schema, dict) else {}
    text_field = bool(node.get("x-text")) and pattern.endswith("*$")
    if text_field:
        allowed = whole_value(pattern[:-1]).match(value)
        at = allowed.end() if allowed else len(value)
    else:
        at = next((i for i, c in enumerate(value) if c in characters.LINE_BREAKS), len(value))
    if at >= len(value):
        return None
    char = characters.kind_of(value[at])
    if node.get("x-text") == "text" and char == "line break":
        char = "control character"  # text of several lines: the line breaks it refuses are the odd ones
    what = f"{characters.describe(value[at])} at character {at + 1}"
    if char == "line break":
        hint = "remove the line break at the end: a '|' or '>' block adds one, so write the value on the " \
               "same line as its field" if at == len(value) - 1 else "write it on one line"
        said = "must be one line" if text_field else f"{node.get('x-requirement', 'must match')}, on one line"
        return _Said(f"{said}, but has a line break ({what})", hint)
    if char == "bidirectional control":
        return _Said(f"must not contain bidirectional controls, which make text read differently than it is "
                     f"stored, but has {what}", "remove it; the site sets each language's direction itself")
    if char == "noncharacter":
        return _Said(f"must not contain noncharacters, which XML feeds cannot carry, but has {what}", "remove it")
    return _Said(f"must not contain control characters, but has {what}", "remove it")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _type_hint(expected: Any, value: Any, source: str | None) -> str:
    wanted = _as_list(expected)
    if "boolean" in wanted and isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return "write true or false"
    if "string" in wanted and source is not None and not isinstance(value, str):
        return f"put the value in quotes: {shown(source)}"
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
