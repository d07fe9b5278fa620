"""What the forms share: the files a form writes, the checks of ids, reading a record, naming problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from groundgame.content import schema
from groundgame.content.files import MAX_ID, SLUG, slugify
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.problems import Problem
from groundgame.suggest import close_matches, did_you_mean
from groundgame.tools.forms import edits
from groundgame.tools.forms.fields import Field

Errors = list[tuple[str, str]]
Words = Callable[[Problem], tuple[str, str]]


@dataclass
class FilePlan:
    """One file a form writes: its new text, its old one (None: a new file), how to name problems."""

    kind: str
    path: Path
    display: str
    text: str
    words: Words
    original: str | None = None


@dataclass
class Plan:
    files: list[FilePlan] = field(default_factory=list)
    record_id: str = ""
    title: str = ""
    leaders: frozenset[str] = frozenset()


class RefusedError(Exception):
    """The answers cannot become files; ``errors`` say why, in the form's words."""

    def __init__(self, errors: Errors):
        super().__init__(errors)
        self.errors = errors


# Pull request titles are made of fixed words and checked ids, dates and language tags only.
SAFE_TITLE = re.compile(r"[A-Za-z][A-Za-z0-9 ./-]*")


def labels_of(form: tuple[Field, ...]) -> dict[str, str]:
    return {f.id: f.label for f in form}


def is_github_user(name: str) -> bool:
    """Whether ``name`` is a GitHub user name, by the schema's own pattern, matched whole."""
    handle = schema.load_schemas()["common.schema.json"]["$defs"]["githubHandle"]
    return len(name) <= handle["maxLength"] and schema.whole_value(handle["pattern"]).search(name) is not None


def is_slug(value: str) -> bool:
    return len(value) <= MAX_ID and SLUG.fullmatch(value) is not None


def slug_of(given: str, fallback: str, label: str) -> str:
    slug = given or slugify(fallback)[:60].strip("-")
    if len(slug) > MAX_ID:
        raise RefusedError([(label, f"must be at most {MAX_ID} characters (this one has {len(slug):,})")])
    if not SLUG.fullmatch(slug):
        if given:
            example = slugify(given)[:60].strip("-") or "my-event"
            raise RefusedError([(label, f"must be lowercase letters and digits joined by single hyphens "
                                    f"(got {schema.shown(given)}); for example {example!r}")])
        raise RefusedError([(label, "could not be made from the title; please give one, such as 'december-workshop'")])
    return slug


def read_record(root: Path, path: Path, label: str) -> CommentedMap:
    """An existing record, read safely by ``yamlfile`` first, then for a round trip."""
    try:
        parse_bytes(path.read_bytes(), path.relative_to(root).as_posix())
    except LoadError as exc:
        raise RefusedError([(label, f"names a file that cannot be read ({exc.problem.message}); "
                                "ask the maintainers to fix it")]) from None
    return edits.load(path.read_text("utf-8").removeprefix("\ufeff"))


def club_file(root: Path, club: str, label: str) -> Path:
    clubs = root / "content" / "clubs"
    if not is_slug(club):
        raise RefusedError([(label, f"must be a club's id, such as paris-atelier-du-web (got {schema.shown(club)})")])
    path = clubs / f"{club}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in clubs.glob("*.yaml"))
        raise RefusedError([(label, f"is not the id of a club of the network (got {schema.shown(club)}); "
                                + (did_you_mean(club, known) or "see the file names in content/clubs/"))])
    return path


def event_file(root: Path, event_id: str, label: str) -> Path:
    club, _, slug = event_id.partition("/")
    if not (is_slug(club) and is_slug(slug)):
        raise RefusedError([(label, "must be an event's id: its club's id, a slash and its short name, such as "
                                f"lisbon-web/encontros (got {schema.shown(event_id)})")])
    club_file(root, club, label)
    path = root / "content" / "events" / club / f"{slug}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.yaml"))
        found = close_matches(slug, known)
        guess = "did you mean " + " or ".join(repr(f"{club}/{g}") for g in found) + "?" if found else ""
        raise RefusedError([(label, f"is not the id of an event of {club} (got {schema.shown(event_id)})"
                                + (f"; {guess}" if guess else ""))])
    return path


def club_facts(root: Path, club: str) -> tuple[str, frozenset[str]]:
    """A club's main language and its leaders' GitHub names (in lower case)."""
    data = read_record(root, root / "content" / "clubs" / f"{club}.yaml", "Club id")
    languages = data.get("languages") or ["en"]
    leaders = data.get("leaders") or []
    return str(languages[0]), frozenset(str(p.get("github", "")).lower() for p in leaders if isinstance(p, dict))


def _up(root: Path, path: Path) -> str:
    return "../" * (len(path.relative_to(root).parts) - 1)


def new_file(root: Path, kind: str, record: dict[str, Any], record_id: str, words: Words, label: str) -> FilePlan:
    path = root / "content" / f"{kind}s" / f"{record_id}.yaml"
    display = path.relative_to(root).as_posix()
    if path.exists():
        what = "an event with this short name already exists for the club" if kind == "event" else \
            "a club with this short name already exists"
        raise RefusedError([(label, f"{what} ({display}); please choose another")])
    out = CommentedMap(record)
    return FilePlan(kind, path, display, edits.dump(kind, out, _up(root, path)), words)


def edited_file(root: Path, kind: str, path: Path, data: CommentedMap, words: Words) -> FilePlan:
    original = path.read_text("utf-8")
    return FilePlan(kind, path, path.relative_to(root).as_posix(), edits.dump(kind, data, _up(root, path)), words,
                 original)


# The fields whose items are the addresses of one answer, one a line: a problem says which.
LISTS = ("social", "contact.social")


def in_form_words(labels: dict[str, str], whole: dict[str, tuple[str, str]], fallback: str = "The form") -> Words:
    """Problems named by the form's label of their field (or of the nearest field holding it)."""
    def words(problem: Problem) -> tuple[str, str]:
        for prefix, said in whole.items():
            if problem.message.startswith(prefix):
                return said
        name = re.sub(r"\[\d+\]", "", problem.field)
        item = re.fullmatch(r"(.*)\[(\d+)\]", problem.field)
        which = f"address {int(item.group(2)) + 1} " if item and item.group(1) in LISTS else ""
        while name and name not in labels:
            name = name.rpartition(".")[0]
        return labels.get(name, fallback), which + problem.message + (f"; {problem.hint}" if problem.hint else "")
    return words


def primary_language(root: Path, data: CommentedMap, club: str) -> str:
    languages = data.get("languages")
    return str(languages[0]) if languages else club_facts(root, club)[0]
