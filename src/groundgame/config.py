"""Site settings, read once into a frozen, checked value.

Settings live in ``pelicanconf.py`` (and ``publishconf.py``) as ``GROUNDGAME_*`` names
beside Pelican's own ``SITEURL`` and ``SITENAME``; ``from_settings`` reads them from
any mapping (Pelican's settings dict, or a plain dict in tests), reports every bad
setting together, and never writes back.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from groundgame.problems import UsageError

UI_LANGUAGES = ("en", "es", "fr", "pt-BR", "id", "ja", "ar")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
# Where a localized text missing in the page's language is looked for, in order: "parent", the
# page language's parents (pt-BR → pt) then any region of it (pt-PT); "default", the site's default
# language; "primary", the record's primary language (always the last resort, named or not).
FALLBACK_STEPS = ("parent", "default", "primary")
PRIMARY = "*"  # in a fallback chain (``Localized.get``): the record's primary language


@dataclass(frozen=True)
class SiteConfig:
    """Everything the core needs to know about the site it builds."""

    site_url: str = "https://clubs.example.org"  # absolute, no trailing slash; may have a sub-path
    site_name: str = "groundgame"
    languages: tuple[str, ...] = UI_LANGUAGES  # UI languages, the default first
    uid_domain: str = ""  # the domain in iCalendar UIDs; default: site_url's host
    feed_past_days: int = 90  # past events stay in feeds this long
    feed_cancelled_days: int = 90  # cancelled events stay in feeds (as CANCELLED) this long after their date
    feeds_may_be_cut: bool = False  # a feed over the size or event cap logs INFO instead of a warning
    # The most bytes the files made from one record may take (its pages in every language, its
    # feeds and API documents); a record over it fails the build, named. 0: no limit.
    max_bytes_per_record: int = 10_000_000
    maintainers: tuple[str, ...] = ("@groundgame/maintainers",)  # owners of schemas, code and regions
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "© OpenStreetMap contributors"
    # The repository's web address (https://github.com/org/repo): the contribute, club and event
    # pages link its issue forms. '': no such links.
    repository: str = ""
    fallback: tuple[str, ...] = FALLBACK_STEPS  # a text's fallback chain after the page's language
    # How the build runs (they change no output byte):
    jobs: int = 0  # page-rendering processes; 0: one per core
    strict: bool = True  # a warning fails the build
    write_feeds: bool = True  # iCal feeds, JSON API and Atom feeds beside the pages
    search_index: bool = True  # the Pagefind search index, made after the pages
    incremental: bool = False  # remake only what changed since the last build of this process (make serve)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: '' at a domain's root, '/repo' on project pages."""
        return urlsplit(self.site_url).path.rstrip("/")

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"

    @property
    def uid_host(self) -> str:
        return self.uid_domain or self.host


_KEYS = {
    "SITEURL": "site_url",
    "SITENAME": "site_name",
    "GROUNDGAME_LANGUAGES": "languages",
    "GROUNDGAME_UID_DOMAIN": "uid_domain",
    "GROUNDGAME_FEED_PAST_DAYS": "feed_past_days",
    "GROUNDGAME_FEED_CANCELLED_DAYS": "feed_cancelled_days",
    "GROUNDGAME_FEEDS_MAY_BE_CUT": "feeds_may_be_cut",
    "GROUNDGAME_MAX_BYTES_PER_RECORD": "max_bytes_per_record",
    "GROUNDGAME_MAINTAINERS": "maintainers",
    "GROUNDGAME_TILE_URL": "tile_url",
    "GROUNDGAME_TILE_ATTRIBUTION": "tile_attribution",
    "GROUNDGAME_REPOSITORY": "repository",
    "GROUNDGAME_FALLBACK": "fallback",
    "GROUNDGAME_JOBS": "jobs",
    "GROUNDGAME_STRICT": "strict",
    "GROUNDGAME_FEEDS": "write_feeds",
    "GROUNDGAME_SEARCH": "search_index",
    "GROUNDGAME_INCREMENTAL": "incremental",
}
_SWITCHES = ("feeds_may_be_cut", "strict", "write_feeds", "search_index", "incremental")


