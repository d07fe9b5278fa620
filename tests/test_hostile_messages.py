"""Organizer values in ``groundgame validate`` and the job summary are inert.

Anyone can open a pull request, and what it holds reaches the check's log: a value must not
start a workflow command (``::add-mask::``, ``##[stop-commands]``), move a terminal's cursor
or title (ESC), or reverse the reading order (U+202E). The real CLI runs on a record written
to a tmp folder; its output is read line by line, as the Actions runner reads it.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from groundgame import report
from groundgame.cli import main
from groundgame.problems import Problem
from groundgame.tools.summary import md_code, md_text

HOSTILE = "Evil\n::add-mask::x \x1b]0;title\x07 \u202eevil ##[stop-commands]t 100%"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\x85", "\u2028")  # bytes that act on a terminal or a log
# Our own annotations: ``::error`` or ``::warning``, properties without ``:`` or ``,``, then ``::``.
ANNOTATION = re.compile(r"::(error|warning) (file|line|col|title)=[^:,]*(,(file|line|col|title)=[^:,]*)*::")


@pytest.fixture
def hostile_site(site):
    event = {
        "title": HOSTILE,
        "start": "2026-12-08T19:00",
        "end": "2026-12-08T21:00",
        "venue": {"name": HOSTILE},
        HOSTILE: "a field name is echoed too",
        "timezone": "Europe/Paris\x1b[2J",
    }
    site.write("events/paris-web/hostile.yaml", yaml.safe_dump(event, allow_unicode=True))
    return site


def validate(site, fmt: str, capsys) -> str:
    code = main(["--root", str(site.root), "validate", "--format", fmt])
    out = capsys.readouterr().out
    assert code == 1  # the unknown field and the time zone are errors
    return out


def assert_inert(out: str, annotations: bool) -> None:
    for char in RAW:
        assert char not in out, (char, out)
    assert "##[" not in out
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert annotations, line
            assert ANNOTATION.match(line), line


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_no_value_starts_a_command_or_prints_a_control_character(hostile_site, capsys, fmt: str) -> None:
    out = validate(hostile_site, fmt, capsys)
    assert_inert(out, annotations=fmt == "github")
    assert "hostile.yaml" in out


def test_text_shows_each_control_character_as_an_escape(hostile_site, capsys) -> None:
    out = validate(hostile_site, "text", capsys)
    unknown = next(line for line in out.splitlines() if "is not a known field" in line)
    assert unknown.startswith("content/events/paris-web/hostile.yaml:")
    assert (r"Evil\n::add-mask::x \x1b]0;title\x07 \u202eevil ##\x5bstop-commands]t 100%: is not a known field"
            in unknown)
    zone = next(line for line in out.splitlines() if "timezone:" in line)
    assert r"\x1b[2J" in zone


def test_github_annotations_encode_message_and_properties(hostile_site, capsys) -> None:
    out = validate(hostile_site, "github", capsys)
    unknown = next(line for line in out.splitlines() if "is not a known field" in line)
    # the field is the annotation's title: ':' and ',' encoded as properties need, '%' first
    assert (r",title=Evil\n%3A%3Aadd-mask%3A%3Ax \x1b]0;title\x07 \u202eevil ##\x5bstop-commands]t 100%25::"
            in unknown)
    zone = next(line for line in out.splitlines() if ",title=timezone::" in line)
    assert r"Europe/Paris\x1b[2J" in zone


def test_json_gives_the_exact_value_back(hostile_site, capsys) -> None:
    out = validate(hostile_site, "json", capsys)
    report = json.loads(out)
    fields = {p["field"] for p in report["problems"]}
    assert HOSTILE in fields  # exact, control characters included, once parsed
    zone = next(p for p in report["problems"] if p["field"] == "timezone")
    assert "\x1b[2J" in zone["message"] or r"\x1b[2J" in zone["message"]
    assert report["errors"] >= 2


def test_a_file_name_cannot_start_a_command(site, capsys) -> None:
    stray = site.root / "::add-mask::x.yaml"
    stray.write_text("title: x\n", "utf-8")
    for fmt in ("text", "github"):
        assert main(["--root", str(site.root), "validate", "--format", fmt, str(stray)]) == 1
        out = capsys.readouterr().out
        assert_inert(out, annotations=fmt == "github")
    assert main(["--root", str(site.root), "validate", str(stray)]) == 1
    assert capsys.readouterr().out.startswith("./::add-mask::x.yaml: is not inside the content/ folder")


def table_cells(markdown: str) -> list[list[str]]:
    """The cells of a Markdown table as GitHub reads it (GFM tables), as text."""
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    rows: list[list[str]] = []
    in_row = False
    for token in tokens:
        if token.type in ("tr_open", "tr_close"):
            in_row = token.type == "tr_open"
            rows += [[]] if in_row else []
        elif token.type == "inline" and in_row:
            rows[-1].append("".join(child.content for child in token.children or []
                                    if child.type in ("text", "code_inline", "html_inline")))
    return rows


@pytest.mark.parametrize(("text", "shown"), [
    (HOSTILE, r"Evil ::add-mask::x \x1b]0;title\x07 \u202eevil ##\x5bstop-commands]t 100%"),
    ("<img src=x onerror=alert(1)> | [x](javascript:alert(1)) @team",
     "<img src=x onerror=alert(1)> | [x](javascript:alert(1)) @team"),
])
def test_summary_cells_show_organizer_text_as_written(text: str, shown: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {md_text(text)} | {md_code(text)} |\n"
    cells = table_cells(table)
    assert len(cells) == 2
    assert len(cells[1]) == 2  # nothing closed the cell or started a row
    for char in RAW:
        assert char not in table
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(table)
    assert "<img" not in html
    assert "<a " not in html
    assert cells[1][0] == shown  # the text cell: one line, spaces collapsed
    assert cells[1][1] == shown if "\n" not in text else cells[1][1] == shown.replace("Evil ", "Evil\\n")


@pytest.mark.parametrize("name", ["a`b", "``x", "a|b", "x\n| c | d |"])
def test_a_file_name_stays_inside_its_code_span(name: str) -> None:
    cells = table_cells(f"| a | b |\n| --- | --- |\n| {md_code(name)} | z |\n")
    assert cells[1][1] == "z"
    assert cells[1][0].replace("\\n", "\n") == name


def test_the_job_summary_of_a_hostile_record_is_inert(hostile_site, capsys) -> None:
    event = hostile_site.path("events/paris-web/hostile.yaml")
    assert main(["--root", str(hostile_site.root), "summary", str(event)]) == 0
    out = capsys.readouterr().out
    assert_inert(out, annotations=False)
    row = next(cells for cells in table_cells(out) if "event" in cells[0])
    assert len(row) == 4
    assert row[1] == "content/events/paris-web/hostile.yaml"  # it has problems: shown by its path


ODD = st.text(alphabet=st.sampled_from([":", " ", "#", "[", "]", "%", ",", "\n", "\r", "\x1b", "\u202e", "\x85", "a"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), ODD), st.one_of(st.text(), ODD), st.one_of(st.text(), ODD), st.text())
def test_any_value_in_any_format_is_printable_and_exact_in_json(path: str, field: str, message: str,
                                                                hint: str) -> None:
    problem = Problem(path, 3, 7, field, message, hint=hint)
    for fmt in ("text", "github"):
        out = report.format_problems([problem], 1, fmt)
        lines = out.split("\n")
        assert lines[-1] == ""
        assert len(lines) == 3  # the problem on one line, the count, nothing else
        assert all(line.isprintable() for line in lines)
        assert "##[" not in out
        first = lines[0]
        if fmt == "github":
            assert ANNOTATION.match(first), first
        else:
            assert not first.lstrip(" ").startswith("::"), first
    out = report.format_problems([problem], 1, "json")
    assert all(line.isprintable() for line in out.split("\n"))
    assert "##[" not in out
    parsed = json.loads(out)["problems"][0]
    assert (parsed["file"], parsed["field"], parsed["message"], parsed["hint"]) == (path, field, message, hint)
