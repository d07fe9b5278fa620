"""Hostile values: every value bounded, every pattern matched whole, every check linear, dates in a window.

Each case writes a real YAML file into a copy of the sample content and runs the real
``groundgame validate`` on it; the expected lines are the exact messages an organizer reads.
"Now" is 2026-12-01 (``SOURCE_DATE_EPOCH``), so dates may run from 1970 to 2036.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import build

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.content.schema import KINDS, validator
from groundgame.problems import ContentError, UsageError
from groundgame.tools.forms import FORMS, submit

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1796083200"  # 2026-12-01T00:00:00Z

EVENT = "events/paris-atelier-du-web/x.yaml"
SHOWN = "content/events/paris-atelier-du-web/x.yaml"
GOOD_EVENT = "title: Atelier\nstart: 2027-01-12T19:00\nvenue: {name: Médiathèque}\n"
CLUB = "clubs/lyon-web.yaml"
GOOD_CLUB = """\
name: Lyon Web
summary: On apprend.
languages: [fr]
region: europe
location: {city: Lyon, country: FR}
timezone: Europe/Paris
leaders: [{name: Léa, github: lea}]
status: active
"""


def _copy_sample(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("news"))
    return root


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return _copy_sample(tmp_path)


def validate(root: Path, rel: str, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Write ``text`` to ``content/rel`` and run ``groundgame validate`` on it: exit code and problem lines."""
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    code = main(["--root", str(root), "validate", str(path)])
    lines = capsys.readouterr().out.splitlines()
    return code, [line for line in lines if not line.startswith("Checked ")]


def event(replace: str = "", by: str = "", add: str = "") -> str:
    return (GOOD_EVENT.replace(replace, by) if replace else GOOD_EVENT) + add


def club(replace: str = "", by: str = "", add: str = "") -> str:
    return (GOOD_CLUB.replace(replace, by) if replace else GOOD_CLUB) + add


def test_the_sample_content_is_valid(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(sample), "validate"]) == 0
    assert capsys.readouterr().out.endswith("(all valid).\n")


