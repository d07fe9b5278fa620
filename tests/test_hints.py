"""Messages that give the fix: a value written another way is answered with how to write it.

Each case writes a real file into the sample network and runs the real loader (and once the
command line), and pins the line, the field and the fix an organizer reads.
"""

from __future__ import annotations

import time

import pytest
from conftest import BASE_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundgame import suggest
from groundgame.cli import main
from groundgame.content import dates, rules
from groundgame.content.network import load_network
from groundgame.content.reading import read_region
from groundgame.content.yamlfile import parse_bytes

CLUB = "clubs/lyon-web.yaml"
EVENT = "events/paris-web/new.yaml"
GOOD_CLUB = """\
name: Lyon Web
summary: On apprend.
languages: [fr]
region: europe
location: {city: Lyon, country: FR}
timezone: Europe/Paris
leaders: [{name: Léa, github: lea}]
status: active
"""
GOOD_EVENT = """\
title: Soirée
start: 2026-12-08T19:00
venue: {name: Lib, country: FR}
"""
SERIES = """\
title: Atelier
start: 2026-12-01T19:00
venue: {name: Lib}
repeat:
  every: week
  on: [tuesday]
  until: 2027-03-30
"""


def problems_of(site, rel: str, text: str) -> list[str]:
    path = site.write(rel, text)
    return [p.text() for p in load_network(site.root, [path]).problems]


def club(**fields: str) -> str:
    text = GOOD_CLUB
    for name, value in fields.items():
        text = "\n".join(f"{name}: {value}" if line.startswith(f"{name}:") else line for line in text.splitlines())
    return text + "\n"


COUNTRY = "must be a two-letter country code in capitals, such as 'BR'"
WHEN = "must be a date (2026-12-01) or a local date and time (2026-12-01T19:00)"
WEEKDAY = "must be a weekday such as 'tuesday', or with its place in the month such as '2nd tuesday' or 'last friday'"
EVERY = "must be one of day, week, month, year"

