"""``groundgame form``: turn a submitted GitHub issue form into the YAML file a person would write.

GitHub renders a submitted issue form as Markdown: one ``### Label`` heading per field,
the answer below it, ``_No response_`` for an empty one, ``- [X] text`` for a ticked box.
This module reads that body (which is data from anyone: it is never evaluated, only
split into answers), builds the record, writes it in canonical form (``fmt``) and checks
it with the same loader as ``groundgame validate``. When something is wrong, nothing is
left behind and the problems come back in plain words, named by the form's labels, for
the bot to post on the issue.

The fields below are the contract with ``.github/ISSUE_TEMPLATE/*.yml``; a test checks
that the templates ask exactly these questions.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from groundgame.content import dates, schema
from groundgame.content.files import MAX_ID, SLUG, slugify
from groundgame.content.network import load_network
from groundgame.problems import Problem, UsageError
from groundgame.suggest import did_you_mean
from groundgame.tools import fmt

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
_TICKED = re.compile(r"^\s*-\s*\[[xX]\]")


@dataclass(frozen=True)
class Field:
    """One question of an issue form: its id, its heading (label), and how it is asked."""

    id: str
    label: str
    type: str = "input"  # input, textarea, dropdown or checkboxes
    required: bool = False
    description: str = ""
    options: tuple[str, ...] = ()


_FORMATS = ("workshop", "hackfest", "meetup", "maker-party", "talk", "study-group", "conference", "hack-night",
            "mentoring", "showcase", "sprint", "festival", "other")

FORMS: dict[str, tuple[Field, ...]] = {
    "event": (
        Field("club", "Club id", required=True,
              description="Your club's id: its file name in content/clubs/ without .yaml, "
                          "such as paris-atelier-du-web."),
        Field("title", "Event title", required=True, description="The name of the event, as on a poster."),
        Field("slug", "Short name for the file",
              description="Optional: lowercase words joined by hyphens, such as december-workshop. "
                          "Left empty, it is made from the title."),
        Field("summary", "Summary", "textarea", description="One or two sentences: what happens, and for whom."),
        Field("description", "Description", "textarea",
              description="Optional: everything else people should know. You can use Markdown."),
        Field("start", "Start", required=True,
              description="Local date and time, such as 2026-12-01 19:00; a date alone (2026-12-01) for an all-day "
                          "event."),
        Field("end", "End", description="Optional, in the same form. Without it, an event lasts two hours."),
        Field("timezone", "Time zone",
              description="Optional: an IANA time zone such as Europe/Paris. Without it, the club's."),
        Field("venue", "Venue name", description="Where people meet, such as a library. Empty for an online event."),
        Field("address", "Street address", description="Optional."),
        Field("city", "City", description="Optional."),
        Field("country", "Country code", description="Optional: two letters, such as FR or BR."),
        Field("online", "Online address",
              description="The address of the call or stream, starting with https://. Empty for an in-person event."),
        Field("registration", "Sign-up address", description="Optional: where people register, starting with https://."),
        Field("format", "Format", "dropdown", description="Optional: what kind of event it is.", options=_FORMATS),
        Field("languages", "Languages",
              description="Optional: language codes, the main one first, such as 'fr en'. Without it, the club's."),
    ),
    "club": (
        Field("name", "Club name", required=True, description="The club's name."),
        Field("slug", "Short name for the file",
              description="Optional: lowercase words joined by hyphens, such as lisbon-makers. "
                          "Left empty, it is made from the name."),
        Field("summary", "Summary", "textarea", required=True, description="One sentence about the club."),
        Field("description", "Description", "textarea",
              description="Optional: what you do, where, and how to join. You can use Markdown."),
        Field("languages", "Languages", required=True,
              description="Language codes, the main one first, such as 'pt-BR en'."),
        Field("region", "Region", required=True,
              description="The id of your region: a file name in content/regions/ without .yaml, such as europe."),
        Field("city", "City", description="Where the club meets. Empty for an online-only club."),
        Field("country", "Country code", description="Two letters, such as PT or KE. Empty for an online-only club."),
        Field("online", "Online", "checkboxes", options=("The club meets online",)),
        Field("timezone", "Time zone", required=True, description="An IANA time zone such as Europe/Lisbon."),
        Field("leader", "Your name", required=True,
              description="You will be the club's first leader, with the GitHub account that opens this issue."),
        Field("website", "Website", description="Optional: the club's own site, starting with https://."),
    ),
}

# Where each field of a record came from on the form, to name problems by their label.
_LABEL_OF = {
    "event": {"title": "Event title", "summary": "Summary", "description": "Description", "start": "Start",
              "end": "End", "timezone": "Time zone", "venue.name": "Venue name", "venue.address": "Street address",
              "venue.city": "City", "venue.country": "Country code", "online.url": "Online address",
              "registration.url": "Sign-up address", "format": "Format", "languages": "Languages"},
    "club": {"name": "Club name", "summary": "Summary", "description": "Description", "languages": "Languages",
             "region": "Region", "location.city": "City", "location.country": "Country code",
             "location": "City", "timezone": "Time zone", "leaders": "Your name", "contact.website": "Website"},
}


@dataclass(frozen=True)
class FormResult:
    """What became of a form: the file written, or the problems to post (in the form's words)."""

    kind: str
    path: str = ""
    record_id: str = ""
    title: str = ""
    errors: tuple[tuple[str, str], ...] = ()  # (label, what to fix)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_body(body: str, fields: tuple[Field, ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The answers of a rendered issue form, by field id, and an error for each missing section.

    A heading counts only when it is one of the form's labels not seen yet, in order, so
    that a ``### ...`` line typed inside an answer stays part of that answer.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    labels = [f.label for f in fields]
    found: dict[str, list[str]] = {}
    current: str | None = None
    next_index = 0
    for line in lines:
        match = _HEADING.match(line)
        if match and match.group(1) in labels[next_index:]:
            next_index = labels.index(match.group(1), next_index) + 1
            current = match.group(1)
            found[current] = []
        elif current is not None:
            found[current].append(line)
    answers: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    for f in fields:
        if f.label not in found:
            if f.required:
                errors.append((f.label, "is missing from the issue; please open it with the form"))
            answers[f.id] = ""
            continue
        text = "\n".join(line.rstrip() for line in found[f.label]).strip()
        if f.type == "checkboxes":
            text = "yes" if any(_TICKED.match(line) for line in found[f.label]) else ""
        answers[f.id] = "" if text == NO_RESPONSE else text
        if f.required and not answers[f.id]:
            errors.append((f.label, "is required; please fill it in"))
    return answers, errors


def _text(value: str) -> str | LiteralScalarString:
    """One line as it is; several lines as a ``|`` block, as a person writes a paragraph."""
    return LiteralScalarString(value + "\n") if "\n" in value else value


def _when(value: str) -> Any:
    """A date as a date (written plain: ``2026-12-01``), a local time in canonical text, else as given."""
    fixed = dates.canonical_when(value)
    if fixed is None:
        return value
    return date.fromisoformat(fixed) if len(fixed) == 10 else fixed


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s,;]+", value) if w]