# --- 1. bounds: every text, list and map has a limit, said in plain words -------------------------
BOUNDS = [
    pytest.param(EVENT, event("Atelier", "x" * 100_000), [
        f"{SHOWN}:1:8: title: must be at most 200 characters (this one has 100,000); shorten it",
    ], id="title-100000"),
    pytest.param(EVENT, event("Atelier", "{fr: '" + "x" * 201 + "'}"), [
        f"{SHOWN}:1:13: title.fr: must be at most 200 characters (this one has 201); shorten it",
    ], id="title-in-a-language"),
    pytest.param(EVENT, event(add="description: " + "y" * 20_001 + "\n"), [
        f"{SHOWN}:4:14: description: must be at most 20,000 characters (this one has 20,001); shorten it",
    ], id="markdown-20001"),
    pytest.param(EVENT, event(add="summary: " + "s" * 1_001 + "\n"), [
        f"{SHOWN}:4:10: summary: must be at most 1,000 characters (this one has 1,001); shorten it",
    ], id="summary-1001"),
    pytest.param(EVENT, event("{name: Médiathèque}", "{name: Lib, address: '" + "a" * 301 + "'}"), [
        f"{SHOWN}:3:29: venue.address: must be at most 300 characters (this one has 301); shorten it",
    ], id="address-301"),
    pytest.param(EVENT, event(add="topics: [" + ", ".join(f"t{i}" for i in range(1500)) + "]\n"), [
        f"{SHOWN}:4:9: topics: must have at most 20 entries (this one has 1,500); keep the ones that matter most",
    ], id="topics-1500"),
    pytest.param(EVENT, event(add="cohosts: [" + ", ".join(f"c{i}" for i in range(11)) + "]\n"), [
        f"{SHOWN}:4:10: cohosts: must have at most 10 entries (this one has 11); keep the ones that matter most",
    ], id="cohosts-11"),
    pytest.param(EVENT, event("Atelier", "{" + ", ".join(f"x{c}{c}: t" for c in "abcdefghijk") + "}"), [
        f"{SHOWN}:1:8: title: must have at most 10 languages (this one has 11); keep the ones that matter most",
    ], id="title-11-languages"),
    pytest.param(EVENT, event(add="activities:\n  during:\n" + "    - title: a\n" * 31), [
        f"{SHOWN}:6:5: activities.during: must have at most 30 entries (this one has 31); keep the ones that "
        "matter most",
    ], id="activities-31"),
    pytest.param(EVENT, event(add="repeat: {every: week, count: 600}\n"), [
        f"{SHOWN}:4:30: repeat.count: must be at most 520 (got 600); a series has at most 520 meetings; end this "
        "one sooner and start a new series after it",
    ], id="count-600"),
    pytest.param(EVENT, event(add="repeat:\n  every: day\n  count: 3\n  except: ["
                                  + ", ".join(str(date(2027, 1, 1) + timedelta(days=d)) for d in range(532))
                                  + "]\n"), [
        f"{SHOWN}:7:11: repeat.except: must have at most 520 dates (this one has 532); a series has at most 520 "
        "meetings",
    ], id="except-532"),
    pytest.param(EVENT, event(add="registration: {capacity: 5000000}\n"), [
        f"{SHOWN}:4:26: registration.capacity: must be at most 1000000 (got 5000000)",
    ], id="capacity"),
    pytest.param(CLUB, club(add="programs: [" + ", ".join(f"p{i}" for i in range(21)) + "]\n"), [
        "content/clubs/lyon-web.yaml:9:11: programs: must have at most 20 entries (this one has 21); keep the "
        "ones that matter most",
    ], id="programs-21"),
    pytest.param(CLUB, club("leaders: [{name: Léa, github: lea}]",
                            "leaders: [" + ", ".join(f"{{name: L, github: l{i}}}" for i in range(21)) + "]"), [
        "content/clubs/lyon-web.yaml:7:10: leaders: must have at most 20 entries (this one has 21); keep the ones "
        "that matter most",
    ], id="leaders-21"),
    pytest.param(CLUB, club("languages: [fr]", "languages: [" + ", ".join(["fr"] + [f"x{c}{c}" for c in "abcdefghij"])
                            + "]"), [
        "content/clubs/lyon-web.yaml:3:12: languages: must have at most 10 entries (this one has 11); keep the "
        "ones that matter most",
    ], id="languages-11"),
    pytest.param(CLUB, club("{city: Lyon, country: FR}", "{city: '" + "L" * 301 + "', country: FR}"), [
        "content/clubs/lyon-web.yaml:5:18: location.city: must be at most 300 characters (this one has 301); "
        "shorten it",
    ], id="city-301"),
    # whitespace-only text is empty text
    pytest.param(EVENT, event("Atelier", "'   '"), [
        f"{SHOWN}:1:8: title: must not be blank: it holds only spaces, line breaks or invisible characters; write "
        "the text, or leave the field out if it is optional",
    ], id="title-spaces"),
    pytest.param(EVENT, event("Atelier", "''"), [f"{SHOWN}:1:8: title: must not be empty"], id="title-empty"),
    pytest.param(EVENT, event("Atelier", '"\\u200b\\t \\u3000"'), [
        f"{SHOWN}:1:8: title: must not be blank: it holds only spaces, line breaks or invisible characters; write "
        "the text, or leave the field out if it is optional",
    ], id="title-invisible"),
    pytest.param(EVENT, event(add='description: "  \\n\\n \\t "\n'), [
        f"{SHOWN}:4:14: description: must not be blank: it holds only spaces, line breaks or invisible "
        "characters; write the text, or leave the field out if it is optional",
    ], id="markdown-blank"),
    pytest.param(CLUB, club("name: Lyon Web", "name: {fr: '  '}"), [
        "content/clubs/lyon-web.yaml:1:12: name.fr: must not be blank: it holds only spaces, line breaks or "
        "invisible characters; write the text, or leave the field out if it is optional",
    ], id="name-in-a-language-blank"),
]


