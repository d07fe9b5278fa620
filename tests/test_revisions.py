"""An event's revision follows what it publishes, whichever file changed: over real git histories."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from conftest import REPO, Site
from feedkit import commit_all, git, load, network_repo

from groundgame.feeds import history as history_module
from groundgame.feeds.history import History
from groundgame.feeds.revisions import EventRevision, Revisions

T0 = datetime(2026, 10, 1, tzinfo=UTC)  # network_repo's commit
T1 = datetime(2026, 10, 5, 9, 30, 15, tzinfo=UTC)
T2 = datetime(2026, 10, 9, 18, 0, tzinfo=UTC)
T3 = datetime(2026, 10, 12, 7, 0, tzinfo=UTC)

SOIREE = "events/paris-web/soiree.yaml"
PARIS = "clubs/paris-web.yaml"


def revisions(site: Site) -> Revisions:
    return History.from_repo(site.root).revisions(load(site.root))


def of(site: Site, event_id: str) -> EventRevision:
    network = load(site.root)
    return History.from_repo(site.root).revisions(network).of(network.events[event_id])


def edit(site: Site, rel: str, old: str, new: str) -> None:
    path = site.path(rel)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(tmp_path) -> Site:
    return network_repo(tmp_path)


def test_an_event_committed_once_is_revision_zero(repo):
    found = revisions(repo)
    network = load(repo.root)
    assert {found.of(e) for e in network.events.values()} == {
        EventRevision(T0, T0, 0, e.id) for e in network.events.values()}
    assert found.deleted() == []
    repo.write("events/paris-web/new.yaml", "title: New\nstart: 2026-12-20T10:00\nvenue: {name: Café}\n")
    commit_all(repo.root, "a new event", T1)
    assert of(repo, "paris-web/new") == EventRevision(T1, T1, 0, "paris-web/new")
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")


def test_editing_the_start_raises_the_sequence_and_moves_modified(repo):
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-08T18:30")
    commit_all(repo.root, "earlier", T1)
    edit(repo, "events/sao-paulo-lab/mensal.yaml", "count: 6", "count: 7")
    commit_all(repo.root, "another event", T2)
    assert of(repo, "paris-web/soiree") == EventRevision(T1, T0, 1, "paris-web/soiree")
    assert of(repo, "sao-paulo-lab/mensal") == EventRevision(T2, T0, 1, "sao-paulo-lab/mensal")
    assert of(repo, "paris-web/weekly").sequence == 0


def test_a_comment_or_a_reformat_changes_nothing_published(repo):
    edit(repo, SOIREE, "title: {fr: Soirée HTML, en: HTML evening}",
         "# the December one\ntitle:\n  fr: 'Soirée HTML'\n  en: \"HTML evening\"")
    commit_all(repo.root, "reformat", T1)
    history = History.from_repo(repo.root)
    assert history.sequence("content/" + SOIREE) == 1  # the file changed...
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")  # ...the event did not


def test_a_club_time_zone_moves_the_events_that_inherit_it(repo):
    repo.write("events/paris-web/own-zone.yaml",
               "title: Own zone\nstart: 2026-12-20T10:00\ntimezone: Europe/Paris\nvenue: {name: Café}\n")
    commit_all(repo.root, "an event with its own zone", T1)
    edit(repo, PARIS, "timezone: Europe/Paris", "timezone: Europe/Brussels")
    commit_all(repo.root, "the club moved", T2)
    assert of(repo, "paris-web/soiree") == EventRevision(T2, T0, 1, "paris-web/soiree")
    assert of(repo, "paris-web/weekly") == EventRevision(T2, T0, 1, "paris-web/weekly")
    assert of(repo, "paris-web/own-zone") == EventRevision(T1, T1, 0, "paris-web/own-zone")
    assert of(repo, "sao-paulo-lab/semanal") == EventRevision(T0, T0, 0, "sao-paulo-lab/semanal")


def test_a_club_description_is_not_published_by_its_events(repo):
    edit(repo, PARIS, "status: active", "status: active\ndescription: {fr: Tous les mardis., en: Every Tuesday.}")
    commit_all(repo.root, "describe the club", T1)
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")


def test_co_host_and_campaign_names_are_published(repo):
    repo.write("events/paris-web/joint.yaml", "title: Joint\nstart: 2027-07-20T10:00\nvenue: {name: Café}\n"
               "cohosts: [sao-paulo-lab]\ncampaign: maker-party\n")
    commit_all(repo.root, "a joint event", T1)
    edit(repo, "clubs/sao-paulo-lab.yaml", "name: Laboratório Web", "name: Laboratório da Web")
    commit_all(repo.root, "co-host renamed", T2)
    edit(repo, "campaigns/maker-party.yaml", "name: Maker Party", "name: Maker Party 2027")
    commit_all(repo.root, "campaign renamed", T3)
    assert of(repo, "paris-web/joint") == EventRevision(T3, T1, 2, "paris-web/joint")
    assert of(repo, "sao-paulo-lab/semanal") == EventRevision(T2, T0, 1, "sao-paulo-lab/semanal")  # its host
    assert of(repo, "paris-web/soiree").sequence == 0


def test_a_renamed_event_keeps_its_first_id_and_revision(repo):
    git(repo.root, "mv", "content/" + SOIREE, "content/events/paris-web/soiree-html.yaml")
    commit_all(repo.root, "rename", T1)
    git(repo.root, "mv", "content/events/paris-web/soiree-html.yaml", "content/events/paris-web/html.yaml")
    commit_all(repo.root, "rename again", T2)
    found = revisions(repo)
    network = load(repo.root)
    assert found.of(network.events["paris-web/html"]) == EventRevision(T0, T0, 0, "paris-web/soiree")
    assert found.deleted() == []  # a rename is not a deletion
    edit(repo, "events/paris-web/html.yaml", "name: Bibliothèque,", "name: Médiathèque,")
    git(repo.root, "mv", "content/events/paris-web/html.yaml", "content/events/paris-web/soiree-2.yaml")
    commit_all(repo.root, "rename and move", T3)
    assert of(repo, "paris-web/soiree-2") == EventRevision(T3, T0, 1, "paris-web/soiree")


def test_a_new_file_at_a_renamed_events_old_path_keeps_its_own_id(repo):
    git(repo.root, "mv", "content/" + SOIREE, "content/events/paris-web/html.yaml")
    commit_all(repo.root, "rename", T1)
    repo.write(SOIREE, "title: Another soirée\nstart: 2027-01-12T19:00\nvenue: {name: Café}\n")
    commit_all(repo.root, "a new soirée", T2)
    assert of(repo, "paris-web/soiree") == EventRevision(T2, T2, 0, "paris-web/soiree")
    # the UID "soiree" is the new event's now: the renamed one cannot keep it as well
    assert of(repo, "paris-web/html") == EventRevision(T0, T0, 0, "paris-web/html")


def test_a_deleted_event_is_kept_with_its_last_version(repo):
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-08T18:30")
    commit_all(repo.root, "earlier", T1)
    git(repo.root, "rm", "-q", "content/" + SOIREE)
    commit_all(repo.root, "called off", T2)
    found = revisions(repo)
    [gone] = found.deleted()
    assert gone.deleted == T2
    assert gone.event.id == "paris-web/soiree"
    assert gone.event.start == datetime(2026, 12, 8, 18, 30)
    assert gone.event.timezone == "Europe/Paris"
    assert gone.event.title.text("en") == "HTML evening"
    assert gone.event.status == "scheduled"
    assert gone.revision == EventRevision(T2, T0, 2, "paris-web/soiree")
    assert found.of(gone.event) == gone.revision
    assert found.deleted(since=T2) == [gone]
    assert found.deleted(since=T2 + timedelta(seconds=1)) == []


def test_an_event_deleted_with_its_club_is_read_with_the_club_it_had(repo):
    for rel in ("events/melbourne-makers", "clubs/melbourne-makers.yaml"):
        git(repo.root, "rm", "-q", "-r", "content/" + rel)
    commit_all(repo.root, "the club closed", T1)
    gone = revisions(repo).deleted()
    assert [d.event.id for d in gone] == ["melbourne-makers/called-off", "melbourne-makers/hack-nights",
                                          "melbourne-makers/old-meetup", "melbourne-makers/winter-camp"]
    assert {d.event.timezone for d in gone} == {"Australia/Melbourne"}
    assert {(d.deleted, d.revision.sequence) for d in gone} == {(T1, 1)}
    assert gone[0].event.status == "cancelled"  # as it was


def test_a_file_added_back_is_not_deleted_and_its_sequence_goes_on(repo):
    text = repo.path(SOIREE).read_text("utf-8")
    git(repo.root, "rm", "-q", "content/" + SOIREE)
    commit_all(repo.root, "gone", T1)
    repo.write(SOIREE, text)
    commit_all(repo.root, "back", T2)
    found = revisions(repo)
    assert found.deleted() == []
    network = load(repo.root)
    # past the deletion (published as cancelled meanwhile): revision 0, cancelled 1, back 2
    assert found.of(network.events["paris-web/soiree"]) == EventRevision(T2, T0, 2, "paris-web/soiree")


def test_uncommitted_changes_count_when_they_change_what_is_published(repo):
    edit(repo, SOIREE, "venue:", "# a comment\nvenue:")
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-08T18:30")
    os.utime(repo.path(SOIREE), (T1.timestamp() + 0.5, T1.timestamp() + 0.5))
    assert of(repo, "paris-web/soiree") == EventRevision(T1, T0, 1, "paris-web/soiree")
    new = repo.write("events/paris-web/draft.yaml", "title: Draft\nstart: 2027-01-12T19:00\nvenue: {name: Café}\n")
    os.utime(new, (T2.timestamp(), T2.timestamp()))
    assert of(repo, "paris-web/draft") == EventRevision(T2, T2, 0, "paris-web/draft")


def test_old_states_that_do_not_load_are_skipped(repo):
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-32T19:00")
    commit_all(repo.root, "broken", T1)
    edit(repo, SOIREE, "start: 2026-12-32T19:00", "start: 2026-12-08T19:00")
    commit_all(repo.root, "fixed", T2)
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")


def test_the_revisions_are_computed_once_through_one_cat_file_process(repo, monkeypatch):
    for n in range(3):  # the club's summary: not published by its events
        edit(repo, PARIS, f"ensemble{'!' * n}.", f"ensemble{'!' * (n + 1)}.")
        edit(repo, SOIREE, f"end: 2026-12-08T21:0{n}", f"end: 2026-12-08T21:0{n + 1}")
        commit_all(repo.root, f"edit {n}", T1 + timedelta(hours=n))
    started: list[list[str]] = []
    real = subprocess.Popen

    def spy(argv, *args, **kwargs):
        started.append(list(argv))
        return real(argv, *args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "Popen", spy)
    history = History.from_repo(repo.root)
    network = load(repo.root)
    found = history.revisions(network)
    assert history.revisions(network) is found
    assert found.of(network.events["paris-web/soiree"]) == EventRevision(
        T1 + timedelta(hours=2), T0, 3, "paris-web/soiree")
    assert [argv for argv in started if "cat-file" in argv] == [["git", "cat-file", "--batch"]]


def test_a_shallow_clone_still_gives_revisions(repo, tmp_path):
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-08T18:30")
    commit_all(repo.root, "earlier", T1)
    git(repo.root, "rm", "-q", "content/events/paris-web/weekly.yaml")
    commit_all(repo.root, "no more weekly", T2)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    history = History.from_repo(clone)
    assert history.shallow
    found = history.revisions(network := load(clone))
    # what the one commit shows: every event as new in it, nothing deleted
    assert found.of(network.events["paris-web/soiree"]) == EventRevision(T2, T2, 0, "paris-web/soiree")
    assert found.deleted() == []


def test_outside_git_events_fall_back_to_file_times(site):
    path = site.path(SOIREE)
    os.utime(path, (T1.timestamp(), T1.timestamp()))
    network = load(site.root)
    found = History.from_repo(site.root).revisions(network)
    assert found.of(network.events["paris-web/soiree"]) == EventRevision(T1, T1, 0, "paris-web/soiree")
    assert found.deleted() == []


@pytest.mark.build
def test_the_fingerprint_does_not_depend_on_the_hash_seed(repo):
    """``repr`` of a record is not stable across processes: a frozenset of dates repeats in hash order."""
    repo.write("events/paris-web/many.yaml", textwrap.dedent("""\
        title: Many
        start: 2027-01-05T19:00
        venue: {name: Café}
        repeat: {every: week, on: [tuesday], count: 20,
                 except: [2027-01-12, 2027-01-19, 2027-02-02, 2027-03-09, 2027-03-16, 2027-04-06]}
    """))
    script = textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(REPO / 'tests')!r})
        from feedkit import load
        from groundgame.feeds.revisions import current_fingerprint
        network = load(__import__('pathlib').Path({str(repo.root)!r}))
        event = network.events['paris-web/many']
        print(current_fingerprint(event, network), repr(event.repeat.except_dates))
    """)
    seen = {}
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        printed, shown = done.stdout.split(" ", 1)
        seen[seed] = (printed, shown)
    assert len({printed for printed, _ in seen.values()}) == 1
    assert len({shown for _, shown in seen.values()}) > 1  # why repr() alone would not do


