"""Problems found in content, and the exceptions that carry exit codes.

Validators never stop at the first problem: they return lists of ``Problem``.
Exceptions are for the command-line edge, where they become exit codes.

A problem shows organizer values (a file name, a field name, a value in the message), and
anyone can open a pull request: ``visible`` makes such text inert in a terminal and in a
GitHub Actions log, so that no title can move the cursor, retitle the terminal, reverse
the reading order or start a workflow command.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The legacy form of a workflow command: the runner obeys ``##[add-mask]…`` anywhere in a line.
LEGACY_COMMAND = "##["


def visible(text: str) -> str:
    """``text`` safe to print in a log or a terminal, one line, every character still shown.

    Each character that is not printable (a line break, a tab, ESC, BEL, a C1 control,
    U+202E and the other bidirectional and zero-width controls, a lone surrogate) is
    written as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``); the ``[`` of a legacy
    ``##[`` command is written ``\\x5b``. Printable text, accents and scripts included, is
    unchanged.
    """
    if text.isprintable() and LEGACY_COMMAND not in text:
        return text
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown.replace(LEGACY_COMMAND, "##\\x5b")


def no_command_start(line: str) -> str:
    """``line``, which the runner cannot read as a ``::command::`` (it skips leading spaces):
    one that would start with ``::`` starts with ``./``, and as a problem's line starts with
    its file, ``./::x.yaml: …`` still names the file ``::x.yaml``."""
    return "./" + line if line.lstrip(" ").startswith("::") else line


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
        """``file:line:col: field: message; hint`` — the form compilers use, on one line, with
        every organizer value ``visible``."""
        where = visible(self.path)
        if self.line:
            where += f":{self.line}:{self.column}"
        what = f"{visible(self.field)}: {visible(self.message)}" if self.field else visible(self.message)
        if self.severity is Severity.WARNING:
            what = f"warning: {what}"
        return no_command_start(f"{where}: {what}" + (f"; {visible(self.hint)}" if self.hint else ""))


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
