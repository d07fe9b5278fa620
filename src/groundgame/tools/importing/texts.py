"""Organizer text from another tool made fit for a field: characters the schemas refuse
removed, one-line fields on one line, lengths within the schemas' limits (said, never cut
silently), and web addresses checked against the schema's own pattern."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from groundgame.content.schema import load_schemas, whole_value

NAME_LIMIT = 200  # characters: common.schema.json nameRules
LINE_LIMIT = 300  # lineRules
TEXT_LIMIT = 1_000  # textRules
MARKDOWN_LIMIT = 20_000  # markdownRules
URL_LIMIT = 2_000

# What the schemas refuse in any text (nameRules, textRules): C0/C1 controls but tab and line
# break, the Arabic letter mark, bidirectional controls, and U+FFFE/FFFF.
_REFUSED = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\r\n\u2028\u2029]+")
_BLANK = re.compile(r"[\s\u200b\u2060\ufeff]*")

Say = Callable[[str], None]  # where a text's losses are told


def _clean(text: str, what: str, say: Say) -> str:
    found = len(_REFUSED.findall(text))
    if found:
        say(f"{what}: {found} control or bidirectional character{'s' if found != 1 else ''} removed")
    return _REFUSED.sub("", text)


def line(text: str | None, what: str, say: Say, limit: int = LINE_LIMIT) -> str | None:
    """One line of at most ``limit`` characters, or None for a blank text."""
    if text is None:
        return None
    text = _clean(_LINE_BREAKS.sub(" ", text), what, say)
    text = " ".join(text.split(" ")).strip()
    if _BLANK.fullmatch(text):
        return None
    if len(text) > limit:
        say(f"{what}: {len(text):,} characters, cut to {limit}")
        text = text[: limit - 1].rstrip() + "…"
    return text


def block(text: str | None, what: str, say: Say, limit: int = MARKDOWN_LIMIT) -> str | None:
    """Text with line breaks, at most ``limit`` characters (cut at a paragraph where one is near)."""
    if text is None:
        return None
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n"),
                  what, say)
    text = "\n".join(row.rstrip() for row in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if _BLANK.fullmatch(text):
        return None
    if len(text) > limit:
        say(f"{what}: {len(text):,} characters, cut to at most {limit:,}")
        cut = text.rfind("\n\n", 0, limit - 1)
        text = (text[:cut] if cut > limit // 2 else text[: limit - 1]).rstrip() + "…"
    return text


@cache
def _url_pattern() -> re.Pattern[str]:
    return whole_value(load_schemas()["common.schema.json"]["$defs"]["url"]["pattern"])


def url(text: str | None) -> str | None:
    """``text`` if it is a web address the schema takes (https://, http:// or mailto:), else None."""
    if not text:
        return None
    text = text.strip()
    if len(text) > URL_LIMIT or not _url_pattern().search(text):
        return None
    return text
