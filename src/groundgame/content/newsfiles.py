"""Check the news articles (``content/news/*.md``) before Pelican reads them.

Pelican acts on an article's header: ``Save_as:`` or ``Url:`` put the page anywhere,
``Template:`` picks another template, ``Status:`` hides it, and ``Slug:`` and ``Lang:``
become parts of its path. It follows symbolic links (a link to ``/`` makes it read the
whole disk), and it drops an article it cannot read (an impossible date, bytes that are
not UTF-8) with a log line and no failure, before the build's warning counter exists.

So the site plugin calls ``check_folder`` first: every file below the news folders is a
regular file of UTF-8 text, and every header holds only the fields news take, each with
a value that is safe to make a path and a page from. Problems name the file, the line and
the field, as ``groundgame validate`` does for the records.

An article may be about one event (``Event: <club>/<slug>``, an event id; its club is then the
article's club unless ``Club:`` says otherwise), and may have translations: files with the same
slug (``Slug:``, else the file's name) and another ``Lang:``. Translations name the same club
and event. ``event_news`` lists the articles about an event, for ``groundgame notify``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from groundgame import cldr
from groundgame.content import dates
from groundgame.content.characters import BIDI_CONTROLS, LINE_BREAKS, NONCHARACTERS, describe, kind_of
from groundgame.content.files import MAX_ID, SLUG, deep_problem, display_path, slugify, walk
from groundgame.content.markdown import Renderer
from groundgame.content.schema import shown
from groundgame.problems import Problem
from groundgame.suggest import did_you_mean

EXTENSIONS = ("md", "markdown", "mkd", "mdown")  # the files Pelican reads as news (NewsReader's)
MAX_BYTES = 512 * 1024  # a news file
MAX_CHARACTERS = 100_000  # of a news article's body: the rest is not shown
FIELDS = ("title", "date", "modified", "lang", "club", "event", "summary", "slug")
_MAX_CHARS = {"title": 200, "summary": 1000, "club": MAX_ID, "event": 2 * MAX_ID + 1, "lang": 35, "date": 25,
              "modified": 25, "slug": MAX_ID}
SHARED = ("club", "event")  # the same in every translation of an article
_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}\Z")
# Pelican's intrasite links ({static}, {attach}, {filename}, |static|...) in an HTML attribute, as its
# get_static_links finds them (without its leading '<[^>]+', which would make the search quadratic).
_PELICAN_LINK = re.compile(r"""(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*["'][{|][^"'\s]{0,40}""",
                           re.IGNORECASE)
_WHEN = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\Z")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The ``Key: value`` header (keys lowercased, continuation lines joined) and the body after it."""
    header, _, body = _split(text)
    return header, body


def _split(text: str) -> tuple[dict[str, str], dict[str, int], str]:
    """The header, the line (1-based) each field starts on, and the body."""
    lines = text.lstrip("\ufeff").split("\n")
    header: dict[str, str] = {}
    where: dict[str, int] = {}
    last = None
    for n, line in enumerate(lines):
        if not line.strip():
            return header, where, "\n".join(lines[n + 1:])
        key, colon, value = line.partition(":")
        if colon and _KEY.match(key.strip()):
            last = key.strip().lower()
            header[last] = value.strip()
            where[last] = n + 1
        elif last is not None and line[:1] in (" ", "\t"):
            header[last] += " " + line.strip()
        else:
            return header, where, "\n".join(lines[n:])  # no header (or it ended): the rest is the body
    return header, where, ""


def check_folder(root: Path, folder: Path, default_lang: str, *, club_ids: Collection[str] | None = None,
                 event_ids: Collection[str] | None = None,
                 selected: Collection[str] | None = None) -> tuple[list[Problem], int]:
    """Every problem of the news below ``folder``, and how many articles were checked.

    ``root`` names the files in messages; ``default_lang`` is the site's (an article in it
    has the address ``news/<slug>/``, others ``news/<slug>-<lang>/``); with ``club_ids``,
    ``Club:`` must be one of them, with ``event_ids``, ``Event:``; with ``selected`` (files as
    messages name them), only those files' problems are reported, though every article's
    address, and the club and event of its translations, are compared."""
    problems: list[Problem] = []
    if folder.is_symlink():
        return [Problem(display_path(folder, root), 0, 0, "", "must be a folder, not a symbolic link")], 0
    if not folder.is_dir():
        return problems, 0
    urls: dict[str, list[str]] = {}
    slugs: dict[str, list[tuple[str, dict[str, str], dict[str, int]]]] = {}
    checked = 0
    for path in _walk(folder, problems, root):
        display = display_path(path, root)
        found: list[Problem] = []
        text = _read(path, display, found)
        if text is not None:
            found.extend(check_text(text, display, path.stem, club_ids, event_ids))
        checked += selected is None or display in selected
        problems.extend(found)
        if text is None or found:
            continue
        header, where, _ = _split(text)
        slug = header.get("slug") or path.stem
        urls.setdefault(page_url(slug, header.get("lang") or default_lang, default_lang), []).append(display)
        slugs.setdefault(slug, []).append((display, header, where))
    problems.extend(_translation_problems(slugs, default_lang))
    for url, claimed in urls.items():
        for display in claimed if len(claimed) > 1 else ():
            others = ", ".join(other for other in claimed if other != display)
            problems.append(Problem(display, 0, 0, "slug", f"gives the page address {url}, which {others} has too",
                                    hint="give each article its own Slug"))
    if selected is not None:
        problems = [p for p in problems if p.path in selected]
    return problems, checked


def page_url(slug: str, lang: str, default_lang: str) -> str:
    """An article's page address (Pelican's ``ARTICLE_URL`` and ``ARTICLE_LANG_URL``)."""
    return f"news/{slug}/" if lang == default_lang else f"news/{slug}-{lang}/"


def _translation_problems(slugs: dict[str, list[tuple[str, dict[str, str], dict[str, int]]]],
                          default_lang: str) -> list[Problem]:
    """Translations (one slug, several files) must name the same club and event as the original
    (the one in the site's language, else the first by name): one article in several languages
    is shown on one club's and one event's page."""
    problems: list[Problem] = []
    for slug, files in slugs.items():
        original = next((f for f in files if (f[1].get("lang") or default_lang) == default_lang), files[0])
        first, header, _ = original
        for display, other, where in (f for f in files if f is not original):
            for name in SHARED:
                value, got = header.get(name, ""), other.get(name, "")
                if got != value:
                    problems.append(Problem(
                        display, where.get(name, 0), 1 if name in where else 0, name,
                        f"must be the same in every translation of the article {slug!r} ({first} has "
                        f"{shown(value) if value else 'none'}; got {shown(got) if got else 'none'})",
                        hint=f"write '{name.capitalize()}: {value}'" if value else f"remove {name.capitalize()}"))
    return problems


@dataclass(frozen=True)
class NewsArticle:
    """A news article's header as ``groundgame notify`` needs it (see ``event_news``)."""

    path: str  # as messages name it: content/news/x.md
    slug: str
    lang: str
    title: str
    date: str  # as written: YYYY-MM-DD, with HH:MM if given
    club: str  # Club:, else the event's club
    event: str  # Event: an event id, '' if the article is about none
    summary: str
    body: str  # Markdown, at most MAX_CHARACTERS
    url: str  # the page's site-relative address: news/<slug>/ or news/<slug>-<lang>/


def event_news(root: Path, default_lang: str = "en") -> list[NewsArticle]:
    """The news articles of ``root/content/news`` that name an event (``Event:``), by event, date and
    language: what ``groundgame notify`` may send as announcements of that event.

    Only articles without problems are listed (``check_folder`` says what is wrong with the
    others; call ``groundgame validate`` first); the event is not looked up here."""
    folder = root / "content" / "news"
    found: list[NewsArticle] = []
    ignored: list[Problem] = []
    if folder.is_symlink() or not folder.is_dir():
        return found
    for path in _walk(folder, ignored, root):
        display = display_path(path, root)
        text = _read(path, display, ignored)
        if text is None or check_text(text, display, path.stem):
            continue
        header, _, body = _split(text)
        event = header.get("event", "")
        if not event:
            continue
        slug, lang = header.get("slug") or path.stem, header.get("lang") or default_lang
        found.append(NewsArticle(display, slug, lang, header["title"], header["date"],
                                 header.get("club") or event.split("/", 1)[0], event, header.get("summary", ""),
                                 body[:MAX_CHARACTERS], page_url(slug, lang, default_lang)))
    return sorted(found, key=lambda a: (a.event, a.date, a.lang, a.path))


def originals(folder: Path, default_lang: str) -> frozenset[Path]:
    """The original of each article's translations (resolved paths): its version in ``default_lang``,
    else its earliest by ``Date``, then by file name. The news reader marks the others as Pelican's
    translations: of a slug with no version in the site's language, Pelican would take every
    version as an original, and warn (a strict build fails)."""
    chosen: dict[str, tuple[bool, str, str, Path]] = {}
    for path in _walk(folder, [], folder) if folder.is_dir() and not folder.is_symlink() else ():
        text = _read(path, "", [])
        if text is None:
            continue
        header, _, _ = _split(text)
        slug, lang = header.get("slug") or path.stem, header.get("lang") or default_lang
        rank = (lang != default_lang, header.get("date", ""), path.as_posix(), path)
        if slug not in chosen or rank < chosen[slug]:
            chosen[slug] = rank
    return frozenset(rank[-1].resolve() for rank in chosen.values())


def header_of(path: Path) -> dict[str, str] | None:
    """The header of the news file at ``path``, or None if it cannot be read (validate says why)."""
    text = None if path.is_symlink() else _read(path, "", [])
    return None if text is None else split_header(text)[0]


def is_news(path: Path, root: Path) -> bool:
    """Whether ``path`` (absolute) is below ``root/content/news``."""
    try:
        path.parent.resolve().joinpath(path.name).relative_to((root / "content" / "news").resolve())
    except ValueError:
        return False
    return True


def _walk(folder: Path, problems: list[Problem], root: Path) -> list[Path]:
    """The news files below ``folder``, in order; a problem for each symbolic link (never followed)."""
    found: list[Path] = []
    too_deep: list[Path] = []  # Pelican's own walk recurses: it would die of these with RecursionError
    for here, dirnames, filenames in walk(folder, too_deep):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in [*dirnames, *sorted(filenames)]:
            path = here / name
            if name.startswith("."):
                continue  # Pelican's IGNORE_FILES
            if path.is_symlink():
                problems.append(Problem(display_path(path, root), 0, 0, "",
                                        "must be a regular file or folder, not a symbolic link"))
                dirnames[:] = [d for d in dirnames if d != name]
            elif name in filenames and path.suffix.lower().lstrip(".") in EXTENSIONS:
                found.append(path)
    problems.extend(deep_problem(deep, root) for deep in too_deep)
    return found


def _read(path: Path, display: str, problems: list[Problem]) -> str | None:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(MAX_BYTES + 1) if size > MAX_BYTES else handle.read()
    except OSError as exc:
        problems.append(Problem(display, 0, 0, "", f"cannot be read ({exc.strerror})"))
        return None
    if len(raw) > MAX_BYTES:
        problems.append(Problem(display, 0, 0, "", f"is larger than {MAX_BYTES // 1024} KiB; a news article is a "
                                                   "few paragraphs"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, column = _position(before, len(before))
        problems.append(Problem(display, line, column, "", "is not valid UTF-8 text", hint="save the file as UTF-8"))
        return None
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        problems.append(Problem(display, line, column, "", "contains a NUL byte; a news article is plain text"))
        return None
    return text


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def check_text(text: str, display: str, stem: str, club_ids: Collection[str] | None = None,
               event_ids: Collection[str] | None = None) -> list[Problem]:
    """The problems of one news article's header (and of its file name, when it gives the slug)."""
    header, where, body = _split(text)
    problems: list[Problem] = []
    whole = text.lstrip("\ufeff")
    # <a href="{attach}../../../etc/passwd"> made Pelican copy that file into the site. Looked for in
    # the page's HTML, where Pelican looks: &#123;attach} in the source is {attach} there.
    link = _PELICAN_LINK.search(str(Renderer().render(body[:MAX_CHARACTERS])))
    if link is not None:
        source = _PELICAN_LINK.search(body)
        line, column = _position(whole, len(whole) - len(body) + source.start()) if source else (0, 0)
        problems.append(Problem(display, line, column, "", f"uses Pelican's {{static}}/{{attach}} link syntax "
                                                           f"(got {shown(link.group())}), which copies files into the "
                                                           "site", hint="link to a full https:// address instead"))
    at = next((i for i, c in enumerate(body) if c not in "\t\r\n" and _refused(c)), None)
    if at is not None:  # the Atom feed (XML) cannot carry a control character; the page would show it
        line, column = _position(whole, len(whole) - len(body) + at)
        problems.append(Problem(display, line, column, "", f"contains {describe(body[at])}, a {kind_of(body[at])}, "
                                                           "which a news article may not", hint="remove it"))

    def fail(name: str, message: str, hint: str = "") -> None:
        problems.append(Problem(display, where.get(name, 0), 1 if name in where else 0, name, message, hint=hint))

    for name in header:
        if name not in FIELDS:
            fail(name, f"is not a field of a news article; news take {', '.join(f.capitalize() for f in FIELDS)}",
                 did_you_mean(name, list(FIELDS)))
    for name in ("title", "date"):
        if not header.get(name):
            fail(name, f"is required: write '{name.capitalize()}: ...' in the header, before the first blank line")
    for name, value in header.items():
        if name in FIELDS and len(value) > _MAX_CHARS[name]:
            fail(name, f"must be at most {_MAX_CHARS[name]:,} characters (got {len(value):,})")
        elif name in FIELDS:
            bad = next((c for c in value if _refused(c)), None)
            if bad is not None:
                fail(name, f"must not hold a {kind_of(bad)} ({describe(bad)}, at character {value.index(bad) + 1})")
    for name in ("date", "modified"):
        if header.get(name) and len(header[name]) <= _MAX_CHARS[name]:
            _check_when(header[name], name, fail)
    lang = header.get("lang", "")
    if lang and len(lang) <= _MAX_CHARS["lang"]:
        canonical = cldr.canonical_language(lang)
        if canonical is None:
            fail("lang", f"must be a language tag CLDR knows, such as 'en' or 'pt-BR' (got {shown(lang)})")
        elif canonical != lang:
            fail("lang", f"must be written {canonical!r} (got {shown(lang)})")
    club = header.get("club", "")
    if club_ids is not None and club and club not in club_ids:
        fail("club", f"must be the id of a club in content/clubs/ (got {shown(club)})", did_you_mean(club, club_ids))
    event = header.get("event", "")
    if event and len(event) <= _MAX_CHARS["event"]:
        _check_event(event, event_ids, fail)
    slug = header.get("slug")
    if slug is not None and not SLUG.fullmatch(slug):
        fail("slug", f"must be lowercase letters and digits joined by single hyphens (got {shown(slug)})",
             f"for example {slugify(slug)[:MAX_ID]!r}" if slugify(slug) else "")
    elif slug is None and (len(stem) > MAX_ID or not SLUG.fullmatch(stem)):
        fixed = slugify(stem)[:MAX_ID].strip("-")
        problems.append(Problem(display, 0, 0, "", f"has a name that is not a valid id ({shown(stem)}); the page "
                                                   "address is made from it",
                                hint=f"rename it to {fixed + '.md'!r}, or give a Slug" if fixed else "give a Slug"))
    return problems


def _check_event(event: str, event_ids: Collection[str] | None, report: Callable[..., None]) -> None:
    club, _, slug = event.partition("/")
    if not (SLUG.fullmatch(club) and SLUG.fullmatch(slug)):
        fixed = "/".join(slugify(part) for part in event.split("/", 1))
        report("event", f"must be an event id, <club>/<slug> as in content/events/<club>/<slug>.yaml "
                        f"(got {shown(event)})", f"for example {fixed!r}" if "/" in fixed and fixed.strip("/") else "")
    elif event_ids is not None and event not in event_ids:
        report("event", f"must be the id of an event in content/events/ (got {shown(event)})",
               did_you_mean(event, event_ids))


def _refused(char: str) -> bool:
    return char in LINE_BREAKS or char in BIDI_CONTROLS or char in NONCHARACTERS or \
        unicodedata.category(char) == "Cc"


def _check_when(value: str, name: str, report: Callable[..., None]) -> None:
    match = _WHEN.match(value)
    if match is None:
        report(name, f"must be a date written YYYY-MM-DD, with a time HH:MM if you like (got {shown(value)})")
        return
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        report(name, f"is not a real date or time (got {shown(value)})")
        return
    first, last = dates.year_window()
    if not first <= year <= last:
        report(name, f"must be in a year from {first} to {last} (got {shown(value)})")
