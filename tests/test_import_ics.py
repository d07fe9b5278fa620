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


def test_outlook_export_with_windows_zones(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "import", "ics", str(DATA / "outlook.ics"), "--club", PARIS) == 1  # one series cannot be said
    out = capsys.readouterr().out
    assert "outlook.ics:86:1: event 'Dernier jour ouvré : permanence'" in out
    assert "BYSETPOS=-1 cannot be said" in out
    assert "Nothing was written" in out
    assert not (site / "content" / "events" / PARIS / "leaders-office-hours.yaml").exists()
    assert run(site, "import", "ics", str(DATA / "outlook.ics"), "--club", PARIS, "--skip-bad") == 0
    out = capsys.readouterr().out
    assert "'Customized Time Zone' is not an IANA name; its offsets are those of Europe/Paris" in out
    checked(site, PARIS)
    folder = site / "content" / "events" / PARIS
    hours = load(folder / "leaders-office-hours.yaml")
    assert hours["timezone"] == "Europe/Berlin"  # W. Europe Standard Time, by CLDR's windowsZones
    assert hours["repeat"] == {"every": "week", "interval": 2, "on": ["thursday"], "until": hours["repeat"]["until"]}
    assert str(hours["repeat"]["until"]) == "2026-12-17"
    assert hours["online"] == {"url": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjI4"}
    assert "venue" not in hours  # "Microsoft Teams Meeting" is no place
    assert hours["description"].startswith("Office hours for **club leaders**.")  # from X-ALT-DESC
    assert load(folder / "soiree-de-fin-d-annee.yaml")["start"] == "2026-11-20T19:00"


def test_meetup_export(site: Path) -> None:
    assert run(site, "import", "ics", str(DATA / "meetup.ics"), "--club", "new-york-hive") == 0
    checked(site, "new-york-hive")
    folder = site / "content" / "events" / "new-york-hive"
    night = load(folder / "holiday-maker-night.yaml")
    assert night["venue"] == {"name": "Brooklyn Public Library", "address": "10 Grand Army Plaza",
                              "city": "Brooklyn, NY", "lat": 40.6724, "lon": -73.9681}
    assert night["registration"] == {"url": "https://www.meetup.com/new-york-hive/events/301234567/"}
    assert "meetup.com" not in night["description"]  # the last paragraph only repeated URL
    assert "code \\<3" in night["description"]  # would be raw HTML, which the site removes
    online = load(folder / "online-intro-to-web-accessibility.yaml")
    assert online["online"] == {"url": "https://us02web.zoom.us/j/81234567890"}
    assert "venue" not in online


def test_nextcloud_export_with_floating_times(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    club = "tokyo-web-makers"
    assert run(site, "import", "ics", str(DATA / "nextcloud.ics"), "--club", club, "--skip-bad") == 0
    out = capsys.readouterr().out
    assert "nextcloud.ics:32:1: event '二部制の勉強会'" in out
    assert "BYHOUR=18,20" in out
    assert "nextcloud.ics:42:1: warning: event '年末の作業会'" in out
    assert "RDATE adds meetings outside the rule (2026-12-28)" in out
    assert "the series has no end: it is imported until" in out
    checked(site, club)
    folder = site / "content" / "events" / club
    floating = load(folder / "event-2026-11-20.yaml")  # a title in Japanese: named by its date
    assert floating["start"] == "2026-11-20T18:00"  # floating: the club's zone
    assert "timezone" not in floating
    assert floating["venue"]["name"] == "渋谷コワーキング"
    assert floating["venue"]["country"] == "JP"
    weekly = load(folder / "event-2026-12-01.yaml")
    assert weekly["online"] == {"url": "https://meet.jit.si/tokyo-web-makers"}
    assert "until" in weekly["repeat"]


@pytest.mark.parametrize(("text", "expected"), [
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nthis is junk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "bad.ics:4:1: is not an iCalendar line (NAME:value): 'this is junk'"),
    (b"not a calendar at all", "bad.ics:1:1: is not an iCalendar line"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:\xff\xfe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "bad.ics:4:1: is not UTF-8 text"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:A\r\nDTSTART:2026BAD\r\nLOCATION:Online\r\n"
     b"END:VEVENT\r\nEND:VCALENDAR\r\n", "bad.ics:5:1: event 'A' (UID 'x'): has no start (DTSTART)"),
])
def test_malformed_files_are_messages_with_lines(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 text: bytes, expected: str) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_bytes(text)
    assert run(site, "import", "ics", str(bad), "--club", PARIS) == 1
    assert expected in capsys.readouterr().out


def test_a_file_too_large_is_refused(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.ics"
    big.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-FILL:" + b"x" * 5_000_000 + b"\r\nEND:VCALENDAR\r\n")
    assert run(site, "import", "ics", str(big), "--club", PARIS) == 1
    assert "an import reads at most 5,000,000" in capsys.readouterr().out


@pytest.mark.build
def test_round_trip_of_the_sample_network(site: Path, tmp_path: Path) -> None:
    """Every event of the sample network exported as .ics and imported into an empty copy gives
    the fields the .ics carries: title, times, zone, rule, cancelled and moved meetings, place."""
    from groundgame.content.network import load_network
    from groundgame.feeds.calendars import _location
    from groundgame.model.records import Club, Event, Venue

    out = tmp_path / "out"
    assert run(site, "export", "--out", str(out)) == 0
    original = load_network(site).network
    empty = tmp_path / "empty"
    shutil.copytree(site / "content", empty / "content")
    shutil.copy(site / "pelicanconf.py", empty / "pelicanconf.py")
    shutil.rmtree(empty / "content" / "events")
    for event in original.events.values():
        ics = out / "calendar" / "events" / event.club / f"{event.slug}.ics"
        assert run(empty, "import", "ics", str(ics), "--club", event.club) == 0, event.id
    assert run(empty, "validate") == 0
    assert run(empty, "fmt", "--check", str(empty / "content" / "events")) == 0
    imported = load_network(empty).network
    by_title = {(e.club, e.title.text(), e.start): e for e in imported.events.values()}
    for event in original.events.values():
        again = by_title[(event.club, event.title.text(), event.start)]
        assert (again.end, again.timezone, again.status) == (event.end, event.timezone, event.status), event.id
        lang = event.primary_language
        club = original.clubs[event.club]

        def place(e: Event, club: Club = club, lang: str = lang) -> str:
            """The place as a calendar can say it: a venue's text, or the club's town for an
            event held at its club's place (a venue of only the club's town reads the same)."""
            if e.venue is not None:
                return _location(e.venue, lang)
            if e.at_club_place and club.location is not None:
                return _location(Venue(city=club.location.city, country=club.location.country), lang)
            return ""

        assert place(again) == place(event), event.id
        if event.venue is not None and event.venue.lat is not None:
            assert again.venue is not None
            assert (again.venue.lat, again.venue.lon) == pytest.approx((event.venue.lat, event.venue.lon))
        assert again.online_url == event.online_url, event.id
        if event.repeat is None:
            assert again.repeat is None, event.id
            continue
        assert again.repeat is not None, event.id
        mine, theirs = again.repeat, event.repeat
        assert (mine.every, mine.interval, mine.on) == (theirs.every, theirs.interval, theirs.on), event.id
        cancelled = {d for d, c in theirs.changes.items() if c.status == "cancelled"} | set(theirs.except_dates)
        again_cancelled = {d for d, c in mine.changes.items() if c.status == "cancelled"} | set(mine.except_dates)
        assert again_cancelled == cancelled, event.id
        moved = {d: (c.start, c.end) for d, c in theirs.changes.items() if c.start is not None}
        assert {d: (c.start, c.end) for d, c in mine.changes.items() if c.start is not None} == moved, event.id
