"""What a subscriber's calendar sees across commits: the old feed against the new one, read with
ical.js (meetings) and icalendar (SEQUENCE), over a real git history.

Each scenario changes the test network in one commit and rebuilds the feeds; the UID stays, the
SEQUENCE rises when what the event publishes changed (from whichever file), the changed meeting
keeps the RECURRENCE-ID of its original time, and its status says what happened.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from feedkit import build, commit_all, git, network_repo
from icalendar import Calendar
from readers import Shown, icaljs_meetings

from groundgame import urls

# Every test builds the feeds of a git history and reads them with ical.js.
pytestmark = pytest.mark.build

LOW, HIGH = datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 11, 1, tzinfo=UTC)  # the second commit, before the build's "now"
SERIES = "paris-web/weekly"  # Tuesdays 19:00 in Paris, 2026-12-01 .. 2027-03-30


def _utc(local: str, zone: str = "Europe/Paris") -> str:
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = network_repo(tmp_path_factory.mktemp("history"))
    return site.root


@pytest.fixture
def repo(base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(base, root)
    return root


def feeds(root: Path, name: str) -> Path:
    out = root.parent / name
    build(root, out, parts=("ical",))
    return out


def read(out: Path, path: str) -> tuple[list[Shown], dict[str, int]]:
    """ical.js's meetings of a file, and the SEQUENCE of each of its VEVENTs (by UID and RECURRENCE-ID)."""
    file = out / path
    shown = icaljs_meetings([file], LOW, HIGH)[file]
    sequences = {}
    for component in Calendar.from_ical(file.read_bytes()).walk("VEVENT"):
        key = str(component["UID"]) + (f"/{component['RECURRENCE-ID'].to_ical().decode()}"
                                       if "RECURRENCE-ID" in component else "")
        sequences[key] = int(component["SEQUENCE"])
    return shown, sequences


def change(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "content" / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), "utf-8")
    commit_all(root, f"change {rel}", LATER)


def before_after(repo: Path, path: str, edit) -> tuple[list[Shown], dict[str, int], list[Shown], dict[str, int]]:
    old_out = feeds(repo, "old")
    edit()
    new_out = feeds(repo, "new")
    return (*read(old_out, path), *read(new_out, path))


def test_moving_one_meeting(repo):
    path = urls.ical_event(SERIES)

    def edit():
        moved = "2027-01-05: {start: 2027-01-06T19:00, end: 2027-01-06T21:00, note: {fr: Déplacé au mercredi}}"
        change(repo, "events/paris-web/weekly.yaml", moved,
               moved + "\n    2027-02-02: {start: 2027-02-04T18:00, end: 2027-02-04T20:00}")
    old, old_seq, new, new_seq = before_after(repo, path, edit)
    uid = "paris-web.weekly@clubs.example.org"
    assert {m.uid for m in new} == {m.uid for m in old} == {uid}
    moved = [m for m in new if m.recurrence_id == _utc("2027-02-02T19:00")]
    assert [(m.start, m.end, m.status) for m in moved] == [(_utc("2027-02-04T18:00"), _utc("2027-02-04T20:00"),
                                                            "CONFIRMED")]
    assert _utc("2027-02-02T19:00") in {m.start for m in old}
    assert new_seq[uid] > old_seq[uid]
    assert len(new) == len(old)


def test_cancelling_one_meeting_moving_one_elsewhere_and_one_online(repo):
    path = urls.ical_event(SERIES)

    def edit():
        target = repo / "content/events/paris-web/weekly.yaml"
        text = target.read_text("utf-8").rstrip("\n") + (
            "\n    2027-02-09: {status: cancelled}"
            "\n    2027-02-16: {venue: {name: Mairie du 11e, city: Paris, country: FR}}"
            "\n    2027-02-23: {online_only: true, online: {url: 'https://meet.example.org/w'}}\n")
        target.write_text(text, "utf-8")
        commit_all(repo, "three changes", LATER)
    old, old_seq, new, new_seq = before_after(repo, path, edit)
    by_original = {m.recurrence_id: m for m in new}
    assert by_original[_utc("2027-02-09T19:00")].status == "CANCELLED"
    assert by_original[_utc("2027-02-16T19:00")].location.startswith("Mairie du 11e")
    assert by_original[_utc("2027-02-23T19:00")].location == "https://meet.example.org/w"
    before = {m.recurrence_id: m for m in old}
    assert before[_utc("2027-02-09T19:00")].status == "CONFIRMED"
    uid = "paris-web.weekly@clubs.example.org"
    assert new_seq[uid] > old_seq[uid]


