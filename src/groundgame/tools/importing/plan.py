"""From drafts to event files: which file each draft becomes, its text, the check, the writing.

Each draft is found again by its key (an iCalendar UID, or a spreadsheet row's) in the club's
index of imported events, ``content/.imported/<club>.json`` (the event schema has no field for
another tool's id, and ``content/events/<club>/`` may hold only event files; folders of
``content/`` whose names start with a dot are read neither by ``validate`` nor by Pelican).
A known event updates its file in place: ruamel.yaml's round trip keeps what the organizer
wrote by hand (comments, topics, accessibility, translations), only the fields an import
carries are set, and ``fmt`` writes the canonical text. A new event gets a file named after
its title. Every text is then checked, together, in a copy of ``content/`` by the project's
own loader (``load_network``, as ``groundgame validate`` does) and by ``fmt``; only then is
anything written.
"""

from __future__ import annotations

import difflib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from groundgame.content.files import SourceFile, slugify
from groundgame.content.network import load_network
from groundgame.problems import Problem
from groundgame.tools import fmt
from groundgame.tools.importing.drafts import Draft, Notes

INDEX_FOLDER = ".imported"
UP = "../../../"  # from content/events/<club>/ to the site root
# The fields an import writes; on an update, one the import no longer gives is removed.
OWNED = ("title", "description", "start", "end", "timezone", "repeat", "venue", "online", "status")
_VENUE_OWNED = ("name", "address", "city", "country", "lat", "lon")
MAX_SLUG = 60


@dataclass
class Planned:
    draft: Draft
    slug: str
    path: Path
    display: str
    old: str | None  # the file's text now, None for a new file
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def index_path(root: Path, club: str) -> Path:
    return root / "content" / INDEX_FOLDER / f"{club}.json"


def read_index(root: Path, club: str, notes: Notes) -> dict[str, str]:
    path = index_path(root, club)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        events = data["events"]
        if isinstance(events, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in events.items()):
            return dict(events)
    except (ValueError, KeyError, TypeError):
        pass
    notes.error(0, "", f"{path.relative_to(root).as_posix()} cannot be read: delete it to import every event anew")
    return {}


def index_text(index: dict[str, str]) -> str:
    return json.dumps({"events": dict(sorted(index.items()))}, ensure_ascii=False, indent=2) + "\n"


