"""Co-hosts agree in their own file: an event is shown under a co-host only when that club says so.

Any club can name any other as a co-host. The named club agrees with ``cohosting`` in its own
file (reviewed by its own leaders); until then validation warns and the event is shown under
its host only: its page, feeds, Atom feed and API document.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Site

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.model.schedule import Schedule

EVENT = "content/events/sao-paulo-lab/oficina.yaml"
OFICINA = "title: Oficina\nstart: 2026-12-08T19:00\nvenue: {name: Biblioteca}\ncohosts: [paris-web]\n"
NOT_AGREED = (f"{EVENT}:4:11: warning: cohosts[0]: 'paris-web' has not agreed to co-host this event, so it is shown "
              "under 'sao-paulo-lab' only; to agree, a leader of paris-web adds 'sao-paulo-lab' (every event of "
              "the club) or 'sao-paulo-lab/oficina' (this event) to cohosting in content/clubs/paris-web.yaml")


def agree(site: Site, club: str, *entries: str) -> None:
    path = site.path(f"clubs/{club}.yaml")
    path.write_text(path.read_text().replace("\nleaders:", f"\ncohosting: [{', '.join(entries)}]\nleaders:"))


def shown_under(site: Site, club: str) -> list[str]:
    outcome = load_network(site.root, jobs=1)
    assert outcome.ok, [p.text() for p in outcome.errors]
    return [e.id for e in Schedule.of(outcome.network).events_of(club)]


def test_a_cohost_that_has_not_agreed_is_a_warning_and_the_event_stays_with_its_host(site: Site, capsys) -> None:
    path = site.write("events/sao-paulo-lab/oficina.yaml", OFICINA)
    assert main(["--root", str(site.root), "validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [NOT_AGREED, "Checked 5 files: 0 errors, 1 warning (all valid)."]
    assert main(["--root", str(site.root), "validate", "--strict", str(path)]) == 1
    assert shown_under(site, "paris-web") == ["paris-web/soiree", "paris-web/weekly"]
    assert shown_under(site, "sao-paulo-lab") == ["sao-paulo-lab/oficina"]


@pytest.mark.parametrize("entry", ["sao-paulo-lab", "sao-paulo-lab/oficina"])
def test_a_cohost_agrees_for_a_club_or_for_one_event(site: Site, capsys, entry: str) -> None:
    site.write("events/sao-paulo-lab/oficina.yaml", OFICINA)
    site.write("events/sao-paulo-lab/other.yaml", OFICINA.replace("Oficina", "Outra"))
    agree(site, "paris-web", entry)
    assert main(["--root", str(site.root), "validate"]) == 0
    out = capsys.readouterr().out
    assert "oficina.yaml" not in out
    other_agreed = entry == "sao-paulo-lab"
    assert ("content/events/sao-paulo-lab/other.yaml:4:11: warning: cohosts[0]: 'paris-web' has not agreed"
            in out) is not other_agreed
    expected = ["paris-web/soiree", "paris-web/weekly", "sao-paulo-lab/oficina"]
    assert shown_under(site, "paris-web") == expected + (["sao-paulo-lab/other"] if other_agreed else [])


def test_the_host_cannot_agree_for_its_cohost(site: Site, capsys) -> None:
    """Consent counts only in the co-host's own file: the host saying so in its own changes nothing."""
    site.write("events/sao-paulo-lab/oficina.yaml", OFICINA)
    agree(site, "sao-paulo-lab", "paris-web")
    assert main(["--root", str(site.root), "validate"]) == 0
    assert NOT_AGREED in capsys.readouterr().out.splitlines()
    assert "sao-paulo-lab/oficina" not in shown_under(site, "paris-web")


CLUB = "content/clubs/paris-web.yaml"


@pytest.mark.parametrize(("entries", "expected"), [
    (["sao-paolo-lab"], f"{CLUB}:9:13: cohosting[0]: must name an existing club (got 'sao-paolo-lab'); did you "
                        "mean 'sao-paulo-lab'?"),
    (["paris-web"], f"{CLUB}:9:13: cohosting[0]: names this club itself; list the other clubs (or their events) "
                    "whose events this club co-hosts"),
    (["paris-web/soiree"], f"{CLUB}:9:13: cohosting[0]: names this club itself; list the other clubs (or their "
                           "events) whose events this club co-hosts"),
    (["sao-paulo-lab/nope"], f"{CLUB}:9:13: warning: cohosting[0]: names an event that does not exist (got "
                             "'sao-paulo-lab/nope'); check the spelling against content/events/sao-paulo-lab/; to "
                             "agree to every event of that club write 'sao-paulo-lab'"),
    (["Sao Paulo Lab"], f"{CLUB}:9:13: cohosting[0]: must be a club id such as 'lisbon-web', or one of its events "
                        "written club-id/event-file-name, such as 'lisbon-web/html-evening' (got 'Sao Paulo Lab')"),
])
def test_each_cohosting_entry_names_another_club_or_its_event(site: Site, capsys, entries, expected) -> None:
    agree(site, "paris-web", *entries)
    main(["--root", str(site.root), "validate", str(site.root / CLUB)])
    assert capsys.readouterr().out.splitlines()[0] == expected


