"""From a form's answers to files under content/: new records, or edits of existing ones.

Every file of one form (a club and its first event, or one edited event) is written, then
checked together with the real loader; when a problem is found, every file is put back as
it was and the problems come back named by the form's labels. Nothing half-made stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from groundgame.content import schema
from groundgame.content.dates import canonical_when
from groundgame.content.files import MAX_ID, SLUG, slugify
from groundgame.content.network import load_network
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.model.recurrence import as_datetime
from groundgame.problems import Problem, UsageError
from groundgame.suggest import did_you_mean
from groundgame.tools.forms import edits, fields, values
from groundgame.tools.forms.fields import FORMS, Field
from groundgame.tools.forms.parse import parse_body
from groundgame.tools.forms.records import club_record, event_record

Errors = list[tuple[str, str]]
Words = Callable[[Problem], tuple[str, str]]


@dataclass(frozen=True)
class FormResult:
    """What became of a form: the files written or edited, or the problems to post (in the form's words).

    ``title`` is the pull request's title and commit subject, made from record ids only.
    """

    kind: str
    files: tuple[str, ...] = ()
    record_id: str = ""
    title: str = ""
    errors: tuple[tuple[str, str], ...] = ()  # (label, what to fix)
    asked_by: str = ""
    author_is_leader: bool = False
    edited: bool = False  # the form changed existing files (else it added new ones)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def path(self) -> str:
        return self.files[0] if self.files else ""


@dataclass
class _File:
    """One file a form writes: its new text, its old one (None: a new file), how to name problems."""

    kind: str
    path: Path
    display: str
    text: str
    words: Words
    original: str | None = None


@dataclass
class _Plan:
    files: list[_File] = field(default_factory=list)
    record_id: str = ""
    title: str = ""
    leaders: frozenset[str] = frozenset()


class _RefusedError(Exception):
    """The answers cannot become files; ``errors`` say why, in the form's words."""

    def __init__(self, errors: Errors):
        super().__init__(errors)
        self.errors = errors


# Pull request titles are made of fixed words and checked ids, dates and language tags only.
_SAFE_TITLE = re.compile(r"[A-Za-z][A-Za-z0-9 ./-]*")


def _labels(form: tuple[Field, ...]) -> dict[str, str]:
    return {f.id: f.label for f in form}


def is_github_user(name: str) -> bool:
    """Whether ``name`` is a GitHub user name, by the schema's own pattern, matched whole."""
    handle = schema.load_schemas()["common.schema.json"]["$defs"]["githubHandle"]
    return len(name) <= handle["maxLength"] and schema.whole_value(handle["pattern"]).search(name) is not None


def _is_slug(value: str) -> bool:
    return len(value) <= MAX_ID and SLUG.fullmatch(value) is not None


def _slug(given: str, fallback: str, label: str) -> str:
    slug = given or slugify(fallback)[:60].strip("-")
    if len(slug) > MAX_ID:
        raise _RefusedError([(label, f"must be at most {MAX_ID} characters (this one has {len(slug):,})")])
    if not SLUG.fullmatch(slug):
        if given:
            example = slugify(given)[:60].strip("-") or "my-event"
            raise _RefusedError([(label, f"must be lowercase letters and digits joined by single hyphens "
                                    f"(got {schema.shown(given)}); for example {example!r}")])
        raise _RefusedError([(label, "could not be made from the title; please give one, such as 'december-workshop'")])
    return slug


def _read(root: Path, path: Path, label: str) -> CommentedMap:
    """An existing record, read safely by ``yamlfile`` first, then for a round trip."""
    try:
        parse_bytes(path.read_bytes(), path.relative_to(root).as_posix())
    except LoadError as exc:
        raise _RefusedError([(label, f"names a file that cannot be read ({exc.problem.message}); "
                                "ask the maintainers to fix it")]) from None
    return edits.load(path.read_text("utf-8").removeprefix("\ufeff"))


def _club_file(root: Path, club: str, label: str) -> Path:
    clubs = root / "content" / "clubs"
    if not _is_slug(club):
        raise _RefusedError([(label, f"must be a club's id, such as paris-atelier-du-web (got {schema.shown(club)})")])
    path = clubs / f"{club}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in clubs.glob("*.yaml"))
        raise _RefusedError([(label, f"is not the id of a club of the network (got {schema.shown(club)}); "
                                + (did_you_mean(club, known) or "see the file names in content/clubs/"))])
    return path


def _event_file(root: Path, event_id: str, label: str) -> Path:
    club, _, slug = event_id.partition("/")
    if not (_is_slug(club) and _is_slug(slug)):
        raise _RefusedError([(label, "must be an event's id: its club's id, a slash and its short name, such as "
                                f"lisbon-web/encontros (got {schema.shown(event_id)})")])
    _club_file(root, club, label)
    path = root / "content" / "events" / club / f"{slug}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.yaml"))
        guess = did_you_mean(slug, known)
        raise _RefusedError([(label, f"is not the id of an event of {club} (got {schema.shown(event_id)})"
                                + (f"; {guess.replace(chr(39), chr(39) + club + '/', 1)}" if guess else ""))])
    return path


