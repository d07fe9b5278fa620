"""Each club's feed of upcoming meetings (``feeds/upcoming/<club>.atom``), as RSS-to-e-mail services read it:
one entry per meeting, soonest first, ids stable per meeting across builds, cancelled meetings marked, bounded,
and ``published`` the moment git says the meeting was announced, so that an old meeting never looks new."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedkit import CONFIG, NOW, commit_all, load, network_repo

from groundgame import i18n, urls
from groundgame.feeds import upcoming
from groundgame.feeds.history import History
from groundgame.model.schedule import Schedule
from groundgame.output import Writer

pytestmark = pytest.mark.build  # a git history per module

A = "{http://www.w3.org/2005/Atom}"
FIRST = datetime(2026, 10, 1, tzinfo=UTC)  # network_repo's commit
LATER = datetime(2026, 11, 1, tzinfo=UTC)  # the series is extended
DAILY = datetime(2026, 11, 10, tzinfo=UTC)  # a daily series is added


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test network committed, then Paris' weekly series extended by eight weeks (a later commit)."""
    root = network_repo(tmp_path_factory.mktemp("upcoming")).root
    weekly = root / "content/events/paris-web/weekly.yaml"
    weekly.write_text(weekly.read_text("utf-8").replace("until: 2027-03-30", "until: 2027-05-25"), "utf-8")
    commit_all(root, "extend the weekly series", LATER)
    return root


def write(root: Path, out: Path) -> Path:
    network = load(root)
    writer = Writer(out)
    upcoming.write_upcoming(network, CONFIG, writer, NOW, History.from_repo(root), Schedule.of(network))
    return out


def entries(out: Path, club: str) -> tuple[ET.Element, list[dict[str, str]]]:
    feed = ET.parse(out / urls.upcoming_club(club)).getroot()
    found = []
    for entry in feed.findall(f"{A}entry"):
        found.append({"id": entry.findtext(f"{A}id"), "title": entry.findtext(f"{A}title"),
                      "published": entry.findtext(f"{A}published"), "updated": entry.findtext(f"{A}updated"),
                      "link": entry.find(f"{A}link").get("href"), "content": entry.findtext(f"{A}content"),
                      "author": entry.findtext(f"{A}author/{A}name")})
    return feed, found


def test_the_feed_is_valid_atom_soonest_first(repo: Path, tmp_path: Path) -> None:
    feed, found = entries(write(repo, tmp_path / "out"), "paris-web")
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    for name in ("id", "title", "updated"):
        assert feed.findtext(f"{A}{name}")
    assert {link.get("rel") for link in feed.findall(f"{A}link")} == {"self", "alternate"}
    assert feed.findtext(f"{A}author/{A}name") == "Atelier du Web"
    assert all(e["id"] and e["title"] and e["updated"] and e["published"] and e["link"] and e["author"]
               for e in found)
    assert len({e["id"] for e in found}) == len(found)
    # Tuesdays from 1 December, the one-off evening of 8 December between them, the moved 5 January on the 6th.
    titles = [e["title"] for e in found]
    assert titles[:3] == ["1 déc. 2026 · Atelier hebdo", "8 déc. 2026 · Soirée HTML", "8 déc. 2026 · Atelier hebdo"]
    assert "6 janv. 2027 · Atelier hebdo" in titles
    assert titles.index("6 janv. 2027 · Atelier hebdo") == titles.index("Annulé: 29 déc. 2026 · Atelier hebdo") + 1
    moved = found[titles.index("6 janv. 2027 · Atelier hebdo")]
    assert "Déplacé au mercredi" in moved["content"]
    assert "Bibliothèque" in moved["content"]
    assert "19:00" in moved["content"]
    assert moved["link"] == "https://clubs.example.org/network/fr/events/paris-web/weekly/"


def test_a_cancelled_meeting_is_marked(repo: Path, tmp_path: Path) -> None:
    _, found = entries(write(repo, tmp_path / "out"), "paris-web")
    cancelled = [e["title"] for e in found if "29 déc. 2026" in e["title"]]
    assert cancelled == [f"{i18n.gettext('fr', 'Cancelled')}: 29 déc. 2026 · Atelier hebdo"]


def test_ids_are_the_meetings_and_stay_across_builds(repo: Path, tmp_path: Path) -> None:
    one = write(repo, tmp_path / "one")
    _, first = entries(one, "paris-web")
    # A meeting earlier in the list is cancelled by a later commit: the others keep their ids (not positions).
    root = tmp_path / "repo"
    shutil.copytree(repo, root)
    weekly = root / "content/events/paris-web/weekly.yaml"
    weekly.write_text(weekly.read_text("utf-8").replace("except: [2026-12-29]", "except: [2026-12-08, 2026-12-29]"),
                      "utf-8")
    commit_all(root, "cancel 8 December", datetime(2026, 11, 15, tzinfo=UTC))
    _, second = entries(write(root, tmp_path / "two"), "paris-web")
    assert [e["id"] for e in second] == [e["id"] for e in first]
    assert (one / urls.upcoming_club("paris-web")).read_bytes() == \
        (write(repo, tmp_path / "again") / urls.upcoming_club("paris-web")).read_bytes()
    changed = next(e for e in second if "8 déc. 2026 · Atelier" in e["title"])
    assert changed["title"].startswith(i18n.gettext("fr", "Cancelled"))
    assert changed["updated"] == "2026-11-15T00:00:00Z"


def test_published_is_when_git_first_had_the_meeting(repo: Path, tmp_path: Path) -> None:
    _, found = entries(write(repo, tmp_path / "out"), "paris-web")
    by_title = {e["title"]: e for e in found}
    old, new = by_title["1 déc. 2026 · Atelier hebdo"], by_title["6 avr. 2027 · Atelier hebdo"]
    assert old["published"] == "2026-10-01T00:00:00Z"  # the series' first commit
    assert new["published"] == "2026-11-01T00:00:00Z"  # the commit that extended the series to it
    assert old["updated"] == new["updated"] == "2026-11-01T00:00:00Z"  # the event changed then
    assert by_title["8 déc. 2026 · Soirée HTML"]["published"] == "2026-10-01T00:00:00Z"
    assert all(e["published"] <= e["updated"] for e in found)


def test_the_feed_is_bounded(repo: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(repo, root)
    (root / "content/events/paris-web/daily.yaml").write_text(
        "title: Permanence\nstart: 2026-11-21T10:00\nend: 2026-11-21T12:00\nvenue: {name: Bibliothèque}\n"
        "repeat: {every: day, until: 2027-12-31}\n", "utf-8")
    commit_all(root, "a daily series", DAILY)
    _feed, found = entries(write(root, tmp_path / "out"), "paris-web")
    assert len(found) == upcoming.MAX_ENTRIES
    assert found[-1]["title"].startswith("3 janv. 2027")  # the 50 soonest: 21 Nov .. 3 Jan, with the others
    assert all(e["published"] == "2026-11-10T00:00:00Z" for e in found if "Permanence" in e["title"])
    # Six months ahead at most: Melbourne's hack nights until 20 May (of those to 21 October), not July's camp.
    _, melbourne = entries(write(root, tmp_path / "out2"), "melbourne-makers")
    titles = [e["title"] for e in melbourne]
    assert sum("Hack night" in t for t in titles) == 10
    assert titles[-1] == "May 20, 2027 · Hack night"
    assert not any("Winter camp" in t for t in titles)
    assert titles[0] == "Cancelled: Nov 25, 2026 · Called off"
