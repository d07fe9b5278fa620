"""Every rule has a bad input and the exact message an organizer reads."""

from __future__ import annotations

import pytest

from groundgame.content.network import load_network

EVENT = "events/paris-web/new.yaml"
CLUB = "clubs/lyon-web.yaml"
GOOD_CLUB = """
name: Lyon Web
summary: On apprend.
languages: [fr]
region: europe
location: {city: Lyon, country: FR}
timezone: Europe/Paris
leaders: [{name: Léa, github: lea}]
status: active
"""


def problems_of(site, rel: str, text: str) -> list[str]:
    path = site.write(rel, text)
    outcome = load_network(site.root, [path])
    return [p.text() for p in outcome.problems]


CASES = [
    # --- schema: unknown fields, types, enums, formats ---
    (EVENT, "titel: Soirée\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:1:1: titel: is not a known field; did you mean 'title'?",
        "content/events/paris-web/new.yaml:1:1: title: is required but missing",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\nscale: mikro\n", [
        "content/events/paris-web/new.yaml:4:8: scale: must be one of micro, medium, large (got 'mikro'); "
        "did you mean 'micro'?",
    ]),
    (EVENT, "title: x\nstart: 2026-12-8 19h\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:2:8: start: must be a date (2026-12-01) or a local date and time "
        "(2026-12-01T19:00) (got '2026-12-8 19h'); write 24-hour time: 19:00 (2026-12-08T19:00)",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: 1234}\n", [
        "content/events/paris-web/new.yaml:3:15: venue.name: must be text (got 1234); put the value in quotes: '1234'",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib, accessibility: {step_free: yes}}\n", [
        "content/events/paris-web/new.yaml:3:47: venue.accessibility.step_free: must be true or false (got 'yes'); "
        "write true or false",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nonline: {url: 'javascript:alert(1)'}\n", [
        "content/events/paris-web/new.yaml:3:15: online.url: must be a web address starting with https:// or "
        "http://, or a mailto: address (got 'javascript:alert(1)')",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\nlevels: [beginner, beginner]\n", [
        "content/events/paris-web/new.yaml:4:9: levels: lists 'beginner' twice; give each entry once",
    ]),
    (EVENT, "title: {fr: x, EN_us: y}\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:1:16: title.EN_us: must be a language tag such as 'en', 'pt-BR' or 'ar' "
        "(got 'EN_us')",
    ]),
    # --- meaning of strings: dates, zones, languages, countries, primary language ---
    (EVENT, "title: x\nstart: 2026-02-30T19:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:2:8: start: is not a real date or time (got '2026-02-30T19:00'); "
        "check the day of the month and the hour",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\ntimezone: Europe/Pariss\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:3:11: timezone: must be an IANA time zone (got 'Europe/Pariss'); "
        "did you mean 'Europe/Paris'?",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nlanguages: [fr, xx]\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:3:17: languages[1]: must be a language tag CLDR knows, such as 'en' or "
        "'pt-BR' (got 'xx')",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nlanguages: [pt-br]\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:3:13: languages[0]: must be written 'pt-BR' (got 'pt-br')",
    ]),
    (EVENT, "title: {en: Evening}\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:1:8: title: must include the text in 'fr', the record's main language "
        "(got en); add it, or put that language first in 'languages'",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib, country: UK}\n", [
        "content/events/paris-web/new.yaml:3:29: venue.country: must be an ISO 3166-1 country code (got 'UK')",
    ]),
    # --- references ---
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\ncohosts: [sao-paulo-labs]\ncampaign: maker\n", [
        "content/events/paris-web/new.yaml:4:11: cohosts[0]: must name an existing club (got 'sao-paulo-labs'); "
        "did you mean 'sao-paulo-lab'?",
        "content/events/paris-web/new.yaml:5:11: campaign: must name an existing campaign (got 'maker'); "
        "did you mean 'maker-party'?",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\ncohosts: [paris-web]\n", [
        "content/events/paris-web/new.yaml:4:11: cohosts[0]: names the host club itself; list only other clubs",
    ]),
    ("events/pariss-web/x.yaml", "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\ntimezone: Europe/Paris\n"
     "languages: [fr]\n", [
        "content/events/pariss-web/x.yaml:1:1: is in the folder of a club that does not exist ('pariss-web'); "
        "did you mean content/events/paris-web/?",
    ]),
    (CLUB, GOOD_CLUB.replace("region: europe", "region: eurpe"), [
        "content/clubs/lyon-web.yaml:4:9: region: must name an existing region (got 'eurpe'); did you mean 'europe'?",
    ]),
    (CLUB, GOOD_CLUB.replace("location: {city: Lyon, country: FR}\n", ""), [
        "content/clubs/lyon-web.yaml:1:1: needs a location (city and country) or online: true; add location: "
        "{city: ..., country: ..} for a club that meets in person",
    ]),
    (CLUB, GOOD_CLUB + "leaders: []\n", [
        "content/clubs/lyon-web.yaml:9:1: leaders: is given twice (first on line 7); keep one of the two; YAML "
        "would silently drop the first",
    ]),
    (CLUB, GOOD_CLUB.replace("leaders: [{name: Léa, github: lea}]", "leaders: [{name: Léa, github: '@lea'}]"), [
        "content/clubs/lyon-web.yaml:7:31: leaders[0].github: must be a GitHub user name: letters, digits and single "
        "hyphens, without '@' (got '@lea')",
    ]),
    (CLUB, GOOD_CLUB.replace("location: {city: Lyon, country: FR}", "location: {city: Lyon, country: FR, lat: 95}"),
     ["content/clubs/lyon-web.yaml:5:42: location.lat: must be at most 90 (got 95)"]),
    # --- times ---
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nend: 2026-12-08T18:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:3:6: end: must be after start (2026-12-08T19:00)",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08\nend: 2026-12-08T18:00\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:3:6: end: must be of the same kind as start: both dates (all day) or both "
        "dates with times",
    ]),
    (EVENT, "title: x\nstart: 2027-03-28T02:30\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:2:8: start: 2027-03-28T02:30 does not exist in Europe/Paris: the clocks "
        "skip that hour when summer time starts; choose a time an hour later",
    ]),
    (EVENT, "title: x\nstart: 2026-10-25T02:30\nend: 2026-10-25T03:30\nvenue: {name: Lib}\n", [
        "content/events/paris-web/new.yaml:2:8: warning: start: 2026-10-25T02:30 happens twice in Europe/Paris "
        "when summer time ends; the first (UTC+02:00) is taken, not the second (UTC+01:00)",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\nrepeat: {every: week}\n", [
        "content/events/paris-web/new.yaml:4:9: repeat: must end: give 'until' (the last date) or 'count' "
        "(how many meetings)",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\nrepeat: {every: day, until: 2029-01-01}\n", [
        "content/events/paris-web/new.yaml:4:9: repeat: has more than 520 meetings; end it sooner with 'until', "
        "and start a new series later",
    ]),
    (EVENT, "title: x\nstart: 2026-12-09T19:00\nvenue: {name: Lib}\nrepeat: {every: week, on: [tuesday], count: 4}\n",
     ["content/events/paris-web/new.yaml:2:8: start: must be one of the series' own meetings, but 2026-12-09 is a "
      "wednesday; move start to the first meeting, or change 'repeat.on'"]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
            "repeat: {every: week, count: 4, except: [2026-12-16]}\n", [
        "content/events/paris-web/new.yaml:4:42: repeat.except[0]: is not a date of the series (got 2026-12-16, a "
        "wednesday); did you mean 2026-12-15?",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
            "repeat:\n  every: month\n  on: [2nd tuesday]\n  count: 3\n  changes:\n"
            "    2027-01-13: {start: 2027-01-14T19:00}\n", [
        "content/events/paris-web/new.yaml:9:5: repeat.changes.2027-01-13: is not a date of the series (got "
        "2027-01-13, a wednesday); did you mean 2027-01-12?",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
            "repeat: {every: week, count: 4, until: 2027-01-01}\n",
     ["content/events/paris-web/new.yaml:4:30: repeat.count: cannot be given together with 'until'; keep one of "
      "the two"]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {city: Paris}\n", [
        "content/events/paris-web/new.yaml:3:8: venue.country: is required but missing; give the venue's name, or "
        "its city and country (city: Lisbon, country: PT)",
    ]),
    (EVENT, "title: x\nstart: 2026-12-10T19:00\nvenue: {name: Lib}\n"
            "repeat: {every: week, on: [2nd thursday], count: 4}\n", [
        "content/events/paris-web/new.yaml:4:28: repeat.on[0]: a numbered weekday ('2nd thursday') needs every: "
        "month or every: year, not every: week; for the 2nd thursday of each month write every: month; for every "
        "other thursday write on: [thursday] with interval: 2",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
            "repeat:\n  every: week\n  count: 3\n  changes:\n    2026-12-15: {online_only: true}\n", [
        "content/events/paris-web/new.yaml:8:31: repeat.changes.2026-12-15.online_only: needs an online address "
        "for the meeting; add online: {url: https://...} to this change or to the event",
    ]),
    (EVENT, "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\n"
            "repeat:\n  every: week\n  count: 3\n  changes:\n    2026-12-15: {online_only: false}\n", [
        "content/events/paris-web/new.yaml:8:31: repeat.changes.2026-12-15.online_only: must be true (leave it out "
        "for a meeting at the venue) (got 'false')",
    ]),
]


@pytest.mark.parametrize(("rel", "text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_rule_message(site, rel, text, expected):
    assert problems_of(site, rel, text) == expected


def test_the_sample_base_network_is_valid(site):
    outcome = load_network(site.root)
    assert outcome.problems == []
    assert sorted(outcome.network.events) == ["paris-web/soiree", "paris-web/weekly"]


def test_a_broken_club_is_reported_once_not_on_each_of_its_events(site):
    site.write("clubs/paris-web.yaml", site.path("clubs/paris-web.yaml").read_text().replace("FR", "XX"))
    outcome = load_network(site.root)
    assert [p.path for p in outcome.problems] == ["content/clubs/paris-web.yaml"]


def test_every_problem_is_reported_not_just_the_first(site):
    site.write("events/paris-web/a.yaml", "title: x\nstart: 2026-02-30\nvenue: {name: Lib}\n")
    site.write("events/sao-paulo-lab/b.yaml", "title: x\nstart: 2026-12-01T19:00\nscale: huge\nonline: {url: x}\n")
    site.write("regions/empty.yaml", "")
    outcome = load_network(site.root)
    assert [p.path for p in outcome.errors] == [
        "content/events/paris-web/a.yaml",
        "content/events/sao-paulo-lab/b.yaml",
        "content/events/sao-paulo-lab/b.yaml",
        "content/regions/empty.yaml",
    ]


STRAY = [
    ("events/paris-web/x.yml", "content/events/paris-web/x.yml: will not be read: content files end in '.yaml' "
                               "(got '.yml'); rename it to x.yaml"),
    ("clubs/Lyon.YAML", "content/clubs/Lyon.YAML: will not be read: content files end in '.yaml' (got '.YAML'); "
                        "rename it to Lyon.yaml"),
    ("events/notes.txt", "content/events/notes.txt: is not a content file; only .yaml records belong in this folder; "
                         "move it elsewhere or delete it"),
    ("events/loose.yaml", "content/events/loose.yaml: is in the wrong place; a record belongs at "
                          "content/events/<club-id>/<slug>.yaml"),
    ("clubs/europe/x.yaml", "content/clubs/europe/x.yaml: is in the wrong place; a record belongs at "
                            "content/<kind>s/<id>.yaml"),
    ("event/paris-web/x.yaml", "content/event/paris-web/x.yaml: will not be read: it is not in a record folder; "
                               "did you mean content/events/?"),
    ("club.yaml", "content/club.yaml: will not be read: it is not in a record folder; did you mean content/clubs/?"),
    ("news/meeting.yml", "content/news/meeting.yml: will not be read: it is not in a record folder; records "
                         "belong in content/regions, clubs, campaigns or events"),
    ("clubs/São_Paulo.yaml", "content/clubs/São_Paulo.yaml: has a name that is not a valid id ('São_Paulo'); ids "
                             "are lowercase letters and digits joined by single hyphens; rename it to 'sao-paulo'"),
]


@pytest.mark.parametrize(("rel", "message"), STRAY)
def test_files_that_would_not_be_read_are_errors(site, rel, message):
    site.write(rel, "title: x\n")
    outcome = load_network(site.root)
    assert [p.text() for p in outcome.problems] == [message]


def test_a_symlinked_content_file_is_an_error(site):
    site.path("clubs/alias.yaml").symlink_to(site.path("clubs/paris-web.yaml"))
    outcome = load_network(site.root)
    assert [p.text() for p in outcome.problems] == [
        "content/clubs/alias.yaml: must be a regular file, not a symbolic link"]


def test_parallel_and_serial_loading_agree(site):
    for n in range(30):
        site.write(f"events/paris-web/bad-{n}.yaml", f"title: x\nstart: 2026-12-0{n % 9 + 1}T19:00\nscale: huge\n")
    serial = load_network(site.root, jobs=1)
    parallel_outcome = _parallel(site.root)
    assert parallel_outcome.problems == serial.problems
    assert list(parallel_outcome.network.events) == list(serial.network.events)


def _parallel(root):
    from groundgame.content import network

    saved = network.PARALLEL_FROM
    network.PARALLEL_FROM = 1
    try:
        return network.load_network(root, jobs=2)
    finally:
        network.PARALLEL_FROM = saved
