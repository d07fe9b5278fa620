"""``groundgame new``: write a valid starter file from flags, or by asking on a terminal.

Each kind (region, club, event) has its own flags and refuses the others'. Every value
is read, put into the record, and the record is judged by the project's own checks
(schema, then reading and the rules, against the rest of the tree) before anything is
written; on a terminal, a refused answer is said and only that question asked again.
The text is the canonical form ``groundgame fmt`` writes (``fmt.format_text``), so that
``fmt --check`` passes on it. The file is then written (never over another) and checked
by ``load_network`` as ``groundgame validate`` would; if that fails it is removed again.
"""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from groundgame.content import rules
from groundgame.content.files import SLUG
from groundgame.content.network import TextChecker, load_network
from groundgame.content.reading import parse_when
from groundgame.model import timezones
from groundgame.problems import Problem, UsageError
from groundgame.suggest import close_matches, did_you_mean
from groundgame.tools import fmt

KINDS = ("region", "club", "event")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PLACES = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th", "1st": "1st", "2nd": "2nd", "3rd": "3rd",
           "4th": "4th", "5th": "5th", "last": "last", "-1": "last", "2nd-last": "2nd-last", "-2": "2nd-last"}


class RefusedError(ValueError):
    """A value that cannot be what its flag asks for; the message says what it must be."""


def _text(text: str) -> str:
    return text.strip()


def _person(text: str) -> dict[str, str]:
    name, sep, github = text.rpartition(":")
    if not sep or not name.strip() or not github.strip():
        raise RefusedError(f"must be written 'Name:github-user' (got {text!r})")
    return {"name": name.strip(), "github": github.strip().lstrip("@")}


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise RefusedError(f"must be a number in degrees, such as 45.76 (got {text!r})") from None


def _whole(text: str) -> int:
    if not re.fullmatch(r"\s*[0-9]+\s*", text):
        raise RefusedError(f"must be a whole number, such as 10 (got {text!r})")
    return int(text)


