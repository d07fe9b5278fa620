"""All-day events in the API: dates stay dates. An all-day start is ``{date}`` (its first day),
an end ``{date, exclusive_date}`` (its last day, and the day after it, as iCalendar's DTEND);
no UTC instant is guessed from a zone. Timed events keep local, timezone and utc. Checked
against the published schema files, not against the code that writes the documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from feedkit import CONFIG, build, network_repo
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from groundgame import urls

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = network_repo(tmp_path_factory.mktemp("allday"))
    folder = site.root / "out"
    build(site.root, folder, parts=("api",))
    return folder


def validator(out: Path, name: str) -> Draft202012Validator:
    resources = []
    for path in (out / "schemas").rglob("*.schema.json"):
        body = json.loads(path.read_bytes())
        resources.append((urls.absolute(CONFIG, path.relative_to(out).as_posix()), Resource.from_contents(body)))
    return Draft202012Validator({"$ref": urls.absolute(CONFIG, urls.api_schema(name))},
                                registry=Registry().with_resources(resources))


def event(out: Path, event_id: str) -> dict:
    document = json.loads((out / urls.api_event(event_id)).read_bytes())
    assert list(validator(out, "event").iter_errors(document)) == []
    return document["event"]


def whens(document: object) -> Iterator[dict]:
    """Every start and end object anywhere in a document."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("start", "end") and isinstance(value, dict):
                yield value
            else:
                yield from whens(value)
    elif isinstance(document, list):
        for item in document:
            yield from whens(item)


def test_an_all_day_event_gives_dates_only(out: Path) -> None:
    camp = event(out, "melbourne-makers/winter-camp")  # 10 to 12 July 2027, in Melbourne
    assert camp["all_day"] is True
    assert camp["start"] == {"date": "2027-07-10"}
    assert camp["end"] == {"date": "2027-07-12", "exclusive_date": "2027-07-13"}
    (meeting,) = camp["occurrences"]
    assert (meeting["start"], meeting["end"]) == (camp["start"], camp["end"])


def test_an_all_day_series_gives_each_meeting_its_days(out: Path) -> None:
    monthly = event(out, "sao-paulo-lab/mensal")  # 1st Wednesday, one day each; February's moved a week
    assert monthly["start"] == {"date": "2026-12-02"}
    assert monthly["end"] == {"date": "2026-12-02", "exclusive_date": "2026-12-03"}
    moved = next(o for o in monthly["occurrences"] if o["original"] == "2027-02-03")
    assert moved["start"] == {"date": "2027-02-10"}
    assert moved["end"] == {"date": "2027-02-10", "exclusive_date": "2027-02-11"}
    for occurrence in monthly["occurrences"]:
        last = date.fromisoformat(occurrence["end"]["date"])
        after = date.fromisoformat(occurrence["end"]["exclusive_date"])
        assert after == last + timedelta(days=1)
        assert date.fromisoformat(occurrence["start"]["date"]) <= last


def test_timed_events_keep_local_time_zone_and_instant(out: Path) -> None:
    soiree = event(out, "paris-web/soiree")
    assert soiree["all_day"] is False
    assert soiree["start"] == {"local": "2026-12-08T19:00", "timezone": "Europe/Paris", "utc": "2026-12-08T18:00:00Z"}
    assert soiree["end"] == {"local": "2026-12-08T21:00", "timezone": "Europe/Paris", "utc": "2026-12-08T20:00:00Z"}


def test_no_document_gives_an_all_day_time_an_instant(out: Path) -> None:
    """Every start and end of every document, events.json and the clubs' included, is one of the two shapes."""
    checked = 0
    for path in sorted((out / "api").rglob("*.json")):
        for when in whens(json.loads(path.read_bytes())):
            assert set(when) in ({"local", "timezone", "utc"}, {"date"}, {"date", "exclusive_date"}), (path, when)
            if "date" in when:
                assert "utc" not in when
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("broken", [
    {"date": "2027-07-10", "utc": "2027-07-09T14:00:00Z"},  # an instant guessed for a day
    {"local": "2027-07-10", "timezone": "Australia/Melbourne", "utc": "2027-07-09T14:00:00Z"},  # the old shape
    {"date": "2027-07-12"},  # an end without its exclusive date
])
def test_the_published_schema_refuses_the_old_and_mixed_shapes(out: Path, broken: dict) -> None:
    document = json.loads((out / urls.api_event("melbourne-makers/winter-camp")).read_bytes())
    document["event"]["end"] = broken
    assert list(validator(out, "event").iter_errors(document)) != []


def test_the_schema_says_what_the_dates_mean(out: Path) -> None:
    common = json.loads((out / "schemas/api/common.schema.json").read_bytes())["$defs"]
    assert "inclusive" in common["lastDay"]["properties"]["date"]["description"]
    assert "exclusive" in common["lastDay"]["properties"]["exclusive_date"]["description"]
    assert "No instant" in common["lastDay"]["description"]