def _club_facts(root: Path, club: str) -> tuple[str, frozenset[str]]:
    """A club's main language and its leaders' GitHub names (in lower case)."""
    data = _read(root, root / "content" / "clubs" / f"{club}.yaml", "Club id")
    languages = data.get("languages") or ["en"]
    leaders = data.get("leaders") or []
    return str(languages[0]), frozenset(str(p.get("github", "")).lower() for p in leaders if isinstance(p, dict))


def _up(root: Path, path: Path) -> str:
    return "../" * (len(path.relative_to(root).parts) - 1)


def _new_file(root: Path, kind: str, record: dict[str, Any], record_id: str, words: Words, label: str) -> _File:
    path = root / "content" / f"{kind}s" / f"{record_id}.yaml"
    display = path.relative_to(root).as_posix()
    if path.exists():
        what = "an event with this short name already exists for the club" if kind == "event" else \
            "a club with this short name already exists"
        raise _RefusedError([(label, f"{what} ({display}); please choose another")])
    out = CommentedMap(record)
    return _File(kind, path, display, edits.dump(kind, out, _up(root, path)), words)


def _edited_file(root: Path, kind: str, path: Path, data: CommentedMap, words: Words) -> _File:
    original = path.read_text("utf-8")
    return _File(kind, path, path.relative_to(root).as_posix(), edits.dump(kind, data, _up(root, path)), words,
                 original)


def in_form_words(labels: dict[str, str], whole: dict[str, tuple[str, str]], fallback: str = "The form") -> Words:
    """Problems named by the form's label of their field (or of the nearest field holding it)."""
    def words(problem: Problem) -> tuple[str, str]:
        for prefix, said in whole.items():
            if problem.message.startswith(prefix):
                return said
        name = re.sub(r"\[\d+\]", "", problem.field)
        while name and name not in labels:
            name = name.rpartition(".")[0]
        return labels.get(name, fallback), problem.message + (f"; {problem.hint}" if problem.hint else "")
    return words


# ---- the event form, and the club form's first event

def _event_label(form_labels: dict[str, str], first: bool) -> Callable[[str], str]:
    return (lambda i: form_labels.get(f"event_{i}") or form_labels[i]) if first else (lambda i: form_labels[i])


def _event_words(label: Callable[[str], str], second: str) -> Words:
    by_field = {name: label(i) for name, i in _EVENT_FIELDS.items() if _has_label(label, i)}
    if second:
        by_field.update({f"title.{second}": label("second_title"), f"summary.{second}": label("second_summary")})
    return in_form_words(by_field, {"needs a venue or an online address": (
        label("venue"), f"is needed, or an {label('online')}: say where people meet, or how they join online")})


