"""``groundgame fmt``: canonical field order and date forms, comments kept, content unchanged."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from groundgame.cli import main
from groundgame.content.dates import canonical_when
from groundgame.content.files import SourceFile, discover
from groundgame.content.network import load_network
from groundgame.content.schema import is_when, validator
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.tools import canonical
from groundgame.tools.fmt import SCHEMA_LINE, format_file, format_text

REPO = Path(__file__).resolve().parents[1]
UP = "../../../"
EVENT_LINE = "# yaml-language-server: $schema=../../../schemas/event.schema.json\n"


@pytest.mark.parametrize(("written", "canonical"), [
    ("2026-12-01", "2026-12-01"),
    ("2026-12-1", "2026-12-01"),
    ("2026-1-5", "2026-01-05"),
    ("2026-12-01 19:00", "2026-12-01T19:00"),
    ("2026-12-01t19:00", "2026-12-01T19:00"),
    ("2026-12-1 9:05", "2026-12-01T09:05"),
    ("2026-12-01T19:00:00", "2026-12-01T19:00"),
    ("2026-12-01T19:00:30", "2026-12-01T19:00:30"),
    ("2026-02-30", None),
    ("2026-12-01T25:00", None),
    ("next tuesday", None),
    (20261201, None),
])
def test_canonical_when(written: object, canonical: str | None) -> None:
    assert canonical_when(written) == canonical


def test_sample_content_is_in_canonical_form(capsys) -> None:
    assert main(["--root", str(REPO), "fmt", "--check", str(REPO / "content")]) == 0
    assert re.search(r"^0 of \d+ files would reformat\.$", capsys.readouterr().out, re.MULTILINE)


def test_shuffled_sample_files_come_back_byte_for_byte(tmp_path: Path) -> None:
    """Every sample file, with its fields shuffled at every level, formats back to the original."""
    files, _ = discover(REPO)
    rng = random.Random(6)

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    for source in files:
        original = source.fs_path.read_text("utf-8")
        data = yaml.load(original)
        keys = list(data)
        rng.shuffle(keys)
        for key in keys:
            data.move_to_end(key)
        shuffled = tmp_path / "shuffled.yaml"
        with shuffled.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
        up = "../" * (len(source.fs_path.relative_to(REPO).parts) - 1)
        assert format_text(source.kind, shuffled.read_text("utf-8"), up) == original, source.display


def test_order_dates_and_comments() -> None:
    written = """\
# Our December evening; ask Camille before changing the venue.
start: 2026-12-1 19:00   # moved from Monday
title: Soirée HTML  # the title on the poster
# the library lent us the room
venue:
  city: Paris
  name: Bibliothèque  # second floor
# every week until spring
repeat:
  every: week
  until: 2027-3-30
  except: [2026-12-29, 2027-1-5]
  changes:
    2027-1-12: {start: 2027-01-13T19:00, note: "Mercredi: salle 2"}
    '2027-01-19':
      status: cancelled
end: 2026-12-01T21:00:00
"""
    expected = EVENT_LINE + """\
# Our December evening; ask Camille before changing the venue.
title: Soirée HTML  # the title on the poster
start: 2026-12-01T19:00  # moved from Monday
end: 2026-12-01T21:00
# every week until spring
repeat:
  every: week
  until: 2027-03-30
  except: [2026-12-29, 2027-01-05]
  changes:
    2027-01-12: {start: 2027-01-13T19:00, note: "Mercredi: salle 2"}
    '2027-01-19':
      status: cancelled
# the library lent us the room
venue:
  name: Bibliothèque  # second floor
  city: Paris
