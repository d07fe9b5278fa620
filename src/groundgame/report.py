"""Print problems for people (text), for GitHub's annotations, or as JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from groundgame.problems import Problem

FORMATS = ("text", "github", "json")


def render(problems: Sequence[Problem], files: int, fmt: str) -> str:
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
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    lines = [github_annotation(p) if fmt == "github" else p.text() for p in problems]
    lines.append(summary(files, errors, warnings))
    return "\n".join(lines) + "\n"


def summary(files: int, errors: int, warnings: int) -> str:
    verdict = "all valid" if not errors else "fix the errors above"
    return (f"Checked {files} file{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({verdict}).")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A workflow command that shows the problem on the file's line in the pull request."""
    level = "error" if problem.is_error else "warning"
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props += [f"line={problem.line}", f"col={problem.column}"]
    if problem.field:
        props.append(f"title={_escape_property(problem.field)}")
    message = problem.message + (f"; {problem.hint}" if problem.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"
