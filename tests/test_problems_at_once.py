"""Every problem at once: schema, meaning and rules on every file, and on what a checked file depends on.

Files with several problems of different layers are written to a real tree and checked with
the real command line; each message is pinned, and so is the exit code.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import BASE_FILES, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundgame.cli import main

EVENT = "content/events/paris-web/stacked.yaml"
CLUB = "content/clubs/paris-web.yaml"


def validate(site: Site, capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[str]]:
    code = main(["--root", str(site.root), "validate", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def test_schema_meaning_and_rules_of_one_file_are_reported_together(site: Site, capsys) -> None:
    path = site.write("events/paris-web/stacked.yaml", """
        title: {fr: Soirée}
        start: 2026-12-08T19:00
        end: 2026-12-08T18:00
        timezone: Europe/Pariss
        scale: huge
        campaign: maker-partie
        venue: {name: Lib, country: XX}
    """)
    code, lines = validate(site, capsys, path)
    assert code == 1
    assert lines == [
        f"{EVENT}:3:6: end: must be after start (2026-12-08T19:00)",
        f"{EVENT}:4:11: timezone: must be an IANA time zone (got 'Europe/Pariss'); did you mean 'Europe/Paris'?",
        f"{EVENT}:5:8: scale: must be one of micro, medium, large (got 'huge')",
        f"{EVENT}:6:11: campaign: must name an existing campaign (got 'maker-partie'); did you mean 'maker-party'?",
        f"{EVENT}:7:29: venue.country: must be an ISO 3166-1 country code (got 'XX')",
        "Checked 3 files: 5 errors, 0 warnings (fix the errors above).",
    ]


def test_an_event_is_checked_even_when_its_club_has_problems(site: Site, capsys) -> None:
    club = site.path("clubs/paris-web.yaml")
    club.write_text(club.read_text().replace("status: active", "status: asleep").replace("country: FR", "country: XX"))
    path = site.write("events/paris-web/stacked.yaml",
                      "title: x\nstart: 2026-12-08T19:00\nend: 2026-12-08T18:00\nvenue: {name: Lib}\n")
    code, lines = validate(site, capsys, path)
    assert code == 1
    assert lines == [
        f"{CLUB}:5:34: location.country: must be an ISO 3166-1 country code (got 'XX')",
        f"{CLUB}:11:9: status: must be one of active, dormant (got 'asleep')",
        f"{EVENT}:3:6: end: must be after start (2026-12-08T19:00)",
        "Checked 3 files: 3 errors, 0 warnings (fix the errors above).",
    ]


def test_checking_one_event_reports_its_club_region_campaign_and_cohosts(site: Site, capsys) -> None:
    site.write("regions/europe.yaml", "name: {en: Europe}\ncoordinators: []\n")
    site.write("campaigns/maker-party.yaml", "name: Maker Party\nsummary: Making.\nstarts: 2027-07-01\n"
                                             "ends: 2027-06-01\n")
    cohost = site.path("clubs/sao-paulo-lab.yaml")
    cohost.write_text(cohost.read_text().replace("timezone: America/Sao_Paulo", "timezone: America/Sao_Paolo"))
    path = site.write("events/paris-web/stacked.yaml", "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
                                                       "campaign: maker-party\ncohosts: [sao-paulo-lab]\n")
    code, lines = validate(site, capsys, path)
    assert code == 1
    assert lines == [
        "content/campaigns/maker-party.yaml:4:7: ends: must not be before starts (2027-07-01)",
        "content/clubs/sao-paulo-lab.yaml:6:11: timezone: must be an IANA time zone (got 'America/Sao_Paolo'); "
        "did you mean 'America/Sao_Paulo'?",
        f"{EVENT}:5:11: warning: cohosts[0]: 'sao-paulo-lab' has not agreed to co-host this event, so it is shown "
        "under 'paris-web' only; to agree, a leader of sao-paulo-lab adds 'paris-web' (every event of the club) "
        "or 'paris-web/stacked' (this event) to cohosting in content/clubs/sao-paulo-lab.yaml",
        "content/regions/europe.yaml:2:15: coordinators: must not be empty",
        "Checked 6 files: 3 errors, 1 warning (fix the errors above).",
    ]


def test_a_refused_value_hides_only_the_checks_that_need_it(site: Site, capsys) -> None:
    """start is not a date: the span is not judged, but the series' end and the venue still are."""
    path = site.write("events/paris-web/stacked.yaml",
                      "title: {en: Evening}\nstart: 2026-12-1\nrepeat: {every: week}\nonline: {url: ftp://x}\n")
    code, lines = validate(site, capsys, path)
    assert code == 1
    assert lines == [
        f"{EVENT}:1:8: title: must include the text in 'fr', the record's main language (got en); add it, or put "
        "that language first in 'languages'",
        f"{EVENT}:2:8: start: must be a date (2026-12-01) or a local date and time (2026-12-01T19:00) (got "
        f"'2026-12-1'); write it 2026-12-01; `groundgame fmt {EVENT}` does that for you",
        f"{EVENT}:3:9: repeat: must end: give 'until' (the last date) or 'count' (how many meetings)",
        f"{EVENT}:4:15: online.url: must be a web address starting with https:// or http://, or a mailto: address "
        "(got 'ftp://x')",
        "Checked 3 files: 4 errors, 0 warnings (fix the errors above).",
    ]