CASES = [
    # 1. countries by their name, in any language CLDR has
    (CLUB, club(location="{city: Lyon, country: Portugal}"),
     f"{CLUB}:5:33: location.country: {COUNTRY} (got 'Portugal'); use the two-letter code 'PT'"),
    (CLUB, club(location="{city: Lyon, country: Brasil}"), "(got 'Brasil'); use the two-letter code 'BR'"),
    (CLUB, club(location="{city: Lyon, country: Allemagne}"), "(got 'Allemagne'); use the two-letter code 'DE'"),
    (CLUB, club(location="{city: Lyon, country: Deutschland}"), "(got 'Deutschland'); use the two-letter code 'DE'"),
    (CLUB, club(location="{city: Lyon, country: 日本}"), "(got '日本'); use the two-letter code 'JP'"),
    (CLUB, club(location="{city: Lyon, country: ESPAÑA}"), "(got 'ESPAÑA'); use the two-letter code 'ES'"),
    (CLUB, club(location="{city: Lyon, country: fr}"), "(got 'fr'); write the code in capitals: 'FR'"),
    (EVENT, GOOD_EVENT.replace("country: FR", "country: Côte d’Ivoire"),
     f"{EVENT}:3:29: venue.country: {COUNTRY} (got 'Côte d’Ivoire'); use the two-letter code 'CI'"),
    # 2. a region by its name (the schema stage knows no regions: it says how an id is spelt)
    (CLUB, club(region='"Western Europe"'),
     f"{CLUB}:4:9: region: must be lowercase letters and digits joined by single hyphens, like 'web-lab' "
     "(got 'Western Europe'); a region is written as its id, the name of its file without .yaml: "
     "for content/regions/western-europe.yaml write 'western-europe'"),
    (CLUB, club(region="america-latina"),
     f"{CLUB}:4:9: region: must name an existing region (got 'america-latina'); did you mean 'latin-america'?"),
    # 3. times, in every field that holds one
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "2026-12-08 6:30pm"),
     f"{EVENT}:2:8: start: {WHEN} (got '2026-12-08 6:30pm'); write 24-hour time: 18:30 (2026-12-08T18:30)"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "'2026-12-08 6.30 pm'"),
     "(got '2026-12-08 6.30 pm'); write 24-hour time: 18:30 (2026-12-08T18:30)"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "2026-12-08 18h30"), "write 24-hour time: 18:30 (2026-12-08T18:30)"),
    (EVENT, GOOD_EVENT + "end: 2026-12-08 21h\n",
     f"{EVENT}:4:6: end: {WHEN} (got '2026-12-08 21h'); write 24-hour time: 21:00 (2026-12-08T21:00)"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "2026-12-08 6pm"), "write 24-hour time: 18:00 (2026-12-08T18:00)"),
    (EVENT, SERIES + "  changes:\n    2026-12-15: {start: 2026-12-16 7pm}\n",
     f"{EVENT}:9:25: repeat.changes.2026-12-15.start: {WHEN} (got '2026-12-16 7pm'); "
     "write 24-hour time: 19:00 (2026-12-16T19:00)"),
    # 4. series: every
    (EVENT, SERIES.replace("every: week", "every: fortnight"),
     f"{EVENT}:5:10: repeat.every: {EVERY} (got 'fortnight'); use every: week with interval: 2"),
    (EVENT, SERIES.replace("every: week", "every: biweekly"), "(got 'biweekly'); use every: week with interval: 2"),
    (EVENT, SERIES.replace("every: week", "every: weekly"), "(got 'weekly'); use every: week"),
    (EVENT, SERIES.replace("every: week", "every: monthly"), "(got 'monthly'); use every: month"),
    (EVENT, SERIES.replace("every: week", "every: daily"), "(got 'daily'); use every: day"),
    # 5. series: on
    (EVENT, SERIES.replace("[tuesday]", "[Tuesday]"),
     f"{EVENT}:6:8: repeat.on[0]: {WEEKDAY} (got 'Tuesday'); weekdays are lowercase: tuesday"),
    (EVENT, SERIES.replace("[tuesday]", "[Tue]"),
     f"{EVENT}:6:8: repeat.on[0]: {WEEKDAY} (got 'Tue'); write the weekday in full, in lowercase: tuesday"),
    (EVENT, SERIES.replace("[tuesday]", "[tue]"), "(got 'tue'); write the weekday in full, in lowercase: tuesday"),
    (EVENT, SERIES.replace("every: week", "every: month").replace("[tuesday]", "[1st Tuesday]"),
     "(got '1st Tuesday'); weekdays are lowercase: 1st tuesday"),
    # 6. a change between two equally near meetings names both
    (EVENT, SERIES.replace("on: [tuesday]", "on: [tuesday]\n  interval: 2") + "  except: [2026-12-08]\n",
     f"{EVENT}:9:12: repeat.except[0]: is not a date of the series (got 2026-12-08, a tuesday); "
     "did you mean 2026-12-01 or 2026-12-15?"),
    (EVENT, SERIES.replace("on: [tuesday]", "on: [tuesday]\n  interval: 2")
     + "  changes:\n    2026-12-22: {status: cancelled}\n",
     f"{EVENT}:10:5: repeat.changes.2026-12-22: is not a date of the series (got 2026-12-22, a tuesday); "
     "did you mean 2026-12-15 or 2026-12-29?"),
    # 7. a web address with a space
    (CLUB, GOOD_CLUB + "join_url: https://example.org/join us\n",
     f"{CLUB}:9:11: join_url: must not contain spaces, but has a space at character 25 "
     "(after 'https://example.org/join'); write %20 for it, or remove it"),
    (CLUB, GOOD_CLUB + "join_url: 'https://example.org/join '\n",
     "has a space at character 25 (after 'https://example.org/join'); remove it"),
    (CLUB, GOOD_CLUB + "join_url: 'https://example.org/join\u00a0us'\n",
     "has a blank (NO-BREAK SPACE) at character 25 (after 'https://example.org/join'); remove it"),
    (CLUB, GOOD_CLUB + "join_url: https://exa mple.org/\n",
     "has a space at character 12 (after 'https://exa'); remove it: an address has no spaces"),
    (CLUB, GOOD_CLUB + "join_url: example.org/join us\n",
     "join_url: must be a web address starting with https:// or http://, or a mailto: address "
     "(got 'example.org/join us')"),
    # 8. dates written day/month or month/day
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "12/03/2026"),
     f"{EVENT}:2:8: start: {WHEN} (got '12/03/2026'); write the date as YYYY-MM-DD (year-month-day), "
     "e.g. 2026-12-03 or 2026-03-12: which is the month?"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "03.12.2026"),
     "e.g. 2026-03-12 or 2026-12-03: which is the month?"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "2026/12/03"),
     "e.g. 2026-12-03 or 2026-03-12: which is the month?"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "13/03/2026"),
     "(got '13/03/2026'); write the date as YYYY-MM-DD (year-month-day): 2026-03-13"),
    (EVENT, GOOD_EVENT.replace("2026-12-08T19:00", "13/03/2026 6:30pm"),
     "write the date as YYYY-MM-DD (year-month-day) and a 24-hour time: 2026-03-13T18:30"),
    (EVENT, SERIES.replace("until: 2027-03-30", "until: 30/03/2027"),
     f"{EVENT}:7:10: repeat.until: {WHEN} (got '30/03/2027'); write the date as YYYY-MM-DD (year-month-day): "
     "2027-03-30"),
    (EVENT, SERIES + "  except: [15/12/2026]\n",
     f"{EVENT}:8:12: repeat.except[0]: must be a date written YYYY-MM-DD, like 2026-12-01 (got '15/12/2026'); "
     "write the date as YYYY-MM-DD (year-month-day): 2026-12-15"),
]


