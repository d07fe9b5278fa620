"""``groundgame summary``: the pull request's job summary, in Markdown.

Each added, changed or removed club and event of the pull request, with its title, its
dates and a link to its page in the built preview, so that a reviewer sees what the
change means without reading YAML: the meetings of a series it cancels or moves, the
co-hosts it names or agrees to, and who asked for it (the ``Asked-by`` trailers of the
form bot's commits, or ``--asked-by``), said plainly when that is not a leader of the
club concerned. The changed files come from ``git diff --name-status BASE...HEAD`` or
are given as paths; with ``--base``, what changed is judged against the files at the
merge base (a leader is a leader there, not one the pull request adds). Every
organizer-given text (titles, names, ids, file names, logins) is escaped: it shows as
written, never as markup, HTML, link, image or mention, and its control characters
(ESC, U+202E...) as escapes.
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
from groundgame.content import lookalikes, newsfiles, schema
from groundgame.content.files import classify
from groundgame.content.network import Loaded, Network, load_network
from groundgame.content.reading import read_club, read_event
from groundgame.content.yamlfile import LoadError, parse_bytes
from groundgame.model.records import Club, Event, Person, Repeat
from groundgame.model.schedule import Meeting, meetings_of
from groundgame.problems import UsageError, visible
from groundgame.settings_file import read_site_config

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@<>&])")
_LOGIN = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")  # a GitHub login, matched whole
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_MEETING_LINES = 20  # per event: a pull request may change hundreds of meetings
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


def _git(root: Path, *args: str, what: str = "") -> bytes | None:
    """The output of ``git ARGS`` in ``root``; None if it fails and ``what`` is empty, else a usage error."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git ({exc.strerror})") from None
    if result.returncode == 0:
        return result.stdout
    if not what:
        return None
    message = result.stderr.decode("utf-8", "replace").strip().splitlines()
    raise UsageError(f"{what} failed: {message[0] if message else 'no reason given'}")


def _revision(base: str) -> str:
    if base.startswith("-"):
        raise UsageError(f"--base {base!r}: a git revision does not start with '-'")
    return base


def changed_files(root: Path, base: str) -> list[ChangedFile]:
    """The files a branch changed since it left ``base`` (``git diff --name-status BASE...HEAD``)."""
    out = _git(root, "diff", "--name-status", "-z", "--no-renames", f"{_revision(base)}...HEAD", "--",
               what=f"git diff {base}...HEAD") or b""
    parts = out.decode("utf-8", "replace").split("\0")
    return [ChangedFile(path, _STATUS.get(code[:1], "changed")) for code, path in zip(parts[::2], parts[1::2],
                                                                                   strict=False) if path]


def asked_by(root: Path, base: str) -> list[str]:
    """The ``Asked-by`` trailers of the commits ``BASE..HEAD`` (the form bot writes one), oldest first."""
    out = _git(root, "log", "--reverse", "--format=%(trailers:key=Asked-by,valueonly,unfold)",
               f"{_revision(base)}..HEAD", "--", what=f"git log {base}..HEAD") or b""
    return [v.strip() for v in out.decode("utf-8", "replace").splitlines() if v.strip()]


@dataclass(frozen=True)
class Base:
    """The content as the pull request found it: the files at the merge base, read one at a time."""

    root: Path
    commit: str

    @classmethod
    def of(cls, root: Path, base: str) -> Base:
        found = _git(root, "merge-base", _revision(base), "HEAD", what=f"git merge-base {base} HEAD") or b""
        return cls(root, found.decode("ascii", "replace").strip())

    def raw(self, path: str) -> bytes | None:
        """The file's bytes at the base; None if it had no such file."""
        return _git(self.root, "cat-file", "blob", f"{self.commit}:{path}")

    def club(self, path: str, club_id: str) -> Club | None:
        raw = self.raw(path)
        record = _record(raw, path, "club", club_id, None) if raw is not None else None
        return record if isinstance(record, Club) else None

    def event(self, path: str, event: Event, network: Network) -> Event | None:
        raw = self.raw(path)
        record = _record(raw, path, "event", event.id, network.clubs.get(event.club)) if raw is not None else None
        return record if isinstance(record, Event) else None


def _record(raw: bytes, path: str, kind: str, record_id: str, club: Club | None) -> Club | Event | None:
    """A club or event read from a file's bytes, checked as validate checks one; None if it has errors."""
    try:
        doc = parse_bytes(raw, path)
    except LoadError:
        return None
    if any(p.is_error for p in schema.check(kind, doc)):
        return None
    record, problems = read_club(doc, record_id) if kind == "club" else read_event(doc, record_id, club)
    return None if any(p.is_error for p in problems) else record


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


