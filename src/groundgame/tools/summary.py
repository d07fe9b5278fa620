"""``groundgame summary``: the pull request's job summary, in Markdown.

Each added, changed or removed club and event of the pull request, with its title, its
dates and a link to its page in the built preview, so that a reviewer sees what the
change means without reading YAML. The changed files come from
``git diff --name-status BASE...HEAD`` or are given as paths. Every organizer-given
text (titles, names, ids, file names) is escaped: it shows as written, never as markup,
HTML, link, image or mention, and its control characters (ESC, U+202E...) as escapes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from groundgame import urls
from groundgame.config import SiteConfig
from groundgame.content import lookalikes, newsfiles
from groundgame.content.files import classify
from groundgame.content.network import Loaded, Network, load_network
from groundgame.model.records import Club, Event
from groundgame.problems import UsageError, visible
from groundgame.settings_file import read_site_config

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@<>&])")
_STATUS = {"A": "added", "M": "changed", "D": "removed", "R": "renamed", "C": "copied", "T": "changed"}


def md_text(text: str) -> str:
    """Organizer text for a Markdown table cell or line: shown as written, on one line."""
    text = visible(" ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};" if m.group(1) in "<>&@" else "\\" + m.group(1),
                                 text)


def md_code(text: str) -> str:
    """An id or a file name as a code span: shown as written, monospaced, on one line.

    The fence is longer than any run of backticks inside, and ``|`` is escaped (a table
    splits its cells before it reads code spans), so no file name can end the span or the
    cell; outside a table such a ``|`` shows as ``\\|``."""
    text = visible(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@dataclass(frozen=True)
class ChangedFile:
    path: str  # relative to the site root, forward slashes
    status: str  # added, changed, removed...


def changed_files(root: Path, base: str) -> list[ChangedFile]:
    """The files a branch changed since it left ``base`` (``git diff --name-status BASE...HEAD``)."""
    if base.startswith("-"):
        raise UsageError(f"--base {base!r}: a git revision does not start with '-'")
    try:
        result = subprocess.run(["git", "diff", "--name-status", "-z", "--no-renames", f"{base}...HEAD", "--"],
                                cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git ({exc.strerror})") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git diff {base}...HEAD failed: {message[0] if message else 'no reason given'}")
    parts = result.stdout.decode("utf-8", "replace").split("\0")
    return [ChangedFile(path, _STATUS.get(code[:1], "changed")) for code, path in zip(parts[::2], parts[1::2],
                                                                                   strict=False) if path]


def _when(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def event_dates(event: Event) -> str:
    """``2026-12-08 19:00–21:00 (Europe/Paris)``, ``2027-07-16 – 2027-07-18``, plus the repeat rule."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and isinstance(end, datetime):
        span = f"{_when(start)}–{end:%H:%M}" if start.date() == end.date() else f"{_when(start)} – {_when(end)}"
        text = f"{span} ({event.timezone})"
    else:
        text = _when(start) if start == end else f"{_when(start)} – {_when(end)}"
    repeat = event.repeat
    if repeat is not None:
        every = repeat.every if repeat.interval == 1 else f"{repeat.interval} {repeat.every}s"
        limit = f"{repeat.count} times" if repeat.count else f"until {_when(repeat.until)}" if repeat.until else ""
        text += f", every {every}" + (f", {limit}" if limit else "")
    if event.status != "scheduled":
        text += f" — {event.status}"
    return text


def _link(label: str, path: str, preview: str) -> str:
    if preview:
        return f"[{label}]({preview.rstrip('/')}/{path})"
    return f"{md_code(path)} in the site artifact"


def rows(root: Path, changes: list[ChangedFile], network: Network, config: SiteConfig, preview: str) -> list[str]:
    lang = config.default_language
    out: list[str] = []
    for change in changes:
        source, _ = classify(root / change.path, root)
        if source is None or source.kind not in ("club", "event"):
            continue
        record = (network.clubs if source.kind == "club" else network.events).get(source.id)
        what = f"{change.status} {source.kind}"
        if change.status == "removed":
            out.append(f"| {what} | {md_code(source.id)} | | |")
        elif isinstance(record, Event):
            page = urls.event(config, lang, record.id)
            out.append(f"| {what} | {md_text(record.title.text())} | {event_dates(record)} "
                       f"| {_link('event page', page, preview)} |")
        elif isinstance(record, Club):
            page = urls.club(config, lang, record.id)
            region = network.regions.get(record.region)
            where = md_text(region.name.text()) if region else md_code(record.region)
            out.append(f"| {what} | {md_text(record.name.text())} | region {where} "
                       f"| {_link('club page', page, preview)} |")
        else:
            out.append(f"| {what} | {md_code(change.path)} | has problems: see the validation step | |")
    return out


def _changed(root: Path, changes: list[ChangedFile], network: Network) -> tuple[list[Event], list[Club]]:
    """The events and clubs the change adds or changes, as the network holds them."""
    events: list[Event] = []
    clubs: list[Club] = []
    for change in changes:
        source, _ = classify(root / change.path, root)
        if source is None or change.status == "removed":
            continue
        if source.kind == "event" and source.id in network.events:
            events.append(network.events[source.id])
        elif source.kind == "club" and source.id in network.clubs:
            clubs.append(network.clubs[source.id])
    return events, clubs