def _country(value: str) -> str:
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else value


def event_record(a: dict[str, str]) -> dict[str, Any]:
    """The event the answers describe, fields in the schema's order, empty answers left out."""
    record: dict[str, Any] = {"title": a["title"]}
    for key in ("summary", "description"):
        if a[key]:
            record[key] = _text(a[key])
    if a["format"]:
        record["format"] = a["format"]
    if a["languages"]:
        record["languages"] = _words(a["languages"])
    record["start"] = _when(a["start"])
    if a["end"]:
        record["end"] = _when(a["end"])
    if a["timezone"]:
        record["timezone"] = a["timezone"]
    venue = {k: v for k, v in (("name", a["venue"]), ("address", a["address"]), ("city", a["city"]),
                               ("country", _country(a["country"]))) if v}
    if venue:
        record["venue"] = venue
    if a["online"]:
        record["online"] = {"url": a["online"]}
    if a["registration"]:
        record["registration"] = {"url": a["registration"]}
    return record


def club_record(a: dict[str, str], author: str) -> dict[str, Any]:
    """The club the answers describe; the person who opened the issue is its first leader."""
    record: dict[str, Any] = {"name": a["name"], "summary": _text(a["summary"])}
    if a["description"]:
        record["description"] = _text(a["description"])
    record["languages"] = _words(a["languages"])
    record["region"] = a["region"]
    if a["city"] or a["country"]:
        record["location"] = {k: v for k, v in (("city", a["city"]), ("country", _country(a["country"]))) if v}
    if a["online"]:
        record["online"] = True
    record["timezone"] = a["timezone"]
    record["leaders"] = [{"name": a["leader"], "github": author}]
    if a["website"]:
        record["contact"] = {"website": a["website"]}
    record["status"] = "active"
    return record


