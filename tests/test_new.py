"""``groundgame new``: every flag reaches the file, or is refused; the file validates and is canonical.

Files are written into a copy of the sample network and judged by the real commands
(``validate``, ``fmt --check``, ``export`` read back with ``recurring_ical_events``), in-process.
"""

from __future__ import annotations

import itertools
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from groundgame.cli import build_parser, main
from groundgame.content.network import load_network
from groundgame.problems import UsageError
from groundgame.tools import scaffold

REPO = Path(__file__).resolve().parents[1]
CLUB = "paris-atelier-du-web"  # a club of the sample network (Europe/Paris, fr first)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample network's content."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


def run(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, root: Path, *argv: str) -> str:
    """The error argparse gives (it exits 2)."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(root), *argv])
    assert exit_info.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def assert_valid_and_canonical(capsys, root: Path, path: Path) -> None:
    code, out, _ = run(capsys, root, "validate", "--strict", str(path))
    assert (code, out.splitlines()[-1].endswith("0 errors, 0 warnings (all valid).")) == (0, True), out
    code, out, _ = run(capsys, root, "fmt", "--check", str(path))
    assert (code, out) == (0, "0 of 1 file would reformat.\n"), out


def written(root: Path) -> set[Path]:
    return {p for p in (root / "content").rglob("*") if p.is_file()}


def test_every_event_flag_reaches_the_file(sample, capsys):
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/atelier-lisbonne", "--no-input",
                       "--title", "Atelier à Lisbonne", "--summary", "On code: ensemble.",
                       "--description", "Un *atelier* en deux langues.", "--languages", "fr, pt",
                       "--start", "2026-12-03 19:00", "--end", "2026-12-03 21:30", "--timezone", "Europe/Lisbon",
                       "--venue", "Biblioteca", "--address", "Rua 1", "--city", "Lisboa", "--country", "pt",
                       "--lat", "38.72", "--lon", "-9.14", "--online-url", "https://meet.example/atelier")
    assert (code, out.splitlines()[-1]) == (0, f"Wrote content/events/{CLUB}/atelier-lisbonne.yaml"), out
    path = sample / "content" / "events" / CLUB / "atelier-lisbonne.yaml"
    assert path.read_text().startswith("# yaml-language-server: $schema=../../../schemas/event.schema.json\n")
    assert_valid_and_canonical(capsys, sample, path)
    event = load_network(sample).network.events[f"{CLUB}/atelier-lisbonne"]
    assert event.timezone == "Europe/Lisbon"
    assert event.languages == ("fr", "pt")
    assert event.description is not None
    assert event.description.text() == "Un *atelier* en deux langues."
    assert event.start == datetime(2026, 12, 3, 19, 0)
    assert event.end == datetime(2026, 12, 3, 21, 30)
    assert event.venue is not None
    assert (event.venue.name, event.venue.address, event.venue.city, event.venue.country) == \
        ("Biblioteca", "Rua 1", "Lisboa", "PT")
    assert (event.venue.lat, event.venue.lon) == (38.72, -9.14)
    assert event.online_url == "https://meet.example/atelier"


def test_every_club_and_region_flag_reaches_the_file(sample, capsys):
    code, out, _ = run(capsys, sample, "new", "region", "oceania", "--no-input", "--name", "Oceania",
                       "--coordinator", "Kai Tane:kai-t", "--coordinator", "Mere:@mere", "--description", "Islands.")
    assert code == 0, out
    code, out, _ = run(capsys, sample, "new", "club", "lyon-makers", "--no-input", "--name", "Lyon Makers",
                       "--summary", "On fabrique: ensemble.", "--description", "Le jeudi.", "--languages", "fr en",
                       "--region", "oceania", "--city", "Lyon", "--country", "FR", "--lat", "45.76", "--lon", "4.83",
                       "--online", "--timezone", "Europe/Paris", "--leader", "Léa Martin:@lea-m",
                       "--leader", "Tom:tom")
    assert (code, out.splitlines()[-1]) == (0, "Wrote content/clubs/lyon-makers.yaml"), out
    for path in (sample / "content/regions/oceania.yaml", sample / "content/clubs/lyon-makers.yaml"):
        assert_valid_and_canonical(capsys, sample, path)
    network = load_network(sample).network
    region, club = network.regions["oceania"], network.clubs["lyon-makers"]
    assert [(p.name, p.github) for p in region.coordinators] == [("Kai Tane", "kai-t"), ("Mere", "mere")]
    assert region.description is not None
    assert region.description.text() == "Islands."
    assert club.summary.text() == "On fabrique: ensemble."
    assert club.description is not None
    assert club.description.text() == "Le jeudi."
    assert (club.region, club.timezone, club.online, club.languages) == ("oceania", "Europe/Paris", True, ("fr", "en"))
    assert club.location is not None
    assert (club.location.lat, club.location.lon) == (45.76, 4.83)
    assert [p.github for p in club.leaders] == ["lea-m", "tom"]


def new_series(capsys, root: Path, slug: str, *flags: str) -> Path:
    code, out, _ = run(capsys, root, "new", "event", f"{CLUB}/{slug}", "--no-input", "--title", "Atelier",
                       "--summary", "Un atelier.", "--venue", "Médiathèque", *flags)
    assert code == 0, out
    path = root / "content" / "events" / CLUB / f"{slug}.yaml"
    assert_valid_and_canonical(capsys, root, path)
    return path


@pytest.mark.build
def test_every_other_thursday_ten_times_expands_to_ten_meetings(sample, capsys, tmp_path):
    new_series(capsys, sample, "jeudis", "--start", "2026-12-03 19:00", "--end", "2026-12-03 21:00",
               "--every", "week", "--interval", "2", "--on", "thursday", "--count", "10")
    repeat = load_network(sample).network.events[f"{CLUB}/jeudis"].doc.data["repeat"]
    assert repeat == {"every": "week", "interval": 2, "on": ["thursday"], "count": 10}
    out = tmp_path / "feeds"
    code, said, _ = run(capsys, sample, "export", "--out", str(out))
    assert code == 0, said
    calendar = icalendar.Calendar.from_ical((out / "calendar/events" / CLUB / "jeudis.ics").read_bytes())
    meetings = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2030, 1, 1))
    starts = sorted(m["DTSTART"].dt for m in meetings)
    assert len(starts) == 10
    assert all(s.weekday() == 3 and (s.hour, s.minute) == (19, 0) for s in starts)
    assert all(b - a == timedelta(weeks=2) for a, b in itertools.pairwise(starts))
    assert str(starts[0].tzinfo) == "Europe/Paris"
    assert starts[0].date().isoformat() == "2026-12-03"


@pytest.mark.parametrize(("flags", "repeat"), [
    (("--every", "month", "--on", "thursday", "--nth", "2", "--until", "2027-06-30"),
     {"every": "month", "on": ["2nd thursday"], "until": "2027-06-30"}),
    (("--every", "month", "--nth", "last", "--count", "3"),  # the start's weekday
     {"every": "month", "on": ["last thursday"], "count": 3}),
    (("--every", "week", "--on", "Thu, fri", "--until", "2027-01-29"),
     {"every": "week", "on": ["thursday", "friday"], "until": "2027-01-29"}),
    (("--every", "day", "--count", "5"), {"every": "day", "count": 5}),
])
def test_series_flags_map_onto_repeat(sample, capsys, flags, repeat):
    start = "2026-12-31 19:00" if "last" in flags else "2026-12-10 19:00"
    new_series(capsys, sample, "serie", "--start", start, *flags)
    assert load_network(sample).network.events[f"{CLUB}/serie"].doc.data["repeat"] == repeat


@pytest.mark.parametrize(("argv", "message"), [
    (("event", f"{CLUB}/x", "--region", "europe"),
     "--region is not an option of 'new event': an event is in its club's region (the club's file says which); "
     "see 'groundgame new event --help'"),
    (("event", f"{CLUB}/x", "--leader=Ana:ana"),
     "--leader is not an option of 'new event': an event is run by its club's leaders (the club's file lists "
     "them); see 'groundgame new event --help'"),
    (("region", "oceania", "--timezone", "Pacific/Auckland"),
     "--timezone is not an option of 'new region': a region has no time zone; each club gives its own "
     "('groundgame new club --timezone'); see 'groundgame new region --help'"),
    (("club", "lyon", "--every", "week"),
     "--every is not an option of 'new club': it is an option of 'groundgame new event'; "
     "see 'groundgame new club --help'"),
    (("club", "lyon", "--sumary", "x"),
     "--sumary is not an option of 'new club'; did you mean --summary? see 'groundgame new club --help'"),
    (("event", f"{CLUB}/x", "--until", "2027-01-01", "--count", "3"),
     "groundgame new event: error: argument --count: not allowed with argument --until"),
])
def test_a_flag_of_another_kind_is_refused(sample, capsys, argv, message):
    before = written(sample)
    line = refused(capsys, sample, "new", *argv)
    assert line.removeprefix(f"groundgame new {argv[0]}: error: ") == message.removeprefix(
        f"groundgame new {argv[0]}: error: ")
    assert written(sample) == before


def test_a_bad_time_zone_is_refused_with_the_fix_and_writes_nothing(sample, capsys):
    before = written(sample)
    code, out, _ = run(capsys, sample, "new", "event", "new-club/atelier", "--no-input", "--title", "x",
                       "--summary", "y", "--start", "2026-12-03 19:00", "--venue", "V", "--timezone", "Lisbon")
    assert code == 2  # no such club: said before anything else
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/atelier", "--no-input", "--title", "x",
                       "--summary", "y", "--start", "2026-12-03 19:00", "--venue", "V", "--timezone", "Lisbon")
    assert code == 1
    assert out.splitlines() == [
        "timezone (--timezone): must be an IANA time zone (got 'Lisbon'); did you mean 'Europe/Lisbon'?",
        "Nothing was written; run the command again with the values corrected."]
    assert written(sample) == before


@pytest.mark.parametrize(("argv", "line"), [
    (("club", "lyon", "--name", "L", "--summary", "S", "--languages", "fr", "--region", "eurpe", "--city", "Lyon",
      "--country", "FR", "--timezone", "Europe/Paris", "--leader", "Léa:lea"),
     "region (--region): must name an existing region (got 'eurpe'); did you mean 'europe'?"),
    (("region", "oceania", "--name", "Oceania", "--coordinator", "Kai:kai!"),
     "coordinators[0].github (--coordinator): must be a GitHub user name: letters, digits and single hyphens, "
     "without '@' (got 'kai!')"),
    (("event", f"{CLUB}/x", "--title", "x", "--summary", "y", "--start", "2026-12-01 19:00", "--venue", "V",
      "--every", "week", "--on", "thursday", "--count", "3"),
     "start (--start): must be one of the series' own meetings, but 2026-12-01 is a tuesday; move start to the "
     "first meeting, or change 'repeat.on'"),
    (("event", f"{CLUB}/x", "--title", "x", "--summary", "y", "--start", "2026-12-01 19:00", "--count", "3"),
     "count (--count): is for a series: add --every week (or day, month, year)"),
    (("event", "open-leaders-online/x", "--title", "x", "--summary", "y", "--start", "2026-12-01 19:00"),
     "the new event: needs a venue or an online address: its club 'open-leaders-online' has no location where it "
     "could be held; add venue: {name: ..., city: ..., country: ..} or online: {url: https://...} (online: true "
     "when the address is sent to registered people)"),
    (("event", f"{CLUB}/x", "--title", "x", "--summary", "y", "--start", "2026-12-01 7pm", "--venue", "V"),
     "start (--start): must be a date YYYY-MM-DD or a local time YYYY-MM-DD HH:MM, 24-hour (got '2026-12-01 7pm')"),
])
def test_a_value_the_checks_refuse_is_named_with_its_field_and_nothing_is_written(sample, capsys, argv, line):
    before = written(sample)
    code, out, _ = run(capsys, sample, "new", *argv, "--no-input")
    assert code == 1
    assert line in out.splitlines(), out
    assert written(sample) == before


def test_required_flags_refuses_to_overwrite_and_bad_ids(sample, capsys):
    code, _, err = run(capsys, sample, "new", "event", f"{CLUB}/x", "--no-input", "--title", "x")
    assert (code, err) == (2, "groundgame: --summary, --start are required for a new event (or run it on a "
                              "terminal to be asked); see 'groundgame new event --help'\n")
    code, _, err = run(capsys, sample, "new", "club", CLUB, "--no-input")
    assert (code, err) == (2, f"groundgame: content/clubs/{CLUB}.yaml exists already; edit it instead\n")
    code, _, err = run(capsys, sample, "new", "event", "Paris Web", "--no-input")
    assert code == 2
    assert "the id of an event is <club-id>/<slug>" in err


def scripted(answers: dict[str, list[str]]):
    """An ``ask`` that answers each question (found by the start of its prompt) in turn, and the
    questions asked, by that start."""
    asked: list[str] = []

    def ask(prompt: str) -> str:
        key = next(k for k in answers if prompt.startswith(k))
        asked.append(key)
        return answers[key].pop(0)
    return ask, asked


def test_a_wrong_answer_is_asked_again_and_the_others_are_kept(sample, capsys):
    ask, asked = scripted({
        "Event title": ["Atelier"], "One sentence": ["Un atelier."], "Start": ["2026-12-03 7pm", "2026-12-03 19:00"],
        "End": [""], "Time zone": ["Lisbon", "Europe/Lisbon"], "Venue name": ["Médiathèque"], "Venue city": ["Paris"],
        "Online address": [""], "Repeat every": ["weekly", "week"], "Every how many": ["2"],
        "On which weekdays": ["thurs"], "Last day": [""], "Number of meetings": ["zero", "0", "10"],
    })
    said: list[str] = []
    args = build_parser().parse_args(["new", "event", f"{CLUB}/atelier"])
    outcome = scaffold.create(sample, args, interactive=True, ask=ask, say=said.append)
    assert outcome.path is not None, said
    assert asked == ["Event title", "One sentence", "Start", "Start", "End", "Time zone", "Time zone", "Venue name",
                     "Venue city", "Online address", "Repeat every", "Repeat every", "Every how many",
                     "On which weekdays", "Last day", "Number of meetings", "Number of meetings", "Number of meetings"]
    assert [s.split("; a series has")[0] for s in said] == [  # the schema's hint for a count: not pinned here
        "start: must be a date YYYY-MM-DD or a local time YYYY-MM-DD HH:MM, 24-hour (got '2026-12-03 7pm')",
        "timezone: must be an IANA time zone (got 'Lisbon'); did you mean 'Europe/Lisbon'?",
        "every: must be day, week, month or year (got 'weekly'); did you mean 'week'?",
        "count: must be a whole number, such as 10 (got 'zero')",
        "repeat.count (--count): must be at least 1 (got 0)"]
    assert_valid_and_canonical(capsys, sample, outcome.path)
    event = load_network(sample).network.events[f"{CLUB}/atelier"]
    assert (event.title.text(), event.timezone, event.venue.city, event.start) == \
        ("Atelier", "Europe/Lisbon", "Paris", datetime(2026, 12, 3, 19, 0))
    assert event.doc.data["repeat"] == {"every": "week", "interval": 2, "on": ["thursday"], "count": 10}


def test_a_bad_flag_on_a_terminal_asks_that_question_only_and_a_cross_file_problem_too(sample, capsys):
    ask, asked = scripted({"Time zone": ["Europe/Paris"], "Region id": ["europe"]})
    said: list[str] = []
    args = build_parser().parse_args(["new", "club", "lyon", "--name", "Lyon", "--summary", "S", "--languages",
                                      "fr", "--region", "eurpe", "--city", "Lyon", "--country", "FR",
                                      "--timezone", "Paris", "--leader", "Léa:lea"])
    outcome = scaffold.create(sample, args, interactive=True, ask=ask, say=said.append)
    assert outcome.path is not None, said
    assert asked == ["Time zone", "Region id"]
    assert said == ["--timezone: must be an IANA time zone (got 'Paris'); did you mean 'Europe/Paris'?",
                    "region (--region): must name an existing region (got 'eurpe'); did you mean 'europe'?"]
    assert_valid_and_canonical(capsys, sample, outcome.path)


def test_on_a_terminal_the_command_asks(sample, capsys, monkeypatch):
    answers = iter(["Atelier", "Un atelier.", "2026-12-15T19:00", "", "", "Médiathèque", "Paris", "", ""])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/atelier")
    assert code == 0, out
    event = load_network(sample).network.events[f"{CLUB}/atelier"]
    assert (event.venue.name, event.timezone) == ("Médiathèque", "Europe/Paris")


@pytest.mark.parametrize("kind", ["region", "club", "event"])
def test_help_describes_every_flag(sample, capsys, kind):
    with pytest.raises(SystemExit):
        main(["new", kind, "--help"])
    text = capsys.readouterr().out
    usage, _, body = text.partition("\n\n")
    flags = set(re.findall(r"--[a-z-]+", usage))
    assert len(flags) >= {"region": 4, "club": 13, "event": 21}[kind]
    for flag in flags:  # each documented: its line, then its text (on the line or the next)
        found = re.search(rf"^  {flag}(?: [A-Z:-]+)?(?:\s+|\n\s+)(\S.{{15,}})$", body, flags=re.MULTILINE)
        assert found, flag
    if kind == "event":
        assert "local start, YYYY-MM-DD HH:MM, 24-hour" in body
        assert "every other Thursday, 10 meetings" in body
        assert "--start 2027-03-06 --online-later --captions --transcripts" in body
    if kind == "club":
        assert "--social https://mastodon.social/@lyonmakers" in body


def test_input_that_ends_is_a_usage_error_and_writes_nothing(sample):
    def ask(prompt: str) -> str:
        raise EOFError

    before = written(sample)
    args = build_parser().parse_args(["new", "region", "oceania"])
    with pytest.raises(UsageError, match="no answer for name"):
        scaffold.create(sample, args, interactive=True, ask=ask, say=lambda text: None)
    assert written(sample) == before


# ---- issue #13: website, code of conduct, call for proposals, social accounts; online later, online access

def test_every_new_event_flag_reaches_the_file(sample, capsys):
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/web-conf", "--no-input", "--title", "Web conf",
                       "--summary", "Une journée de conférences.", "--start", "2027-03-06", "--online-later",
                       "--captions", "--sign-language", "--transcripts", "--website", "https://conf.example.org",
                       "--code-of-conduct", "https://conf.example.org/conduct", "--cfp", "mailto:cfp@conf.example.org",
                       "--cfp-closes", "2027-01-15", "--social", "https://mastodon.social/@webconf",
                       "--social", "https://bsky.app/profile/conf.example.org")
    assert (code, out.splitlines()[-1]) == (0, f"Wrote content/events/{CLUB}/web-conf.yaml"), out
    path = sample / "content" / "events" / CLUB / "web-conf.yaml"
    assert_valid_and_canonical(capsys, sample, path)
    event = load_network(sample).network.events[f"{CLUB}/web-conf"]
    assert event.address_later
    assert event.venue is None
    assert event.doc.data["online"] == {"accessibility": {"captions": True, "sign_language": True,
                                                          "transcripts": True}}
    assert (event.website, event.code_of_conduct) == ("https://conf.example.org", "https://conf.example.org/conduct")
    assert event.call_for_proposals is not None
    assert (event.call_for_proposals.url, str(event.call_for_proposals.closes)) == (
        "mailto:cfp@conf.example.org", "2027-01-15")
    assert event.social == ("https://mastodon.social/@webconf", "https://bsky.app/profile/conf.example.org")


@pytest.mark.parametrize(("flags", "online"), [
    (("--online-later",), True),
    (("--online-url", "https://meet.example/web", "--captions-or-sign-language"),
     {"url": "https://meet.example/web", "accessibility": {"captions_or_sign_language": True}}),
    ((), None),  # held at the club's usual place (Paris): no longer refused by new itself
    (("--city", "Lyon", "--country", "FR"), None),  # a venue of only a town
])
def test_online_later_online_access_or_no_place_at_all(sample, capsys, flags, online):
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/soiree", "--no-input", "--title", "Soirée",
                       "--summary", "Une soirée.", "--start", "2027-03-06 19:00", *flags)
    assert code == 0, out
    path = sample / "content" / "events" / CLUB / "soiree.yaml"
    assert_valid_and_canonical(capsys, sample, path)
    assert load_network(sample).network.events[f"{CLUB}/soiree"].doc.data.get("online") == online


def test_the_new_club_flags_reach_the_file(sample, capsys):
    code, out, _ = run(capsys, sample, "new", "club", "lyon-makers", "--no-input", "--name", "Lyon Makers",
                       "--summary", "On fabrique.", "--languages", "fr", "--region", "europe", "--city", "Lyon",
                       "--country", "FR", "--timezone", "Europe/Paris", "--leader", "Léa:lea-m",
                       "--code-of-conduct", "https://lyon-makers.example.org/conduct",
                       "--social", "https://mastodon.social/@lyonmakers", "--social", "https://bsky.app/profile/lm.fr")
    assert (code, out.splitlines()[-1]) == (0, "Wrote content/clubs/lyon-makers.yaml"), out
    assert_valid_and_canonical(capsys, sample, sample / "content/clubs/lyon-makers.yaml")
    club = load_network(sample).network.clubs["lyon-makers"]
    assert club.code_of_conduct == "https://lyon-makers.example.org/conduct"
    assert club.social == ("https://mastodon.social/@lyonmakers", "https://bsky.app/profile/lm.fr")
    assert club.doc.data["contact"] == {"social": list(club.social)}


EVENT_FLAGS = ("--title", "x", "--summary", "y", "--start", "2026-12-01 19:00")


def test_online_later_with_an_address_and_access_without_an_online_event_are_refused(sample, capsys):
    before = written(sample)
    line = refused(capsys, sample, "new", "event", f"{CLUB}/x", "--no-input", *EVENT_FLAGS, "--online-later",
                   "--online-url", "https://meet.example/web")
    assert line == "groundgame new event: error: argument --online-url: not allowed with argument --online-later"
    code, _, err = run(capsys, sample, "new", "event", f"{CLUB}/x", "--no-input", *EVENT_FLAGS, "--venue", "V",
                       "--captions")
    assert (code, err) == (2, "groundgame: --captions is about the online event: add --online-url URL, or "
                              "--online-later when the address is sent to registered people; see 'groundgame new "
                              "event --help'\n")
    line = refused(capsys, sample, "new", "club", "lyon", "--online-later")
    assert line.endswith("--online-later is not an option of 'new club': it is an option of 'groundgame new event'; "
                         "see 'groundgame new club --help'")
    assert written(sample) == before


@pytest.mark.parametrize(("flags", "line"), [
    (("--website", "javascript:alert(1)"),
     "website (--website): must be a web address starting with https:// or http:// (got 'javascript:alert(1)')"),
    (("--code-of-conduct", "javascript:alert(1)"),
     "code_of_conduct (--code-of-conduct): must be a web address starting with https:// or http:// "
     "(got 'javascript:alert(1)')"),
    (("--cfp", "https://x.example/cfp", "--cfp-closes", "2026-12-02"),
     "call_for_proposals.closes (--cfp-closes): must not be after the event starts (2026-12-01T19:00); give the "
     "last day proposals are taken, before the event"),
    (("--cfp-closes", "2026-11-01"), "call_for_proposals.url (--cfp): is required but missing"),
    (("--social", "https://example.org/" + "a" * 4981),
     "social[0] (--social): must be at most 2,000 characters (this one has 5,001); shorten it"),
    (tuple(itertools.chain.from_iterable(("--social", f"https://mastodon.social/@c{i}") for i in range(11))),
     "social (--social): must have at most 10 accounts (this one has 11); keep the ones that matter most"),
])
def test_new_event_values_the_checks_refuse(sample, capsys, flags, line):
    before = written(sample)
    code, out, _ = run(capsys, sample, "new", "event", f"{CLUB}/x", "--no-input", *EVENT_FLAGS, *flags)
    assert code == 1
    assert line in out.splitlines(), out
    assert written(sample) == before
