"""``groundgame new``: write a valid starter file from flags, or by asking on a terminal.

The file is written with PyYAML's safe dumper (which quotes anything YAML could
misread) under a ``yaml-language-server`` line, so that editors check it from then on.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from groundgame.content.files import SLUG
from groundgame.problems import UsageError


@dataclass(frozen=True)
class Ask:
    """One field: its flag, where it goes in the record, the question, and its default."""

    flag: str
    key: tuple[str, ...]
    question: str
    default: str = ""
    convert: Callable[[str], Any] = str


def _person(text: str) -> list[dict[str, str]]:
    name, sep, github = text.rpartition(":")
    if not sep or not name.strip() or not github.strip():
        raise UsageError(f"{text!r}: write a person as 'Name:github-handle'")
    return [{"name": name.strip(), "github": github.strip().lstrip("@")}]


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a number") from None


def _languages(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", " ").split() if t.strip()]


FIELDS: dict[str, tuple[Ask, ...]] = {
    "region": (
        Ask("name", ("name",), "Region name"),
        Ask("coordinator", ("coordinators",), "Coordinator (Name:github)", convert=_person),
        Ask("description", ("description",), "One paragraph about the region"),
    ),
    "club": (
        Ask("name", ("name",), "Club name"),
        Ask("summary", ("summary",), "One sentence about the club"),
        Ask("languages", ("languages",), "Languages, main one first (e.g. pt-BR en)", "en", _languages),
        Ask("region", ("region",), "Region id (a file name in content/regions/)"),
        Ask("city", ("location", "city"), "City"),
        Ask("country", ("location", "country"), "Country code (e.g. BR)"),
        Ask("lat", ("location", "lat"), "Latitude (optional)", convert=_number),
        Ask("lon", ("location", "lon"), "Longitude (optional)", convert=_number),
        Ask("timezone", ("timezone",), "Time zone (e.g. America/Sao_Paulo)"),
        Ask("leader", ("leaders",), "Leader (Name:github)", convert=_person),
    ),
    "event": (
        Ask("title", ("title",), "Event title"),
        Ask("summary", ("summary",), "One sentence about the event"),
        Ask("start", ("start",), "Start (2026-12-01T19:00, or a date for all day)"),
        Ask("end", ("end",), "End (optional)"),
        Ask("venue", ("venue", "name"), "Venue name (empty if online)"),
        Ask("city", ("venue", "city"), "Venue city (optional)"),
        Ask("online_url", ("online", "url"), "Online address (optional)"),
    ),
}
_OPTIONAL = {"description", "lat", "lon", "end", "venue", "city", "online_url"}
_SCHEMA_LINE = "# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(FIELDS), help="what to create")
    parser.add_argument("id", help="the new id: a slug for a region or club, <club-id>/<slug> for an event")
    parser.add_argument("--no-input", action="store_true", help="never ask; fail if a required flag is missing")
    seen: set[str] = set()
    for asks in FIELDS.values():
        for ask in asks:
            if ask.flag not in seen:
                seen.add(ask.flag)
                parser.add_argument(f"--{ask.flag.replace('_', '-')}", dest=ask.flag, metavar="TEXT")


def target(root: Path, kind: str, record_id: str) -> Path:
    parts = record_id.split("/")
    if len(parts) != (2 if kind == "event" else 1) or not all(SLUG.match(p) for p in parts):
        form = "<club-id>/<slug>" if kind == "event" else "a slug"
        raise UsageError(f"{record_id!r}: the id of a {kind} is {form}, in lowercase letters, digits and hyphens")
    return root / "content" / f"{kind}s" / f"{record_id}.yaml"


def record_from(kind: str, answers: dict[str, str]) -> dict[str, Any]:
    """The record the answers describe, fields in schema order, empty optional ones left out."""
    record: dict[str, Any] = {}
    for ask in FIELDS[kind]:
        text = (answers.get(ask.flag) or "").strip()
        if not text:
            continue
        node = record
        for part in ask.key[:-1]:
            node = node.setdefault(part, {})
        node[ask.key[-1]] = ask.convert(text)
    if kind == "club":
        record["status"] = "active"
    if kind == "event" and not record.get("venue") and not record.get("online"):
        raise UsageError("an event needs a venue (--venue) or an online address (--online-url)")
    return record


def create(root: Path, args: argparse.Namespace, *, interactive: bool,
           ask: Callable[[str], str] | None = None) -> Path:
    """Write the starter file for ``args`` and return its path; refuses to overwrite."""
    ask = ask or input
    path = target(root, args.kind, args.id)
    if path.exists():
        raise UsageError(f"{path.relative_to(root).as_posix()} exists already; edit it instead")
    answers = {a.flag: getattr(args, a.flag, None) or "" for a in FIELDS[args.kind]}
    for field in FIELDS[args.kind]:
        if answers[field.flag] or (field.flag in _OPTIONAL and not interactive):
            continue
        if not interactive:
            raise UsageError(f"--{field.flag.replace('_', '-')} is required for a new {args.kind}")
        reply = ask(f"{field.question}{f' [{field.default}]' if field.default else ''}: ").strip()
        answers[field.flag] = reply or field.default
    record = record_from(args.kind, answers)
    path.parent.mkdir(parents=True, exist_ok=True)
    up = "../" * (len(path.relative_to(root).parts) - 1)
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    path.write_text(_SCHEMA_LINE.format(up=up, kind=args.kind) + body, encoding="utf-8")
    return path
