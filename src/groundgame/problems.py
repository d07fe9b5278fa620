"""Problems found in content, and the exceptions that carry exit codes.

Validators never stop at the first problem: they return lists of ``Problem``.
Exceptions are for the command-line edge, where they become exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, said so that an organizer can fix it.

    ``line`` and ``column`` are 1-based and come from the YAML parser's marks;
    0 means "the whole file". ``field`` is a dotted path such as ``repeat.until``.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        """``file:line:col: field: message; hint`` — the form compilers use."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        if self.severity is Severity.WARNING:
            what = f"warning: {what}"
        return f"{where}: {what}" + (f"; {self.hint}" if self.hint else "")


class GroundgameError(Exception):
    """Base of the errors the command line turns into exit codes."""

    exit_code = 1


class ContentError(GroundgameError):
    """The content is invalid; carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = sum(1 for p in problems if p.is_error)
        super().__init__(f"{count} problem(s) in content")


class UsageError(GroundgameError):
    """The command was called wrongly (bad path, bad option)."""

    exit_code = 2
