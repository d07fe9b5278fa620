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
    broken = site.write("events/paris-web/broken.yaml", "title: Broken\nscale: huge\n")
    assert main(["--root", str(site.root), "summary", str(broken)]) == 0
    out = capsys.readouterr().out
    assert "| changed event | `content/events/paris-web/broken.yaml` | has problems: see the validation step | |" in out
    assert "**2 problems in the content**" in out  # start is missing, and the scale is no scale


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


WEEKLY = """
    title: {fr: Atelier hebdo}
    start: 2026-12-01T19:00
    end: 2026-12-01T21:00
    venue: {name: Bibliothèque}
    repeat:
      every: week
      on: [tuesday]
      until: 2027-03-30
      except: [2027-03-02]
      changes:
        2027-01-05: {start: 2027-01-07T19:00, end: 2027-01-07T21:00, note: {fr: Déplacé au jeudi}}
        2027-01-26: {status: cancelled}
        2027-02-09: {start: 2027-02-12T18:30, end: 2027-02-12T20:30}
"""


def propose(site, message: str, merge: bool = True) -> None:
    """Commit the content as ``main``, then what the test wrote since on a branch with ``message``,
    merged into main as GitHub checks a pull request (``--base HEAD^1``)."""
    git(site.root, "switch", "-q", "-c", "proposal")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", message)
    if merge:
        git(site.root, "switch", "-q", "main")
        git(site.root, "merge", "-q", "--no-ff", "-m", "Merge proposal into main", "proposal")


def start(site) -> None:
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "base")


def summary(site, capsys, *args: str, base: str = "HEAD^1") -> str:
    assert main(["--root", str(site.root), "summary", "--base", base, *args]) == 0
    return capsys.readouterr().out


def test_cancelled_and_moved_meetings_and_an_asker_who_is_not_a_leader(site, capsys) -> None:
    start(site)
    site.write("events/paris-web/weekly.yaml", WEEKLY)
    propose(site, "Change meetings of Atelier hebdo\n\nFrom the form.\n\nAsked-by: mallory\n")
    out = summary(site, capsys)
    assert out.split("\n\n", 2)[2] == """\
### Who asked

- Asked by `@mallory`, who is not a leader of `paris-web`: its leaders (`@camille-fr`) and the region's \
coordinators (`@ada-coord`) review it

### Meetings of a series

- Atelier hebdo (`paris-web/weekly`):
  - The 2026-12-29 meeting takes place as the series says again
  - The 2027-01-05 meeting moves to Thursday 2027-01-07 19:00, and changes its note
  - The 2027-01-26 meeting is cancelled
  - The 2027-02-09 meeting moves to Friday 2027-02-12 18:30
  - The 2027-03-02 meeting is cancelled
"""


def test_a_leader_asked_and_a_leader_the_pull_request_adds_is_not_one_yet(site, capsys) -> None:
    start(site)
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text("utf-8").replace(
        "- {name: Camille, github: camille-fr}", "- {name: Camille, github: camille-fr}\n  - {name: Eve, github: eve}"),
        "utf-8")
    propose(site, "Add a leader\n\nAsked-by: Camille-FR\n", merge=False)
    git(site.root, "commit", "-q", "--allow-empty", "-m", "Add me too\n\nAsked-by: eve\nAsked-by: Camille-FR\n")
    out = summary(site, capsys, base="main")  # the branch against main, not merged
    assert "### Who asked\n\n- Asked by `@Camille-FR`, a leader of `paris-web`\n- Asked by `@eve`, who is not a " \
           "leader of `paris-web`: its leaders (`@camille-fr`) and the region's coordinators (`@ada-coord`) " \
           "review it\n" in out


def test_a_new_club_with_its_first_event_is_reviewed_by_the_coordinators(site, capsys) -> None:
    start(site)
    site.write("clubs/lisbon-web.yaml", """
        name: Lisbon Web
        summary: We learn the web.
        languages: [pt]
        region: europe
        location: {city: Lisboa, country: PT}
        timezone: Europe/Lisbon
        leaders:
          - {name: Rui, github: rui}
        status: active
    """)
    site.write("events/lisbon-web/primeiro.yaml", """
        title: Primeiro encontro
        start: 2027-01-14T19:00
        venue: {name: Biblioteca}
    """)
    propose(site, "Register Lisbon Web\n\nAsked-by: rui\n")
    out = summary(site, capsys)
    assert "### Who asked\n\n- Asked by `@rui` for `lisbon-web`, a club this pull request adds: the region's " \
           "coordinators (`@ada-coord`) review it\n" in out


def test_a_login_that_is_not_one_is_shown_as_written_and_the_option_adds_one(site, capsys) -> None:
    start(site)
    site.write("events/paris-web/soiree.yaml", """
        title: {fr: Soirée CSS, en: CSS evening}
        start: 2026-12-08T19:00
        venue: {name: Bibliothèque, city: Paris, country: FR}
    """)
    propose(site, "Change\n\nAsked-by: @everyone <b>`x`</b> ](javascript:1)\n")
    out = summary(site, capsys, "--asked-by", "@joao", "--asked-by", "camille-fr")
    assert out.split("### Who asked\n\n", 1)[1] == """\
- The commits say they were asked by ``@everyone <b>`x`</b> ](javascript:1)``, which is not a GitHub login
- Asked by `@joao`, who is not a leader of `paris-web`: its leaders (`@camille-fr`) and the region's \
coordinators (`@ada-coord`) review it
- Asked by `@camille-fr`, a leader of `paris-web`
"""


def test_a_club_agrees_to_cohost_and_the_events_it_now_shows(site, capsys) -> None:
    site.write("events/sao-paulo-lab/oficina.yaml", """
        title: Oficina | *web*
        start: 2026-12-12T10:00
        venue: {name: Biblioteca}
        cohosts: [paris-web]
    """)
    start(site)
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text("utf-8").replace("\nleaders:", "\ncohosting: [sao-paulo-lab]\nleaders:"), "utf-8")
    propose(site, "Agree to co-host\n\nAsked-by: camille-fr\n")
    out = summary(site, capsys)
    assert "### Co-hosts\n\n- Atelier du Web (`paris-web`) agrees to co-host every event of Laborat\u00f3rio Web " \
           "(`sao-paulo-lab`): shown under it from now on: `sao-paulo-lab/oficina`\n" in out
    git(site.root, "switch", "-q", "-c", "undo")
    club.write_text(club.read_text("utf-8").replace("cohosting: [sao-paulo-lab]\n", ""), "utf-8")
    git(site.root, "commit", "-q", "-a", "-m", "Stop")
    out = summary(site, capsys)
    assert "### Co-hosts\n\n- Atelier du Web (`paris-web`) no longer agrees to co-host every event of " \
           "Laborat\u00f3rio Web (`sao-paulo-lab`)\n" in out


def test_a_human_authors_trailers_are_not_taken_for_who_asked(site, capsys) -> None:
    """Anyone can write an Asked-by trailer; only the form bot's pull requests are read for one.
    A person's pull request was asked for by its author."""
    start(site)
    site.write("events/paris-web/weekly.yaml", WEEKLY)
    propose(site, "Change meetings\n\nAsked-by: camille-fr\n")
    out = summary(site, capsys, "--pr-author", "mallory")
    assert "Asked by `@mallory`, who is not a leader of `paris-web`" in out
    assert "camille-fr`, a leader" not in out
    out = summary(site, capsys, "--pr-author", "github-actions[bot]")
    assert "Asked by `@camille-fr`, a leader of `paris-web`" in out
    assert "mallory" not in out
