"""``groundgame report stale``: quiet clubs and ended series, by region, at a fixed "now"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from groundgame.cli import main


def at(monkeypatch, day: str) -> None:
    moment = datetime.fromisoformat(day).replace(tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


def test_a_club_with_planned_meetings_is_not_quiet(site, capsys, monkeypatch) -> None:
    at(monkeypatch, "2027-01-15")
    assert main(["--root", str(site.root), "report", "stale"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("Stale content on 2027-01-15: active clubs with no meeting since 2026-07-15 "
                                   "(6 months) and none planned, and series that ended.")
    assert "Latin America (latin-america), coordinators @bea:" in out
    assert "  quiet club   content/clubs/sao-paulo-lab.yaml: Laboratório Web (no meeting yet)" in out
    assert "paris-web" not in out
    assert "Europe" not in out


def test_after_the_last_meeting_the_club_is_quiet_and_the_series_ended(site, capsys, monkeypatch) -> None:
    at(monkeypatch, "2027-12-01")
    assert main(["--root", str(site.root), "report", "stale"]) == 0
    out = capsys.readouterr().out
    assert "Europe (europe), coordinators @ada-coord:" in out
    assert "  quiet club   content/clubs/paris-web.yaml: Atelier du Web (last meeting 2027-03-30)" in out
    assert ("  ended series content/events/paris-web/weekly.yaml: Atelier hebdo (last meeting 2027-03-30)") in out
    assert "soiree.yaml" not in out  # a single event is not a series


@pytest.mark.parametrize(("months", "quiet"), [(6, True), (9, False)])
def test_months_sets_how_long_is_quiet(site, capsys, monkeypatch, months: int, quiet: bool) -> None:
    at(monkeypatch, "2027-12-01")  # Paris last met on 2027-03-30: 8 months before
    assert main(["--root", str(site.root), "report", "stale", "--months", str(months)]) == 0
    assert ("quiet club   content/clubs/paris-web.yaml" in capsys.readouterr().out) is quiet


def test_cancelled_meetings_do_not_count_and_dormant_clubs_are_left_out(site, capsys, monkeypatch) -> None:
    site.write("events/sao-paulo-lab/cancelada.yaml", """
        title: Oficina
        start: 2027-11-20T10:00
        status: cancelled
        venue: {name: Biblioteca}
    """)
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text("utf-8").replace("status: active", "status: dormant"), "utf-8")
    at(monkeypatch, "2027-12-01")
    assert main(["--root", str(site.root), "report", "stale"]) == 0
    out = capsys.readouterr().out
    assert "quiet club   content/clubs/sao-paulo-lab.yaml: Laboratório Web (no meeting yet)" in out
    assert "quiet club   content/clubs/paris-web.yaml" not in out
    assert "ended series content/events/paris-web/weekly.yaml" in out


def test_markdown_for_the_job_summary_escapes_organizer_text(site, capsys, monkeypatch) -> None:
    club = site.path("clubs/sao-paulo-lab.yaml")
    club.write_text(club.read_text("utf-8").replace("name: Laboratório Web",
                                                    "name: '<img src=x> | @everyone [x](https://evil.example)'"),
                    "utf-8")
    at(monkeypatch, "2027-12-01")
    assert main(["--root", str(site.root), "report", "stale", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Stale content\n")
    assert "### Latin America\n\nCoordinators: `bea`\n" in out
    assert ("| &#60;img src=x&#62; \\| &#64;everyone \\[x\\]\\(https\\://evil\\.example\\) | none yet "
            "| `content/clubs/sao-paulo-lab.yaml` |") in out
    for live in ("<img", "@everyone", "]("):
        assert live not in out
    assert "| Atelier hebdo | 2027-03-30 | `content/events/paris-web/weekly.yaml` |" in out


def test_nothing_stale_and_bad_months(site, capsys, monkeypatch) -> None:
    site.write("events/sao-paulo-lab/encontro.yaml", """
        title: Encontro
        start: 2027-01-20T10:00
        venue: {name: Biblioteca}
    """)
    at(monkeypatch, "2026-12-01")
    assert main(["--root", str(site.root), "report", "stale"]) == 0
    assert "Nothing to look at" in capsys.readouterr().out
    assert main(["--root", str(site.root), "report", "stale", "--months", "0"]) == 2


def test_invalid_content_is_reported_not_summarized(site, capsys) -> None:
    site.write("clubs/broken.yaml", "name: Broken\n")
    assert main(["--root", str(site.root), "report", "stale"]) == 1
    assert "content/clubs/broken.yaml" in capsys.readouterr().out
