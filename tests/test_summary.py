"""``groundgame summary``: the pull request's job summary from a real git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from groundgame.cli import main

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True)


def test_added_changed_and_removed_records_since_the_base(site, capsys) -> None:
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "base")
    git(site.root, "switch", "-q", "-c", "proposal")
    site.write("events/sao-paulo-lab/oficina.yaml", """
        title: 'Oficina | <b>HTML</b> @todos'
        start: 2026-12-12T10:00
        end: 2026-12-12T12:30
        venue: {name: Biblioteca}
    """)
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text("utf-8").replace("levels: [beginner]", "levels: [beginner, advanced]"), "utf-8")
    site.path("events/paris-web/soiree.yaml").unlink()
    (site.root / "README.md").write_text("notes\n", "utf-8")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "proposal")
    assert main(["--root", str(site.root), "summary", "--base", "main",
                 "--preview-url", "https://preview.example.org/pr-7/"]) == 0
    out = capsys.readouterr().out
    assert out == """\
## Clubs and events in this pull request

| Change | Title | When / where | Page |
| --- | --- | --- | --- |
| changed club | Atelier du Web | region Europe | [club page](https://preview.example.org/pr-7/clubs/paris-web/) |
| removed event | `paris-web/soiree` | | |
| added event | Oficina \\| &#60;b&#62;HTML&#60;/b&#62; &#64;todos | 2026-12-12 10:00–12:30 (America/Sao_Paulo) \
| [event page](https://preview.example.org/pr-7/events/sao-paulo-lab/oficina/) |

It also changes 1 other file.
"""


def test_paths_a_series_and_the_artifact_when_there_is_no_preview(site, capsys) -> None:
    weekly = site.path("events/paris-web/weekly.yaml")
    assert main(["--root", str(site.root), "summary", str(weekly)]) == 0
    out = capsys.readouterr().out
    assert ("| changed event | Atelier hebdo | 2026-12-01 19:00–21:00 (Europe/Paris), every week, until 2027-03-30 "
            "| `events/paris-web/weekly/` in the site artifact |") in out


def test_a_broken_file_is_pointed_at_the_validation_step(site, capsys) -> None:
    broken = site.write("events/paris-web/broken.yaml", "title: Broken\n")
    assert main(["--root", str(site.root), "summary", str(broken)]) == 0
    out = capsys.readouterr().out
    assert "| changed event | `content/events/paris-web/broken.yaml` | has problems: see the validation step | |" in out
    assert "**2 problems in the content**" in out  # start is missing, and so are a venue and an online address


def test_nothing_to_summarize_and_usage_errors(site, capsys) -> None:
    assert main(["--root", str(site.root), "summary", str(site.root / "pelicanconf.py")]) == 0
    assert "This pull request changes no club or event." in capsys.readouterr().out
    assert main(["--root", str(site.root), "summary"]) == 2
    assert main(["--root", str(site.root), "summary", "--base=--output=x"]) == 2
    git(site.root, "init", "-q")
    assert main(["--root", str(site.root), "summary", "--base", "no-such-ref"]) == 2
    assert "git diff no-such-ref...HEAD failed" in capsys.readouterr().err
    weekly = str(site.path("events/paris-web/weekly.yaml"))
    assert main(["--root", str(site.root), "summary", "--preview-url", "javascript:alert(1)", weekly]) == 2
