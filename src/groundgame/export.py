"""``groundgame export --out DIR``: the calendar feeds, JSON API and Atom feeds without the site.

The same functions the site build calls, so feeds can be produced and inspected before
(or without) a Pelican build. Content with errors writes nothing and exits 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import api, atom, clock, ical, report
from .config import from_settings
from .history import History
from .network import load_network
from .output import Writer
from .problems import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder to write into")
    parser.add_argument("--site-url", metavar="URL",
                        help="the address the site is served from, used in links and UIDs "
                             "(default: https://clubs.example.org)")


def command(root: Path, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"--out {args.out}: must be a new or empty folder, so that no stale file is left in it")
    config = from_settings({"SITEURL": args.site_url} if args.site_url else {})
    now = clock.now()
    outcome = load_network(root)
    if outcome.problems:
        sys.stdout.write(report.render(outcome.problems, outcome.files_read, "text"))
    if not outcome.ok:
        print("Nothing was written: fix the errors above first.")
        return 1
    notes = logging.StreamHandler(sys.stdout)  # say what a feed left out, or that history is shallow
    notes.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("groundgame")
    level = logger.level
    logger.addHandler(notes)
    logger.setLevel(logging.INFO)
    try:
        writer = Writer(out)
        history = History.from_repo(root)
        ical.write_calendars(outcome.network, config, writer, now, history)
        api.write_api(outcome.network, config, writer, now, history)
        atom.write_atom(outcome.network, config, writer, now, history)
    finally:
        logger.removeHandler(notes)
        logger.setLevel(level)
    counts = ", ".join(f"{count} {category}" for category, count in sorted(writer.counts.items()))
    print(f"Wrote {sum(writer.counts.values())} files to {out} ({counts})")
    return 0
