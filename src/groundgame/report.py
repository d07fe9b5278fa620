"""Print problems for people (text), for GitHub's annotations, or as JSON for tools.

Every format is inert, because the values in the problems come from pull requests: in
``text`` each problem is one line with control characters escaped (``problems.visible``);
in ``github`` the annotation's message and properties are encoded as GitHub documents
(``%25``, ``%0D``, ``%0A``; ``%3A`` and ``%2C`` in properties) after the same escaping; in
``json`` every value is exact once parsed, while the printed text holds no raw control
character and no ``##[`` (both written as ``\\u`` escapes). No line a value reaches can
start a workflow command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from groundgame.problems import LEGACY_COMMAND, Problem, visible

FORMATS = ("text", "github", "json")


def format_problems(problems: Sequence[Problem], files: int, fmt: str) -> str:
    """The whole report in format ``fmt``, ending with a newline."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if fmt == "json":
        body = {
            "files": files,
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {"file": p.path, "line": p.line, "column": p.column, "field": p.field, "severity": p.severity.value,
                 "message": p.message, "hint": p.hint}
                for p in problems
            ],
        }
        return inert_json(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"
    lines = [github_annotation(p) if fmt == "github" else p.text() for p in problems]
    lines.append(summary(files, errors, warnings))
    return "\n".join(lines) + "\n"


def summary(files: int, errors: int, warnings: int) -> str:
    verdict = "all valid" if not errors else "fix the errors above"
    return (f"Checked {files} file{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({verdict}).")


def _json_escape(char: str) -> str:
    """``char`` as a JSON ``\\u`` escape (a surrogate pair beyond the first plane)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert_json(text: str) -> str:
    """JSON text from ``json.dumps`` with every non-printable character and the ``[`` of ``##[``
    written as ``\\u`` escapes: the same document once parsed, nothing live when printed.

    Outside strings, ``json.dumps`` writes only printable ASCII and the line breaks of its
    indentation, so a character to escape is always inside a string, where an escape is valid.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.isprintable() or LEGACY_COMMAND in line:
            line = "".join(c if c.isprintable() else _json_escape(c) for c in line)
            lines[i] = line.replace(LEGACY_COMMAND, "##\\u005b")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A workflow command that shows the problem on the file's line in the pull request."""
    level = "error" if problem.is_error else "warning"
    props = [f"file={_escape_property(visible(problem.path))}"]
    if problem.line:
        props += [f"line={problem.line}", f"col={problem.column}"]
    if problem.field:
        props.append(f"title={_escape_property(visible(problem.field))}")
    message = visible(problem.message) + (f"; {visible(problem.hint)}" if problem.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"
