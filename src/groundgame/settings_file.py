"""The site's settings for commands run outside a Pelican build.

``groundgame codeowners`` and ``groundgame summary`` need the same ``SiteConfig`` the build
uses. It comes from ``pelicanconf.py`` at the site's root, read by Pelican itself (so
its defaults and path handling apply); without that file, ``SiteConfig``'s defaults.
"""

from __future__ import annotations

from pathlib import Path

from groundgame.config import SiteConfig, from_settings
from groundgame.problems import UsageError

SETTINGS_FILE = "pelicanconf.py"


def read_site_config(root: Path) -> SiteConfig:
    """``root/pelicanconf.py`` as a ``SiteConfig``, or the defaults when there is no such file."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return SiteConfig()
    from pelican.settings import read_settings  # type: ignore[import-untyped,unused-ignore]

    try:
        settings = read_settings(str(path))
    except Exception as exc:  # a settings file may fail in any way: say which file
        raise UsageError(f"{SETTINGS_FILE}: cannot be read ({type(exc).__name__}: {exc})") from None
    return from_settings(settings)
