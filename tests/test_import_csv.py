"""groundgame import csv: the template sheet imports into files validate and fmt --check accept;
a bad row is named by file, line and column; semicolons and a BOM are read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from groundgame.cli import main

REPO = Path(__file__).resolve().parents[1]
CLUB = "paris-atelier-du-web"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "pelicanconf.py", root / "pelicanconf.py")
    return root


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def test_the_template_imports_and_validates(site: Path) -> None:
    assert run(site, "import", "csv", str(REPO / "docs" / "import-template.csv"), "--club", CLUB) == 0
    assert run(site, "validate") == 0
    assert run(site, "fmt", "--check", str(site / "content" / "events" / CLUB)) == 0
    lab = YAML(typ="safe").load((site / "content" / "events" / CLUB / "weekly-web-lab.yaml").read_text("utf-8"))
    assert lab["repeat"]["on"] == ["tuesday"]
    assert lab["repeat"]["count"] == 10
    assert lab["venue"]["country"] == "PT"
    assert lab["registration"] == {"url": "https://example.org/sign-up"}
    before = sorted(p.name for p in (site / "content" / "events" / CLUB).iterdir())
    assert run(site, "import", "csv", str(REPO / "docs" / "import-template.csv"), "--club", CLUB) == 0
    assert sorted(p.name for p in (site / "content" / "events" / CLUB).iterdir()) == before


def test_semicolons_and_a_bom(site: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_bytes("\ufefftitle;start;end;venue;city;country\r\nAtelier;2027-02-03 18:30;2027-02-03 20:00;"
                      "Médiathèque;Paris;France\r\n".encode())
    assert run(site, "import", "csv", str(sheet), "--club", CLUB) == 0
    event = YAML(typ="safe").load((site / "content" / "events" / CLUB / "atelier.yaml").read_text("utf-8"))
    assert event["start"] == "2027-02-03T18:30"
    assert event["venue"] == {"name": "Médiathèque", "city": "Paris", "country": "FR"}


@pytest.mark.parametrize(("row", "expected"), [
    ("Bad,12/03/2027 6pm,Lib", "events.csv:2:2: start: must be a date (2026-12-01) or a date and time"),
    (",2027-03-12,Lib", "events.csv:2:1: title: is needed"),
    ("A,2027-03-12,Lib,Portugall", "events.csv:2:4: country: must be a country code such as FR"),
    ("A,2027-03-12 19:00,Lib,FR,fortnight", "events.csv:2:5: every: must be day, week, month or year"),
])
def test_bad_rows_name_file_line_and_column(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            row: str, expected: str) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text(f"title,start,venue,country,every\n{row}\n", encoding="utf-8")
    assert run(site, "import", "csv", str(sheet), "--club", CLUB) == 1
    out = capsys.readouterr().out
    assert expected in out
    assert "Nothing was written" in out


def test_a_row_the_loader_refuses_is_named_with_its_line(site: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text("title,start,end,venue\nGood,2027-03-12 19:00,2027-03-12 21:00,Lib\n"
                     "Backwards,2027-03-12 19:00,2027-03-12 18:00,Lib\n", encoding="utf-8")
    assert run(site, "import", "csv", str(sheet), "--club", CLUB) == 1
    out = capsys.readouterr().out
    assert "events.csv:3:1: event 'Backwards': would not be valid: content/events/paris-atelier-du-web/backwards.yaml" \
           in out
    assert not (site / "content" / "events" / CLUB / "good.yaml").exists()  # nothing half-written


def test_a_row_with_only_a_city_and_a_country_is_a_venue_of_that_town(site: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """As the event schema has it (#13): a listing that gives only the town imports; a street
    address without a venue name or a town is refused on its line."""
    sheet = tmp_path / "events.csv"
    sheet.write_text("title,start,address,city,country\nMeetup,2027-02-03 18:30,,Lisboa,Portugal\n", "utf-8")
    assert run(site, "import", "csv", str(sheet), "--club", CLUB) == 0
    event = YAML(typ="safe").load((site / "content" / "events" / CLUB / "meetup.yaml").read_text("utf-8"))
    assert event["venue"] == {"city": "Lisboa", "country": "PT"}
    assert run(site, "validate") == 0
    sheet.write_text("title,start,address,city,country\nOther,2027-02-04 18:30,12 Rua Nova,,PT\n", "utf-8")
    assert run(site, "import", "csv", str(sheet), "--club", CLUB) == 1
    assert "events.csv:2:1: venue: is needed when the row gives an address or a position" in capsys.readouterr().out