def _agreement(entry: str, network: Network) -> str:
    if "/" in entry:
        event = network.events.get(entry)
        return f"the event {md_text(event.title.text())} ({md_code(entry)})" if event else \
            f"the event {md_code(entry)}, which does not exist"
    club = network.clubs.get(entry)
    return f"every event of {md_text(club.name.text())} ({md_code(entry)})" if club else \
        f"every event of {md_code(entry)}, which is not a club"


def cohosting_lines(clubs: list[Club], network: Network, base: Base | None) -> list[str]:
    """What each changed club's ``cohosting`` now agrees to, or no longer does (against the base),
    and the events that this shows under it."""
    lines = []
    for club in clubs:
        before = base.club(club.path, club.id) if base else None
        old = before.cohosting if before else ()
        added = [e for e in dict.fromkeys(club.cohosting) if e not in old]
        dropped = [e for e in dict.fromkeys(old) if e not in club.cohosting]
        name = f"{md_text(club.name.text())} ({md_code(club.id)})"
        if added:
            shown = [md_code(e.id) for e in network.events.values()
                     if club.id in e.cohosts and e.club != club.id and (e.club in added or e.id in added)]
            lines.append(f"- {name} agrees to co-host " + "; ".join(_agreement(e, network) for e in added)
                         + (": shown under it from now on: " + ", ".join(shown) if shown
                            else ": no such event names it as a co-host yet"))
        if dropped:
            lines.append(f"- {name} no longer agrees to co-host " + "; ".join(_agreement(e, network) for e in dropped))
    return lines


def _meeting_said(meeting: Meeting, before: Repeat | None) -> str:
    """``The 2027-02-11 meeting moves to Friday 2027-02-12 18:30`` (dates from the parser: no escaping)."""
    said = f"The {meeting.original_date.isoformat()} meeting"
    if meeting.cancelled:
        return f"{said} is cancelled"
    if meeting.status == "postponed":
        return f"{said} is postponed"
    start, end = meeting.local_start, meeting.local_end
    what = [{"venue": "its place", "online": "its online address", "title": "its title",
             "registration": "its registration", "note": "its note"}[c]
            for c in ("venue", "online", "title", "registration", "note") if c in meeting.changed]
    if meeting.moved:
        text = f"{said} moves to {_WEEKDAYS[start.weekday()]} {_when(start)}"
    elif "time" in meeting.changed:
        text = f"{said} ends at {_when(end)}"
    elif what:
        return f"{said} changes " + ", ".join(what)
    else:
        return f"{said} takes place as the series says" + (" again" if before is not None else "")
    return text + (", and changes " + ", ".join(what) if what else "")


def _altered(day: date, now: Repeat, before: Repeat | None) -> bool:
    """Whether the pull request adds or alters what ``changes`` or ``except`` say of this meeting."""
    if before is None:
        return day in now.changes or day in now.except_dates
    return now.changes.get(day) != before.changes.get(day) or \
        (day in now.except_dates) != (day in before.except_dates)


def meeting_lines(events: list[Event], network: Network, base: Base | None) -> list[str]:
    """The meetings of each changed series whose ``changes`` or ``except`` entry the pull
    request adds or alters: cancelled, postponed, moved or otherwise changed."""
    lines = []
    for event in events:
        if event.repeat is None:
            continue
        previous = base.event(event.path, event, network) if base else None
        before = previous.repeat if previous is not None else None
        said = [_meeting_said(m, before) for m in meetings_of(event) if _altered(m.original_date, event.repeat, before)]
        if not said:
            continue
        lines.append(f"- {md_text(event.title.text())} ({md_code(event.id)}):")
        lines += [f"  - {text}" for text in said[:MAX_MEETING_LINES]]
        if len(said) > MAX_MEETING_LINES:
            lines.append(f"  - and {len(said) - MAX_MEETING_LINES} more meetings: see the event page")
    return ["", "### Meetings of a series", "", *lines] if lines else []


def _clubs_concerned(root: Path, changes: list[ChangedFile]) -> list[str]:
    """The club of every changed club, event or news file, once each, in the order of the files."""
    found = []
    for change in changes:
        path = root / change.path
        source, _ = classify(path, root)
        if source is not None and source.kind in ("club", "event"):
            found.append(source.id.split("/", 1)[0])
        elif change.status != "removed" and newsfiles.is_news(path, root):
            header = newsfiles.header_of(path)
            if header and header.get("club"):
                found.append(header["club"])
    return list(dict.fromkeys(found))