def _has_label(label: Callable[[str], str], i: str) -> bool:
    try:
        label(i)
    except KeyError:
        return False
    return True


_EVENT_FIELDS = {"title": "title", "summary": "summary", "description": "description", "start": "start",
                 "end": "end", "timezone": "timezone", "repeat": "repeat", "repeat.every": "repeat",
                 "repeat.interval": "interval", "repeat.on": "days", "repeat.until": "until", "repeat.count": "count",
                 "venue": "venue", "venue.name": "venue", "venue.address": "address", "venue.city": "city",
                 "venue.country": "country", "venue.accessibility": "access", "venue.accessibility.notes":
                 "access_notes", "online": "online", "online.url": "online", "registration": "registration",
                 "registration.url": "registration", "format": "format", "languages": "languages"}


def _event_plan(root: Path, a: dict[str, str], primary: str, club: str, first: bool) -> tuple[_File, str]:
    label = _event_label(_labels(FORMS["club" if first else "event"]), first)
    slug = _slug(a["slug"], a["title"], label("slug"))
    record, errors = event_record(a, label, primary)
    if errors:
        raise _RefusedError(errors)
    record_id = f"{club}/{slug}"
    words = _event_words(label, a.get("second_language", ""))
    return _new_file(root, "event", record, record_id, words, label("slug")), record_id


def _event(root: Path, a: dict[str, str]) -> _Plan:
    _club_file(root, a["club"], "Club id")
    primary, leaders = _club_facts(root, a["club"])
    primary = next(iter(values.words(a["languages"])), primary)
    file, record_id = _event_plan(root, a, primary, a["club"], first=False)
    return _Plan([file], record_id, f"Add event {record_id}", leaders)


def _club(root: Path, a: dict[str, str], author: str) -> _Plan:
    labels = _labels(fields.CLUB)
    slug = _slug(a["slug"], a["name"], labels["slug"])
    words = in_form_words(fields.CLUB_LABELS, {"needs a location": (
        "City", f"and Country code are needed, or tick '{fields.ONLINE_CLUB}'")})
    plan = _Plan([_new_file(root, "club", club_record(a, author), slug, words, labels["slug"])], slug,
                 f"Register club {slug}", frozenset({author.lower()}))
    first = {k.removeprefix("event_"): v for k, v in a.items() if k.startswith("event_")}
    if any(first.values()):
        if not first["title"]:
            raise _RefusedError([(labels["event_title"], "is needed for the club's first event; "
                                                    "or leave that part of the form empty")])
        if not first["start"]:
            raise _RefusedError([(labels["event_start"], "is needed for the club's first event")])
        if first["venue"]:
            first.update(city=a["city"], country=a["country"])
        primary = next(iter(values.words(a["languages"])), "en")
        file, event_id = _event_plan(root, first, primary, slug, first=True)
        plan.files.append(file)
        plan.title += f" with event {event_id}"
    return plan


# ---- the meeting form: one meeting of a series

def _day(value: str, label: str) -> date:
    fixed = canonical_when(value)
    if fixed is None or len(fixed) != 10:
        raise _RefusedError([(label, "must be a date written YYYY-MM-DD, such as 2027-01-28 "
                                     f"(got {schema.shown(value)})")])
    return date.fromisoformat(fixed)


def _meeting_words(day: date) -> Words:
    key = f"repeat.changes.{day.isoformat()}"
    return in_form_words({key + "." + k: v for k, v in fields.MEETING_LABELS.items()}
                         | {key: "Date of the meeting", "repeat.except": "Date of the meeting"},
                         {}, fallback="Event id")


def _primary(root: Path, data: CommentedMap, club: str) -> str:
    languages = data.get("languages")
    return str(languages[0]) if languages else _club_facts(root, club)[0]


