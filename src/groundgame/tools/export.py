"""``groundgame export --out DIR``: the calendar feeds, JSON API and Atom feeds without the site.

It runs the site's own build (``groundgame.build.core.build``) without the pages, with the
settings of ``pelicanconf.py`` read as the build reads them (``settings_file.read_site_config``;
``--site-url`` overrides ``SITEURL``), so for one commit and one ``SOURCE_DATE_EPOCH`` both
write the same bytes. Content with errors writes nothing and exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from groundgame import report
from groundgame.build import core
from groundgame.config import SiteConfig, from_settings
from groundgame.content.network import load_network
from groundgame.problems import UsageError
from groundgame.settings_file import read_site_config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder to write into")
    parser.add_argument("--site-url", metavar="URL",
                        help="the address the site is served from, used in links and UIDs "
                             "(default: SITEURL of pelicanconf.py)")


def site_config(root: Path, site_url: str | None) -> SiteConfig:
    """The build's settings (``root/pelicanconf.py``), with ``site_url`` (checked) for ``SITEURL``."""
    config = read_site_config(root)
    if site_url:
        config = dataclasses.replace(config, site_url=from_settings({"SITEURL": site_url}).site_url)
    return config


def command(root: Path, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"--out {args.out}: must be a new or empty folder, so that no stale file is left in it")
    config = site_config(root, args.site_url)
    outcome = load_network(root)
    if outcome.problems:
        sys.stdout.write(report.format_problems(outcome.problems, outcome.files_read, "text"))
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
        built = core.build(root, config, out, None, pages=False, network=outcome.network)
    finally:
        logger.removeHandler(notes)
        logger.setLevel(level)
    files = built.summary.files
    counts = ", ".join(f"{count} {category}" for category, count in sorted(files.items()))
    print(f"Wrote {sum(files.values())} files to {out} ({counts})")
    return 0