def _unbounded(node: object, path: str) -> list[str]:
    """Where a schema lets a value grow without limit: a string with neither a maxLength nor a
    pattern of fixed length, a list without maxItems, a map of free keys without maxProperties."""
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += _unbounded(item, f"{path}[{i}]")
    if not isinstance(node, dict):
        return found
    kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
    pattern = re.sub(r"\\.", "", str(node.get("pattern", "*")))
    if "string" in kinds and "maxLength" not in node and "enum" not in node and re.search(r"[*+]|\{\d+,\}", pattern):
        found.append(path)
    if "array" in kinds and "maxItems" not in node:
        found.append(path)
    if "object" in kinds and isinstance(node.get("additionalProperties"), dict) and "maxProperties" not in node:
        found.append(path)
    for key, value in node.items():
        if key != "not":  # the blank-text check is a shape refused, not a value kept
            found += _unbounded(value, f"{path}/{key}")
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_string_list_and_map_of_the_schemas_is_bounded(kind: str) -> None:
    assert _unbounded(validator(kind).schema, kind) == []


@pytest.mark.parametrize(("rel", "text", "expected"), BOUNDS)
def test_every_value_is_bounded(sample: Path, capsys: pytest.CaptureFixture[str], rel: str, text: str,
                                expected: list[str]) -> None:
    assert validate(sample, rel, text, capsys) == (1, expected)


def _topics(root: Path) -> list[str]:
    """The topics of the tree's vocabulary (#15), as PyYAML reads the file."""
    import yaml

    return sorted(yaml.safe_load((root / "content/vocabulary/topics.yaml").read_text("utf-8")))


def test_the_largest_allowed_values_are_valid(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"title: '{'T' * 200}'\nsummary: '{'s' * 1000}'\ndescription: '{'d' * 20_000}'\n"
            f"start: 2027-01-12T19:00\nvenue: {{name: '{'v' * 300}', address: '{'a' * 300}'}}\n"
            f"topics: [{', '.join(_topics(sample)[:20])}]\n"
            f"online: {{url: 'https://example.org/{'p' * 1980}'}}\n"
            "repeat: {every: day, count: 520}\n")
    assert validate(sample, EVENT, text, capsys) == (0, [])