def _logins(people: tuple[Person, ...], none: str) -> str:
    return ", ".join(md_code(f"@{p.github}") for p in people) or none


def asker_lines(askers: list[str], club_ids: list[str], network: Network, base: Base | None) -> list[str]:
    """Who asked for the change, and for each club concerned whether that is one of its leaders
    (at the base: a pull request that adds its asker as a leader does not make them one)."""
    lines = []
    for login in askers:
        if not _LOGIN.fullmatch(login):
            lines.append(f"- The commits say they were asked by {md_code(login)}, which is not a GitHub login")
            continue
        who = md_code(f"@{login}")
        if not club_ids:
            lines.append(f"- Asked by {who}")
        for club_id in club_ids:
            club = network.clubs.get(club_id)
            path = club.path if club else f"content/clubs/{club_id}.yaml"
            new = base is not None and base.raw(path) is None
            before = base.club(path, club_id) if base and not new else None
            known = before or club
            region = network.regions.get(known.region) if known else None
            coordinators = _logins(region.coordinators, "none listed") if region else "none listed"
            if new:
                lines.append(f"- Asked by {who} for {md_code(club_id)}, a club this pull request adds: the "
                             f"region's coordinators ({coordinators}) review it")
            elif known is not None and login.lower() in {p.github.lower() for p in known.leaders}:
                lines.append(f"- Asked by {who}, a leader of {md_code(club_id)}")
            else:
                leaders = _logins(known.leaders, "none listed") if known else "unknown"
                lines.append(f"- Asked by {who}, who is not a leader of {md_code(club_id)}: its leaders ({leaders}) "
                             f"and the region's coordinators ({coordinators}) review it")
    return ["", "### Who asked", "", *lines] if lines else []


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


def format_summary(root: Path, changes: list[ChangedFile], outcome: Loaded, config: SiteConfig, preview: str,
                   *, base: Base | None = None, askers: tuple[str, ...] = ()) -> str:
    """The summary; ``base`` is the content before the change (None: every entry counts as new)."""
    network = outcome.network
    lines = ["## Clubs and events in this pull request", ""]
    table = rows(root, changes, outcome.network, config, preview)
    if table:
        lines += ["| Change | Title | When / where | Page |", "| --- | --- | --- | --- |", *table]
    else:
        lines.append("This pull request changes no club or event.")
    events, clubs = _changed(root, changes, network)
    lines += asker_lines(list(askers), _clubs_concerned(root, changes), network, base)
    lines += meeting_lines(events, network, base)
    cohosts = cohost_lines(events, network) + cohosting_lines(clubs, network, base)
    lines += (["", "### Co-hosts", "", *cohosts] if cohosts else []) + lookalike_lines(clubs, network)
    lines += news_lines(root, changes, network)
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
    parser.add_argument("--asked-by", action="append", default=[], metavar="LOGIN",
                        help="the GitHub login who asked for the change (again for more; added to the commits' "
                             "Asked-by trailers)")
    parser.add_argument("--pr-author", default="", metavar="LOGIN",
                        help="the pull request's author: unless it is a bot (a login ending in [bot]), the one "
                             "who asked, and the commits' Asked-by trailers (anyone can write one) are not read")
    parser.add_argument("--preview-url", default="", metavar="URL",
                        help="where the built site is served, to link each page (default: paths in the artifact)")


def command(root: Path, args: argparse.Namespace) -> int:
    base: Base | None = None
    askers: list[str] = []
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
        base = Base.of(root, args.base)
        author = args.pr_author.removeprefix("@")
        askers = [author] if author and not author.endswith("[bot]") else asked_by(root, args.base)
    else:
        raise UsageError("give the changed files as paths, or --base REF to ask git")
    if args.preview_url and not re.match(r"^https?://[^\s()<>]+$", args.preview_url):
        raise UsageError(f"--preview-url {args.preview_url!r}: must be an http(s) address")
    outcome = load_network(root)
    logins: dict[str, str] = {}  # each login once (logins ignore case), as first spelled
    for login in [*askers, *(a.removeprefix("@") for a in args.asked_by)]:
        logins.setdefault(login.lower(), login)
    sys.stdout.write(format_summary(root, changes, outcome, read_site_config(root), args.preview_url,
                                    base=base, askers=tuple(logins.values())))
    return 0