def _languages(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").split() if t]


def _country(text: str) -> str:
    return text.strip().upper()


def _when(text: str) -> date | str:
    """A date (an all-day event) or a local time, written as ``fmt`` writes them."""
    parsed = parse_when(text.strip().replace(" ", "T", 1))
    if parsed is None:
        raise RefusedError(f"must be a date YYYY-MM-DD or a local time YYYY-MM-DD HH:MM, 24-hour (got {text!r})")
    return parsed.isoformat(timespec="minutes") if isinstance(parsed, datetime) else parsed


def _day(text: str) -> date:
    parsed = parse_when(text.strip())
    if not isinstance(parsed, date) or isinstance(parsed, datetime):
        raise RefusedError(f"must be a date written YYYY-MM-DD, such as 2027-03-30 (got {text!r})")
    return parsed


def _timezone(text: str) -> str:
    name = text.strip().replace(" ", "_")
    if name in timezones.zone_names():
        return name
    by_city = sorted(z for z in timezones.zone_names() if z.rsplit("/", 1)[-1].lower() == name.lower() and "/" in z)
    guesses = by_city or close_matches(name, timezones.zone_names())
    hint = f"; did you mean {guesses[0]!r}?" if guesses else "; write it Area/City, such as 'Europe/Lisbon'"
    raise RefusedError(f"must be an IANA time zone (got {text!r}){hint}")


def _every(text: str) -> str:
    word = text.strip().lower()
    if word not in ("day", "week", "month", "year"):
        guess = did_you_mean(word, _EVERY)
        raise RefusedError(f"must be day, week, month or year (got {text!r})" + (f"; {guess}" if guess else ""))
    return word


_EVERY = ("day", "week", "month", "year")


def _weekday(word: str) -> str:
    place, _, day = word.rpartition(" ")
    full = [w for w in _WEEKDAYS if len(day) >= 2 and w.startswith(day)]
    if len(full) != 1:
        raise RefusedError(f"must name weekdays, such as 'thursday' or '2nd thursday' (got {word!r}); "
                      f"{did_you_mean(day, _WEEKDAYS)}".rstrip("; "))
    if place and place not in _PLACES:
        raise RefusedError(f"a weekday's place in the month is 1st to 5th, last or 2nd-last (got {place!r})")
    return f"{_PLACES[place]} {full[0]}" if place else full[0]


def _weekdays(text: str) -> list[str]:
    return [_weekday(" ".join(w.lower().split())) for w in text.split(",") if w.strip()]


def _place(text: str) -> str:
    word = text.strip().lower()
    if word not in _PLACES:
        raise RefusedError(f"must be 1, 2, 3, 4, 5, last or 2nd-last (got {text!r})")
    return _PLACES[word]


@dataclass(frozen=True)
class Field:
    """One flag: where its value goes in the record, its help, and its question on a terminal."""

    flag: str
    key: tuple[str, ...]
    help: str
    question: str = ""  # "": not asked, given by its flag only
    convert: Callable[[str], Any] = _text
    required: bool = False
    metavar: str = "TEXT"
    many: bool = False  # may be given several times (people)
    series: bool = False  # asked only for a series
    default: str = ""
    switch: bool = False  # a flag without a value, that sets true


    @property
    def dest(self) -> str:
        return self.flag.replace("-", "_")


_TZ = Field("timezone", ("timezone",), "IANA time zone, Area/City, e.g. Europe/Lisbon",
            "Time zone (e.g. Europe/Lisbon)", _timezone, metavar="ZONE")
# Online, the address sent later, and what the online event offers for access (no value each).
_ONLINE = (
    Field("online-later", ("online",), "the event is online and its address is sent to registered people later "
          "(instead of --online-url), e.g. --online-later", switch=True),
    Field("captions", ("online", "accessibility", "captions"), "the online event's talks are captioned (live "
          "captions or subtitles), e.g. --online-later --captions", switch=True),
    Field("sign-language", ("online", "accessibility", "sign_language"), "the online event has sign language "
          "interpretation, e.g. --online-url https://meet.example/web --sign-language", switch=True),
    Field("captions-or-sign-language", ("online", "accessibility", "captions_or_sign_language"), "the online "
          "event has captions or sign language, the listing does not say which, e.g. --captions-or-sign-language",
          switch=True),
    Field("transcripts", ("online", "accessibility", "transcripts"), "written transcripts of the online event's "
          "talks are provided, e.g. --transcripts", switch=True),
)
_ONLINE_ACCESS = tuple(f.flag for f in _ONLINE[1:])
FIELDS: dict[str, tuple[Field, ...]] = {
    "region": (
        Field("name", ("name",), "the region's name, e.g. 'Oceania'", "Region name", required=True),
        Field("coordinator", ("coordinators",), "a coordinator, 'Name:github-user', e.g. 'Kai Tane:kai-t'; "
              "repeat the flag for more", "Coordinator (Name:github-user)", _person, True, "NAME:GITHUB", True),
        Field("description", ("description",), "one paragraph about the region (Markdown)",
              "One paragraph about the region (optional)"),
    ),
    "club": (
        Field("name", ("name",), "the club's name, e.g. 'Lyon Makers'", "Club name", required=True),
        Field("summary", ("summary",), "one sentence that tells a visitor whether the club is for them",
              "One sentence about the club", required=True),
        Field("description", ("description",), "the club in full: what you do, where and when you meet (Markdown)"),
        Field("languages", ("languages",), "language tags, the main one first, separated by spaces or commas, "
              "e.g. 'fr en' or pt-BR", "Languages, main one first (e.g. pt-BR en)", _languages, True, "TAGS",
              default="en"),
        Field("region", ("region",), "the region's id, a file name in content/regions/ without .yaml, e.g. europe",
              "Region id (a file name in content/regions/)", required=True, metavar="REGION-ID"),
        Field("city", ("location", "city"), "the city or town, e.g. Lyon", "City (empty for an online-only club)"),
        Field("country", ("location", "country"), "two-letter ISO country code, e.g. FR",
              "Country code (e.g. FR)", _country, metavar="CC"),
        Field("lat", ("location", "lat"), "latitude of the usual meeting place, degrees north, e.g. 45.76",
              convert=_number, metavar="DEGREES"),
        Field("lon", ("location", "lon"), "longitude of the usual meeting place, degrees east, e.g. 4.83",
              convert=_number, metavar="DEGREES"),
        Field("online", ("online",), "the club meets online (only, or as well as in person); no value",
              switch=True),
        Field("timezone", _TZ.key, _TZ.help, _TZ.question, _timezone, True, "ZONE"),
        Field("leader", ("leaders",), "a leader, 'Name:github-user', e.g. 'Léa Martin:lea-m'; repeat the flag "
              "for more", "Leader (Name:github-user)", _person, True, "NAME:GITHUB", True),
        Field("code-of-conduct", ("code_of_conduct",), "the address of the code of conduct the club's meetings "
              "follow, e.g. https://lyon-makers.example.org/conduct", metavar="URL"),
        Field("social", ("contact", "social"), "a profile of the club on a social network, an https:// address, "
              "e.g. https://mastodon.social/@lyonmakers; repeat the flag for more (at most 10)", metavar="URL",
              many=True),
    ),
    "event": (
        Field("title", ("title",), "the event's name, e.g. 'HTML evening'", "Event title", required=True),
        Field("summary", ("summary",), "one sentence that tells a visitor whether to come",
              "One sentence about the event", required=True),
        Field("description", ("description",), "the event in full (Markdown)"),
        Field("languages", ("languages",), "language tags spoken, main one first, e.g. 'fr en' "
              "(default: the club's)", convert=_languages, metavar="TAGS"),
        Field("start", ("start",), "local start, YYYY-MM-DD HH:MM, 24-hour, e.g. '2026-12-01 19:00'; a date "
              "alone (2026-12-01) for an all-day event; for a series, its first meeting",
              "Start (YYYY-MM-DD HH:MM, 24-hour; a date alone for all day)", _when, True, "WHEN"),
        Field("end", ("end",), "local end, YYYY-MM-DD HH:MM, e.g. '2026-12-01 21:00', or the last day of an "
              "all-day event (default: two hours after the start)", "End (optional, YYYY-MM-DD HH:MM)", _when,
              metavar="WHEN"),
        Field("timezone", _TZ.key, _TZ.help + " (default: the club's)", "Time zone (empty: the club's)",
              _timezone, metavar="ZONE"),
        Field("venue", ("venue", "name"), "the venue's name, e.g. 'Médiathèque José Cabanis'",
              "Venue name (empty if online)"),
        Field("address", ("venue", "address"), "the venue's street address, e.g. '1 allée Chaban-Delmas'"),
        Field("city", ("venue", "city"), "the venue's city, e.g. Toulouse", "Venue city (optional)"),
        Field("country", ("venue", "country"), "the venue's two-letter ISO country code, e.g. FR",
              convert=_country, metavar="CC"),
        Field("lat", ("venue", "lat"), "the venue's latitude, degrees north, e.g. 43.61", convert=_number,
              metavar="DEGREES"),
        Field("lon", ("venue", "lon"), "the venue's longitude, degrees east, e.g. 1.45", convert=_number,
              metavar="DEGREES"),
        Field("online-url", ("online", "url"), "where to join online, https://..., e.g. https://meet.example/web",
              "Online address (optional, https://...)", metavar="URL"),
        *_ONLINE,
        Field("website", ("website",), "the event's own website, https://..., e.g. https://conf.example.org",
              metavar="URL"),
        Field("code-of-conduct", ("code_of_conduct",), "the address of the event's code of conduct, e.g. "
              "https://conf.example.org/conduct (default: the club's is shown)", metavar="URL"),
        Field("cfp", ("call_for_proposals", "url"), "where to propose a talk or workshop, https://... or mailto:..., "
              "e.g. https://conf.example.org/cfp", metavar="URL"),
        Field("cfp-closes", ("call_for_proposals", "closes"), "with --cfp: the last day proposals are taken, "
              "YYYY-MM-DD (or a local time YYYY-MM-DD HH:MM), not after the start, e.g. 2026-11-15 (default: open "
              "until the event starts)", convert=_when, metavar="DATE"),
        Field("social", ("social",), "a profile of the event on a social network, an https:// address, e.g. "
              "https://mastodon.social/@webconf; repeat the flag for more (at most 10)", metavar="URL", many=True),
        Field("every", ("repeat", "every"), "make the event a series: day, week, month or year",
              "Repeat every day, week, month or year (empty: a single meeting)", _every, metavar="UNIT"),
        Field("interval", ("repeat", "interval"), "every how many days, weeks, months or years, e.g. 2 for "
              "every other week (default 1)", "Every how many (default 1)", _whole, metavar="N", series=True),
        Field("on", ("repeat", "on"), "weekdays, separated by commas, e.g. thursday,friday; for --every month "
              "with their place, e.g. '2nd thursday' or 'last friday' (default: the start's weekday)",
              "On which weekdays (e.g. thursday, or '2nd thursday' monthly; empty: the start's)", _weekdays,
              metavar="DAYS", series=True),
        Field("nth", ("repeat", "on"), "with --every month: the place in the month of the --on weekdays (or "
              "of the start's weekday): 1 to 5, last or 2nd-last, e.g. 2 for the 2nd thursday", convert=_place,
              metavar="N", series=True),
        Field("until", ("repeat", "until"), "the series' last day, YYYY-MM-DD, e.g. 2027-03-30 (or --count)",
              "Last day of the series (YYYY-MM-DD; empty to give a number of meetings)", _day, metavar="DATE",
              series=True),
        Field("count", ("repeat", "count"), "how many meetings the series has, e.g. 10 (or --until)",
              "Number of meetings", _whole, metavar="N", series=True),
    ),
}

# Why a flag of another kind is not one of this kind, said when it is given.
_ELSEWHERE = {
    ("event", "region"): "an event is in its club's region (the club's file says which)",
    ("event", "leader"): "an event is run by its club's leaders (the club's file lists them)",
    ("event", "coordinator"): "coordinators belong to a region: 'groundgame new region'",
    ("event", "name"): "an event's name is its --title",
    ("event", "online"): "give the event's address with --online-url, or --online-later when it is sent to "
                         "registered people",
    ("club", "title"): "a club's name is its --name",
    ("club", "venue"): "a club's meetings are events: 'groundgame new event <club-id>/<slug> --venue ...'",
    ("club", "coordinator"): "a club has leaders: --leader; coordinators belong to a region",
    ("region", "leader"): "a region has coordinators: --coordinator",
    ("region", "timezone"): "a region has no time zone; each club gives its own ('groundgame new club --timezone')",
}


class KindParser(argparse.ArgumentParser):
    """The parser of one kind: a flag it does not take is refused, naming what to do instead."""

    kind = ""

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        parsed, extra = super().parse_known_args(*args, **kwargs)
        for word in extra:
            if word.startswith("-"):
                self.error(_not_a_flag(self.kind, word.split("=", 1)[0]))
        return parsed, extra


def _not_a_flag(kind: str, word: str) -> str:
    flag = word.lstrip("-")
    owners = [k for k in KINDS if k != kind and any(f.flag == flag for f in FIELDS[k])]
    see = f"see 'groundgame new {kind} --help'"
    if not owners:
        guesses = close_matches(flag, [f.flag for f in FIELDS[kind]] + ["no-input"])
        guess = f"did you mean --{guesses[0]}? " if guesses else ""
        return f"{word} is not an option of 'new {kind}'; {guess}{see}"
    reason = _ELSEWHERE.get((kind, flag), "it is an option of " + " and ".join(f"'groundgame new {k}'" for k in owners))
    return f"{word} is not an option of 'new {kind}': {reason}; {see}"


_EXAMPLES = {
    "region": "example:\n  groundgame new region oceania --name Oceania --coordinator 'Kai Tane:kai-t'",
    "club": "example:\n  groundgame new club lyon-makers --name 'Lyon Makers' --summary 'We make things.' \\\n"
            "    --languages 'fr en' --region europe --city Lyon --country FR --timezone Europe/Paris \\\n"
            "    --leader 'Léa Martin:lea-m' --code-of-conduct https://lyon-makers.example.org/conduct \\\n"
            "    --social https://mastodon.social/@lyonmakers",
    "event": "example, every other Thursday, 10 meetings:\n  groundgame new event paris-web/html-evenings "
             "--title 'HTML evenings' \\\n    --summary 'Learn HTML together.' --start '2026-12-03 19:00' "
             "--end '2026-12-03 21:00' \\\n    --venue Médiathèque --every week --interval 2 --on thursday --count 10"
             "\n\n"
             "example, online, the address sent to registered people, with captions and a call for proposals:\n"
             "  groundgame new event paris-web/web-conf --title 'Web conf' --summary 'A day of talks.' \\\n"
             "    --start 2027-03-06 --online-later --captions --transcripts --website https://conf.example.org \\\n"
             "    --cfp https://conf.example.org/cfp --cfp-closes 2027-01-15 --social https://mastodon.social/@webconf\n"
             "  (without --venue or an online flag, the event is held at its club's usual place)",
}
_IDS = {"region": "the new region's id, a slug such as oceania (its file name)",
        "club": "the new club's id, a slug such as lyon-makers (its file name)",
        "event": "<club-id>/<slug>, such as paris-web/html-evening: the host club and the file name"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``new KIND ID [flags]``: one sub-parser per kind, each with its own flags only."""
    parser.description = ("Write a valid starter file. On a terminal, asks for what the flags do not "
                          "give; see 'groundgame new KIND --help' for each kind's flags.")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND", parser_class=KindParser)
    for kind in KINDS:
        sub = kinds.add_parser(kind, help=f"a new {kind}", description=f"Write content/{kind}s/<id>.yaml, checked "
                               "as 'groundgame validate' checks it, in the form 'groundgame fmt' writes.",
                               epilog=_EXAMPLES[kind], formatter_class=argparse.RawDescriptionHelpFormatter,
                               allow_abbrev=False)
        assert isinstance(sub, KindParser)
        sub.kind = kind
        sub.add_argument("id", help=_IDS[kind])
        sub.add_argument("--no-input", action="store_true", help="never ask; fail if a required flag is missing")
        group: Any = sub
        ends = None
        online = sub.add_mutually_exclusive_group() if kind == "event" else None  # an address, or one sent later
        for f in FIELDS[kind]:
            if f.flag == "every":
                group = sub.add_argument_group("a series", "make the event a series of meetings; it must end "
                                               "with --until or --count")
            if f.flag == "until":
                ends = group.add_mutually_exclusive_group()
            adder = online if online is not None and f.flag in ("online-url", "online-later") \
                else ends if ends is not None else group
            text = f.help + (" (required)" if f.required else "")
            if f.switch:
                adder.add_argument(f"--{f.flag}", dest=f.dest, action="store_true", help=text)
            else:
                adder.add_argument(f"--{f.flag}", dest=f.dest, metavar=f.metavar, help=text,
                                   action="append" if f.many else "store")


def target(root: Path, kind: str, record_id: str) -> Path:
    parts = record_id.split("/")
    if len(parts) != (2 if kind == "event" else 1) or not all(SLUG.match(p) for p in parts):
        form = "<club-id>/<slug>" if kind == "event" else "a slug"
        raise UsageError(f"{record_id!r}: the id of {'an' if kind == 'event' else 'a'} {kind} is {form}, "
                         "in lowercase letters, digits and hyphens")
    return root / "content" / f"{kind}s" / f"{record_id}.yaml"


def _key_name(key: tuple[str, ...]) -> str:
    return ".".join(key)


def record_of(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The record the values describe (flag → value); fmt puts its fields in schema order."""
    record: dict[str, Any] = {}
    for f in FIELDS[kind]:
        value = values.get(f.flag)
        if f.flag in ("nth", "online-later") or value is None or value is False or value in ("", []):
            continue
        node = record
        for part in f.key[:-1]:
            node = node.setdefault(part, {})
        node[f.key[-1]] = value
    if kind == "event" and values.get("online-later"):
        record.setdefault("online", True)  # with accessibility but no url, {accessibility: ...} says it too
    place = values.get("nth")
    if place and "repeat" in record:
        start = values.get("start")
        days = record["repeat"].get("on") or ([_WEEKDAYS[start.weekday() if isinstance(start, date)
                                                          else date.fromisoformat(start[:10]).weekday()]]
                                              if start else [])
        record["repeat"]["on"] = [d if " " in d else f"{place} {d}" for d in days]
    if kind == "club":
        record["status"] = "active"
    return record


def render(kind: str, record: dict[str, Any], up: str) -> str:
    """The file's text, exactly as ``groundgame fmt`` writes it."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(record, out)
    return fmt.format_text(kind, out.getvalue(), up)


@dataclass
class Target:
    """Where the new record goes, and what the checks need of the rest of the tree."""

    root: Path
    kind: str
    id: str
    path: Path
    checker: TextChecker

    @property
    def display(self) -> str:
        return self.path.relative_to(self.root).as_posix()

    @property
    def up(self) -> str:
        return "../" * (len(self.path.relative_to(self.root).parts) - 1)

    def problems(self, record: dict[str, Any]) -> list[Problem]:
        """What the loader would say of ``record`` in this place: YAML, schema, reading and rules
        (nothing written)."""
        return self.checker.problems(self.kind, self.id, render(self.kind, record, self.up), self.display)


def locate(root: Path, kind: str, record_id: str) -> Target:
    """The new file's place; refuses an id that is taken, or an event of a club that does not exist."""
    path = target(root, kind, record_id)
    if path.exists():
        raise UsageError(f"{path.relative_to(root).as_posix()} exists already; edit it instead")
    here = Target(root, kind, record_id, path, TextChecker(root))
    if kind == "event":
        club_id = record_id.split("/")[0]
        clubs = here.checker.ids("club")
        if club_id not in clubs:
            guesses = close_matches(club_id, clubs)
            raise UsageError(f"no club {club_id!r} in content/clubs/; "
                             + (f"did you mean {guesses[0]}/?" if guesses else
                                f"create it first with 'groundgame new club {club_id}'"))
    return here


def field_of(kind: str, problem: Problem) -> Field | None:
    """The flag whose value a problem is about (the deepest whose field holds the problem's)."""
    found = [f for f in FIELDS[kind] if f.flag != "nth" and rules.Failed(frozenset({problem.field}))
             .inside(_key_name(f.key))]
    return max(found, key=lambda f: len(f.key), default=None)


def describe(kind: str, problem: Problem) -> str:
    """A problem said for the command line: the field, its flag, what it must be, the fix."""
    f = field_of(kind, problem)
    where = problem.field + (f" (--{f.flag})" if f else "") if problem.field else f"the new {kind}"
    said = f"{where}: {problem.message}" + (f"; {problem.hint}" if problem.hint else "")
    return ("warning: " if not problem.is_error else "") + said


Ask = Callable[[str], str]
Say = Callable[[str], None]


@dataclass
class _Session:
    """The values given so far, and how to ask for more (on a terminal) or say what is wrong."""

    here: Target
    values: dict[str, Any]
    ask: Ask
    say: Say

    def needed(self, f: Field) -> bool:
        return f.required or (f.flag == "count" and "every" in self.values and "until" not in self.values)

    def wanted(self, f: Field) -> bool:
        """Whether the question of ``f`` applies, given the answers so far."""
        if f.series and "every" not in self.values:
            return False
        if f.flag == "online-url" and "online-later" in self.values:
            return False
        return not (f.flag == "count" and "until" in self.values)

    def question(self, f: Field) -> None:
        """Ask ``f`` until its answer is accepted (or left empty, where it may be); keep it in ``values``."""
        text = f.question or f"--{f.flag}: {f.help}"
        while True:
            try:
                reply = self.ask(f"{text}{f' [{f.default}]' if f.default else ''}: ").strip() or f.default
            except EOFError:
                raise UsageError(f"no answer for {f.flag} (the input ended); nothing was written") from None
            if not reply:
                if self.needed(f):
                    self.say(f"{f.flag}: is needed for a new {self.here.kind}")
                    continue
                self.values.pop(f.flag, None)
                return
            try:
                value = f.convert(reply)
            except RefusedError as exc:
                self.say(f"{f.flag}: {exc}")
                continue
            trial = {**self.values, f.flag: [value] if f.many else value}
            wrong = [p for p in self.here.problems(record_of(self.here.kind, trial))
                     if p.is_error and field_of(self.here.kind, p) is f]
            if wrong:
                for problem in wrong:
                    self.say(describe(self.here.kind, problem))
                continue
            self.values = trial
            return


def _convert(kind: str, args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, str]]:
    """The flags' values, converted; and the message of each flag whose value cannot be used."""
    values: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for f in FIELDS[kind]:
        given = getattr(args, f.dest, None)
        if given in (None, False, []):
            continue
        try:
            if given is True:
                values[f.flag] = True
            else:
                values[f.flag] = [f.convert(t) for t in given] if f.many else f.convert(given)
        except RefusedError as exc:
            refused[f.flag] = str(exc)
    if kind == "event" and "every" not in values and "every" not in refused:
        for f in FIELDS[kind]:
            if f.series and f.flag in values:
                refused[f.flag] = "is for a series: add --every week (or day, month, year)"
    return values, refused


@dataclass
class Outcome:
    """What ``create`` did: the file written (None if nothing was), and every problem said."""

    path: Path | None
    lines: list[str] = field(default_factory=list)


def create(root: Path, args: argparse.Namespace, *, interactive: bool,
           ask: Ask | None = None, say: Say | None = None) -> Outcome:
    """Write the file ``args`` describe, asking on a terminal for what is missing or refused.

    ``ask`` (default ``input``) puts a question and returns the answer; ``say`` (default
    ``print``) tells what was wrong with one.
    """
    kind = args.kind
    ask, say = ask or input, say or print
    here = locate(root, kind, args.id)
    values, refused = _convert(kind, args)
    session = _Session(here, values, ask, say)
    if not interactive:
        missing = [f"--{f.flag}" for f in FIELDS[kind] if session.needed(f) and f.flag not in values | refused]
        if missing:
            raise UsageError(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} required for a new {kind}"
                             f" (or run it on a terminal to be asked); see 'groundgame new {kind} --help'")
        if refused:
            return Outcome(None, [f"{f} (--{f}): {m}" for f, m in refused.items()])
    else:
        for f in FIELDS[kind]:
            if f.flag in refused:
                say(f"--{f.flag}: {refused.pop(f.flag)}")
                session.question(f)
            elif f.flag not in session.values and f.question and session.wanted(f):
                session.question(f)
    _check_online(kind, session.values)
    return _finish(session, interactive)