# --- 2. whole values: no line break, control or bidirectional control slips through ------------
CHARACTERS = [
    pytest.param(EVENT, event("{name: Médiathèque}", '{name: "Média\\nthèque"}'), [
        f"{SHOWN}:3:15: venue.name: must be one line, but has a line break (U+000A LINE FEED at character 6); "
        "write it on one line",
    ], id="line-break-inside"),
    pytest.param(EVENT, event("title: Atelier", "title: >\n  Atelier"), [
        f"{SHOWN}:1:8: title: must be one line, but has a line break (U+000A LINE FEED at character 8); remove "
        "the line break at the end: a '|' or '>' block adds one, so write the value on the same line as its field",
    ], id="folded-block-title"),
    pytest.param(EVENT, event("Atelier", '"Ate\\u202Elier"'), [
        f"{SHOWN}:1:8: title: must not contain bidirectional controls, which make text read differently than it "
        "is stored, but has U+202E RIGHT-TO-LEFT OVERRIDE at character 4; remove it; the site sets each "
        "language's direction itself",
    ], id="bidi-override"),
    pytest.param(EVENT, event("Atelier", '"x\\u2066y"'), [
        f"{SHOWN}:1:8: title: must not contain bidirectional controls, which make text read differently than it "
        "is stored, but has U+2066 LEFT-TO-RIGHT ISOLATE at character 2; remove it; the site sets each "
        "language's direction itself",
    ], id="bidi-isolate"),
    pytest.param(EVENT, event("Atelier", '"\\e]0;pwned\\a"'), [
        f"{SHOWN}:1:8: title: must not contain control characters, but has U+001B ESCAPE at character 1; remove it",
    ], id="terminal-escape"),
    pytest.param(EVENT, event("Atelier", '"tab\\there"'), [
        f"{SHOWN}:1:8: title: must not contain control characters, but has U+0009 CHARACTER TABULATION at "
        "character 4; remove it",
    ], id="tab-in-a-line"),
    pytest.param(EVENT, event("Atelier", '"next\\Nline"'), [
        f"{SHOWN}:1:8: title: must be one line, but has a line break (U+0085 NEXT LINE at character 5); write it "
        "on one line",
    ], id="c1-next-line"),
    pytest.param(EVENT, event("Atelier", '"a\\u2028b"'), [
        f"{SHOWN}:1:8: title: must be one line, but has a line break (U+2028 LINE SEPARATOR at character 2); "
        "write it on one line",
    ], id="line-separator"),
    pytest.param(EVENT, event("Atelier", '"A\\uFFFEB"'), [
        f"{SHOWN}:1:8: title: must not contain noncharacters, which XML feeds cannot carry, but has U+FFFE at "
        "character 2; remove it",
    ], id="noncharacter"),
    pytest.param(EVENT, event(add='report: "Fini.\\uFFFF"\n'), [
        f"{SHOWN}:4:9: report: must not contain noncharacters, which XML feeds cannot carry, but has U+FFFF at "
        "character 6; remove it",
    ], id="markdown-noncharacter"),
    pytest.param(EVENT, event(add='description: "Line one\\n\\n\\tcode\\n\\u200Fnot here"\n'), [
        f"{SHOWN}:4:14: description: must not contain bidirectional controls, which make text read differently "
        "than it is stored, but has U+200F RIGHT-TO-LEFT MARK at character 17; remove it; the site sets each "
        "language's direction itself",
    ], id="markdown-bidi-mark"),
    pytest.param(EVENT, event(add='report: "Done.\\r\\nThanks"\n'), [
        f"{SHOWN}:4:9: report: must not contain control characters, but has U+000D CARRIAGE RETURN at "
        "character 6; remove it",
    ], id="markdown-carriage-return"),
    pytest.param(EVENT, event(add='topics: ["web\\n"]\n'), [
        f"{SHOWN}:4:10: topics[0]: must be lowercase letters and digits joined by single hyphens, like 'web-lab', "
        "on one line, but has a line break (U+000A LINE FEED at character 4); remove the line break at the end: "
        "a '|' or '>' block adds one, so write the value on the same line as its field",
    ], id="topic-ending-in-newline"),
    pytest.param(EVENT, event(add="campaign: |\n  maker-party-2027\n"), [
        f"{SHOWN}:4:11: campaign: must be lowercase letters and digits joined by single hyphens, like 'web-lab', "
        "on one line, but has a line break (U+000A LINE FEED at character 17); remove the line break at the end: "
        "a '|' or '>' block adds one, so write the value on the same line as its field",
    ], id="campaign-block"),
    pytest.param(EVENT, event("2027-01-12T19:00", '"2027-01-12T19:00\\n"'), [
        f"{SHOWN}:2:8: start: must be a date (2026-12-01) or a local date and time (2026-12-01T19:00), on one "
        "line, but has a line break (U+000A LINE FEED at character 17); remove the line break at the end: a '|' "
        "or '>' block adds one, so write the value on the same line as its field",
    ], id="date-ending-in-newline"),
    pytest.param(CLUB, club("leaders: [{name: Léa, github: lea}]", "leaders:\n  - name: Léa\n    github: |\n"
                                                                     "      lea\n"), [
        "content/clubs/lyon-web.yaml:9:13: leaders[0].github: must be a GitHub user name: letters, digits and "
        "single hyphens, without '@', on one line, but has a line break (U+000A LINE FEED at character 4); remove "
        "the line break at the end: a '|' or '>' block adds one, so write the value on the same line as its field",
    ], id="github-block-scalar"),
    pytest.param(CLUB, club("name: Lyon Web", 'name: {"fr\\n": Lyon Web}'), [
        "content/clubs/lyon-web.yaml:1:8: name.fr\\n: must be a language tag such as 'en', 'pt-BR' or 'ar', on one "
        "line, but has a line break (U+000A LINE FEED at character 3); remove the line break at the end: a '|' or "
        "'>' block adds one, so write the value on the same line as its field",
    ], id="language-key-with-newline"),
]


