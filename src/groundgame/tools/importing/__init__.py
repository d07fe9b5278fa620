"""``groundgame import ics|csv FILE --club ID``: events from a calendar export or a spreadsheet.

Every event is read into a draft (``ics``, ``spreadsheet``), given its file (``plan``: the same
file again for an event imported before), and every text checked by the project's loader and
``fmt`` before anything is written. An event that cannot be imported is an error and, unless
``--skip-bad`` is given, nothing is written; what an event loses on the way (a field an event
file has no place for, a rule without an end) is a warning. ``--dry-run`` shows the new files
and, for changed ones, a unified diff, and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from groundgame.content.files import SLUG
from groundgame.content.reading import read_club
from groundgame.content.yamlfile import LoadError, read_file
from groundgame.model.records import Club
from groundgame.problems import UsageError
from groundgame.suggest import close_matches
from groundgame.tools.importing import ics, plan, spreadsheet
from groundgame.tools.importing.drafts import Draft, Notes

_KINDS = {"ics": "events of an iCalendar file (.ics) exported from Google Calendar, Outlook, Meetup, Nextcloud…",
          "csv": "events of a spreadsheet saved as CSV (see docs/import-template.csv for the columns)"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for kind, help_text in _KINDS.items():
        sub = kinds.add_parser(kind, help=help_text, description=help_text)
        sub.add_argument("file", metavar="FILE", help=f"the .{kind} file to import")
        sub.add_argument("--club", required=True, metavar="ID", help="the club whose events these are (its file name)")
        sub.add_argument("--dry-run", action="store_true",
                         help="write nothing; show the new files and, for changed ones, what changes")
        sub.add_argument("--skip-bad", action="store_true",
                         help="import the events that can be imported even if some cannot (they are listed)")


def club_of(root: Path, club_id: str) -> Club:
    path = root / "content" / "clubs" / f"{club_id}.yaml"
    if not SLUG.fullmatch(club_id) or not path.is_file():
        known = sorted(p.stem for p in (root / "content" / "clubs").glob("*.yaml"))
        guesses = close_matches(club_id, known)
        raise UsageError(f"--club {club_id}: no such club in content/clubs/"
                         + (f"; did you mean {guesses[0]!r}?" if guesses else ""))
    try:
        doc = read_file(path, f"content/clubs/{club_id}.yaml")
    except LoadError as exc:
        raise UsageError(f"--club {club_id}: its file cannot be read: {exc.problem.text()}") from exc
    club, _ = read_club(doc, club_id)
    if not club.timezone:
        raise UsageError(f"--club {club_id}: the club has no time zone, which times without one need")
    return club


def _site_url(root: Path) -> str:
    try:
        from groundgame.settings_file import read_site_config

        return read_site_config(root).site_url
    except Exception:
        return ""


def command(root: Path, args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"{args.file}: no such file")
    club = club_of(root, args.club)
    notes = Notes(source.name)
    raw = source.read_bytes()
    drafts: list[Draft] = (ics.read(raw, notes, club, _site_url(root)) if args.import_kind == "ics"
                           else spreadsheet.read(raw, notes, club))
    return finish(root, club.id, drafts, notes, dry_run=args.dry_run, skip_bad=args.skip_bad)


def finish(root: Path, club: str, drafts: list[Draft], notes: Notes, *, dry_run: bool, skip_bad: bool) -> int:
    """Plan, check, then write (or show) the drafts; print every problem; the exit code."""
    index = plan.read_index(root, club, notes)
    planned = plan.check(root, plan.plan(root, club, drafts, index, notes), notes)
    for problem in sorted(notes.problems, key=lambda p: (p.line, p.message)):
        print(problem.text())
    errors = len(notes.errors)
    new = [p for p in planned if p.old is None]
    updated = [p for p in planned if p.old is not None and p.changed]
    same = len(planned) - len(new) - len(updated)
    blocked = errors and not skip_bad
    for item in new + updated:
        verb = ("would add" if dry_run or blocked else "added") if item.old is None else \
            ("would update" if dry_run or blocked else "updated")
        print(f"{verb} {item.display}")
        if dry_run:
            sys.stdout.write(plan.diff(item))
    counts = f"{len(new)} new, {len(updated)} updated, {same} unchanged"
    if blocked:
        print(f"Nothing was written: {errors} error{'s' if errors != 1 else ''} (above). "
              f"Fix them at the source, or run again with --skip-bad to import the others ({counts}).")
        return 1
    if dry_run:
        print(f"Nothing was written (--dry-run): {counts}.")
        return 0
    plan.write(root, club, planned, index)
    print(f"Imported {len(planned)} event{'s' if len(planned) != 1 else ''}: {counts}"
          + (f"; {errors} skipped" if errors else "") + ".")
    return 0