@pytest.mark.parametrize(("rel", "text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_the_message_gives_the_fix(site, rel, text, expected):
    found = problems_of(site, rel, text)
    assert any(expected in line for line in found), found
    if expected.startswith(rel):
        assert f"content/{expected}" in found
    assert len(found) == 1, found  # the fix is said once, not as a second problem


def test_validate_on_the_command_line_says_the_fix(site, capsys):
    path = site.write(EVENT, SERIES.replace("every: week", "every: fortnight").replace("[tuesday]", "[Thursday]"))
    code = main(["--root", str(site.root), "validate", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"content/{EVENT}:5:10: repeat.every: {EVERY} (got 'fortnight'); use every: week with interval: 2" in out
    assert f"content/{EVENT}:6:8: repeat.on[0]: {WEEKDAY} (got 'Thursday'); weekdays are lowercase: thursday" in out


def test_a_region_named_in_one_of_its_languages_is_guessed(site):
    """Given the regions' records (``Index.region``), a club's region may be guessed from a
    region's name in any of its languages, ignoring case, accents and word order."""
    regions = {}
    for rel in ("regions/europe.yaml", "regions/latin-america.yaml"):
        region_id = rel.split("/")[1].removesuffix(".yaml")
        doc = parse_bytes(site.path(rel).read_bytes(), f"content/{rel}")
        regions[region_id] = read_region(doc, region_id)[0]
    loaded = load_network(site.root)
    index = rules.Index(ids={"region": frozenset(regions), "club": frozenset(loaded.network.clubs),
                             "event": frozenset(), "campaign": frozenset()},
                        club=loaded.network.clubs.get, region=regions.get)
    lab = loaded.network.clubs["sao-paulo-lab"]
    for written in ("america-latina", "latina-america", "latin-americ"):
        moved = type(lab)(**{**lab.__dict__, "region": written})
        found = [p.text() for p in rules.check_club(moved, index)]
        assert found == [f"content/clubs/sao-paulo-lab.yaml:4:9: region: must name an existing region "
                         f"(got {written!r}); did you mean 'latin-america'?"]


def test_validate_guesses_a_region_from_its_name_in_another_language(site):
    """The loader gives the rules the regions' records: a club that wrote a region's Swahili
    name as an id is told the region's id."""
    site.write("regions/africa-middle-east.yaml", "name: {en: Africa and the Middle East, sw: Afrika na Mashariki "
               "ya Kati}\ncoordinators: [{name: Wanjiru, github: wanjiru-k}]\n")
    found = problems_of(site, CLUB, club(region="afrika-na-mashariki-ya-kati"))
    assert found == [f"content/{CLUB}:4:9: region: must name an existing region "
                     "(got 'afrika-na-mashariki-ya-kati'); did you mean 'africa-middle-east'?"]


def test_a_hostile_value_gets_a_short_message(site):
    huge = "Portugal " * 10_000
    found = problems_of(site, CLUB, club(location=f"{{city: Lyon, country: '{huge}'}}"))
    assert len(found) == 1, found
    assert len(found[0]) < 300, found
    huge_url = "https://example.org/" + "a " * 900
    found = problems_of(site, CLUB, GOOD_CLUB + f"join_url: '{huge_url}'\n")
    assert len(found) == 1, found
    assert len(found[0]) < 300, found
    assert "has a space at character 22 (after 'https://example.org/a'), and 899 more" in found[0], found


def test_the_country_table_is_built_once_and_quickly():
    suggest._countries_by_name.cache_clear()
    began = time.perf_counter()
    assert suggest.country_code("Portugal") == "PT"
    built = time.perf_counter() - began
    began = time.perf_counter()
    assert suggest.country_code("Allemagne") == "DE"
    assert time.perf_counter() - began < 0.01
    assert built < 10  # about 0.8 s here, once per process, and only once a country is misspelt


TEXT = st.one_of(st.text(max_size=60), st.text(alphabet="0123456789/.-: hHapmPM", max_size=30),
                 st.text(min_size=2_000, max_size=5_000))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_no_hint_crashes_or_runs_long_on_any_text(text):
    hints = [suggest.country_hint(text), suggest.every_hint(text), suggest.weekday_hint(text),
             dates.when_hint(text), dates.when_hint(text, with_time=False), suggest.slug_of(text) or ""]
    spaced = suggest.space_in_address("https://x.org/" + text)
    hints += list(spaced or ())
    assert all(isinstance(h, str) and len(h) <= 400 for h in hints), hints  # 24 characters escaped at most
    assert suggest.named_guesses(text, {"europe": "europe", "América Latina": "latin-america"}) in (
        [], ["europe"], ["latin-america"], ["europe", "latin-america"], ["latin-america", "europe"])


def test_the_fixture_network_is_still_valid(site):
    assert load_network(site.root).ok, BASE_FILES


def test_reading_every_country_name_leaves_babels_locales_whole():
    """The country table reads each CLDR locale's own names; every locale must still format
    dates and names fully afterwards in the same process (a partial load once stayed cached)."""
    import subprocess
    import sys

    script = ("from datetime import date\nfrom babel import Locale\nfrom babel.dates import format_date\n"
              "from groundgame import suggest\nassert suggest.country_code('Allemagne') == 'DE'\n"
              "for tag in ('fr', 'sw', 'pt_BR', 'ar', 'ja'):\n"
              "    print(format_date(date(2026, 12, 3), 'long', locale=tag), Locale.parse(tag).territories['PT'])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0] == "3 décembre 2026 Portugal"