@pytest.mark.parametrize(("rel", "text", "expected"), CHARACTERS)
def test_patterns_match_the_whole_value(sample: Path, capsys: pytest.CaptureFixture[str], rel: str, text: str,
                                        expected: list[str]) -> None:
    assert validate(sample, rel, text, capsys) == (1, expected)


def test_markdown_keeps_its_line_breaks_and_tabs(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = event(add='description: "# Programme\\n\\n- un\\n- deux\\n\\n\\tcode\\n"\n'
                     'summary: "Une ligne,\\npuis une autre."\n')
    assert validate(sample, EVENT, text, capsys) == (0, [])


def test_a_github_block_scalar_cannot_split_codeowners(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = club("leaders: [{name: Léa, github: lea}]", "leaders:\n  - name: Léa\n    github: |\n      lea\n")
    assert validate(sample, CLUB, text, capsys)[0] == 1
    assert main(["--root", str(sample), "codeowners", "--check"]) == 1
    assert "CODEOWNERS is made from valid content" in capsys.readouterr().out


def test_a_record_file_name_ending_in_a_newline_is_refused(sample: Path) -> None:
    source = sample / "content/clubs/paris-atelier-du-web.yaml"
    shutil.copy(source, source.with_name("paris-atelier-du-web\n.yaml"))
    outcome = load_network(sample)
    assert [p.text() for p in outcome.errors] == [
        "content/clubs/paris-atelier-du-web\\n.yaml: has a name that is not a valid id ('paris-atelier-du-web\\n'); "
        "ids are lowercase letters and digits joined by single hyphens; rename it to 'paris-atelier-du-web'",
    ]


def test_a_record_file_name_is_bounded(sample: Path) -> None:
    source = sample / "content/clubs/paris-atelier-du-web.yaml"
    shutil.copy(source, source.with_name("a" * 81 + ".yaml"))
    assert [p.text() for p in load_network(sample).errors] == [
        f"content/clubs/{'a' * 81}.yaml: has a name of 81 characters; an id is at most 80; rename it to "
        f"'{'a' * 80}'",
    ]


# --- 3. linear time: long bad values are refused by their length, patterns never backtrack -----------
LINEAR = [
    pytest.param(EVENT, event(add="online: {url: 'https://" + "a" * 120_000 + "'}\n"), [
        f"{SHOWN}:4:15: online.url: must be at most 2,000 characters (this one has 120,008); shorten it",
    ], id="url-120kb"),
    pytest.param(EVENT, event(add="online: {url: 'https://" + "a" * 1_990 + " '}\n"), [
        f"{SHOWN}:4:15: online.url: must not contain spaces, but has a space at character 1,999 "
        f"(after '…{'a' * 24}'); remove it: an address has no spaces",
    ], id="url-ending-in-a-space"),
    pytest.param(EVENT, event(add="online: {url: 'https://a/" + "/" * 1_980 + "\u3000'}\n"), [
        f"{SHOWN}:4:15: online.url: must not contain spaces, but has a blank (IDEOGRAPHIC SPACE) at character 1,991 "
        f"(after '…{'/' * 24}'); remove it",
    ], id="url-ending-in-an-ideographic-space"),
    pytest.param(EVENT, event(add="online: {url: 'https://user@example.org/'}\n"), [
        f"{SHOWN}:4:15: online.url: must be a web address starting with https:// or http://, or a mailto: address "
        "(got 'https://user@example.org/')",
    ], id="url-with-user-info"),
    pytest.param(CLUB, club(add="contact: {email: 'a@" + "." * 240 + " '}\n"), [
        "content/clubs/lyon-web.yaml:9:18: contact.email: must be an email address such as club@example.org (got "
        f"'{('a@' + '.' * 240)[:57]}...')",
    ], id="email-dots"),
    pytest.param(CLUB, club(add="contact: {email: 'a@" + "b" * 300_00 + "'}\n"), [
        "content/clubs/lyon-web.yaml:9:18: contact.email: must be at most 254 characters (this one has 30,002); "
        "shorten it",
    ], id="email-30kb"),
    pytest.param(CLUB, club(add="topics: ['" + "a-" * 10_000 + "']\n"), [
        "content/clubs/lyon-web.yaml:9:10: topics[0]: must be at most 80 characters (this one has 20,000); "
        "shorten it",
    ], id="slug-20kb"),
]


@pytest.mark.parametrize(("rel", "text", "expected"), LINEAR)
def test_long_values_are_refused_by_length_and_patterns_are_linear(
        sample: Path, capsys: pytest.CaptureFixture[str], rel: str, text: str, expected: list[str]) -> None:
    assert validate(sample, rel, text, capsys) == (1, expected)


def test_a_long_unknown_key_is_named_shortened(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = validate(sample, EVENT, event(add="? " + "k" * 100_000 + "\n: x\n"), capsys)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{SHOWN}:4:3: {'k' * 57}...: is not a known field; known fields are: title, ")


def test_a_file_of_many_problems_shows_a_bounded_number(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = event(add="".join(f"unknown{i}: x\n" for i in range(5_000)))
    code, lines = validate(sample, EVENT, text, capsys)
    assert code == 1
    assert len(lines) == 101
    assert f"{SHOWN}: has 5,000 problems; the first 100 are shown; fix them and check the file again" in lines


@pytest.mark.parametrize(("number", "message"), [
    ("9" * 5_000, "must be a whole number (got inf)"),
    (".nan", "must be a whole number (got nan)"),
])
def test_numbers_too_large_or_not_numbers_are_problems(sample: Path, capsys: pytest.CaptureFixture[str],
                                                       number: str, message: str) -> None:
    text = event(add=f"registration: {{capacity: {number}}}\n")
    assert validate(sample, EVENT, text, capsys) == (1, [f"{SHOWN}:4:26: registration.capacity: {message}"])


def test_a_coordinate_that_is_not_a_number_is_a_problem(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = event("{name: Médiathèque}", "{name: Lib, lat: .nan, lon: -.inf}")
    assert validate(sample, EVENT, text, capsys) == (1, [
        f"{SHOWN}:3:25: venue.lat: must be a number (got nan)",
        f"{SHOWN}:3:36: venue.lon: must be a number (got -inf)",
    ])


# --- 4. dates inside a window: 1970 to ten years after now ----------------------------------------
DATES = [
    pytest.param("start: 2027-01-12T19:00", "start: 9999-12-31T23:00", [
        f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '9999-12-31T23:00'); a date more than ten "
        "years ahead is taken for a typo",
    ], id="year-9999"),
    pytest.param("start: 2027-01-12T19:00", "start: 0001-01-01", [
        f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '0001-01-01'); did you mean 2001?",
    ], id="year-1"),
    pytest.param("start: 2027-01-12T19:00", "start: 9027-01-12T19:00", [
        f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '9027-01-12T19:00'); did you mean 2027?",
    ], id="typo-9027"),
    pytest.param("start: 2027-01-12T19:00", "start: 1969-12-31T23:00", [
        f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '1969-12-31T23:00')",
    ], id="year-1969"),
    pytest.param("start: 2027-01-12T19:00", "start: 2037-01-01", [
        f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '2037-01-01'); a date more than ten years "
        "ahead is taken for a typo",
    ], id="eleven-years-ahead"),
    pytest.param("venue:", "end: 9999-12-31T23:59\nvenue:", [
        f"{SHOWN}:3:6: end: must be in a year from 1970 to 2036 (got '9999-12-31T23:59'); a date more than ten "
        "years ahead is taken for a typo",
    ], id="end-9999"),
    pytest.param("venue:", "repeat: {every: week, until: 9999-12-31}\nvenue:", [
        f"{SHOWN}:3:30: repeat.until: must be in a year from 1970 to 2036 (got '9999-12-31'); a date more than "
        "ten years ahead is taken for a typo",
    ], id="until-9999"),
    pytest.param("venue:", "repeat: {every: year, count: 520}\nvenue:", [
        f"{SHOWN}:3:30: repeat.count: makes the series run past 2036: meeting 11 of 520 would be on 2037-01-12; "
        "give fewer meetings, and add a new series when the time comes",
    ], id="yearly-series-of-520"),
    pytest.param("venue:", "registration: {deadline: 9999-01-01}\nvenue:", [
        f"{SHOWN}:3:26: registration.deadline: must be in a year from 1970 to 2036 (got '9999-01-01'); a date "
        "more than ten years ahead is taken for a typo",
    ], id="deadline-9999"),
]