def _dump(kind: str, record: dict[str, Any], up: str) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(record, out)
    return fmt.format_text(kind, out.getvalue(), up)


def is_github_user(name: str) -> bool:
    """Whether ``name`` is a GitHub user name, by the schema's own pattern, matched whole."""
    handle = schema.load_schemas()["common.schema.json"]["$defs"]["githubHandle"]
    return len(name) <= handle["maxLength"] and schema.whole_value(handle["pattern"]).search(name) is not None


def _slug(answers: dict[str, str], fallback: str) -> tuple[str, list[tuple[str, str]]]:
    given = answers.get("slug", "")
    slug = given or slugify(fallback)[:60].strip("-")
    label = "Short name for the file"
    if len(slug) > MAX_ID:
        return "", [(label, f"must be at most {MAX_ID} characters (this one has {len(slug):,})")]
    if not SLUG.fullmatch(slug):
        if given:
            example = slugify(given)[:60].strip("-") or "my-event"
            return "", [(label, f"must be lowercase letters and digits joined by single hyphens "
                                f"(got {schema.shown(given)}); for example {example!r}")]
        return "", [(label, "could not be made from the title; please give one, such as 'december-workshop'")]
    return slug, []


def submit(root: Path, kind: str, body: str, *, author: str = "", out_dir: str = "content") -> FormResult:
    """Turn a form body into a file under ``root/out_dir``, or the errors to post; never half a file."""
    answers, errors = parse_body(body, FORMS[kind])
    if errors:
        return FormResult(kind, errors=tuple(errors))
    if kind == "club":
        slug, errors = _slug(answers, answers["name"])
        record_id, title = slug, answers["name"]
        if not is_github_user(author):
            raise UsageError(f"--author {author!r}: give the GitHub user name of the person who opened the issue")
        record = club_record(answers, author)
    else:
        slug, errors = _slug(answers, answers["title"])
        club = answers["club"]
        if len(club) > MAX_ID or not SLUG.fullmatch(club):
            errors.append(("Club id", f"must be a club's id, such as paris-atelier-du-web (got {schema.shown(club)})"))
        elif not (root / "content" / "clubs" / f"{club}.yaml").is_file():
            known = sorted(p.stem for p in (root / "content" / "clubs").glob("*.yaml"))
            errors.append(("Club id", f"is not the id of a club of the network (got {schema.shown(club)}); "
                                      + (did_you_mean(club, known) or "see the file names in content/clubs/")))
        record_id, title = f"{club}/{slug}", answers["title"]
        record = event_record(answers)
    if errors:
        return FormResult(kind, errors=tuple(errors))
    content = (root / out_dir).resolve()
    if content != (root / "content").resolve():
        raise UsageError(f"--out-dir {out_dir}: records are read from {root / 'content'}; write them there")
    path = content / f"{kind}s" / f"{record_id}.yaml"
    display = path.relative_to(root.resolve()).as_posix()
    if path.exists():
        what = "an event with this short name already exists for the club" if kind == "event" else \
            "a club with this short name already exists"
        return FormResult(kind, errors=(("Short name for the file", f"{what} ({display}); please choose another"),))
    return _write_checked(root, kind, path, display, record, record_id, title)


