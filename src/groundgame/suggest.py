"""Guess what was meant: the "did you mean" part of an error message.

Each guess reads a value as an organizer may have written it (a country by its name, a
weekday with a capital, ``fortnight`` for a series, an address with a space) and says the
exact fix, in words. Values come from anyone: each guess looks at a bounded prefix of its
value and returns a bounded text, or an empty string when it has nothing better to offer.
Country names come from CLDR through Babel, in every language Babel knows.
"""

from __future__ import annotations

import difflib
import pickle
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache

from babel import Locale, localedata
from babel.core import get_global

from groundgame import cldr

LONGEST_GUESS = 80  # characters of a value a guess reads; a longer value is no name or word


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices nearest to ``word``, ignoring case first, best first."""
    pool = list(choices)
    by_lower = {c.lower(): c for c in pool}
    if word.lower() in by_lower and by_lower[word.lower()] != word:
        return [by_lower[word.lower()]]
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"did you mean 'title'?"``, or an empty string when nothing is close."""
    found = close_matches(word, choices)
    if not found:
        return ""
    return "did you mean " + " or ".join(repr(f) for f in found) + "?"


def folded(text: str) -> str:
    """``text`` as a lookup key: no accents, no case, words joined by single spaces
    (``"  Côte d’Ivoire"`` → ``"cote d ivoire"``; ``日本`` stays ``日本``)."""
    decomposed = unicodedata.normalize("NFKD", text[:LONGEST_GUESS])
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split())[:LONGEST_GUESS]  # a character may decompose into many


# --- countries ---------------------------------------------------------------------------

def country_code(value: str) -> str | None:
    """The ISO 3166-1 code of a country written by its name in any language CLDR has
    (``Portugal``, ``Brasil``, ``Allemagne``, ``日本``), by a code in small letters (``pt``)
    or by an old or three-letter code (``UK``, ``PRT``); None if it names none."""
    if len(value) > LONGEST_GUESS:
        return None
    key = folded(value)
    if key.upper() in cldr.country_codes():
        return key.upper()
    return _countries_by_name().get(key)


@cache
def _countries_by_name() -> dict[str, str]:
    """Every country name of every CLDR locale, folded, to its code; built once, when a
    country is first misspelt (about 0.8 s: 1,100 locales, 68,000 names). A name that two
    locales give to different countries goes to the one most locales call so."""
    codes = cldr.country_codes()
    votes: dict[str, Counter[str]] = {}
    for identifier in localedata.locale_identifiers():
        # Each locale's own names only: what it inherits is its parent's, counted there. Read
        # from Babel's file, not with localedata.load(merge_inherited=False), which would keep
        # the partial data in Babel's cache for every later use of that locale (dates, names).
        with open(localedata.resolve_locale_filename(identifier), "rb") as data:
            names = pickle.load(data).get("territories", {})  # noqa: S301 (Babel's own installed data)
        for code, name in names.items():
            if code in codes and isinstance(name, str):
                votes.setdefault(folded(name), Counter())[code] += 1
    table = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    for alias, targets in get_global("territory_aliases").items():
        if len(targets) == 1 and targets[0] in codes:
            table.setdefault(folded(alias), targets[0])
    return table


def country_hint(value: str) -> str:
    """``use the two-letter code 'PT'`` for ``Portugal``, or an empty string."""
    code = country_code(value)
    if code is None:
        return ""
    if code == value.strip().upper() and len(value.strip()) == 2:
        return f"write the code in capitals: {code!r}"
    return f"use the two-letter code {code!r}"


# --- series: every and on -------------------------------------------------------------------

# What organizers write for every: (folded) → the fix.
_EVERY_WORDS = {
    "fortnight": "use every: week with interval: 2",
    "fortnightly": "use every: week with interval: 2",
    "biweekly": "use every: week with interval: 2",
    "bi weekly": "use every: week with interval: 2",
    "every other week": "use every: week with interval: 2",
    "other week": "use every: week with interval: 2",
    "2 weeks": "use every: week with interval: 2",
    "two weeks": "use every: week with interval: 2",
    "bimonthly": "use every: month with interval: 2",
    "quarterly": "use every: month with interval: 3",
    "quarter": "use every: month with interval: 3",
}
_EVERY_UNITS = {"day": ("daily", "days", "everyday"), "week": ("weekly", "weeks"),
                "month": ("monthly", "months"), "year": ("yearly", "years", "annually", "annual")}


