"""``groundgame notify`` against a real SMTP server on 127.0.0.1, over a real git history of the sample site.

Each scenario commits a change (a new series, a moved meeting, a cancellation, a report), runs the
command in-process and reads what the server received with the ``email`` package; the calendar file
attached is read with icalendar and its UID compared with the one ``groundgame export`` writes.
"""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import textwrap
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import icalendar
import pytest
from aiosmtpd.controller import Controller

from groundgame.cli import main
from groundgame.tools.notify.ledger import DEFAULT_REF

REPO = Path(__file__).resolve().parents[1]
CLUB = "content/clubs/paris-atelier-du-web.yaml"
SERIES = "content/events/paris-atelier-du-web/code-club.yaml"
SITE_URL = "https://clubs.example.org"
FR_LIST, EN_LIST = "atelier@lists.example.org", "atelier-en@lists.example.org"
ANNOUNCEMENTS = f"""
announcements:
  address: {FR_LIST}
  subscribe: https://lists.example.org/atelier
  list_id: atelier.lists.example.org
  languages:
    en: {{address: {EN_LIST}, subscribe: https://lists.example.org/atelier-en}}
"""
SERIES_TEXT = """\
title: {fr: Club de code, en: Code club}
summary: {fr: On code ensemble., en: We code together.}
start: 2026-12-09T19:00
end: 2026-12-09T21:00
venue: {name: Médiathèque, city: Paris, country: FR}
repeat:
  every: week
  count: 4
"""
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.build