@pytest.mark.parametrize(("replace", "by", "expected"), DATES)
def test_dates_are_inside_the_window(sample: Path, capsys: pytest.CaptureFixture[str], replace: str, by: str,
                                     expected: list[str]) -> None:
    assert validate(sample, EVENT, event(replace, by), capsys) == (1, expected)


def test_the_window_follows_now(sample: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    text = event("start: 2027-01-12T19:00", "start: 2040-01-14T19:00")
    assert validate(sample, EVENT, text, capsys)[0] == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1955000000")  # 2031-12-13: the window runs to 2041
    assert validate(sample, EVENT, text, capsys) == (0, [])


@pytest.mark.parametrize("start", ["9999-12-31T23:00", "0001-01-01", "9027-01-12T19:00"])
def test_dates_outside_the_window_fail_the_build_with_the_message(
        sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str) -> None:
    (sample / "content" / EVENT).write_text(event("2027-01-12T19:00", start), encoding="utf-8")
    with pytest.raises(ContentError):
        build(sample, tmp_path / "output")
    assert f"{SHOWN}:2:8: start: must be in a year from 1970 to 2036 (got '{start}')" in capsys.readouterr().err


# --- the issue-form bot runs the same checks ---------------------------------------------------------
def _form(kind: str, answers: dict[str, str]) -> str:
    return "\n\n".join(f"### {f.label}\n\n{answers.get(f.id) or '_No response_'}" for f in FORMS[kind])


FORM_EVENT = {"club": "paris-atelier-du-web", "title": "Atelier", "start": "2027-01-12 19:00",
              "venue": "Médiathèque"}


@pytest.mark.parametrize(("answers", "expected"), [
    pytest.param({**FORM_EVENT, "online": "https://" + "a" * 120_000},
                 [("Online address", "must be at most 2,000 characters (this one has 120,008); shorten it")],
                 id="url-120kb"),
    pytest.param({**FORM_EVENT, "title": "Ate\u202elier"},
                 [("Event title", "must not contain bidirectional controls, which make text read differently than "
                                  "it is stored, but has U+202E RIGHT-TO-LEFT OVERRIDE at character 4; remove it; "
                                  "the site sets each language's direction itself")],
                 id="bidi-title"),
    pytest.param({**FORM_EVENT, "start": "9027-01-12 19:00"},
                 [("Start", "must be in a year from 1970 to 2036 (got '9027-01-12T19:00'); did you mean 2027?")],
                 id="typo-year"),
    pytest.param({**FORM_EVENT, "slug": "a" * 100_000},
                 [("Short name for the file", "must be at most 80 characters (this one has 100,000)")],
                 id="slug-100kb"),
    pytest.param({**FORM_EVENT, "club": "paris-atelier-du-web" * 1000},
                 [("Club id", "must be a club's id, such as paris-atelier-du-web (got "
                              f"'{('paris-atelier-du-web' * 3)[:57]}...')")],
                 id="club-20kb"),
])
def test_the_issue_form_uses_the_same_checks(sample: Path, answers: dict[str, str],
                                             expected: list[tuple[str, str]]) -> None:
    outcome = submit(sample, "event", _form("event", answers))
    assert list(outcome.errors) == expected
    assert not (sample / "content/events/paris-atelier-du-web/atelier.yaml").exists()


def test_the_issue_form_refuses_an_author_with_a_newline(sample: Path) -> None:
    answers = {"name": "Lyon Web", "summary": "On apprend.", "languages": "fr", "region": "europe",
               "city": "Lyon", "country": "FR", "timezone": "Europe/Paris", "leader": "Léa"}
    with pytest.raises(UsageError, match="--author 'lea\\\\n'"):
        submit(sample, "club", _form("club", answers), author="lea\n")


# --- property: hostile strings in any text field give a Problem, never a traceback -----------------
_HOSTILE = "\n\r\t\x00\x07\x1b\x7f\x85\x9b\u2028\u2029\u202e\u202a\u2066\u2069\u200e\u200f\u061c\u200b\ufeff\xa0\ufffe "
_FRIENDLY = "aZ09 -_.,:;!?'éßЖ中ع😀"
_ALPHABET = st.sampled_from(_HOSTILE + _FRIENDLY)
_INVISIBLE = "\u200b\u2060\ufeff"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# field, its YAML place in the event, its length limit, whether line breaks and tabs are allowed
_FIELDS = {
    "title": ("title: {}\nstart: 2027-01-12T19:00\nvenue: {{name: Lib}}\n", 200, False),
    "venue.name": ("title: x\nstart: 2027-01-12T19:00\nvenue: {{name: {}}}\n", 300, False),
    "summary": ("title: x\nstart: 2027-01-12T19:00\nvenue: {{name: Lib}}\nsummary: {}\n", 1000, True),
    "description": ("title: x\nstart: 2027-01-12T19:00\nvenue: {{name: Lib}}\ndescription: {}\n", 20_000, True),
    "cost.fr": ("title: x\nstart: 2027-01-12T19:00\nvenue: {{name: Lib}}\ncost: {{fr: {}}}\n", 300, False),
}


def _yaml_string(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, every character that is not plain ASCII escaped."""
    out = []
    for char in value:
        if " " <= char <= "~" and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08X}")
    return '"' + "".join(out) + '"'


def _refused(value: str, limit: int, multiline: bool) -> bool:
    """The rule, written out here: what a text field must refuse."""
    allowed_controls = "\t\n" if multiline else ""
    for char in value:
        category = unicodedata.category(char)
        if char in _BIDI or char in "\ufffe\uffff" or (category == "Cc" and char not in allowed_controls):
            return True
        if not multiline and char in "\u2028\u2029":
            return True
    blank = all(c.isspace() or c in _INVISIBLE for c in value)
    return blank or len(value) > limit


_VALUES = st.one_of(
    st.text(_ALPHABET, max_size=40),
    st.builds(lambda s, n: s * n, st.text(_ALPHABET, min_size=1, max_size=8), st.integers(1, 2_600)),
)


@pytest.fixture(scope="module")
def shared_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_sample(tmp_path_factory.mktemp("hostile"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(_FIELDS)), value=_VALUES)
def test_hostile_strings_give_a_problem_never_a_traceback(shared_sample: Path, field: str, value: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    template, limit, multiline = _FIELDS[field]
    path = shared_sample / "content" / EVENT
    path.write_text(template.format(_yaml_string(value)), encoding="utf-8")
    problems = load_network(shared_sample, [path]).problems
    if _refused(value, limit, multiline):
        assert problems, f"{field}={value!r} was accepted"
        assert all(re.match(rf"{re.escape(SHOWN)}:\d+:\d+: {re.escape(field)}: ", p.text()) for p in problems), \
            [p.text() for p in problems]
    else:
        assert not problems, [p.text() for p in problems]