def _write_checked(root: Path, kind: str, path: Path, display: str, record: dict[str, Any],
                   record_id: str, title: str) -> FormResult:
    up = "../" * (len(path.relative_to(root.resolve()).parts) - 1)
    text = _dump(kind, record, up)
    made = [p for p in (path.parent,) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    problems = [p for p in load_network(root.resolve(), [path]).problems if p.is_error]
    if not problems:
        return FormResult(kind, display, record_id, title)
    path.unlink()
    for folder in made:
        folder.rmdir()
    return FormResult(kind, errors=tuple(_in_form_words(kind, p) for p in problems))


def _in_form_words(kind: str, problem: Problem) -> tuple[str, str]:
    """A problem named by the form's label: ``('Start', 'must be a date ... (got ...)')``."""
    for prefix, said in _FORM_WORDS.get(kind, {}).items():
        if problem.message.startswith(prefix):
            return said
    field = re.sub(r"\[\d+\]", "", problem.field)
    labels = _LABEL_OF[kind]
    label = labels.get(field) or labels.get(field.split(".")[0]) or "The form"
    message = problem.message + (f"; {problem.hint}" if problem.hint else "")
    return label, message


# Whole-record rules, said in the form's terms instead of the file's.
_FORM_WORDS = {
    "event": {"needs a venue or an online address": (
        "Venue name", "is needed, or an Online address: say where people meet, or how they join online")},
    "club": {"needs a location": (
        "City", "and Country code are needed, or tick 'The club meets online'")},
}


def code_span(text: str) -> str:
    """``text`` as a Markdown code span: shown as written, with no markup, link, HTML or @-mention."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def comment(outcome: FormResult) -> str:
    """The bot's reply on the issue, in Markdown, with every organizer-given text escaped."""
    if outcome.ok:
        return (f"Thank you! This {outcome.kind} is now a file, `{outcome.path}`, in a pull request that the "
                "people who look after this club and region will review. You can follow it there; to change "
                "anything, edit this issue and the pull request is updated.\n")
    lines = [f"Thank you! The {outcome.kind} could not be turned into a file yet. Please edit this issue "
             "and fix the following; the check runs again when you save.", ""]
    lines += [f"- **{label}**: {code_span(message)}" for label, message in outcome.errors]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(FORMS), help="which form the issue used")
    parser.add_argument("--body-file", required=True, metavar="FILE",
                        help="the issue's body (the rendered form), or - for standard input")
    parser.add_argument("--author", default="", metavar="LOGIN",
                        help="the GitHub user who opened the issue (a new club's first leader)")
    parser.add_argument("--out-dir", default="content", metavar="DIR", help="the content folder (default: content)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the comment to post, in Markdown; json: the outcome for tools")


def command(root: Path, args: argparse.Namespace) -> int:
    if args.body_file == "-":
        body = sys.stdin.read()
    else:
        try:
            body = Path(args.body_file).read_text("utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"--body-file {args.body_file}: cannot be read ({exc.strerror})") from None
    outcome = submit(root, args.kind, body, author=args.author, out_dir=args.out_dir)
    if args.format == "json":
        print(json.dumps({"ok": outcome.ok, "kind": outcome.kind, "path": outcome.path, "id": outcome.record_id,
                          "title": outcome.title,
                          "errors": [{"field": label, "message": message} for label, message in outcome.errors]},
                         ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(comment(outcome))
    return 0 if outcome.ok else 1
