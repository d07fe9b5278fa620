"""Build a site in-process with Pelican, the project's settings and plugins (for the site tests)."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parents[1]
# 2026-12-01T00:00:00Z: "now" for every site test, so upcoming and past do not drift.
EPOCH = "1796083200"


def build(root: Path, output: Path, site_url: str = "https://example.org/clubs", **overrides: object) -> str:
    """Build ``root/content`` into ``output``; returns what the build printed (its summary)."""
    settings = read_settings(str(REPO / "pelicanconf.py"), override={
        "PATH": str(root / "content"), "OUTPUT_PATH": str(output), "THEME": str(REPO / "theme"),
        "PLUGIN_PATHS": [str(REPO / "plugins")], "SITEURL": site_url, **overrides,
    })
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            Pelican(settings).run()
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return printed.getvalue()


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))
