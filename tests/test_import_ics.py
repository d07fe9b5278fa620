"""groundgame import ics: exports shaped like Google Calendar's, Outlook's, Meetup's and Nextcloud's
become event files that the real ``validate`` and ``fmt --check`` accept; re-importing updates them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from groundgame.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "imports"
PARIS = "paris-atelier-du-web"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the sample network (content and settings) to import into."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "pelicanconf.py", root / "pelicanconf.py")
    return root


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def checked(root: Path, club: str) -> None:
    """The imported files pass the real validate and fmt --check."""
    assert run(root, "validate") == 0
    assert run(root, "fmt", "--check", str(root / "content" / "events" / club)) == 0


def test_google_export(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "import", "ics", str(DATA / "google.ics"), "--club", PARIS) == 0
    out = capsys.readouterr().out
    assert "google.ics:130:1: warning: event 'Réunion du bureau'" in out
    assert "PRIVATE" in out
    checked(site, PARIS)
    folder = site / "content" / "events" / PARIS
    series = load(folder / "l-atelier-du-mois.yaml")
    assert series["start"] == "2026-09-09T18:30"
    assert series["end"] == "2026-09-09T20:30"
    assert "timezone" not in series  # the club's
    assert series["repeat"]["every"] == "month"
    assert series["repeat"]["on"] == ["2nd wednesday"]
    assert series["repeat"]["count"] == 10
    assert [str(d) for d in series["repeat"]["except"]] == ["2027-03-10", "2027-04-14"]  # EXDATE, cancelled
    changes = {str(k): v for k, v in series["repeat"]["changes"].items()}
    assert changes["2026-12-09"] == {"start": "2026-12-16T18:30", "end": "2026-12-16T20:30",
                                     "note": "Décalé d'une semaine à cause des travaux."}
    assert changes["2027-01-13"]["title"] == "L'atelier du mois (hors les murs)"
    assert changes["2027-01-13"]["venue"]["name"] == "Bibliothèque Parmentier"
    assert series["venue"] == {"name": "Médiathèque", "address": "12 rue de la Roquette, 75011", "city": "Paris",
                               "country": "FR"}
    assert "**une chose concrète**" in series["description"]
    assert "- septembre : créer sa première page\n- octobre" in series["description"]
    assert "[atelier-web.example.org](https://atelier-web.example.org/ateliers)" in series["description"]
    meet = load(folder / "rencontre-les-communs-numeriques.yaml")
    assert meet["start"] == "2027-03-18T18:30"  # UTC in the file, X-WR-TIMEZONE's local time
    assert meet["online"] == {"url": "https://meet.google.com/abc-defg-hij"}
    assert meet["description"] == "Une table ronde avec des bibliothécaires."  # Google's Meet block is gone
    day = load(folder / "maker-party-de-la-rentree.yaml")
    assert str(day["start"]) == "2027-09-04"
    assert str(day["end"]) == "2027-09-05"


def test_reimport_updates_the_same_files_in_place(site: Path, tmp_path: Path) -> None:
    assert run(site, "import", "ics", str(DATA / "google.ics"), "--club", PARIS) == 0
    folder = site / "content" / "events" / PARIS
    before = sorted(p.name for p in folder.iterdir())
    path = folder / "l-atelier-du-mois.yaml"
    text = path.read_text("utf-8").replace("title: L'atelier du mois\n",
                                           "title: L'atelier du mois\n# kept by hand\ntopics: [web-literacy]\n")
    path.write_text(text, encoding="utf-8")
    changed = tmp_path / "google.ics"
    changed.write_bytes((DATA / "google.ics").read_bytes().replace(b"T203000\r\nRRULE", b"T210000\r\nRRULE"))
    assert run(site, "import", "ics", str(changed), "--club", PARIS) == 0
    assert sorted(p.name for p in folder.iterdir()) == before  # no duplicate
    after = path.read_text("utf-8")
    assert "# kept by hand" in after
    assert "topics: [web-literacy]" in after
    assert load(path)["end"] == "2026-09-09T21:00"
    checked(site, PARIS)
    assert run(site, "import", "ics", str(changed), "--club", PARIS) == 0
    assert path.read_text("utf-8") == after


def test_dry_run_shows_a_diff_and_writes_nothing(site: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "import", "ics", str(DATA / "google.ics"), "--club", PARIS) == 0
    folder = site / "content" / "events" / PARIS
    snapshot = {p.name: p.read_bytes() for p in folder.iterdir()}
    index = (site / "content" / ".imported" / f"{PARIS}.json").read_bytes()
    changed = tmp_path / "google.ics"
    original = (DATA / "google.ics").read_bytes()
    changed.write_bytes(original.replace(b"SUMMARY:Maker Party", b"SUMMARY:Grande Maker Party"))
    capsys.readouterr()
    assert run(site, "import", "ics", str(changed), "--club", PARIS, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would update content/events/paris-atelier-du-web/maker-party-de-la-rentree.yaml" in out
    assert "-title: Maker Party de la rentrée\n+title: Grande Maker Party de la rentrée\n" in out
    assert "Nothing was written (--dry-run): 0 new, 1 updated, 2 unchanged." in out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == snapshot
    assert (site / "content" / ".imported" / f"{PARIS}.json").read_bytes() == index
