"""The JSON API validates against its published schemas, says what the data says, and stays
well-formed whatever organizers write; the Atom feeds list new and changed events."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import BASE_FILES, REPO
from feedkit import CONFIG, NOW, build, commit_all, network_repo
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from groundgame import urls
from groundgame.content.network import Network
from groundgame.feeds import api, atom
from groundgame.model.schedule import meetings_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Network, Path]:
    site = network_repo(tmp_path_factory.mktemp("site"))
    site.write("events/paris-web/soiree.yaml", BASE_FILES["events/paris-web/soiree.yaml"].replace("19:00", "19:30"))
    commit_all(site.root, "later", datetime(2026, 11, 3, tzinfo=UTC))
    out = site.root / "out"
    network = build(site.root, out, parts=("api", "atom"))
    return site.root, network, out


def registry(out: Path, config=CONFIG) -> Registry:
    """The published schemas, each at the address it is served from."""
    resources = []
    for path in (out / "schemas").rglob("*.schema.json"):
        body = json.loads(path.read_bytes())
        Draft202012Validator.check_schema(body)
        resources.append((urls.absolute(config, path.relative_to(out).as_posix()), Resource.from_contents(body)))
    return Registry().with_resources(resources)


def validate_all(out: Path, config=CONFIG) -> int:
    """Validate every document under api/ against the schema it names; returns how many."""
    schemas = registry(out, config)
    index = json.loads((out / urls.api("index.json")).read_bytes())
    count = 0
    for path in sorted((out / "api").rglob("*")):
        if not path.is_file():
            continue
        document = json.loads(path.read_bytes())
        address = index["schemas"]["clubs.geojson"] if path.suffix == ".geojson" else document["$schema"]
        validator = Draft202012Validator({"$ref": address}, registry=schemas)
        errors = [f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(document)]
        assert not errors, errors[:5]
        count += 1
    return count


def load_json(out: Path, path: str):
    return json.loads((out / path).read_bytes())


def documents(out: Path, network: Network) -> int:
    """How many documents the API should have: index.json, those it lists, one per club and event."""
    return 1 + len(load_json(out, urls.api("index.json"))["documents"]) + len(network.clubs) + len(network.events)


@pytest.mark.build
def test_every_document_validates_against_its_published_schema(built):
    _, network, out = built
    count = validate_all(out)
    assert count == documents(out, network)


@pytest.mark.build
def test_a_broken_document_fails_its_schema(built):
    """The check above can fail: a wrong document does not pass."""
    _, _, out = built
    schemas = registry(out)
    document = load_json(out, urls.api_event("paris-web/soiree"))
    document["event"]["start"]["utc"] = "2026-12-08 18:00"
    validator = Draft202012Validator({"$ref": document["$schema"]}, registry=schemas)
    assert list(validator.iter_errors(document))


@pytest.mark.build
def test_schemas_are_published_beside_the_contribution_schemas(built):
    _, _, out = built
    for kind in ("region", "club", "campaign", "event", "common"):
        published = out / urls.schema_file(f"{kind}.schema.json")
        assert published.read_bytes() == (REPO / "schemas" / f"{kind}.schema.json").read_bytes()
    index = load_json(out, urls.api("index.json"))
    for address in [*index["schemas"].values(), *index["contribution_schemas"].values(), *index["documents"].values()]:
        assert address.startswith(CONFIG.site_url + "/")
        assert (out / address.removeprefix(CONFIG.site_url + "/")).is_file(), address


@pytest.mark.build
def test_events_json_lists_the_next_twelve_months_with_status(built):
    _, network, out = built
    document = load_json(out, urls.api("events.json"))
    assert document["horizon"] == {"from": "2026-11-20T12:00:00Z", "until": "2027-11-20T12:00:00Z"}
    by_id = {e["id"]: e for e in document["events"]}
    assert set(by_id) == set(network.events)
    series = by_id["melbourne-makers/hack-nights"]
    listed = {o["original"][:10]: o for o in series["occurrences"]}
    expected = list(meetings_of(network.events["melbourne-makers/hack-nights"]))
    assert len(listed) == len(expected)  # all within the horizon
    assert listed["2027-10-14"]["status"] == "cancelled"
    assert listed["2027-04-01"]["status"] == "cancelled"
    moved = listed["2027-04-08"]
    assert moved["moved"] is True
    assert moved["start"] == {"local": "2027-04-09T18:30", "timezone": "Australia/Melbourne",
                              "utc": "2027-04-09T08:30:00Z"}
    assert moved["note"] == {"en": "Friday this week"}
    assert by_id["melbourne-makers/old-meetup"]["occurrences"] == []  # over: not among the next 12 months
    assert by_id["melbourne-makers/called-off"]["occurrences"][0]["status"] == "cancelled"


@pytest.mark.build
def test_an_event_document_has_every_meeting(built):
    _, _network, out = built
    event = load_json(out, urls.api_event("sao-paulo-lab/semanal"))["event"]
    assert len(event["occurrences"]) == 30
    assert event["repeat"] == {"every": "week", "interval": 1, "on": ["tuesday"], "until": None, "count": 30,
                               "except": ["2026-12-29"]}
    assert event["title"] == {"pt-BR": "Laboratório semanal", "en": "Weekly lab"}  # every language, main first
    assert event["online_url"] == "https://meet.example.org/lab"
    assert all(o["start"]["utc"].endswith("T22:00:00Z") for o in event["occurrences"])
    assert event["calendar"] == urls.absolute(CONFIG, urls.ical_event("sao-paulo-lab/semanal"))
    assert event["occurrences"][0]["calendar"] == urls.absolute(
        CONFIG, urls.ical_occurrence("sao-paulo-lab/semanal", date(2026, 10, 6)))
    camp = load_json(out, urls.api_event("melbourne-makers/winter-camp"))["event"]
    assert camp["all_day"] is True
    assert camp["start"] == {"date": "2027-07-10"}  # dates stay dates: no instant guessed for a day
    assert camp["end"] == {"date": "2027-07-12", "exclusive_date": "2027-07-13"}  # the last day, and the day after


@pytest.mark.build
def test_times_and_sequence_come_from_git(built):
    _, _, out = built
    soiree = load_json(out, urls.api_event("paris-web/soiree"))
    assert soiree["event"]["sequence"] == 1
    assert soiree["event"]["last_modified"] == "2026-11-03T00:00:00Z"
    assert soiree["updated"] == "2026-11-03T00:00:00Z"
    assert load_json(out, urls.api_event("paris-web/weekly"))["event"]["sequence"] == 0
    club = load_json(out, urls.api_club("paris-web"))
    assert club["updated"] == "2026-11-03T00:00:00Z"  # its newest event
    assert {e["id"] for e in club["events"]} == {"paris-web/soiree", "paris-web/weekly"}


@pytest.mark.build
def test_clubs_regions_campaigns_and_geojson(built):
    _, network, out = built
    clubs = load_json(out, urls.api("clubs.json"))["clubs"]
    assert [c["id"] for c in clubs] == sorted(network.clubs)
    paris = next(c for c in clubs if c["id"] == "paris-web")
    assert paris["name"] == {"fr": "Atelier du Web", "en": "Paris Web Workshop"}
    assert paris["webcal"] == "webcal://clubs.example.org/network/calendar/clubs/paris-web.ics"
    regions = {r["id"]: r for r in load_json(out, urls.api("regions.json"))["regions"]}
    assert regions["europe"]["clubs"] == ["paris-web"]
    geo = load_json(out, urls.api("clubs.geojson"))
    points = {f["id"]: f["geometry"]["coordinates"] for f in geo["features"]}
    assert points == {"paris-web": [2.35, 48.85], "melbourne-makers": [144.961, -37.767]}  # [lon, lat]
    assert load_json(out, urls.api("campaigns.json"))["campaigns"][0]["starts"] == "2027-07-01"


@pytest.mark.build
def test_builds_are_byte_identical(built, tmp_path):
    root, _, out = built
    again = tmp_path / "again"
    build(root, again, parts=("api", "atom"))
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


# Line breaks, control and bidirectional characters are refused by validation (test_hostile_values.py);
# what a title may hold must still not break JSON, a <script> block or Atom.
HOSTILE = 'Evil</script><script>alert(1)</script> \\"quoted\\" line & <b> ]]> \\U0001F600'


@pytest.mark.build
def test_hostile_text_cannot_break_json_or_atom(site, tmp_path):
    site.write("events/paris-web/hostile.yaml", f"""
        title: {{fr: "{HOSTILE}", en: "{HOSTILE}"}}
        description: {{fr: "{HOSTILE}"}}
        start: 2026-12-20T19:00
        venue: {{name: "{HOSTILE}"}}
    """)
    out = tmp_path / "out"
    network = build(site.root, out, parts=("api", "atom"))
    assert validate_all(out) == documents(out, network)
    raw = (out / urls.api_event("paris-web/hostile")).read_bytes()
    assert b"</script>" not in raw
    assert b"<" not in raw
    assert "\u2028".encode() not in raw
    event = json.loads(raw)["event"]
    assert event["title"]["fr"].startswith('Evil</script><script>alert(1)</script> "quoted" line & <b> ]]>')
    assert event["title"]["fr"].endswith("😀")
    assert event["venue"]["name"] == event["title"]["fr"]
    for feed in (urls.atom_all(), urls.atom_club("paris-web")):
        root = ET.fromstring((out / feed).read_bytes())  # well-formed XML
        titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
        assert event["title"]["en"] in titles
        assert len(root.findall(f"{ATOM}entry")) == len([e for e in network.events.values()
                                                         if feed == urls.atom_all() or "paris-web" in e.id])


@pytest.mark.build
def test_atom_feeds_list_changed_events_newest_first(built):
    _, network, out = built
    root = ET.fromstring((out / urls.atom_all()).read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(len(network.events), atom.MAX_ENTRIES)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert updated[0] == "2026-11-03T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}title") == "HTML evening"
    assert root.findtext(f"{ATOM}updated") == "2026-11-03T00:00:00Z"
    links = {link.get("rel"): link.get("href") for link in entries[0].findall(f"{ATOM}link")}
    assert links["alternate"] == urls.absolute(CONFIG, urls.event(CONFIG, "en", "paris-web/soiree"))
    assert links["enclosure"] == urls.absolute(CONFIG, urls.ical_event("paris-web/soiree"))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:uuid:") for i in ids)
    club = ET.fromstring((out / urls.atom_club("melbourne-makers")).read_bytes())
    assert {e.findtext(f"{ATOM}title") for e in club.findall(f"{ATOM}entry")} == {
        "Hack night", "Winter camp", "Old meetup", "Called off"}
    assert club.find(f"{ATOM}link[@rel='self']").get("href") == urls.absolute(
        CONFIG, urls.atom_club("melbourne-makers"))


@pytest.mark.build
def test_sample_content_api(tmp_path):
    out = tmp_path / "out"
    network = build(REPO, out, now=NOW + timedelta(days=11), parts=("api", "atom"))
    assert validate_all(out) == documents(out, network)
    events = load_json(out, urls.api("events.json"))["events"]
    assert sum(len(e["occurrences"]) for e in events) > 50
    for feed in [urls.atom_all(), *(urls.atom_club(c) for c in network.clubs)]:
        ET.fromstring((out / feed).read_bytes())


def test_dumps_escapes_html_significant_characters():
    text = api.dumps({"a": "</script>&\u2028"})
    assert text == b'{"a":"\\u003c/script\\u003e\\u0026\\u2028"}'
    assert json.loads(text) == {"a": "</script>&\u2028"}


@pytest.mark.build
def test_export_command_writes_feeds_api_and_atom(site, tmp_path, monkeypatch, capsys):
    from groundgame import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    out = tmp_path / "export"
    argv = ["--root", str(site.root), "export", "--site-url", "https://example.net/c", "--out"]
    assert cli.main([*argv, str(out)]) == 0
    said = capsys.readouterr().out
    assert f"files to {out}" in said
    config = CONFIG.__class__(site_url="https://example.net/c")
    assert validate_all(out, config) > 6
    cal = (out / urls.ical_club("paris-web")).read_bytes()
    assert b"UID:paris-web.soiree@example.net" in cal
    assert (out / urls.atom_all()).is_file()
    again = tmp_path / "again"
    assert cli.main([*argv, str(again)]) == 0
    assert (again / urls.ical_all()).read_bytes() == (out / urls.ical_all()).read_bytes()


def test_export_refuses_a_used_folder_and_broken_content(site, tmp_path, capsys):
    from groundgame import cli

    used = tmp_path / "used"
    used.mkdir()
    (used / "old.ics").write_text("stale")
    assert cli.main(["--root", str(site.root), "export", "--out", str(used)]) == 2
    assert "must be a new or empty folder" in capsys.readouterr().err
    site.write("events/paris-web/broken.yaml", "title: Broken\nstart: 2026-02-30T19:00\nvenue: {name: X}\n")
    out = tmp_path / "out"
    assert cli.main(["--root", str(site.root), "export", "--out", str(out)]) == 1
    said = capsys.readouterr().out
    assert "content/events/paris-web/broken.yaml" in said
    assert "Nothing was written" in said
    assert not out.exists()


@pytest.mark.build
def test_export_says_what_a_capped_feed_left_out(site, tmp_path, monkeypatch, capsys):
    from groundgame import cli
    from groundgame.feeds import calendars

    monkeypatch.setattr(calendars, "MAX_FEED_BYTES", 1500)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    assert cli.main(["--root", str(site.root), "export", "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out.splitlines()
    assert any(line.startswith("calendar/all.ics: ") and "left out to keep the feed under 1500 bytes" in line
               for line in said), said
