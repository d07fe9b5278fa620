"""``groundgame notify``: announcements, changes, reminders and follow-ups to each club's list,
and a weekly digest to each region's coordinators, sent once each.

Run on main only (the notify workflow, after each deploy and daily). What is due comes from the
schedule and the state the ledger recorded (``plan``); what was sent is recorded in the ledger
(``ledger``), on a branch of its own, one commit per message:

1. the message is composed, then claimed: recorded ``pending`` and the ledger committed (and,
   with ``--push``, pushed; a refused push merges the other run's ledger, and a message that run
   claimed first is left to it);
2. it is handed to the SMTP server; its answer is recorded (``sent``, or ``failed`` with the
   reason) in the commit that claims the next message;
3. at the end, each event's state moves on if all its messages went, and the ledger is pushed.

A message that failed is due again on the next run (never lost). A message found ``pending`` by
a later run was claimed by a run that stopped before hearing the server's answer: it may have
gone out, so it is not sent again (never twice) but reported as unconfirmed, every run, until
someone checks the list's archive and runs ``--resend KEY`` or ``--forget KEY``.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from groundgame import clock, collector
from groundgame import report as problems_report
from groundgame.content.network import Network, load_network
from groundgame.feeds.calendars import Calendars
from groundgame.feeds.history import History
from groundgame.model.records import Event
from groundgame.model.schedule import Schedule
from groundgame.problems import UsageError, visible
from groundgame.tools.export import site_config
from groundgame.tools.notify import smtp
from groundgame.tools.notify.compose import Composer
from groundgame.tools.notify.ledger import DEFAULT_REF, Ledger, Store, merged
from groundgame.tools.notify.plan import Message, Plan, club_file, plan

DONE = ("sent", "skipped", "pending")  # never sent again; pending: claimed by a run that stopped, may have gone out
SETTLED = ("sent", "skipped")  # an event's state moves on only once its messages are settled


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="say what would be sent, and send and record nothing")
    parser.add_argument("--preview", metavar="EVENT-ID",
                        help="print the messages of one event (club-id/file-name) as its lists would get them; "
                             "nothing is sent or recorded")
    parser.add_argument("--ledger-ref", default=DEFAULT_REF, metavar="REF",
                        help=f"the git ref that holds the ledger of sent messages (default: {DEFAULT_REF})")
    parser.add_argument("--push", metavar="REMOTE",
                        help="fetch the ledger from this remote first, and push it after each message "
                             "(the workflow passes origin)")
    parser.add_argument("--site-url", metavar="URL",
                        help="the address the site is served from, for links and UIDs (default: SITEURL of "
                             "pelicanconf.py)")
    parser.add_argument("--resend", metavar="KEY", action="append", default=[],
                        help="send this unconfirmed message again on this run (after checking that the list "
                             "did not get it)")
    parser.add_argument("--forget", metavar="KEY", action="append", default=[],
                        help="take this unconfirmed message for sent (the list's archive shows it)")


@dataclass
class Outcome:
    sent: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)
    unconfirmed: list[Message] = field(default_factory=list)
    left: list[Message] = field(default_factory=list)  # not tried: the server could not be reached


def command(root: Path, args: argparse.Namespace) -> int:
    with collector.paused():
        outcome = load_network(root)
    if not outcome.ok:
        sys.stdout.write(problems_report.format_problems(outcome.problems, outcome.files_read, "text"))
        print("Nothing was sent: fix the errors above first.")
        return 1
    network = outcome.network
    config = site_config(root, args.site_url)
    now = clock.now()
    schedule = Schedule.of(network)
    calendars = Calendars(network, config, now, History.from_repo(root), schedule)
    sender = os.environ.get("GROUNDGAME_SMTP_FROM", "").strip() or f"groundgame <notify@{config.uid_host}>"
    composer = Composer(config, calendars, sender, now)
    if args.preview:
        return _preview(network, schedule, composer, args.preview, now)
    store = Store(root, args.ledger_ref, args.push)
    store.check_repository()
    if args.dry_run:
        return _dry_run(store, network, schedule, composer, now)
    if config.host in ("localhost", "127.0.0.1", "::1"):
        raise UsageError(f"the site's address is {config.site_url}: messages would link there; pass --site-url "
                         "(the workflow passes the repository variable GROUNDGAME_SITE_URL)")
    ledger = store.start()
    planned = plan(network, schedule, ledger.files if ledger is not None else None, now)
    if ledger is None:
        first = Ledger({name: {"state": state, "messages": {}} for name, state in planned.states.items()})
        store.sync(first, "First run: the state of every list, nothing sent")
        print(f"groundgame notify: no ledger at {store.ref} yet: recorded the state of {len(planned.states)} "
              "list(s) and sent nothing; the next run sends what changes from now on")
        return 0
    for key in args.forget:
        _mark(ledger, planned, key, "sent", "taken for sent (--forget)")
    for key in args.resend:
        _mark(ledger, planned, key, "failed", "to send again (--resend)")
    result = _send(store, ledger, planned, composer, now)
    return _report(result, store.ref)


def _mark(ledger: Ledger, planned: Plan, key: str, status: str, why: str) -> None:
    for name, found, entry in ledger.entries():
        if found == key:
            if entry.get("status") != "pending":
                raise UsageError(f"{key}: is {entry.get('status')}, not unconfirmed; only a pending message can be "
                                 "resent or forgotten")
            ledger.record(name, key, status=status, note=why)
            return
    raise UsageError(f"{key}: no such message in the ledger")


def _send(store: Store, ledger: Ledger, planned: Plan, composer: Composer, now: datetime) -> Outcome:
    result = Outcome()
    run = uuid.uuid4().hex
    for name in planned.new_files:
        ledger.file(name)["state"] = planned.states[name]
    due = []
    for message in planned.messages:
        status = ledger.status(message.file, message.key)
        if status == "pending":
            result.unconfirmed.append(message)
        elif status not in DONE:
            due.append(message)
    connection: smtp.Connection | None = None
    try:
        for index, message in enumerate(due):
            if message.covered_by:
                if ledger.status(message.file, message.covered_by) == "sent":
                    ledger.record(message.file, message.key, status="skipped", kind=message.kind,
                                  note=f"sent with {message.covered_by}")
                continue  # the announcement still to go says when it meets; the reminder waits
            if connection is None:
                connection = smtp.Connection(smtp.settings(os.environ))
            mail = composer.email(message)
            before = ledger.entry(message.file, message.key) or {}
            ledger.record(message.file, message.key, status="pending", run=run, kind=message.kind,
                          to=message.to.address, subject=str(mail["Subject"]), message_id=str(mail["Message-ID"]),
                          attempts=int(before.get("attempts", 0)) + 1, at=now.isoformat())
            ledger = store.sync(ledger, f"Sending {message.key}")
            if (ledger.entry(message.file, message.key) or {}).get("run") != run:
                continue  # another run claimed it first: it is that run's to send
            try:
                connection.send(mail, message.to.address)
            except smtp.RefusedError as exc:
                ledger.record(message.file, message.key, status="failed", error=str(exc))
                result.failed.append((message, str(exc)))
                continue
            except smtp.UnreachableError as exc:
                ledger.record(message.file, message.key, status="failed", error=str(exc))
                result.failed.append((message, str(exc)))
                result.left = [m for m in due[index + 1:] if not m.covered_by]
                break
            ledger.record(message.file, message.key, status="sent", sent=now.isoformat())
            result.sent.append(message)
    finally:
        if connection is not None:
            connection.close()
        _advance(ledger, planned)
        store.sync(ledger, f"{len(result.sent)} sent, {len(result.failed)} failed")
    return result


def _advance(ledger: Ledger, planned: Plan) -> None:
    """Each file's state moves on, except for an event (or a region's digest) whose messages are not all
    settled: a failed one is then due again, an unconfirmed one reported again."""
    waiting: dict[tuple[str, str], bool] = {}
    for message in planned.messages:
        if message.holds:
            done = ledger.status(message.file, message.key) in SETTLED
            waiting[(message.file, message.holds)] = waiting.get((message.file, message.holds), False) or not done
    for name, state in planned.states.items():
        old = ledger.file(name).get("state", {})
        if name.startswith("club-"):
            events = dict(state["events"])
            for event_id in list(events):
                if waiting.get((name, event_id)):
                    if event_id in old.get("events", {}):
                        events[event_id] = old["events"][event_id]
                    else:
                        del events[event_id]
            ledger.file(name)["state"] = {"events": events}
        elif not any(held for (file, _), held in waiting.items() if file == name):
            ledger.file(name)["state"] = state


def _report(result: Outcome, ref: str) -> int:
    for message in result.sent:
        print(f"sent {message.kind} to {message.to.address}: {message.key}")
    for message, why in result.failed:
        print(f"groundgame notify: not sent, {message.key}: {visible(why)}; it is sent again on the next run",
              file=sys.stderr)
    for message in result.left:
        print(f"groundgame notify: not tried, {message.key}: the server could not be reached; next run",
              file=sys.stderr)
    for message in result.unconfirmed:
        print(f"groundgame notify: unconfirmed, {message.key}: a run stopped after claiming it and before the "
              "server's answer, so it may have gone out; check the list's archive, then run notify with "
              f"--resend {message.key} or --forget {message.key}", file=sys.stderr)
    print(f"groundgame notify: {len(result.sent)} sent, {len(result.failed)} failed, {len(result.left)} left for "
          f"the next run, {len(result.unconfirmed)} unconfirmed (ledger {ref})")
    return 1 if result.failed or result.left else 0


def _dry_run(store: Store, network: Network, schedule: Schedule, composer: Composer, now: datetime) -> int:
    ledger = store.read()
    theirs = store.fetch()
    if theirs is not None and theirs != store.head:
        ledger = merged(ledger or Ledger(), store.read(theirs) or Ledger())
    planned = plan(network, schedule, ledger.files if ledger is not None else None, now)
    if ledger is None:
        print(f"No ledger at {store.ref} yet: a run would record the state of {len(planned.states)} list(s) and "
              "send nothing.")
        return 0
    due = [m for m in planned.messages if ledger.status(m.file, m.key) not in DONE]
    for message in due:
        covered = f" (unless {message.covered_by} goes first)" if message.covered_by else ""
        print(f"would send {message.kind} to {message.to.address} [{', '.join(message.langs)}]: "
              f"{visible(composer.subject(message))}{covered}\n    key {message.key}")
    for name in planned.new_files:
        print(f"new in the ledger, state recorded and nothing sent: {name}")
    print(f"{len(due)} message(s) would be sent (dry run: nothing sent, nothing recorded)")
    return 0


def _preview(network: Network, schedule: Schedule, composer: Composer, event_id: str, now: datetime) -> int:
    event = network.events.get(event_id)
    if event is None:
        raise UsageError(f"--preview {event_id}: no such event; give club-id/file-name, such as "
                         f"{next(iter(network.events), 'paris-web/soiree')}")
    club = network.clubs.get(event.club)
    if club is None or club.announcements is None:
        raise UsageError(f"--preview {event_id}: its club {event.club} has no announcements list")
    for mail in _preview_mails(schedule, composer, event, now):
        print(_shown(mail))
    return 0


def _preview_mails(schedule: Schedule, composer: Composer, event: Event, now: datetime) -> Iterable[EmailMessage]:
    """The announcement, the reminder of the next meeting and, with a report, the follow-up."""
    club = composer.calendars.network.clubs[event.club]
    assert club.announcements is not None
    meetings = schedule[event.id]
    coming = tuple(m for m in meetings if m.end >= now and m.takes_place)
    name = club_file(club.id)
    for mailing_list, langs in club.announcements.lists(club.languages):
        base: dict[str, Any] = {"file": name, "to": mailing_list, "langs": langs, "club": club, "event": event}
        yield composer.email(Message("announce", f"preview:announce:{event.id}:{mailing_list.address}",
                                     meetings=coming or meetings[:1], **base))
        if coming:
            yield composer.email(Message("reminder", f"preview:reminder:{event.id}:{mailing_list.address}",
                                         meetings=coming[:1], **base))
        if event.report is not None or event.activities.get("after"):
            yield composer.email(Message("followup", f"preview:followup:{event.id}:{mailing_list.address}", **base))


def _shown(mail: EmailMessage) -> str:
    lines = [f"{name}: {visible(str(mail[name]))}" for name in
             ("From", "To", "Subject", "Date", "Message-ID", "List-Id", "Auto-Submitted") if mail[name]]
    body = mail.get_body(("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    attached = [f"[attached: {part.get_filename()}, {part.get_content_type()}; method="
                f"{part.get_param('method')}]" for part in mail.iter_attachments()]
    return "\n".join([*lines, "", *(visible(line) for line in str(text).splitlines()), *attached, "", "=" * 72])