def _moved(a: dict[str, str], start: Any, end: Any, labels: dict[str, str]) -> dict[str, Any]:
    """``start`` and ``end`` of a meeting or event that moves: a date alone keeps the usual time,
    and without a new end it lasts as long as before."""
    out: dict[str, Any] = {}
    was_start, was_end = values.moment(start), values.moment(end)
    new_start = values.moment(a["start"]) if a["start"] else None
    if a["start"] and new_start is None:
        raise _RefusedError([(labels["start"], "must be a date (2026-12-01) or a local date and time "
                                          f"(2026-12-01 19:00) (got {schema.shown(a['start'])})")])
    if new_start is not None and was_start is not None:
        new_start = values.at_time_of(new_start, was_start)
    if new_start is not None:
        out["start"] = values.written(new_start)
    if a["end"]:
        out["end"] = values.when(a["end"])
    elif new_start is not None and was_start is not None and was_end is not None:
        duration = as_datetime(was_end) - as_datetime(was_start)
        out["end"] = values.written(values.shift(new_start, duration))
    return out


def _meeting(root: Path, a: dict[str, str]) -> _Plan:
    path = _event_file(root, a["event"], "Event id")
    club = a["event"].partition("/")[0]
    day = _day(a["date"], "Date of the meeting")
    data = _read(root, path, "Event id")
    repeat = data.get("repeat")
    if not isinstance(repeat, CommentedMap):
        raise _RefusedError([("Event id", "is not a series of meetings; to change this event, use the change form")])
    changes = [k for k in ("start", "end", "venue", "address", "online_only", "online", "title") if a[k]]
    if a["cancel"] and changes:
        given = _labels(fields.MEETING)[changes[0]]
        raise _RefusedError([("Cancelled", f"cannot go with a {given}: a cancelled meeting does not take place; "
                                      "give only a Note")])
    if not a["cancel"] and not changes and not a["note"]:
        raise _RefusedError([("Cancelled", "or another answer is needed: say what changes for this meeting")])
    if a["address"] and not a["venue"]:
        raise _RefusedError([("Venue name", "is needed with a Street address")])
    primary = _primary(root, data, club)
    if a["cancel"]:
        _cancel(repeat, day, a["note"])
        title = f"Cancel the {day.isoformat()} meeting of {a['event']}"
    else:
        if any(str(d) == day.isoformat() for d in repeat.get("except") or []):
            raise _RefusedError([("Date of the meeting", f"is a cancelled meeting (listed in 'except' in "
                                                    f"{path.relative_to(root).as_posix()}); a cancelled meeting "
                                                    "cannot also be changed")])
        _change_meeting(repeat, day, a, data, primary)
        title = f"{'Move' if a['start'] else 'Change'} the {day.isoformat()} meeting of {a['event']}"
    return _Plan([_edited_file(root, "event", path, data, _meeting_words(day))], a["event"], title,
                 _club_facts(root, club)[1])


def _cancel(repeat: CommentedMap, day: date, note: str) -> None:
    """Without a note, the day joins ``except``; with one, it becomes a cancelled change."""
    changes = repeat.get("changes")
    if note:
        if isinstance(repeat.get("except"), CommentedSeq):
            edits.drop_date(repeat["except"], day)
            if not repeat["except"]:
                del repeat["except"]
        if not isinstance(changes, CommentedMap):
            changes = repeat["changes"] = CommentedMap()
        edits.set_in_order(changes, day, CommentedMap([("status", "cancelled"), ("note", values.text(note))]))
        return
    if isinstance(changes, CommentedMap) and (key := edits.key_of(changes, day)) is not None:
        del changes[key]
        if not changes:
            del repeat["changes"]
    if not isinstance(repeat.get("except"), CommentedSeq):
        repeat["except"] = values.flow([])
    edits.add_date(repeat["except"], day)