def test_a_refused_language_key_is_not_reported_twice(site: Site, capsys) -> None:
    path = site.write("events/paris-web/stacked.yaml",
                      "title: {fr_FR: Soirée}\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n")
    code, lines = validate(site, capsys, path)
    assert code == 1
    assert lines == [
        f"{EVENT}:1:9: title.fr_FR: must be a language tag such as 'en', 'pt-BR' or 'ar' (got 'fr_FR')",
        "Checked 3 files: 1 error, 0 warnings (fix the errors above).",
    ]


# --- property: random combinations of broken fields across a club and its events -----------------------------

# (file, old text, new text, the field reported): each breaks one field, by schema, meaning or a rule.
CLUB_BREAKS = {
    "status": ("status: active", "status: asleep", "status"),
    "country": ("country: FR", "country: XX", "location.country"),
    "timezone": ("timezone: Europe/Paris", "timezone: Europe/Pariss", "timezone"),
    "region": ("region: europe", "region: europa", "region"),
    "topics": ("topics: [web-literacy]", "topics: [Web Literacy]", "topics[0]"),
    "founded": ("status: active", "status: active\nfounded: 2026-02-30", "founded"),
    "language": ("languages: [fr, en]", "languages: [fr, en, xx-1]", "languages[2]"),
}
EVENT_BREAKS = {
    "scale": "scale: huge\n",
    "country": "venue: {name: Lib, country: XX}\n",
    "campaign": "campaign: maker-partie\n",
    "cohost": "cohosts: [sao-paolo-lab]\n",
    "end": "end: 2026-12-08T18:00\n",
    "zone": "timezone: Europe/Pariss\n",
    "registration": "registration: {url: 'javascript:alert(1)'}\n",
    "status": "status: maybe\n",
}
EVENT_FIELDS = {"scale": "scale", "country": "venue.country", "campaign": "campaign", "cohost": "cohosts[0]",
                "end": "end", "zone": "timezone", "registration": "registration.url", "status": "status"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(club=st.sets(st.sampled_from(sorted(CLUB_BREAKS))),
       events=st.lists(st.sets(st.sampled_from(sorted(EVENT_BREAKS))), min_size=1, max_size=3))
def test_every_broken_field_is_reported(club: set[str], events: list[set[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        for rel, text in BASE_FILES.items():
            site.write(rel, text)
        club_file = site.path("clubs/paris-web.yaml")
        text = club_file.read_text()
        for name in sorted(club):
            old, new, _ = CLUB_BREAKS[name]
            text = text.replace(old, new, 1)
        club_file.write_text(text)
        expected = {(CLUB, CLUB_BREAKS[name][2]) for name in club}
        paths = []
        for n, breaks in enumerate(events):
            body = "title: {fr: Soirée}\nstart: 2026-12-08T19:00\n"
            body += "".join(EVENT_BREAKS[b] for b in sorted(breaks) if b != "country")
            body += EVENT_BREAKS["country"] if "country" in breaks else "venue: {name: Lib}\n"
            paths.append(site.write(f"events/paris-web/e{n}.yaml", body))
            expected |= {(f"content/events/paris-web/e{n}.yaml", EVENT_FIELDS[b]) for b in breaks}
        for checked in (None, paths):  # the whole tree, and only the events (their club comes with them)
            outcome = main_outcome(site, checked)
            assert {(p.path, p.field) for p in outcome.errors} == expected
            if expected:
                assert not outcome.ok


def main_outcome(site: Site, paths: list[Path] | None):
    from groundgame.content.network import load_network

    return load_network(site.root, paths, jobs=1)


BROKEN_CLUB = st.fixed_dictionaries({}, optional={
    "name": st.sampled_from(["X", {"fr": "X"}, {"xx": "?"}, "", None, ["a"], {"fr\n": "y"}]),
    "summary": st.sampled_from(["S", {"en": "S"}, 3]),
    "languages": st.sampled_from([["fr"], [], ["fr_FR", "en"], [1, "fr"], "fr", ["xx-1"]]),
    "region": st.sampled_from(["europe", "nope", "Bad Id", 5]),
    "location": st.sampled_from([{"city": "P", "country": "FR"}, {"city": "P"}, "x", {"country": "XX"}]),
    "timezone": st.sampled_from(["Europe/Paris", "Mars/Base", 3, ""]),
    "leaders": st.sampled_from([[{"name": "a", "github": "a"}], [], [None], [{"name": "a"}], "x"]),
    "status": st.sampled_from(["active", "asleep"]),
    "cohosting": st.sampled_from([["sao-paulo-lab"], ["paris-web"], ["x/y"], [None], "x", ["Bad"]]),
})
BROKEN_EVENT = st.fixed_dictionaries({}, optional={
    "title": st.sampled_from(["T", {"fr": "T"}, {"en": "T"}, "", None, ["a"]]),
    "start": st.sampled_from(["2026-12-08T19:00", "2026-02-30", "2026-12-1", 5]),
    "end": st.sampled_from(["2026-12-08T21:00", "2026-12-08T18:00", "2026-12-08"]),
    "languages": st.sampled_from([["fr"], [], ["fr_FR"], [None]]),
    "repeat": st.sampled_from([{"every": "week", "count": 3}, {"every": "week"}, {"every": "fortnight"},
                               {"every": "week", "count": 3, "except": ["2026-12-15", "2026-02-30", 4]},
                               {"every": "week", "count": 3, "changes": {"2026-12-15": "x", "bad": {}}}]),
    "venue": st.sampled_from([{"name": "Lib"}, {"city": "x"}, "x"]),
    "cohosts": st.sampled_from([["sao-paulo-lab"], ["paris-web"], [None], "x"]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(club=BROKEN_CLUB, event=BROKEN_EVENT)
def test_a_broken_club_and_a_broken_event_are_read_never_a_crash(club: dict, event: dict) -> None:
    """Every layer now runs on files the schema refused: whatever is refused, checking ends in problems."""
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        for rel, text in BASE_FILES.items():
            site.write(rel, text)
        site.write("clubs/paris-web.yaml", yaml.safe_dump(club, allow_unicode=True))
        path = site.write("events/paris-web/fuzz.yaml", yaml.safe_dump(event, allow_unicode=True))
        outcome = main_outcome(site, [path])
        assert {p.path for p in outcome.problems} <= {"content/clubs/paris-web.yaml", str(EVENT).replace(
            "stacked", "fuzz")}
