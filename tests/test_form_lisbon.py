"""Issue #12, done with the forms only: a Lisbon club, a series every other Thursday, the 4th
meeting cancelled, the 6th moved to the Friday, the title in Portuguese.

Four submissions (club with its first event, two meetings, one translation) must give,
byte for byte, the files a person writes by hand (tests/data/forms/lisbon/), and the series
must reach a calendar app as those ten meetings.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_forms import run

from groundgame.cli import main

EXPECTED = Path(__file__).resolve().parent / "data" / "forms" / "lisbon"
FILES = ("content/clubs/lisbon-web.yaml", "content/events/lisbon-web/encontros.yaml")

CLUB = {"name": "Lisbon Web", "slug": "lisbon-web",
        "summary": "We learn to build the web together, in English and Portuguese.", "languages": "en pt",
        "region": "europe", "city": "Lisbon", "country": "PT", "timezone": "Europe/Lisbon", "leader": "Rui Costa",
        "event_title": "Web evenings", "event_slug": "encontros",
        "event_summary": "Every other Thursday, two hours to build a small web page together; laptops provided.",
        "event_start": "2027-01-14 19:00", "event_end": "2027-01-14 21:00",
        "event_repeat": "Weekly", "event_interval": "2", "event_days": "thursday", "event_count": "10",
        "event_venue": "Biblioteca de Marvila", "event_address": "Rua António Luís Inácio 54",
        "event_access": "Step-free access to every room used", "event_access_notes": "The lift is by the entrance.",
        "event_registration": "https://lisbon-web.example.org/encontros", "event_format": "meetup"}
CANCEL_4TH = {"event": "lisbon-web/encontros", "date": "2027-02-25", "cancel": "This meeting is cancelled"}
MOVE_6TH = {"event": "lisbon-web/encontros", "date": "2027-03-25", "start": "2027-03-26",
            "note": "On Friday this week; the library is closed on Thursday."}
PORTUGUESE = {"record": "lisbon-web/encontros", "language": "pt", "name": "Encontros da Web"}


def submit_all(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    results = []
    for kind, answers, author in (("club", CLUB, "rui-costa"), ("meeting", CANCEL_4TH, "rui-costa"),
                                  ("meeting", MOVE_6TH, "ana-volunteer"), ("translation", PORTUGUESE, "rui-costa")):
        capsys.readouterr()
        title = root / "title.txt"
        assert run(root, kind, answers, "--json", "--title-file", str(title), author=author) == 0, \
            capsys.readouterr().out
        result = json.loads(capsys.readouterr().out)
        assert title.read_text("utf-8") == f"{result['title']}\n"
        results.append(result)
    return results


def test_the_forms_make_the_files_a_person_writes(site, capsys) -> None:
    results = submit_all(site.root, capsys)
    assert [r["title"] for r in results] == [
        "Register club lisbon-web with event lisbon-web/encontros",
        "Cancel the 2027-02-25 meeting of lisbon-web/encontros",
        "Move the 2027-03-25 meeting of lisbon-web/encontros",
        "Add pt translation of event lisbon-web/encontros"]
    assert [r["files"] for r in results] == [list(FILES), [FILES[1]], [FILES[1]], [FILES[1]]]
    assert [r["author_is_leader"] for r in results] == [True, True, False, True]
    for rel in FILES:
        assert (site.root / rel).read_bytes() == (EXPECTED / rel).read_bytes(), rel
    root = str(site.root)
    capsys.readouterr()
    assert main(["--root", root, "validate", "--strict"]) == 0, capsys.readouterr().out
    assert main(["--root", root, "fmt", "--check", *(str(site.root / rel) for rel in FILES)]) == 0
    assert main(["--root", root, "codeowners"]) == 0
    assert main(["--root", root, "codeowners", "--check"]) == 0
    owners = (site.root / ".github/CODEOWNERS").read_text("utf-8")
    assert "/content/events/lisbon-web/ @rui-costa @ada-coord\n" in owners


@pytest.mark.build
def test_the_series_reaches_a_calendar_app_as_ten_meetings(tmp_path, capsys) -> None:
    from feedkit import build, network_repo
    from readers import icaljs_meetings

    site = network_repo(tmp_path / "site")
    submit_all(site.root, capsys)
    build(site.root, tmp_path / "out", parts=("ical",))
    feed = tmp_path / "out" / "calendar" / "events" / "lisbon-web" / "encontros.ics"
    shown = icaljs_meetings([feed], datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))[feed]
    happening = sorted((m.start, m.end) for m in shown if m.status != "CANCELLED")
    # 19:00 in Lisbon: UTC+0 in winter, UTC+1 from 28 March 2027.
    winter = [f"2027-{d}T19:00:00Z" for d in ("01-14", "01-28", "02-11", "03-11", "03-26")]
    summer = [f"2027-{d}T18:00:00Z" for d in ("04-08", "04-22", "05-06", "05-20")]
    assert [start for start, _ in happening] == winter + summer
    assert all(end[:10] == start[:10] and int(end[11:13]) - int(start[11:13]) == 2 for start, end in happening)
    assert "2027-02-25T19:00:00Z" not in {m.start for m in shown if m.status != "CANCELLED"}
    summaries = {m.summary for m in shown}
    assert "Web evenings" in summaries
