"""``groundgame form``'s command line: the comment to post on the issue, or JSON for the workflow."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from groundgame.problems import UsageError
from groundgame.tools.forms.fields import FORMS
from groundgame.tools.forms.submit import FormResult, submit


def code_span(text: str) -> str:
    """``text`` as a Markdown code span: shown as written, with no markup, link, HTML or @-mention."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def comment(outcome: FormResult) -> str:
    """The bot's reply on the issue, in Markdown, with every organizer-given text escaped."""
    if outcome.ok:
        files = ", ".join(f"`{f}`" for f in outcome.files)
        what = f"This {outcome.kind} is now {'a file' if len(outcome.files) == 1 else 'files'}, {files}," \
            if not outcome.edited else f"Your change to {files} is"
        review = "the people who look after this club and region will review" if outcome.author_is_leader or \
            not outcome.asked_by else "the club's leaders will review (you are not one of them, so they decide)"
        return (f"Thank you! {what} in a pull request that {review}. You can follow it there; to change "
                "anything, edit this issue and the pull request is updated.\n")
    lines = [f"Thank you! The {outcome.kind} form could not be turned into a change yet. Please edit this issue "
             "and fix the following; the check runs again when you save.", ""]
    lines += [f"- **{label}**: {code_span(message)}" for label, message in outcome.errors]
    return "\n".join(lines) + "\n"


def as_json(outcome: FormResult) -> str:
    return json.dumps({"ok": outcome.ok, "kind": outcome.kind, "path": outcome.path, "files": list(outcome.files),
                       "id": outcome.record_id, "title": outcome.title, "asked_by": outcome.asked_by,
                       "author_is_leader": outcome.author_is_leader,
                       "errors": [{"field": label, "message": message} for label, message in outcome.errors]},
                      ensure_ascii=False, indent=2)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(FORMS), help="which form the issue used")
    parser.add_argument("--body-file", required=True, metavar="FILE",
                        help="the issue's body (the rendered form), or - for standard input")
    parser.add_argument("--author", default="", metavar="LOGIN",
                        help="the GitHub user who opened the issue (a new club's first leader)")
    parser.add_argument("--out-dir", default="content", metavar="DIR", help="the content folder (default: content)")
    parser.add_argument("--title-file", metavar="PATH",
                        help="when the form becomes files, write the pull request's title there (one line, "
                             "made from record ids only)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the comment to post, in Markdown; json: the outcome for tools")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")


def command(root: Path, args: argparse.Namespace) -> int:
    if args.body_file == "-":
        body = sys.stdin.read()
    else:
        try:
            body = Path(args.body_file).read_text("utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"--body-file {args.body_file}: cannot be read ({exc.strerror})") from None
    outcome = submit(root, args.kind, body, author=args.author, out_dir=args.out_dir)
    if args.title_file and outcome.ok:
        Path(args.title_file).write_text(outcome.title + "\n", encoding="utf-8")
    sys.stdout.write(as_json(outcome) + "\n" if args.format == "json" else comment(outcome))
    return 0 if outcome.ok else 1