"""
    formatted = format_text("event", written, UP)
    assert formatted == expected
    assert format_text("event", formatted, UP) == formatted
    before = parse_bytes(written.encode(), "a.yaml").data
    after = parse_bytes(formatted.encode(), "a.yaml").data
    assert after["repeat"]["changes"].keys() == {"2027-01-12", "2027-01-19"}
    assert after["venue"] == before["venue"]
    assert after["title"] == before["title"]


def test_language_order_and_unknown_fields_are_kept() -> None:
    written = "zzz: kept last\nsummary: {pt-BR: Oi, en: Hi}\nname: {pt-BR: Clube, en: Club}\n"
    formatted = format_text("club", written, "../../")
    assert formatted.splitlines()[1:] == ["name: {pt-BR: Clube, en: Club}", "summary: {pt-BR: Oi, en: Hi}",
                                          "zzz: kept last"]


def test_fmt_fixes_what_validate_names(site, capsys) -> None:
    event = site.write("events/paris-web/late.yaml", """
        title: {fr: Tard}
        start: 2026-12-8 19:00
        venue: {name: Bibliothèque}
    """)
    assert main(["--root", str(site.root), "validate", str(event)]) == 1
    out = capsys.readouterr().out
    assert ("content/events/paris-web/late.yaml:2:8: start: must be a date (2026-12-01) or a local date and time "
            "(2026-12-01T19:00) (got '2026-12-8 19:00'); write it 2026-12-08T19:00; "
            "`groundgame fmt content/events/paris-web/late.yaml` does that for you") in out
    assert main(["--root", str(site.root), "fmt", "--check", str(event)]) == 1
    assert "would reformat content/events/paris-web/late.yaml" in capsys.readouterr().out
    assert "2026-12-8" in event.read_text("utf-8")
    assert main(["--root", str(site.root), "fmt", str(event)]) == 0
    assert main(["--root", str(site.root), "validate", str(event)]) == 0
    assert event.read_text("utf-8").startswith(EVENT_LINE + "title: {fr: Tard}\nstart: 2026-12-08T19:00\n")


def test_date_keys_of_changes_are_named_too(site, capsys) -> None:
    weekly = site.path("events/paris-web/weekly.yaml")
    weekly.write_text(weekly.read_text("utf-8").replace("2027-01-05:", "2027-1-5:"), "utf-8")
    assert main(["--root", str(site.root), "validate", str(weekly)]) == 1
    assert "`groundgame fmt content/events/paris-web/weekly.yaml` does that for you" in capsys.readouterr().out
    assert main(["--root", str(site.root), "fmt", str(weekly)]) == 0
    assert main(["--root", str(site.root), "validate", str(weekly)]) == 0


def test_unreadable_files_are_reported_and_left_alone(site, capsys) -> None:
    twice = site.write("clubs/twice.yaml", "name: A\nname: B\n")
    alias = site.write("clubs/alias.yaml", "name: &n A\nsummary: *n\n")
    before = twice.read_bytes(), alias.read_bytes()
    assert main(["--root", str(site.root), "fmt", str(site.path("clubs"))]) == 1
    captured = capsys.readouterr()
    assert "content/clubs/twice.yaml:2:1: name: is given twice (first on line 1)" in captured.err
    assert "content/clubs/alias.yaml" in captured.err
    assert (twice.read_bytes(), alias.read_bytes()) == before


def test_files_outside_the_record_folders_are_refused(site, capsys) -> None:
    stray = site.root / "notes.yaml"
    stray.write_text("a: 1\n", "utf-8")
    assert main(["--root", str(site.root), "fmt", str(stray)]) == 1
    assert "notes.yaml: is not inside the content/ folder" in capsys.readouterr().err
    assert main(["--root", str(site.root), "fmt", str(site.root / "missing.yaml")]) == 2


def test_the_schema_line_is_added_when_missing(site) -> None:
    files, _ = discover(site.root)
    for source in files:
        result = format_file(source, site.root)
        assert result.text is not None
        kind = source.kind
        assert result.text.splitlines()[0] == (
            f"# yaml-language-server: $schema={'../' * (3 if kind == 'event' else 2)}schemas/{kind}.schema.json")
    assert main(["--root", str(site.root), "fmt", str(site.root / "content")]) == 0
    outcome = load_network(site.root)
    assert outcome.ok, [p.text() for p in outcome.problems]


# The fast path (``canonical``): each case is judged without ruamel (True: fmt changes it,
# False: it does not, None: left to ruamel), and the judgement is the round trip's.
CLUB_LINE = SCHEMA_LINE.format(up="../../", kind="club") + "\n"
CLUB = """\
name:
  fr: L'Atelier
  en: 'The "Workshop"'
summary: Un atelier au 11 rue de la Roquette.
description:
  fr: |
    Chaque mois, un thème.

      - indenté, gardé tel quel
  en: 'First line


    second paragraph.'
languages: [fr, en]
region: europe
location:
  city: Paris
  country: FR
  lat: 48.8590
timezone: Europe/Paris
leaders:
  - name: Camille
    github: camille-fr
