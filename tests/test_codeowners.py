"""``groundgame codeowners``: owners come from the content, and the committed file is current."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.settings_file import read_site_config
from groundgame.tools.codeowners import generate

REPO = Path(__file__).resolve().parents[1]


def owners(text: str) -> dict[str, list[str]]:
    """CODEOWNERS lines as pattern → owners (comments and blank lines left out)."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *people = line.split()
            assert pattern not in table, f"{pattern} is listed twice"
            table[pattern] = people
    return table


def matching_owners(table: dict[str, list[str]], path: str) -> list[str]:
    """The owners GitHub asks for ``path``: the last matching line wins (our patterns are simple)."""
    found: list[str] = []
    for pattern, people in table.items():
        if pattern == "*" or path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            found = people
    return found


def test_committed_codeowners_equals_the_generated_file() -> None:
    outcome = load_network(REPO)
    assert outcome.ok
    expected = generate(outcome.network, read_site_config(REPO).maintainers)
    assert (REPO / ".github/CODEOWNERS").read_text("utf-8") == expected
    assert main(["--root", str(REPO), "codeowners", "--check"]) == 0


def test_sample_network_routes_review_to_leaders_and_coordinators() -> None:
    outcome = load_network(REPO)
    table = owners(generate(outcome.network, ["@groundgame/maintainers"]))
    paris = outcome.network.clubs["paris-atelier-du-web"]
    europe = outcome.network.regions["europe"]
    expected = [f"@{p.github}" for p in (*paris.leaders, *europe.coordinators)]
    expected = list(dict.fromkeys(expected))
    assert matching_owners(table, "/content/clubs/paris-atelier-du-web.yaml") == expected
    assert matching_owners(table, "/content/events/paris-atelier-du-web/atelier-mensuel.yaml") == expected
    assert matching_owners(table, "/content/regions/europe.yaml") == [
        *(f"@{p.github}" for p in europe.coordinators), "@groundgame/maintainers"]
    for path in ("/schemas/event.schema.json", "/plugins/x.py", "/.github/workflows/pr.yml",
                 "/content/campaigns/maker-party-2027.yaml", "/pyproject.toml", "/content/vocabulary/topics.yaml"):
        assert matching_owners(table, path) == ["@groundgame/maintainers"]
    clubs = [p for p in table if p.startswith("/content/clubs/")]
    assert len(clubs) == len(outcome.network.clubs)


def test_maintainers_come_from_pelicanconf(site, capsys) -> None:
    (site.root / "pelicanconf.py").write_text('GROUNDGAME_MAINTAINERS = ["@network/core", "alice"]\n', "utf-8")
    assert main(["--root", str(site.root), "codeowners"]) == 0
    table = owners((site.root / ".github/CODEOWNERS").read_text("utf-8"))
    assert table["*"] == ["@network/core", "@alice"]
    assert table["/content/regions/europe.yaml"] == ["@ada-coord", "@network/core", "@alice"]
    assert table["/content/clubs/paris-web.yaml"] == ["@camille-fr", "@ada-coord"]
    assert table["/content/events/sao-paulo-lab/"] == ["@joao", "@bea"]
    assert "Wrote .github/CODEOWNERS (2 regions, 2 clubs)" in capsys.readouterr().out


def test_check_fails_when_a_leader_is_added_and_passes_after_regenerating(site, capsys) -> None:
    assert main(["--root", str(site.root), "codeowners", "--check"]) == 1
    assert "is missing" in capsys.readouterr().out
    assert main(["--root", str(site.root), "codeowners"]) == 0
    assert main(["--root", str(site.root), "codeowners", "--check"]) == 0
    club = site.path("clubs/sao-paulo-lab.yaml")
    joao = "  - {name: João, github: joao}\n"
    club.write_text(club.read_text("utf-8").replace(joao, joao + "  - {name: Nova, github: nova-lider}\n"), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(site.root), "codeowners", "--check"]) == 1
    assert "is out of date: run `groundgame codeowners`" in capsys.readouterr().out
    assert main(["--root", str(site.root), "codeowners"]) == 0
    table = owners((site.root / ".github/CODEOWNERS").read_text("utf-8"))
    assert "@nova-lider" in table["/content/clubs/sao-paulo-lab.yaml"]


def test_invalid_content_writes_nothing(site, capsys) -> None:
    site.write("clubs/broken.yaml", "name: Broken\n")
    assert main(["--root", str(site.root), "codeowners"]) == 1
    out = capsys.readouterr().out
    assert "content/clubs/broken.yaml" in out
    assert "fix the errors above first" in out
    assert not (site.root / ".github/CODEOWNERS").exists()


@pytest.mark.parametrize("setting", ['["bad owner"]', '["@x\\n* @attacker"]', "[]"])
def test_bad_maintainer_settings_are_usage_errors(site, capsys, setting: str) -> None:
    (site.root / "pelicanconf.py").write_text(f"GROUNDGAME_MAINTAINERS = {setting}\n", "utf-8")
    code = main(["--root", str(site.root), "codeowners"])
    assert code == 2
    assert "GROUNDGAME_MAINTAINERS" in capsys.readouterr().err
    assert not (site.root / ".github/CODEOWNERS").exists()


def test_a_broken_pelicanconf_is_named(site, capsys) -> None:
    (site.root / "pelicanconf.py").write_text(textwrap.dedent("""
        GROUNDGAME_MAINTAINERS = undefined_name
    """), "utf-8")
    assert main(["--root", str(site.root), "codeowners"]) == 2
    assert "pelicanconf.py: cannot be read (NameError" in capsys.readouterr().err


def test_root_is_found_from_the_working_directory(site, monkeypatch) -> None:
    monkeypatch.chdir(site.path("events"))
    assert main(["codeowners"]) == 0
    assert Path(site.root / ".github/CODEOWNERS").is_file()


def test_owners_of_files_are_those_the_codeowners_file_gives(capsys) -> None:
    """``--owners-of`` (what the form bot asks for a review) agrees with the CODEOWNERS file read
    as GitHub reads it, last matching line winning, for a club, its events, a region and the rest."""
    table = owners((REPO / ".github/CODEOWNERS").read_text("utf-8"))
    paths = ["content/clubs/barcelona-maker-club.yaml", "content/events/barcelona-maker-club/new.yaml",
             "content/.imported/barcelona-maker-club.json",
             "content/regions/europe.yaml", "schemas/event.schema.json", "README.md"]
    for path in paths:
        assert main(["--root", str(REPO), "codeowners", "--owners-of", path]) == 0
        printed = capsys.readouterr().out.split()
        assert printed == [o.removeprefix("@") for o in matching_owners(table, "/" + path)], path
        assert printed
    assert main(["--root", str(REPO), "codeowners", "--owners-of", "content/.imported/barcelona-maker-club.json"]) == 0
    assert capsys.readouterr().out.split() == [o.removeprefix("@") for o in matching_owners(table, f"/{paths[0]}")]
    assert main(["--root", str(REPO), "codeowners", "--owners-of", *paths[:2]]) == 0
    both = capsys.readouterr().out.split()
    assert len(both) == len(set(both))  # each owner once
