"""The ``groundgame`` command line: the one edge where errors become exit codes.

Exit codes: 0 clean, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, codeowners, export, fmt, forms, report, scaffold, stale, summary
from .network import load_network
from .problems import GroundgameError, UsageError


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``content/``."""
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    raise UsageError(f"no content/ folder in {start} or above it; run this inside a groundgame site, or pass --root")


def _root(args: argparse.Namespace) -> Path:
    if args.root is None:
        return find_root(Path.cwd().resolve())
    root = Path(args.root).resolve()
    if not (root / "content").is_dir():
        raise UsageError(f"--root {args.root}: no content/ folder there")
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args)
    paths = None
    if args.paths:
        paths = []
        for given in args.paths:
            path = Path(given)
            if not path.exists() and not path.is_symlink():
                raise UsageError(f"{given}: no such file")
            paths.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
        paths = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    outcome = load_network(root, paths, records=False)
    problems = outcome.problems
    sys.stdout.write(report.render(problems, outcome.files_read, args.format))
    failed = bool(outcome.errors) or (args.strict and bool(outcome.warnings))
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    path = scaffold.create(root, args, interactive=sys.stdin.isatty() and not args.no_input)
    outcome = load_network(root, [path])
    sys.stdout.write(report.render(outcome.problems, outcome.files_read, "text"))
    if not outcome.ok:
        path.unlink()
        print("Nothing was written; run the command again with the values corrected.")
        return 1
    print(f"Wrote {path.relative_to(root).as_posix()}")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    return codeowners.command(_root(args), args)


def cmd_fmt(args: argparse.Namespace) -> int:
    return fmt.command(_root(args), args)


def cmd_form(args: argparse.Namespace) -> int:
    return forms.command(_root(args), args)


def cmd_report_stale(args: argparse.Namespace) -> int:
    return stale.command(_root(args), args)


def cmd_summary(args: argparse.Namespace) -> int:
    return summary.command(_root(args), args)


def cmd_export(args: argparse.Namespace) -> int:
    return export.command(_root(args), args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="groundgame", description="Run a club network's site from YAML files.")
    parser.add_argument("--version", action="version", version=f"groundgame {__version__}")
    parser.add_argument("--root", help="the site folder that holds content/ (default: found from here upwards)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check content files and report every problem")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="files or folders to check (default: all of content/); references are "
                               "checked against the whole tree")
    validate.add_argument("--format", choices=report.FORMATS, default="text",
                          help="text for people, github for workflow annotations, json for tools")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(run=cmd_validate)

    new = commands.add_parser("new", help="write a valid starter file for a region, club or event")
    scaffold.add_arguments(new)
    new.set_defaults(run=cmd_new)

    owners = commands.add_parser("codeowners", help="write .github/CODEOWNERS from the regions and clubs")
    codeowners.add_arguments(owners)
    owners.set_defaults(run=cmd_codeowners)

    canonical = commands.add_parser("fmt", help="put content files in canonical form (field order, dates)")
    fmt.add_arguments(canonical)
    canonical.set_defaults(run=cmd_fmt)

    form = commands.add_parser("form", help="turn a submitted issue form into a content file, or say what to fix")
    forms.add_arguments(form)
    form.set_defaults(run=cmd_form)

    reports = commands.add_parser("report", help="reports for coordinators").add_subparsers(
        dest="report", required=True, metavar="REPORT")
    stale_report = reports.add_parser("stale", help="quiet clubs and ended series, by region")
    stale.add_arguments(stale_report)
    stale_report.set_defaults(run=cmd_report_stale)

    pr_summary = commands.add_parser("summary", help="Markdown summary of the clubs and events a change touches")
    summary.add_arguments(pr_summary)
    pr_summary.set_defaults(run=cmd_summary)

    exporting = commands.add_parser("export", help="write the calendar feeds, JSON API and Atom feeds into a folder")
    export.add_arguments(exporting)
    exporting.set_defaults(run=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except GroundgameError as exc:
        print(f"groundgame: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("groundgame: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