class Inbox:
    """What the server accepted; it refuses every message after ``refuse_after`` (None: never)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse_after: int | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse_after is not None and len(self.messages) >= self.refuse_after:
            return "554 5.7.1 Refused for the test"
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"

    def take(self) -> list[EmailMessage]:
        found = [email.message_from_bytes(data, policy=default) for _, data in self.messages]
        self.messages.clear()
        return found  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path, inbox, monkeypatch) -> Path:
    """The sample site in a git repository, the Paris club with a French and an English list."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    club = root / CLUB  # the sample's own list replaced by a French and an English one
    kept, inside = [], False
    for line in club.read_text("utf-8").splitlines(keepends=True):
        inside = line.startswith("announcements:") or (inside and line.startswith((" ", "\t")))
        if not inside:
            kept.append(line)
    club.write_text("".join(kept) + ANNOUNCEMENTS, "utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "The sample site")
    _, port = inbox
    for name, value in {"HOST": "127.0.0.1", "PORT": str(port), "FROM": "Open Web Clubs <notify@clubs.example.org>",
                        "SECURITY": "none"}.items():
        monkeypatch.setenv(f"GROUNDGAME_SMTP_{name}", value)
    for name in ("USER", "PASSWORD"):
        monkeypatch.delenv(f"GROUNDGAME_SMTP_{name}", raising=False)
    at(monkeypatch, NOW)
    return root


def at(monkeypatch, when: datetime) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")


def notify(root: Path, *args: str) -> int:
    return main(["--root", str(root), "notify", "--site-url", SITE_URL, *args])


def ledger_head(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", DEFAULT_REF], cwd=root, capture_output=True,
                          text=True, check=False).stdout.strip()


def attachment(message: EmailMessage) -> icalendar.Calendar:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "PUBLISH"
    return icalendar.Calendar.from_ical(parts[0].get_content())


def by_list(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    found = {str(m["To"]): m for m in messages}
    assert len(found) == len(messages)
    return found


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_first_run_without_a_ledger_sends_nothing_and_records_the_state(repo, inbox):
    handler, _ = inbox
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")
    assert notify(repo) == 0
    assert handler.take() == []
    assert ledger_head(repo)
    assert git(repo, "status", "--porcelain") == ""  # the working tree is untouched
    assert notify(repo) == 0  # what the first run saw is not news
    assert handler.take() == []


def test_over_a_history_of_changes_each_list_gets_each_message_once(repo, inbox, monkeypatch, tmp_path):
    handler, _ = inbox
    assert notify(repo) == 0  # first run: the state
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")

    assert notify(repo) == 0
    announced = by_list(handler.take())
    assert set(announced) == {FR_LIST, EN_LIST}
    french, english = announced[FR_LIST], announced[EN_LIST]
    assert str(french["Subject"]) == "Nouvelle série : Club de code"
    assert "Club de code" in text_of(french)
    assert "mercredi 9 décembre 2026" in text_of(french)
    assert str(english["Subject"]) == "New series: Code club"
    assert str(french["List-Id"]) == "<atelier.lists.example.org>"
    assert english["List-Id"] is None  # the English list gave none
    for message in (french, english):
        assert str(message["Auto-Submitted"]) == "auto-generated"
        assert str(message["From"]) == "Open Web Clubs <notify@clubs.example.org>"
        assert message["Date"] is not None
        assert message.get_body(("html",)) is not None
        assert f"{SITE_URL}/" in text_of(message)
    calendar = attachment(french)
    exported = exported_uid(repo, tmp_path, "paris-atelier-du-web/code-club")
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {exported}
    assert str(calendar["METHOD"]) == "PUBLISH"
    ids = {str(m["To"]): str(m["Message-ID"]) for m in (french, english)}

    assert notify(repo) == 0  # a rerun sends nothing
    assert handler.take() == []

    write(repo, SERIES, SERIES_TEXT + "  changes:\n    2026-12-16: {start: 2026-12-17T19:00, end: 2026-12-17T21:00}\n")
    commit(repo, "The second meeting moves to Thursday")
    assert notify(repo) == 0
    moved = by_list(handler.take())
    assert str(moved[FR_LIST]["Subject"]) == "Modifié : Club de code"
    assert "jeudi 17 décembre 2026" in text_of(moved[FR_LIST])
    assert "Moved: now Thursday, December 17, 2026" in text_of(moved[EN_LIST])
    assert {str(m["Message-ID"]) for m in moved.values()}.isdisjoint(ids.values())

    write(repo, SERIES, SERIES_TEXT + "  except: [2026-12-23]\n"
          "  changes:\n    2026-12-16: {start: 2026-12-17T19:00, end: 2026-12-17T21:00}\n")
    commit(repo, "The third meeting is cancelled")
    assert notify(repo) == 0
    cancelled = by_list(handler.take())
    assert str(cancelled[EN_LIST]["Subject"]) == "Cancelled: Code club"
    assert "Cancelled." in text_of(cancelled[EN_LIST])
    assert "Annulé" in text_of(cancelled[FR_LIST])

    at(monkeypatch, datetime(2026, 12, 7, 20, 0, tzinfo=UTC))  # the first meeting is in 46 hours
    assert notify(repo) == 0
    reminders = [m for m in handler.take() if "code-club" in attachment(m).walk("VEVENT")[0]["UID"]]
    assert {str(m["To"]) for m in reminders} == {FR_LIST, EN_LIST}
    assert str(by_list(reminders)[EN_LIST]["Subject"]) == "Reminder: Code club, Dec 9, 2026"
    assert notify(repo) == 0
    assert handler.take() == []

    at(monkeypatch, datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    text = (repo / SERIES).read_text("utf-8")
    write(repo, SERIES, text + "report: {fr: 'Quatre **belles** soirées.', en: 'Four good evenings.'}\n")
    commit(repo, "The report")
    assert notify(repo) == 0
    reports = by_list(handler.take())
    assert str(reports[EN_LIST]["Subject"]) == "Report: Code club"
    assert "Four good evenings." in text_of(reports[EN_LIST])
    assert "<strong>belles</strong>" in reports[FR_LIST].get_body(("html",)).get_content()
    assert notify(repo) == 0
    assert handler.take() == []
    assert git(repo, "status", "--porcelain") == ""


def exported_uid(repo: Path, tmp_path: Path, event_id: str) -> str:
    out = tmp_path / "export"
    assert main(["--root", str(repo), "export", "--out", str(out), "--site-url", SITE_URL]) == 0
    calendar = icalendar.Calendar.from_ical((out / "calendar" / "events" / f"{event_id}.ics").read_bytes())
    return str(next(iter(calendar.walk("VEVENT")))["UID"])


def test_a_server_that_refuses_midway_loses_nothing_and_sends_nothing_twice(repo, inbox, capsys):
    handler, _ = inbox
    assert notify(repo) == 0
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")
    handler.refuse_after = 1
    assert notify(repo) == 1
    first = handler.take()
    assert len(first) == 1
    assert "it is sent again on the next run" in capsys.readouterr().err
    handler.refuse_after = None
    assert notify(repo) == 0
    second = handler.take()
    assert len(second) == 1
    assert {str(m["To"]) for m in first + second} == {FR_LIST, EN_LIST}
    assert notify(repo) == 0
    assert handler.take() == []


def test_a_message_claimed_by_a_run_that_stopped_is_not_sent_again_but_reported(repo, inbox, capsys):
    handler, _ = inbox
    assert notify(repo) == 0
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")
    handler.refuse_after = 0
    assert notify(repo) == 1
    # as if the run had stopped between claiming the message and the server's answer
    ledger = git(repo, "show", f"{DEFAULT_REF}:club-paris-atelier-du-web.json").replace('"failed"', '"pending"')
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=ledger, capture_output=True,
                          text=True, check=True).stdout.strip()
    tree = git(repo, "ls-tree", DEFAULT_REF).replace(
        git(repo, "rev-parse", f"{DEFAULT_REF}:club-paris-atelier-du-web.json").strip(), blob)
    made = subprocess.run(["git", "mktree"], cwd=repo, input=tree, capture_output=True, text=True,
                          check=True).stdout.strip()
    git(repo, "update-ref", DEFAULT_REF, git(repo, "commit-tree", made, "-p", DEFAULT_REF, "-m", "stopped").strip())
    handler.refuse_after = None
    capsys.readouterr()
    assert notify(repo) == 0
    assert handler.take() == []
    said = capsys.readouterr().err
    assert "unconfirmed, announce:paris-atelier-du-web/code-club:atelier@lists.example.org" in said
    key = f"announce:paris-atelier-du-web/code-club:{FR_LIST}"
    assert notify(repo, "--resend", key) == 0
    assert [str(m["To"]) for m in handler.take()] == [FR_LIST]


def test_dry_run_and_preview_change_nothing(repo, inbox, capsys):
    handler, _ = inbox
    assert notify(repo, "--dry-run") == 0
    assert ledger_head(repo) == ""  # no ledger made
    assert notify(repo) == 0
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")
    head = ledger_head(repo)
    capsys.readouterr()
    assert notify(repo, "--dry-run") == 0
    said = capsys.readouterr().out
    assert f"would send announce to {FR_LIST} [fr]: Nouvelle série : Club de code" in said
    assert notify(repo, "--preview", "paris-atelier-du-web/code-club") == 0
    shown = capsys.readouterr().out
    assert "Subject: New series: Code club" in shown
    assert "[attached: code-club.ics, text/calendar; method=PUBLISH]" in shown
    assert ledger_head(repo) == head
    assert handler.take() == []


def test_the_smtp_settings_are_checked_with_clear_errors(repo, monkeypatch, capsys):
    assert notify(repo) == 0
    write(repo, SERIES, SERIES_TEXT)
    commit(repo, "A new series")
    monkeypatch.delenv("GROUNDGAME_SMTP_HOST")
    monkeypatch.setenv("GROUNDGAME_SMTP_SECURITY", "ssl")
    monkeypatch.setenv("GROUNDGAME_SMTP_FROM", "a@b.org, c@d.org")
    assert notify(repo) == 2
    said = capsys.readouterr().err
    assert "GROUNDGAME_SMTP_HOST: is required" in said
    assert "GROUNDGAME_SMTP_SECURITY: must be one of starttls, tls, none (got 'ssl')" in said
    assert "GROUNDGAME_SMTP_FROM: must be one address" in said
    assert "Traceback" not in said
