"""One answer of a form as the YAML value a person would write, or what to fix in it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from groundgame.content import dates, schema
from groundgame.suggest import close_matches

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT_DAYS = {**{d[:3]: d for d in DAYS}, "tues": "tuesday", "thur": "thursday", "thurs": "thursday"}
_ORDINALS = {"1st": "1st", "first": "1st", "2nd": "2nd", "second": "2nd", "3rd": "3rd", "third": "3rd",
             "4th": "4th", "fourth": "4th", "5th": "5th", "fifth": "5th", "last": "last",
             "2nd-last": "2nd-last", "second-last": "2nd-last"}


def text(value: str) -> str | LiteralScalarString:
    """One line as it is; several lines as a ``|`` block, as a person writes a paragraph."""
    return LiteralScalarString(value + "\n") if "\n" in value else value


def when(value: str) -> Any:
    """A date as a date (written plain: ``2026-12-01``), a local time in canonical text, else as given
    (for the validator to say what is wrong with it)."""
    fixed = dates.canonical_when(value)
    if fixed is None:
        return value
    return date.fromisoformat(fixed) if len(fixed) == 10 else fixed


def moment(value: Any) -> date | datetime | None:
    """A date or local time read back from a record's value (``date``, or canonical text)."""
    fixed = dates.canonical_when(value)
    if fixed is None:
        return None
    return date.fromisoformat(fixed) if len(fixed) == 10 else datetime.fromisoformat(fixed)


def written(value: date | datetime) -> Any:
    return value if not isinstance(value, datetime) else value.isoformat(timespec="minutes")


def shift(value: date | datetime, by: timedelta) -> date | datetime:
    if isinstance(value, datetime):
        return value + by
    return value + timedelta(days=by.days)


def at_time_of(day: date | datetime, model: date | datetime) -> date | datetime:
    """``day`` at ``model``'s time of day, when ``day`` is a date and ``model`` has a time."""
    if isinstance(model, datetime) and not isinstance(day, datetime):
        return datetime.combine(day, model.time())
    return day


def flow(items: list[Any]) -> CommentedSeq:
    """A short list written on one line, ``[pt, en]``, as this project's files write them."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s,;]+", value) if w]


def addresses(value: str) -> list[str]:
    """Web addresses one a line (or separated by spaces), as a list; a Markdown bullet or the
    angle brackets of an autolink around one are dropped."""
    found = (word.removeprefix("<").removesuffix(">") for word in value.split())
    return [word for word in found if word not in ("-", "*", "+")]


def country(value: str) -> str:
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else value


def whole_number(value: str, label: str, what: str) -> tuple[int | None, list[tuple[str, str]]]:
    """A whole number written with digits, or the problem with it."""
    if re.fullmatch(r"[0-9]{1,4}", value.strip()):
        return int(value), []
    return None, [(label, f"must be a whole number, such as {what} (got {schema.shown(value)})")]


def _day(token: str) -> str | None:
    single = token.removesuffix("s") if token.endswith("s") and token not in DAYS else token
    return single if single in DAYS else _SHORT_DAYS.get(single)


def weekdays(value: str, label: str) -> tuple[list[str], list[tuple[str, str]]]:
    """``thursday``, ``Tue and Thu``, ``2nd tuesday``, ``second last friday``: the schema's weekdays."""
    tokens = [t.rstrip(".") for t in re.split(r"[\s,;/+&]+", value.lower()) if t and t != "and"]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        ordinal = ""
        if tokens[i] in ("2nd", "second") and tokens[i + 1:i + 2] == ["last"]:
            ordinal, i = "2nd-last", i + 2
        elif tokens[i] in _ORDINALS:
            ordinal, i = _ORDINALS[tokens[i]], i + 1
        day = _day(tokens[i]) if i < len(tokens) else None
        if day is None:
            word = tokens[i] if i < len(tokens) else ""
            guess = close_matches(word, DAYS, n=1) if word else []
            said = f"; did you mean {guess[0]!r}?" if guess else ""
            return [], [(label, f"must be weekdays such as 'thursday', or '2nd tuesday' or 'last friday' for a "
                                f"monthly series (got {schema.shown(value)}){said}")]
        found.append(f"{ordinal} {day}" if ordinal else day)
        i += 1
    return list(dict.fromkeys(found)), []


def language_tag(value: str) -> bool:
    tag = schema.load_schemas()["common.schema.json"]["$defs"]["languageTag"]
    return len(value) <= tag["maxLength"] and schema.whole_value(tag["pattern"]).search(value) is not None