def blocks(value: Any) -> Any:
    """``value`` with each text of several lines as a ``|`` block, as organizers write descriptions."""
    if isinstance(value, dict):
        return {k: blocks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [blocks(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def render_new(record: dict[str, Any]) -> str:
    """A new event file's text, exactly as ``groundgame fmt`` writes it."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(blocks(record), out)
    return fmt.format_text("event", out.getvalue(), UP)


def _set_text(node: CommentedMap, key: str, value: Any) -> None:
    """Set a text, keeping the other languages of a localized one (the import gives the main language)."""
    old = node.get(key)
    if isinstance(old, dict) and old and isinstance(value, str):
        first = next(iter(old))
        if old[first] != value:
            old[first] = value
    elif old != value:
        node[key] = value


def render_update(old_text: str, record: dict[str, Any]) -> str:
    """An existing file with the import's fields set in place, in canonical form."""
    yaml = fmt._yaml()
    data = yaml.load(old_text[1:] if old_text.startswith("\ufeff") else old_text)
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    record = blocks(record)
    for key in OWNED:
        if key not in record:
            data.pop(key, None)
        elif key in ("title", "description"):
            _set_text(data, key, record[key])
        elif key == "venue" and isinstance(data.get("venue"), dict):
            venue = data["venue"]
            for part in _VENUE_OWNED:
                if part in record["venue"]:
                    venue[part] = record["venue"][part]
                else:
                    venue.pop(part, None)
        elif data.get(key) != record[key]:
            data[key] = record[key]
    for key in ("languages", "registration"):
        if key in record and key == "registration" and isinstance(data.get(key), dict):
            data[key]["url"] = record[key]["url"]
        elif key in record:
            data[key] = record[key]
        elif key == "registration" and isinstance(data.get(key), dict):
            data[key].pop("url", None)
            if not data[key]:
                del data[key]
    out = io.StringIO()
    yaml.dump(data, out)
    return fmt.format_text("event", out.getvalue(), UP)


def _slug(draft: Draft, folder: Path, taken: set[str]) -> str:
    base = slugify(draft.record.get("title", "") if isinstance(draft.record.get("title"), str) else "")
    start = draft.record.get("start")
    day = start.isoformat() if isinstance(start, date) else str(start)[:10]
    base = base[:MAX_SLUG].strip("-")
    firsts = (base, f"{base}-{day}") if base else (f"event-{day}",)  # a title in a script slugify drops
    for candidate in (*firsts, *(f"{firsts[-1]}-{n}" for n in range(2, 1000))):
        if candidate not in taken and not (folder / f"{candidate}.yaml").exists():
            return str(candidate)
    raise AssertionError("unreachable: a thousand files of one title and day")


def plan(root: Path, club: str, drafts: list[Draft], index: dict[str, str], notes: Notes) -> list[Planned]:
    """The file of each draft and its new text (nothing is written)."""
    folder = root / "content" / "events" / club
    taken = set(index.values())
    planned: list[Planned] = []
    for draft in drafts:
        known = index.get(draft.key)
        if known is not None and not (folder / f"{known}.yaml").is_file():
            notes.add(draft.line, draft.label, f"was imported before as content/events/{club}/{known}.yaml, which "
                                               "is gone: not imported again",
                      hint=f"to import it anew, remove its entry from content/{INDEX_FOLDER}/{club}.json")
            continue
        slug = known if known is not None else _slug(draft, folder, taken)
        taken.add(slug)
        path = folder / f"{slug}.yaml"
        old = path.read_text("utf-8") if known is not None else None
        try:
            new = render_update(old, draft.record) if old is not None else render_new(draft.record)
        except Exception as exc:
            notes.error(draft.line, draft.label, f"content/events/{club}/{slug}.yaml cannot be updated ({exc})")
            continue
        planned.append(Planned(draft, slug, path, f"content/events/{club}/{slug}.yaml", old, new))
    return planned


def check(root: Path, planned: list[Planned], notes: Notes) -> list[Planned]:
    """The planned files that ``validate`` and ``fmt --check`` accept, checked in a copy of ``content/``;
    each refused one is an error of its event, with the loader's message."""
    changed = [p for p in planned if p.changed]
    if not changed:
        return planned
    with tempfile.TemporaryDirectory(prefix="groundgame-import-") as scratch:
        copy = Path(scratch)
        shutil.copytree(root / "content", copy / "content", symlinks=True)
        paths = []
        for item in changed:
            target = copy / item.display
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.new, encoding="utf-8")
            paths.append(target)
        loaded = load_network(copy, paths, records=False)
        by_file: dict[str, list[Problem]] = {}
        for problem in loaded.problems:
            by_file.setdefault(problem.path, []).append(problem)
        refused: set[str] = set()
        for item in changed:
            for problem in by_file.get(item.display, []):
                notes.add(item.draft.line, item.draft.label, f"would not be valid: {problem.text()}",
                          error=problem.is_error)
                refused.update([item.display] if problem.is_error else [])
            source = SourceFile("event", f"{item.path.parent.name}/{item.slug}", copy / item.display, item.display)
            if fmt.format_file(source, copy).changed:
                notes.error(item.draft.line, item.draft.label, f"{item.display} would not be in canonical form")
                refused.add(item.display)
        stray = [p for p in loaded.problems if p.is_error and p.path not in {i.display for i in changed}]
        for problem in stray[:10]:
            notes.add(0, "", f"the content has another problem: {problem.text()}")
    return [p for p in planned if p.display not in refused]


def diff(item: Planned) -> str:
    return "".join(difflib.unified_diff((item.old or "").splitlines(keepends=True), item.new.splitlines(keepends=True),
                                        fromfile="/dev/null" if item.old is None else item.display,
                                        tofile=item.display))


def write(root: Path, club: str, planned: list[Planned], index: dict[str, str]) -> None:
    """Write the changed files, then the index (called only once everything is checked)."""
    for item in planned:
        if item.changed:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            with item.path.open("w" if item.old is not None else "x", encoding="utf-8") as handle:
                handle.write(item.new)
        index[item.draft.key] = item.slug
    path = index_path(root, club)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = index_text(index)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, encoding="utf-8")