def _check_online(kind: str, values: dict[str, Any]) -> None:
    """Online accessibility is about an online event: without one, it would make the event online."""
    if kind != "event" or "online-url" in values or "online-later" in values:
        return
    given = [f"--{flag}" for flag in _ONLINE_ACCESS if values.get(flag)]
    if given:
        raise UsageError(f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} about the online event: add "
                         "--online-url URL, or --online-later when the address is sent to registered people; "
                         f"see 'groundgame new {kind} --help'")


def _finish(session: _Session, interactive: bool) -> Outcome:
    """Check the whole record, asking again (on a terminal) what a problem is about; then write it."""
    here = session.here
    for _ in range(10):
        errors = [p for p in here.problems(record_of(here.kind, session.values)) if p.is_error]
        asked = [f for f in FIELDS[here.kind] if any(field_of(here.kind, p) is f for p in errors)]
        if not errors or not interactive or not asked:
            break
        for problem in errors:
            session.say(describe(here.kind, problem))
        for f in asked:
            session.question(f)
    if errors:
        return Outcome(None, [describe(here.kind, p) for p in errors])
    return _write(here, render(here.kind, record_of(here.kind, session.values), here.up))


def _write(here: Target, text: str) -> Outcome:
    """Write ``text`` (never over a file) and check it as ``validate`` does; remove it if that fails."""
    made = [p for p in reversed(here.path.parents) if p.is_relative_to(here.root) and not p.exists()]
    here.path.parent.mkdir(parents=True, exist_ok=True)
    with here.path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    loaded = load_network(here.root, [here.path])
    lines = [describe(here.kind, p) if p.path == here.display else p.text() for p in loaded.problems]
    if loaded.ok:
        return Outcome(here.path, [*lines, f"Wrote {here.display}"])
    here.path.unlink()
    for folder in reversed(made):
        folder.rmdir()
    return Outcome(None, lines)