founded: 2016-01-13
status: active
"""


@pytest.mark.parametrize(("text", "verdict"), [
    pytest.param(CLUB_LINE + CLUB, False, id="canonical"),
    pytest.param(CLUB, True, id="no-schema-line"),
    pytest.param("\ufeff" + CLUB_LINE + CLUB, True, id="byte-order-mark"),
    pytest.param(CLUB_LINE + CLUB.replace("  - name: Camille\n    github:", "- name: Camille\n  github:"), True,
                 id="list-not-indented"),
    pytest.param(CLUB_LINE + CLUB.replace("  city: Paris\n  country: FR\n  lat:",
                                          "    city: Paris\n    country: FR\n    lat:"),
                 True, id="mapping-over-indented"),
    pytest.param(CLUB_LINE + CLUB.replace("region: europe\nlanguages: [fr, en]\n", "")
                 .replace("languages: [fr, en]\nregion: europe\n", "region: europe\nlanguages: [fr, en]\n"),
                 True, id="fields-out-of-order"),
    pytest.param(CLUB_LINE + CLUB.replace("founded: 2016-01-13", "founded: 2016-1-13"), None, id="date-to-fix"),
    pytest.param(CLUB_LINE + CLUB.replace("languages: [fr, en]", "languages: [fr,en]"), None, id="flow-spacing"),
    pytest.param(CLUB_LINE + CLUB.replace("region: europe", "region: europe  # ask Ada"), None, id="comment"),
    pytest.param(CLUB_LINE + CLUB.replace("timezone:", "# where we meet\ntimezone:"), None, id="comment-line"),
    pytest.param(CLUB_LINE + CLUB.replace("timezone:", "\ntimezone:"), None, id="blank-line"),
    pytest.param(CLUB_LINE + CLUB.replace("status: active", "status: active  "), None, id="trailing-space"),
    pytest.param(CLUB_LINE + CLUB.replace("  fr: |\n", "  fr: |2\n"), None, id="literal-indicator"),
    pytest.param(CLUB_LINE + CLUB.replace("lat: 48.8590", "lat: +48.8590"), None, id="number-form"),
    pytest.param(CLUB_LINE + CLUB.replace("region: europe", "# moved\nregion: europe")
                 .replace("[fr, en]", "[fr,en]"), None, id="comment-and-flow"),
    pytest.param(CLUB_LINE + CLUB.replace("region: europe", "# moved\nregion: europe") + "zz: [b, a]\n",
                 None, id="comment-and-unknown-field"),
    pytest.param(CLUB_LINE + CLUB.replace("region: europe", "# moved\nregion: europe\nzz: [b, a]"),
                 True, id="comment-and-unknown-field-not-last"),
    pytest.param(CLUB_LINE + "# kept\n" + CLUB.replace("  - name: Camille\n    github:",
                                                        "- name: Camille\n  github:"), True,
                 id="comment-and-list-not-indented"),
])
def test_fast_path_judges_as_the_round_trip_does(text: str, verdict: bool | None) -> None:
    doc = parse_bytes(text.encode(), "club.yaml")
    line = CLUB_LINE.rstrip("\n")
    assert canonical.is_changed(doc, text, line, validator("club").schema, is_when) is verdict
    if verdict is not None:
        assert (format_text("club", text.removeprefix("\ufeff"), "../../") != text) is verdict


@pytest.mark.parametrize("text_needed", [True, False])
def test_fmt_check_gives_the_same_answer_by_either_path(tmp_path: Path, text_needed: bool) -> None:
    """format_file: canonical, changed (known without ruamel) and commented files, as the round trip says."""
    folder = tmp_path / "content" / "clubs"
    folder.mkdir(parents=True)
    texts = {
        "canonical": CLUB_LINE + CLUB,
        "moved": CLUB_LINE + CLUB.replace("  - name: Camille\n    github:", "- name: Camille\n  github:"),
        "commented": CLUB_LINE + CLUB.replace("region: europe", "region: europe  # ask Ada")
                     .replace("languages: [fr, en]", "languages: [fr,en]"),
    }
    for name, text in texts.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, "utf-8")
        result = format_file(SourceFile("club", name, path, f"content/clubs/{name}.yaml"), tmp_path,
                             text_needed=text_needed)
        expected = format_text("club", text, "../../")
        assert result.changed is (expected != text), name
        if text_needed or name == "commented":
            assert result.text == expected, name
    commented = format_text("club", texts["commented"], "../../")
    assert "region: europe  # ask Ada" in commented
    assert "languages: [fr, en]" in commented


def test_the_fast_path_knows_every_sample_file_and_its_moved_copy() -> None:
    """The sample files need no round trip; with their lists not indented, none either."""
    files, _ = discover(REPO)
    for source in files:
        text = source.fs_path.read_text("utf-8")
        doc = parse_bytes(text.encode(), source.display)
        up = "../" * (len(source.fs_path.relative_to(REPO).parts) - 1)
        line = SCHEMA_LINE.format(up=up, kind=source.kind)
        schema = validator(source.kind).schema
        assert canonical.is_changed(doc, text, line, schema, is_when) is False, source.display
        moved = re.sub(r"^( *)  - ", r"\1- ", text, flags=re.MULTILINE)
        if moved != text and _same_data(moved, doc.data):
            doc = parse_bytes(moved.encode(), source.display)
            assert canonical.is_changed(doc, moved, line, schema, is_when) is True, source.display
            assert format_text(source.kind, moved, up) == text, source.display


def _same_data(text: str, data: object) -> bool:
    try:
        return parse_bytes(text.encode(), "moved.yaml").data == data
    except LoadError:
        return False  # the change moved a line of block text out of its block