@pytest.mark.build
def test_pages_feeds_atom_and_api_show_only_agreed_cohosts(tmp_path: Path) -> None:
    import feedkit
    from sitebuild import build as build_site

    site = feedkit.network_repo(tmp_path / "site")
    site.write("events/sao-paulo-lab/agreed.yaml", OFICINA.replace("Oficina", "Oficina combinada"))
    site.write("events/sao-paulo-lab/forced.yaml", OFICINA.replace("Oficina", "Oficina forçada"))
    agree(site, "paris-web", "sao-paulo-lab/agreed")
    feedkit.commit_all(site.root, "co-hosted events", datetime(2026, 10, 2, tzinfo=feedkit.UTC))
    out = tmp_path / "out"
    feedkit.build(site.root, out)

    club_feed = (out / "calendar/clubs/paris-web.ics").read_text("utf-8")
    assert "Oficina combinada" in club_feed
    assert "Oficina forçada" not in club_feed
    atom = (out / "feeds/clubs/paris-web.atom").read_text("utf-8")
    assert "Oficina combinada" in atom
    assert "Oficina forçada" not in atom
    api = json.loads((out / "api/v1/clubs/paris-web.json").read_text("utf-8"))
    listed = json.dumps(api, ensure_ascii=False)
    assert "sao-paulo-lab/agreed" in listed
    assert "sao-paulo-lab/forced" not in listed
    region = json.loads((out / "api/v1/clubs/paris-web.json").read_text("utf-8"))["club"]["region"]
    region_feed = (out / f"calendar/regions/{region}.ics").read_text("utf-8")
    if region != json.loads((out / "api/v1/clubs/sao-paulo-lab.json").read_text("utf-8"))["club"]["region"]:
        assert "Oficina combinada" in region_feed
        assert "Oficina forçada" not in region_feed
    forced = json.loads((out / "api/v1/events/sao-paulo-lab/forced.json").read_text("utf-8"))["event"]
    assert forced["cohosts"] == []
    agreed = json.loads((out / "api/v1/events/sao-paulo-lab/agreed.json").read_text("utf-8"))["event"]
    assert agreed["cohosts"] == ["paris-web"]
    host = (out / "calendar/clubs/sao-paulo-lab.ics").read_text("utf-8")
    assert "Oficina combinada" in host
    assert "Oficina forçada" in host  # still published, under its host

    pages = tmp_path / "pages"
    build_site(site.root, pages)
    club_page = next(p for p in pages.rglob("index.html") if p.parent.name == "paris-web"
                     and p.parent.parent.name == "clubs").read_text("utf-8")
    assert "Oficina combinada" in club_page
    assert "Oficina forçada" not in club_page
    forced_page = (pages / "events/sao-paulo-lab/forced/index.html").read_text("utf-8")
    agreed_page = (pages / "events/sao-paulo-lab/agreed/index.html").read_text("utf-8")
    assert "clubs/paris-web/" in agreed_page.split("Co-hosts")[1][:400]
    assert "Co-hosts" not in forced_page


def test_the_summary_names_every_cohost_and_whether_it_agreed(site: Site, capsys) -> None:
    site.write("clubs/lyon-web.yaml", "name: Lyon *Web*\nsummary: On apprend.\nlanguages: [fr]\nregion: europe\n"
                                      "location: {city: Lyon, country: FR}\ntimezone: Europe/Paris\n"
                                      "leaders: [{name: Léa, github: lea}]\nstatus: active\n")
    path = site.write("events/sao-paulo-lab/oficina.yaml", OFICINA.replace("[paris-web]", "[paris-web, lyon-web]"))
    agree(site, "paris-web", "sao-paulo-lab/oficina")
    assert main(["--root", str(site.root), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert ("\n### Co-hosts\n\n- Oficina (`sao-paulo-lab/oficina`): Atelier du Web (`paris-web`): agreed; "
            "Lyon \\*Web\\* (`lyon-web`): **has not agreed**, so the event is not shown under it\n") in out
