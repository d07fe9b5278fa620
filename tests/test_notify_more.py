"""notify: hostile titles cannot add headers, two clones sharing one remote ledger, the ledger's merge, and
the coordinators' weekly digest."""

from __future__ import annotations

import dataclasses
import email
import shutil
import subprocess
from email.policy import default

import pytest
from test_notify import FR_LIST, NOW, REPO, SERIES, SERIES_TEXT, commit, git, inbox, notify, repo, write  # noqa: F401

from groundgame.config import SiteConfig
from groundgame.content.network import load_network
from groundgame.feeds.calendars import Calendars
from groundgame.feeds.history import History
from groundgame.model.records import Localized
from groundgame.model.schedule import Schedule
from groundgame.tools.notify.compose import Composer
from groundgame.tools.notify.ledger import DEFAULT_REF, Ledger, merged
from groundgame.tools.notify.plan import Message, club_file

pytestmark = pytest.mark.build


def test_a_title_with_line_breaks_cannot_add_a_header(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    network = load_network(root).network
    event = network.events["paris-atelier-du-web/atelier-mensuel"]
    hostile = Localized({"fr": "Soirée\r\nBcc: victim@example.org\n<script>alert(1)</script>"}, "fr")
    event = dataclasses.replace(event, title=hostile)
    club = network.clubs[event.club]
    club = dataclasses.replace(club, announcements=None)
    schedule = Schedule.of(network)
    config = SiteConfig(site_url="https://clubs.example.org")
    composer = Composer(config, Calendars(network, config, NOW, History.from_repo(root), schedule),
                        "Clubs <notify@clubs.example.org>", NOW)
    from groundgame.model.records import MailingList

    message = Message("announce", "announce:x:list@lists.example.org", club_file(club.id),
                      MailingList("list@lists.example.org", "https://lists.example.org/x"), ("fr",), club, event,
                      meetings=schedule[event.id][:1])
    data = composer.email(message).as_bytes()
    parsed = email.message_from_bytes(data, policy=default)
    assert parsed["Bcc"] is None
    assert [name for name in parsed if name.lower() == "bcc"] == []
    assert "\n" not in str(parsed["Subject"])
    assert "Bcc: victim@example.org" in str(parsed["Subject"])  # kept as text, on the one line
    html = parsed.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_two_clones_share_the_ledger_of_their_remote(repo, inbox, tmp_path):  # noqa: F811
    handler, _ = inbox
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    assert notify(repo, "--push", "origin") == 0  # the first run, pushed
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(other)], check=True)
    for clone in (repo, other):
        write(clone, SERIES, SERIES_TEXT)
        commit(clone, "A new series")
    assert notify(repo, "--push", "origin") == 0
    assert len(handler.take()) == 2
    assert notify(other, "--push", "origin") == 0  # its local ledger is the remote's: sent already
    assert handler.take() == []
    assert git(other, "rev-parse", DEFAULT_REF) == git(repo, "rev-parse", DEFAULT_REF)


def test_a_merge_keeps_every_message_and_the_first_claim():
    ours = Ledger({"club-a.json": {"state": {}, "messages": {
        "k1": {"status": "sent"}, "k2": {"status": "pending", "run": "ours", "attempts": 1}}}})
    theirs = Ledger({"club-a.json": {"state": {}, "messages": {
        "k2": {"status": "pending", "run": "theirs", "attempts": 1}, "k3": {"status": "failed", "attempts": 1}}}})
    messages = merged(ours, theirs).files["club-a.json"]["messages"]
    assert messages["k1"]["status"] == "sent"
    assert messages["k2"]["run"] == "theirs"  # the claim already pushed wins a tie
    assert messages["k3"]["status"] == "failed"
    later = Ledger({"club-a.json": {"state": {}, "messages": {"k3": {"status": "sent", "attempts": 2}}}})
    assert merged(later, theirs).files["club-a.json"]["messages"]["k3"]["status"] == "sent"


def test_a_region_with_a_digest_address_gets_one_digest_a_week(repo, inbox):  # noqa: F811
    handler, _ = inbox
    with (repo / "content/regions/europe.yaml").open("a", encoding="utf-8") as region:
        region.write("digest_address: europe-coordinators@lists.example.org\n")
    commit(repo, "The coordinators' digest")
    assert notify(repo) == 0
    assert handler.take() == []
    assert notify(repo) == 0
    digests = [m for m in handler.take() if str(m["To"]) == "europe-coordinators@lists.example.org"]
    assert len(digests) == 1
    assert str(digests[0]["Subject"]) == "Weekly digest: Europe"
    assert "Meetings in the next two weeks" in digests[0].get_body(("plain",)).get_content()
    assert notify(repo) == 0
    assert handler.take() == []
    assert FR_LIST  # the club's lists got nothing new
