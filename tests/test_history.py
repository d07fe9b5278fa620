"""Record times and revision numbers come from git (one pass), or from file times outside git."""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import UTC, datetime

from feedkit import commit_all, git, init_repo

from groundgame.feeds import history as history_module
from groundgame.feeds.history import History

T1 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
T2 = datetime(2026, 10, 15, 17, 45, 12, tzinfo=UTC)
T3 = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_outside_git_times_are_file_times_and_sequence_zero(tmp_path):
    path = write(tmp_path / "content/clubs/a.yaml", "name: A\n")
    os.utime(path, (T2.timestamp() + 0.7, T2.timestamp() + 0.7))
    history = History.from_repo(tmp_path)
    assert not history.in_git
    assert history.modified("content/clubs/a.yaml") == T2  # whole seconds, UTC
    assert history.modified(path) == T2  # an absolute path names the same file
    assert history.sequence("content/clubs/a.yaml") == 0
    assert history.created("content/clubs/a.yaml") == T2


def test_commits_give_last_change_first_change_and_revision(tmp_path):
    a = write(tmp_path / "content/clubs/a.yaml", "name: A\n")
    write(tmp_path / "content/clubs/b.yaml", "name: B\n")
    init_repo(tmp_path, T1)
    a.write_text("name: A2\n")
    commit_all(tmp_path, "change a", T2)
    write(tmp_path / "content/clubs/c d é.yaml", "name: C\n")
    a.write_text("name: A3\n")
    commit_all(tmp_path, "change a again, add c", T3)
    history = History.from_repo(tmp_path)
    assert history.in_git
    assert not history.shallow
    assert history.sequence("content/clubs/a.yaml") == 2
    assert history.modified("content/clubs/a.yaml") == T3
    assert history.created("content/clubs/a.yaml") == T1
    assert history.sequence("content/clubs/b.yaml") == 0
    assert history.modified("content/clubs/b.yaml") == T1
    assert history.modified("content/clubs/c d é.yaml") == T3
    assert history.latest(["content/clubs/a.yaml", "content/clubs/b.yaml"]) == T3


def test_uncommitted_changes_count_one_more_revision(tmp_path):
    a = write(tmp_path / "content/clubs/a.yaml", "name: A\n")
    init_repo(tmp_path, T1)
    a.write_text("name: changed\n")
    os.utime(a, (T2.timestamp(), T2.timestamp()))
    new = write(tmp_path / "content/clubs/new.yaml", "name: N\n")
    os.utime(new, (T3.timestamp(), T3.timestamp()))
    history = History.from_repo(tmp_path)
    assert history.sequence("content/clubs/a.yaml") == 1
    assert history.modified("content/clubs/a.yaml") == T2
    assert history.sequence("content/clubs/new.yaml") == 0
    assert history.modified("content/clubs/new.yaml") == T3


def test_a_site_inside_a_bigger_repository(tmp_path):
    site = tmp_path / "sites" / "ours"
    write(site / "content/clubs/a.yaml", "name: A\n")
    write(tmp_path / "content/clubs/a.yaml", "other\n")
    init_repo(tmp_path, T1)
    (site / "content/clubs/a.yaml").write_text("name: A2\n")
    commit_all(tmp_path, "ours", T2)
    history = History.from_repo(site)
    assert history.sequence("content/clubs/a.yaml") == 1
    assert history.modified("content/clubs/a.yaml") == T2
    assert "sites/ours/content/clubs/a.yaml" not in history.changes


def test_one_git_log_pass_whatever_the_number_of_files(tmp_path, monkeypatch):
    for n in range(300):
        write(tmp_path / f"content/events/club/e-{n}.yaml", f"title: {n}\n")
    init_repo(tmp_path, T1)
    calls: list[list[str]] = []
    real_run = subprocess.run

    def spy(argv, *args, **kwargs):
        calls.append(list(argv))
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", spy)
    history = History.from_repo(tmp_path)
    assert len(calls) == 3  # rev-parse, log, status
    assert sum("log" in argv for argv in calls) == 1
    assert len(history.changes) == 300
    assert all(history.modified(f"content/events/club/e-{n}.yaml") == T1 for n in range(300))


def test_a_shallow_clone_is_reported(tmp_path, caplog):
    origin = tmp_path / "origin"
    a = write(origin / "content/clubs/a.yaml", "name: A\n")
    init_repo(origin, T1)
    a.write_text("name: A2\n")
    commit_all(origin, "two", T2)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    with caplog.at_level(logging.INFO, logger="groundgame.feeds.history"):
        history = History.from_repo(clone)
    assert history.shallow
    assert "shallow" in caplog.text
    assert "fetch-depth: 0" in caplog.text