def test_a_merged_branch_is_one_change_made_at_the_merge(repo):
    git(repo.root, "checkout", "-q", "-b", "earlier")
    edit(repo, SOIREE, "start: 2026-12-08T19:00", "start: 2026-12-08T18:30")
    commit_all(repo.root, "earlier", T1)
    edit(repo, SOIREE, "start: 2026-12-08T18:30", "start: 2026-12-08T18:00")
    commit_all(repo.root, "even earlier", T2)
    git(repo.root, "checkout", "-q", "main")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge", "earlier", when=T3)
    history = History.from_repo(repo.root)
    assert history.sequence("content/" + SOIREE) == 1  # the default branch had two states of the file
    assert history.modified("content/" + SOIREE) == T3
    assert of(repo, "paris-web/soiree") == EventRevision(T3, T0, 1, "paris-web/soiree")


def test_an_old_state_the_reader_cannot_read_is_skipped(repo):
    edit(repo, SOIREE, "start: 2026-12-08T19:00\nend: 2026-12-08T21:00\n", "start: 9999-12-31T23:59\n")
    commit_all(repo.root, "no end, the last minute of time", T1)
    edit(repo, SOIREE, "start: 9999-12-31T23:59\n", "start: 2026-12-08T19:00\nend: 2026-12-08T21:00\n")
    commit_all(repo.root, "fixed", T2)
    assert of(repo, "paris-web/soiree") == EventRevision(T0, T0, 0, "paris-web/soiree")