def _change_meeting(repeat: CommentedMap, day: date, a: dict[str, str], data: CommentedMap, primary: str) -> None:
    changes = repeat.get("changes")
    if not isinstance(changes, CommentedMap):
        changes = repeat["changes"] = CommentedMap()
    key = edits.key_of(changes, day)
    change = changes[key] if key is not None and isinstance(changes[key], CommentedMap) else CommentedMap()
    change.pop("status", None)
    change.update(_moved(a, values.at_time_of(day, values.moment(data.get("start")) or day), _meeting_end(data, day),
                         {"start": "New start"}))
    if a["venue"]:
        series = data.get("venue") if isinstance(data.get("venue"), dict) else {}
        change["venue"] = CommentedMap(
            (k, v) for k, v in (("name", a["venue"]), ("address", a["address"]), ("city", series.get("city")),
                                ("country", series.get("country"))) if v)
    if a["online_only"]:
        change["online_only"] = True
        change.pop("venue", None)
    if a["online"]:
        edits.set_url(change, "online", a["online"])
    if a["title"]:
        edits.set_text(change, "title", a["title"], primary)
    if a["note"]:
        edits.set_text(change, "note", a["note"], primary)
    edits.set_in_order(changes, day, change)


def _meeting_end(data: CommentedMap, day: date) -> Any:
    """The usual end of the meeting of ``day``: the series' end, moved to that day."""
    start, end = values.moment(data.get("start")), values.moment(data.get("end"))
    if start is None or end is None:
        return None
    return values.written(values.shift(values.at_time_of(day, start),
                                       as_datetime(end) - as_datetime(start)))


# ---- the change form: a whole event

_STATUS = {fields.CANCELLED: "cancelled", fields.POSTPONED: "postponed", fields.RESTORED: None}


def _change(root: Path, a: dict[str, str]) -> _Plan:
    path = _event_file(root, a["event"], "Event id")
    club = a["event"].partition("/")[0]
    data = _read(root, path, "Event id")
    given = [k for k in ("status", "start", "end", "title", "summary", "description", "venue", "address", "online",
                         "registration") if a[k]]
    if not given:
        raise _RefusedError([("What happens", "or another answer is needed: say what changes")])
    if a["address"] and not a["venue"] and not isinstance(data.get("venue"), CommentedMap):
        raise _RefusedError([("New venue name", "is needed with a New street address: the event has no venue yet")])
    primary = _primary(root, data, club)
    status = _STATUS.get(a["status"]) if a["status"] else data.get("status")
    if a["start"] and not a["status"] and status == "postponed":
        status = None  # a postponed event with a new date takes place again
    if status in (None, "scheduled"):
        data.pop("status", None)
    else:
        data["status"] = status
    data.update(_moved(a, data.get("start"), data.get("end"), {"start": "New start"}))
    for key in ("title", "summary", "description"):
        if a[key]:
            edits.set_text(data, key, a[key], primary)
    if a["venue"] or a["address"]:
        venue = data.get("venue")
        if not isinstance(venue, CommentedMap):
            venue = data["venue"] = CommentedMap()
        for key, value in (("name", a["venue"]), ("address", a["address"])):
            if value:
                venue[key] = value
    for key in ("online", "registration"):
        if a[key]:
            edits.set_url(data, key, a[key])
    verb = {"cancelled": "Cancel", "postponed": "Postpone"}.get(str(status), "Change") if a["status"] else "Change"
    return _Plan([_edited_file(root, "event", path, data, in_form_words(fields.CHANGE_LABELS, {}))], a["event"],
                 f"{verb} event {a['event']}", _club_facts(root, club)[1])


# ---- the translation form

