"""Guess what was meant: the "did you mean" part of an error message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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
