"""What an importer makes of one calendar event or spreadsheet row: a draft of an event file.

A draft holds the event's fields as they will be written (plain values: text, numbers,
``date`` for a day, ``YYYY-MM-DDTHH:MM`` text for a local time), the key that finds the
same event again on the next import (an iCalendar UID, or a spreadsheet's ``uid`` column),
and where it came from, so that every message names the source file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from groundgame.problems import Problem, Severity


@dataclass
class Draft:
    """One event to import: its key, a label for messages, its source line and its fields."""

    key: str
    label: str
    line: int
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class Notes:
    """The problems of one import, each naming the source file, its line and the event."""

    source: str  # the source file as messages show it
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # a spreadsheet's columns, by name: 1 for the first

    def add(self, line: int, who: str, message: str, *, error: bool = False, hint: str = "") -> None:
        text = f"{who}: {message}" if who else message
        self.problems.append(Problem(self.source, line, 1 if line else 0, "", text,
                                     Severity.ERROR if error else Severity.WARNING, hint))

    def error(self, line: int, who: str, message: str, hint: str = "") -> None:
        self.add(line, who, message, error=True, hint=hint)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def who(summary: str, uid: str = "") -> str:
    """How a message names an event: its title, and its UID when it has one."""
    title = summary if len(summary) <= 60 else summary[:59] + "…"
    return f"event {title!r}" + (f" (UID {uid[:80]!r})" if uid else "")


def when_text(value: date | datetime) -> date | str:
    """A field value for a day (``date``) or a local time (``2026-12-01T19:00``, seconds only if any)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return value
