"""A submitted issue form's body, split into its answers by the form's own headings.

GitHub renders a submitted form as Markdown: for each question, ``### Label``, a blank
line and the answer; ``_No response_`` for an empty one; ``- [X] option`` for a ticked box
and ``- [ ] option`` for one left empty. The body is data from anyone (and can be edited
after it is submitted), so it is split strictly:

* a line that is exactly ``### <a label of the form>`` starts that question;
* any other ``### ...`` line outside a code block (a renamed heading, an added one, a
  heading typed inside an answer) is an error that names it, and so is a question's
  heading that comes twice, one that is missing, or text before the first question.

Inside a fenced code block (```` ``` ```` or ``~~~``) of an answer, a ``### `` line is
text. So ``City`` answered ``Lisboa`` followed by a renamed ``### Country`` heading is
refused, never read as a city of several lines.
"""

from __future__ import annotations

import re

from groundgame.content.schema import shown
from groundgame.suggest import did_you_mean
from groundgame.tools.forms.fields import Field

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r" {0,3}###(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_BOX = re.compile(r"\s*[-*]\s*\[([ xX])\]\s?(.*)")

Errors = list[tuple[str, str]]
THE_ISSUE = "The issue"


def _heading(line: str) -> str | None:
    match = _HEADING.fullmatch(line)
    return None if match is None else (match.group(1) or "").strip()


def _fence_after(line: str, fence: str | None) -> str | None:
    """The open code fence after ``line`` (None: none is open)."""
    match = _FENCE.match(line)
    if match is None:
        return fence
    mark, rest = match.groups()
    if fence is None:
        return None if mark[0] == "`" and "`" in rest else mark
    return None if mark[0] == fence[0] and len(mark) >= len(fence) and not rest.strip() else fence


def _sections(body: str, fields: tuple[Field, ...]) -> tuple[dict[str, list[str]], Errors]:
    labels = {f.label for f in fields}
    sections: dict[str, list[str]] = {}
    errors: Errors = []
    current: list[str] | None = None
    fence: str | None = None
    started = False
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _heading(line) if fence is None else None
        if heading is not None:
            started = True
            if heading in sections:
                errors.append((heading, f"appears twice in the issue: a line '### {heading}' starts this question "
                                        "again; inside an answer, write a heading with #### instead"))
                current = None
            elif heading in labels:
                current = sections[heading] = []
            else:
                guess = did_you_mean(heading, labels)
                errors.append((THE_ISSUE, f"has a heading that is not one of the form's questions "
                                          f"(got {shown('### ' + heading)})" + (f"; {guess}" if guess else "")
                               + "; keep the form's headings as they are, and write a heading inside an answer "
                                 "with #### instead"))
                current = None
            continue
        fence = _fence_after(line, fence)
        if current is not None:
            current.append(line)
        elif not started and line.strip():
            started = True
            errors.append((THE_ISSUE, "has text before its first question; please open it with the form "
                                      "and leave its headings as they are"))
    return sections, errors


def _checked(field: Field, lines: list[str]) -> tuple[str, Errors]:
    """The ticked options of a checkboxes question, one a line, in the form's order."""
    ticked: set[str] = set()
    for line in lines:
        if not line.strip() or line.strip() == NO_RESPONSE:
            continue
        match = _BOX.fullmatch(line)
        if match is None or match.group(2).strip() not in field.options:
            return "", [(field.label, f"must be the form's boxes, ticked or not (got {shown(line.strip())})")]
        if match.group(1) != " ":
            ticked.add(match.group(2).strip())
    return "\n".join(o for o in field.options if o in ticked), []


def parse_body(body: str, fields: tuple[Field, ...]) -> tuple[dict[str, str], Errors]:
    """The answers of a rendered issue form, by field id (checkboxes: the ticked options, one a
    line; an empty answer: ""), and what is wrong with the body, named by the form's labels."""
    sections, errors = _sections(body, fields)
    answers: dict[str, str] = {}
    for f in fields:
        if f.label not in sections:
            if not any(label == f.label for label, _ in errors):
                errors.append((f.label, "is missing from the issue; please open it with the form and leave its "
                                        "headings as they are"))
            answers[f.id] = ""
            continue
        lines = sections[f.label]
        if f.type == "checkboxes":
            text, wrong = _checked(f, lines)
            errors += wrong
        else:
            text = "\n".join(line.rstrip() for line in lines).strip("\n").strip()
            text = "" if text == NO_RESPONSE else text
        if f.type == "dropdown" and text and text not in f.options:
            errors.append((f.label, f"must be one of {', '.join(f.options)} (got {shown(text)})"))
            text = ""
        answers[f.id] = text
        if f.required and not text:
            errors.append((f.label, "is required; please fill it in"))
    return answers, errors