def _translation(root: Path, a: dict[str, str]) -> _Plan:
    record_id, lang = a["record"], a["language"]
    kind = "event" if "/" in record_id else "club"
    path = _event_file(root, record_id, "Club or event id") if kind == "event" else \
        _club_file(root, record_id, "Club or event id")
    club = record_id.partition("/")[0]
    if not values.language_tag(lang):
        raise _RefusedError([("Language", "must be a language code such as 'pt', 'pt-BR' or 'en' "
                                     f"(got {schema.shown(lang)})")])
    data = _read(root, path, "Club or event id")
    primary = _primary(root, data, club)
    if lang == primary:
        raise _RefusedError([("Language", f"is the {kind}'s main language ({primary!r}); to correct its texts, "
                                     "use the change form")])
    texts = {"title" if kind == "event" else "name": a["name"], "summary": a["summary"],
             "description": a["description"]}
    if not any(texts.values()):
        raise _RefusedError([("Name or title", "or a Summary or Description is needed: the texts to translate")])
    had = False
    for key, new in texts.items():
        if not new:
            continue
        if key not in data:
            label = fields.TRANSLATION_LABELS[key]
            raise _RefusedError([(label, f"cannot be translated: the {kind} has no {key} yet")])
        had = edits.translate(data, key, lang, new, primary) or had
    words = in_form_words({f"{k}.{lang}": v for k, v in fields.TRANSLATION_LABELS.items()}
                          | fields.TRANSLATION_LABELS, {}, fallback="Language")
    title = f"{'Update' if had else 'Add'} {lang} translation of {kind} {record_id}"
    return _Plan([_edited_file(root, kind, path, data, words)], record_id, title, _club_facts(root, club)[1])


# ---- writing and checking

def _apply(root: Path, files: list[_File]) -> Errors:
    """Write ``files``, check them with the loader; on a problem, put everything back."""
    made: list[Path] = []
    for file in files:
        for folder in reversed(file.path.parents):
            if not folder.exists():
                made.append(folder)
        file.path.parent.mkdir(parents=True, exist_ok=True)
        file.path.write_text(file.text, encoding="utf-8")
    loaded = load_network(root, [f.path for f in files], jobs=1)
    by_display = {f.display: f for f in files}
    errors = [by_display[p.path].words(p) if p.path in by_display else ("The form", p.message)
              for p in loaded.problems if p.is_error]
    if errors:
        for file in files:
            if file.original is None:
                file.path.unlink()
            else:
                file.path.write_text(file.original, encoding="utf-8")
        for folder in reversed(made):
            folder.rmdir()
    return list(dict.fromkeys(errors))


_PLANS: dict[str, Callable[[Path, dict[str, str]], _Plan]] = {
    "event": _event, "meeting": _meeting, "change": _change, "translation": _translation}


def submit(root: Path, kind: str, body: str, *, author: str = "", out_dir: str = "content") -> FormResult:
    """Turn a form body into files under ``root/out_dir``, or the errors to post; never half a file."""
    root = root.resolve()
    if (root / out_dir).resolve() != root / "content":
        raise UsageError(f"--out-dir {out_dir}: records are read from {root / 'content'}; write them there")
    if (author or kind == "club") and not is_github_user(author):
        raise UsageError(f"--author {author!r}: give the GitHub user name of the person who opened the issue")
    answers, errors = parse_body(body, FORMS[kind])
    if errors:
        return FormResult(kind, errors=tuple(errors), asked_by=author)
    try:
        plan = _club(root, answers, author) if kind == "club" else _PLANS[kind](root, answers)
    except _RefusedError as refused:
        return FormResult(kind, errors=tuple(refused.errors), asked_by=author)
    errors = _apply(root, plan.files)
    if errors:
        return FormResult(kind, errors=tuple(errors), asked_by=author)
    if not _SAFE_TITLE.fullmatch(plan.title):
        raise AssertionError(f"a pull request title made from ids only: {plan.title!r}")
    return FormResult(kind, tuple(f.display for f in plan.files), plan.record_id, plan.title, asked_by=author,
                      author_is_leader=bool(author) and author.lower() in plan.leaders,
                      edited=any(f.original is not None for f in plan.files))