def every_hint(value: str) -> str:
    """``use every: week with interval: 2`` for ``fortnight``; ``use every: week`` for
    ``weekly``; or an empty string."""
    key = folded(value)
    if key in _EVERY_WORDS:
        return _EVERY_WORDS[key]
    for unit, words in _EVERY_UNITS.items():
        if key == unit or key in words:
            return f"use every: {unit}"
    return ""


_ORDINAL = re.compile(r"^((?:1st|2nd|3rd|4th|5th|last|2nd-last) )?(.+)\Z")


@cache
def _weekdays_by_name() -> dict[str, str]:
    """English weekday names, wide and short, folded, to the weekday as a series writes it."""
    days = Locale("en").days
    wide = {i: str(name).lower() for i, name in days["format"]["wide"].items()}
    table = {name: name for name in wide.values()}
    for width in ("abbreviated", "short"):
        for context in ("format", "stand-alone"):
            for i, name in days[context][width].items():
                table.setdefault(folded(str(name)), wide[i])
    for name in wide.values():  # thurs, tues, weds
        for size in (4, 5):
            table.setdefault(name[:size], name)
    table.update({f"{name}s": name for name in wide.values()})  # tuesdays
    table["weds"] = "wednesday"
    return table


def weekday_hint(value: str) -> str:
    """``weekdays are lowercase: thursday`` for ``Thursday``; ``write the weekday in full, in
    lowercase: thursday`` for ``Thu``; or an empty string."""
    if len(value) > LONGEST_GUESS:
        return ""
    match = _ORDINAL.match(" ".join(value.strip().split()).lower())
    if match is None:
        return ""
    ordinal, day = match.group(1) or "", match.group(2)
    found = _weekdays_by_name().get(folded(day))
    if found is None:
        return ""
    fixed = ordinal + found
    if fixed.lower() == " ".join(value.split()).lower():
        return f"weekdays are lowercase: {fixed}"
    return f"write the weekday in full, in lowercase: {fixed}"


# --- web addresses -------------------------------------------------------------------------

_SCHEME = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_BEFORE = 24  # characters shown before a space


def space_in_address(value: str) -> tuple[str, str] | None:
    """For an address that starts right but holds a space (or another blank), the message
    and hint that say where: ``has a space at character 23 (after '…example.org/my')``."""
    if not _SCHEME.match(value):
        return None
    at = next((i for i, c in enumerate(value) if c.isspace()), None)
    if at is None:
        return None
    char = "a space" if value[at] == " " else f"a blank ({unicodedata.name(value[at], f'U+{ord(value[at]):04X}')})"
    before = value[max(0, at - _BEFORE):at]
    where = f"after {('…' if at > _BEFORE else '') + before!r}" if before else "at the start"
    more = sum(1 for c in value[at + 1:] if c.isspace())
    also = f", and {more:,} more" if more else ""
    message = f"must not contain spaces, but has {char} at character {at + 1:,} ({where}){also}"
    if value.lower().startswith("mailto:") or at < _host_end(value):
        return message, "remove it: an address has no spaces"
    if value[at] != " " or not value[at + 1:].strip():
        return message, "remove it"  # at the end, or a blank that %20 does not stand for
    return message, "write %20 for it, or remove it"


def _host_end(value: str) -> int:
    """Where the host of an ``https://`` address ends (its path, query or fragment starts)."""
    start = value.find("://") + 3
    ends = [i for i in (value.find(c, start) for c in "/?#") if i >= 0]
    return min(ends, default=len(value))


# --- ids ------------------------------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")


def slug_of(value: str) -> str | None:
    """A name as an id would spell it (``Western Europe`` → ``western-europe``,
    ``São Paulo`` → ``sao-paulo``), or None if no id spells it (``日本``)."""
    slug = "-".join(folded(value).split())
    return slug if _SLUG.match(slug) else None


def named_guesses(value: str, names: dict[str, str]) -> list[str]:
    """The ids whose id or name (``names``: a name or id → its id) ``value`` is, ignoring case,
    accents, hyphens and word order (``América Latina`` → ``latin-america``), else the
    ids of the closest names."""
    if len(value) > LONGEST_GUESS:
        return []
    by_key: dict[str, str] = {}
    for name, record_id in names.items():
        key = folded(name)
        by_key.setdefault(key, record_id)
        by_key.setdefault(" ".join(sorted(key.split())), record_id)
    key = folded(value)
    for candidate in (key, " ".join(sorted(key.split()))):
        if candidate in by_key:
            return [by_key[candidate]]
    found = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    return list(dict.fromkeys(by_key[f] for f in found))
