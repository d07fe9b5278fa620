"""The ``groundgame`` command line: the one edge where errors become exit codes.

Exit codes: 0 clean, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from groundgame import __version__, report
from groundgame.content.files import walk
from groundgame.content.network import load_network
from groundgame.problems import GroundgameError, UsageError, visible
from groundgame.tools import codeowners, export, fmt, forms, notify, scaffold, stale, summary
from groundgame.tools import importing as import_events


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
            # walk, not rglob: rglob recurses, and ~1,000 nested folders raise RecursionError
            paths.extend(sorted(here / name for here, _, names in walk(path, []) for name in names)
                         if path.is_dir() else [path])
        paths = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    outcome = load_network(root, paths, records=False)
    problems = outcome.problems
    sys.stdout.write(report.format_problems(problems, outcome.files_read, args.format))
    failed = bool(outcome.errors) or (args.strict and bool(outcome.warnings))
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    outcome = scaffold.create(root, args, interactive=sys.stdin.isatty() and not args.no_input)
    for line in outcome.lines:
        print(visible(line))  # a line may quote a value
    if outcome.path is None:
        print("Nothing was written; run the command again with the values corrected.")
        return 1
    return 0


class _Command(Protocol):
    """A command whose module declares its own arguments and runs on the site's root."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def command(self, root: Path, args: argparse.Namespace) -> int: ...


# (words, module, help): `report stale` is a sub-command of `report`.
_MODULE_COMMANDS: tuple[tuple[tuple[str, ...], _Command, str], ...] = (
    (("codeowners",), codeowners, "write .github/CODEOWNERS from the regions and clubs"),
    (("fmt",), fmt, "put content files in canonical form (field order, dates)"),
    (("form",), forms, "turn a submitted issue form into a content file, or say what to fix"),
    (("report", "stale"), stale, "quiet clubs and ended series, by region"),
    (("summary",), summary, "Markdown summary of the clubs and events a change touches"),
    (("export",), export, "write the calendar feeds, JSON API and Atom feeds into a folder"),
    (("import",), import_events, "turn a calendar export (.ics) or a spreadsheet (.csv) into event files"),
    (("notify",), notify, "send each club's list its announcements, changes, reminders and follow-ups, once each"),
)


def _run_module(module: _Command, args: argparse.Namespace) -> int:
    return module.command(_root(args), args)


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

    groups = {"report": "reports for coordinators"}
    parents: dict[str, Any] = {}
    for words, module, help_text in _MODULE_COMMANDS:
        parent = commands
        if len(words) > 1:
            if words[0] not in parents:
                parents[words[0]] = commands.add_parser(words[0], help=groups[words[0]]).add_subparsers(
                    dest=words[0], required=True, metavar=words[0].upper())
            parent = parents[words[0]]
        sub = parent.add_parser(words[-1], help=help_text)
        module.add_arguments(sub)
        sub.set_defaults(run=functools.partial(_run_module, module))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except GroundgameError as exc:
        said = "\n".join(visible(line) for line in str(exc).splitlines())  # a message may quote a value
        print(f"groundgame: {said}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("groundgame: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