def test_changing_the_clubs_time_zone_moves_its_meetings_and_raises_sequence(repo):
    path = urls.ical_event("paris-web/soiree")

    def edit():
        change(repo, "clubs/paris-web.yaml", "timezone: Europe/Paris", "timezone: Europe/London")
    old, old_seq, new, new_seq = before_after(repo, path, edit)
    uid = "paris-web.soiree@clubs.example.org"
    assert [m.start for m in old] == [_utc("2026-12-08T19:00")]
    assert [m.start for m in new] == [_utc("2026-12-08T19:00", "Europe/London")]
    assert new_seq[uid] == old_seq[uid] + 1


def test_a_club_change_that_publishes_nothing_new_leaves_sequence_alone(repo):
    path = urls.ical_event("paris-web/soiree")

    def edit():
        change(repo, "clubs/paris-web.yaml", "levels: [beginner]", "levels: [beginner, intermediate]")
    old, old_seq, new, new_seq = before_after(repo, path, edit)
    assert old == new
    assert old_seq == new_seq
    assert (repo.parent / "old" / path).read_bytes() == (repo.parent / "new" / path).read_bytes()


def test_cancelling_a_one_off_event(repo):
    path = urls.ical_event("paris-web/soiree")

    def edit():
        change(repo, "events/paris-web/soiree.yaml", "end: 2026-12-08T21:00",
               "end: 2026-12-08T21:00\nstatus: cancelled")
    old, old_seq, new, new_seq = before_after(repo, path, edit)
    assert [m.status for m in old] == ["CONFIRMED"]
    assert [m.status for m in new] == ["CANCELLED"]
    assert new[0].summary != old[0].summary
    assert new_seq["paris-web.soiree@clubs.example.org"] == old_seq["paris-web.soiree@clubs.example.org"] + 1


def test_renaming_an_event_file_keeps_its_uid(repo):
    old_out = feeds(repo, "old")
    git(repo, "mv", "content/events/paris-web/soiree.yaml", "content/events/paris-web/soiree-html.yaml")
    commit_all(repo, "rename", LATER)
    new_out = feeds(repo, "new")
    old, old_seq = read(old_out, urls.ical_club("paris-web"))
    new, new_seq = read(new_out, urls.ical_club("paris-web"))
    uid = "paris-web.soiree@clubs.example.org"
    assert [m for m in new if m.uid == uid] == [m for m in old if m.uid == uid]
    assert new_seq[uid] == old_seq[uid]
    renamed, _ = read(new_out, urls.ical_event("paris-web/soiree-html"))
    assert [m.uid for m in renamed] == [uid]


def test_deleting_an_event_cancels_it_in_the_feeds(repo):
    old_out = feeds(repo, "old")
    git(repo, "rm", "-q", "content/events/paris-web/soiree.yaml")
    commit_all(repo, "delete", LATER)
    new_out = feeds(repo, "new")
    uid = "paris-web.soiree@clubs.example.org"
    for path in (urls.ical_club("paris-web"), urls.ical_all()):
        old, old_seq = read(old_out, path)
        new, new_seq = read(new_out, path)
        (before,) = [m for m in old if m.uid == uid]
        (after,) = [m for m in new if m.uid == uid]
        assert (before.status, after.status) == ("CONFIRMED", "CANCELLED")
        assert after.start == before.start
        assert new_seq[uid] == old_seq[uid] + 1