def cohost_lines(events: list[Event], network: Network) -> list[str]:
    """Every co-host of every changed event, and whether its own file agrees (only then is the
    event shown under it)."""
    lines = []
    for event in events:
        said = []
        for cohost in dict.fromkeys(event.cohosts):
            club = network.clubs.get(cohost)
            name = f"{md_text(club.name.text())} ({md_code(cohost)})" if club else md_code(cohost)
            if club is not None and club.agrees_to_cohost(event):
                said.append(f"{name}: agreed")
            else:
                said.append(f"{name}: **has not agreed**, so the event is not shown under it")
        if said:
            lines.append(f"- {md_text(event.title.text())} ({md_code(event.id)}): " + "; ".join(said))
    return ["", "### Co-hosts", "", *lines] if lines else []


def lookalike_lines(clubs: list[Club], network: Network) -> list[str]:
    """A warning for each changed or new club whose name looks like another club's."""
    names = [n for club in network.clubs.values() for n in lookalikes.names_in(club.id, club.doc)]
    lines = [f"- :warning: {md_text(name.text)} ({md_code(name.club)}, {md_code(name.field)}) looks the same as "
             f"{md_text(other.text)} ({md_code(other.club)}) once letters that look alike, case and invisible "
             "characters are set aside: make sure it is not posing as that club"
             for name, other in lookalikes.pairs(names, [c.id for c in clubs])]
    return ["", "### Look-alike club names", "", *lines] if lines else []


def news_lines(root: Path, changes: list[ChangedFile], network: Network) -> list[str]:
    """Each added or changed news article and the club it speaks for: news files are reviewed by
    the maintainers, not by that club's leaders, so the reviewer is asked to check they agree."""
    lines = []
    for change in changes:
        path = root / change.path
        if change.status == "removed" or not newsfiles.is_news(path, root) or \
                path.suffix.lower().lstrip(".") not in newsfiles.EXTENSIONS:
            continue
        header = newsfiles.header_of(path)
        if header is None:
            lines.append(f"- {md_code(change.path)}: has problems: see the validation step")
            continue
        title = md_text(header.get("title", ""))
        club = network.clubs.get(header.get("club", ""))
        if club is None:
            lines.append(f"- {title} ({md_code(change.path)}): not shown on a club's page")
            continue
        leaders = ", ".join(md_code(f"@{p.github}") for p in club.leaders) or "its leaders"
        lines.append(f"- {title} ({md_code(change.path)}): posted as {md_text(club.name.text())} "
                     f"({md_code(club.id)}), on its page and in its news feed; its leaders do not review news "
                     f"files, so make sure they agree ({leaders})")
    return ["", "### News", "", *lines] if lines else []


def format_summary(root: Path, changes: list[ChangedFile], outcome: Loaded, config: SiteConfig, preview: str) -> str:
    lines = ["## Clubs and events in this pull request", ""]
    table = rows(root, changes, outcome.network, config, preview)
    if table:
        lines += ["| Change | Title | When / where | Page |", "| --- | --- | --- | --- |", *table]
    else:
        lines.append("This pull request changes no club or event.")
    events, clubs = _changed(root, changes, outcome.network)
    lines += cohost_lines(events, outcome.network) + lookalike_lines(clubs, outcome.network)
    lines += news_lines(root, changes, outcome.network)
    others = [c for c in changes if not c.path.startswith(("content/clubs/", "content/events/"))]
    if others:
        lines += ["", f"It also changes {len(others)} other file{'s' if len(others) != 1 else ''}."]
    if outcome.errors:
        lines += ["", f"**{len(outcome.errors)} problem{'s' if len(outcome.errors) != 1 else ''} in the content**: "
                      "the validation step shows each on its line."]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="the changed files (default: from git, see --base)")
    parser.add_argument("--base", metavar="REF", help="list what changed since this git revision (BASE...HEAD)")
    parser.add_argument("--preview-url", default="", metavar="URL",
                        help="where the built site is served, to link each page (default: paths in the artifact)")


def command(root: Path, args: argparse.Namespace) -> int:
    if args.paths:
        changes = []
        for given in args.paths:
            path = Path(given).absolute()
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                raise UsageError(f"{given}: not inside the site folder {root}") from None
            changes.append(ChangedFile(rel, "changed" if path.exists() else "removed"))
    elif args.base:
        changes = changed_files(root, args.base)
    else:
        raise UsageError("give the changed files as paths, or --base REF to ask git")
    if args.preview_url and not re.match(r"^https?://[^\s()<>]+$", args.preview_url):
        raise UsageError(f"--preview-url {args.preview_url!r}: must be an http(s) address")
    outcome = load_network(root)
    sys.stdout.write(format_summary(root, changes, outcome, read_site_config(root), args.preview_url))
    return 0