def from_settings(settings: Mapping[str, Any]) -> SiteConfig:
    """A ``SiteConfig`` from Pelican-style settings; every bad value is reported at once."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for key, name in _KEYS.items():
        if key in settings and settings[key] not in (None, ""):
            values[name] = settings[key]
    url = str(values.get("site_url", SiteConfig.site_url)).rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        errors.append(f"SITEURL must be an absolute http(s) address such as https://example.org/clubs (got {url!r})")
    values["site_url"] = url
    for name in ("languages", "maintainers"):
        if name in values:
            if isinstance(values[name], str) or not all(isinstance(v, str) for v in values[name]):
                errors.append(f"{name.upper()} must be a list of strings")
            else:
                values[name] = tuple(values[name])
    if "languages" in values and not values["languages"]:
        errors.append("GROUNDGAME_LANGUAGES must name at least one language")
    for name in ("feed_past_days", "feed_cancelled_days"):
        if name in values and (not isinstance(values[name], int) or values[name] < 0):
            errors.append(f"GROUNDGAME_{name.upper()} must be a whole number of days, 0 or more")
    limit = values.get("max_bytes_per_record", 0)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        errors.append("GROUNDGAME_MAX_BYTES_PER_RECORD must be a whole number of bytes, 0 for no limit "
                      f"(got {limit!r})")
    keys = {name: key for key, name in _KEYS.items()}
    for name in _SWITCHES:
        if name in values and not isinstance(values[name], bool):
            errors.append(f"{keys[name]} must be True or False (got {values[name]!r})")
    if "jobs" in values and (not isinstance(values["jobs"], int) or isinstance(values["jobs"], bool)
                             or values["jobs"] < 0):
        errors.append(f"GROUNDGAME_JOBS must be a whole number, 0 for one per core (got {values['jobs']!r})")
    tiles = str(values.get("tile_url", SiteConfig.tile_url))
    if urlsplit(tiles).scheme not in ("http", "https") or not all(p in tiles for p in ("{z}", "{x}", "{y}")):
        errors.append("GROUNDGAME_TILE_URL must be an http(s) tile address with {z}, {x} and {y} "
                      f"(got {tiles!r})")
    if "repository" in values:
        values["repository"] = str(values["repository"]).rstrip("/")
        if not _is_repository(values["repository"]):
            errors.append("GROUNDGAME_REPOSITORY must be the repository's https address, such as "
                          "https://github.com/example/groundgame, or empty for no links "
                          f"(got {settings['GROUNDGAME_REPOSITORY']!r})")
    if "fallback" in values:
        errors.extend(_check_fallback(values, settings["GROUNDGAME_FALLBACK"]))
    if errors:
        raise UsageError("bad settings:\n  " + "\n  ".join(errors))
    return SiteConfig(**values)


def _check_fallback(values: dict[str, Any], raw: Any) -> list[str]:
    """GROUNDGAME_FALLBACK's problems (none: ``values["fallback"]`` made a tuple)."""
    steps = ", ".join(repr(s) for s in FALLBACK_STEPS)
    if isinstance(raw, str) or not isinstance(raw, (list, tuple)) or not all(isinstance(v, str) for v in raw):
        return [f"GROUNDGAME_FALLBACK must be a list of steps from {steps}, such as {list(FALLBACK_STEPS)!r} "
                f"(got {raw!r})"]
    errors = []
    for step in raw:
        if step not in FALLBACK_STEPS:
            close = difflib.get_close_matches(step.lower(), FALLBACK_STEPS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            errors.append(f"GROUNDGAME_FALLBACK: each step must be one of {steps} (got {step!r}){hint}")
    twice = sorted({step for step in raw if raw.count(step) > 1})
    if twice:
        errors.append(f"GROUNDGAME_FALLBACK must name each step at most once (got {', '.join(map(repr, twice))} "
                      "more than once)")
    values["fallback"] = tuple(raw)
    return errors


def _is_repository(url: str) -> bool:
    """An https address with a host and a path, and nothing a link could be turned with: no
    query, fragment, credentials, backslash, space or control character."""
    if not url.isascii() or not url.isprintable() or any(c in url for c in " \\\"'<>`?#@"):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and parts.path.strip("/") != ""
