"""Discovery assets: the full-text search index (Pagefind) and the map's scripts (Leaflet).

Both are build steps over the written site. ``build_index`` runs the Pagefind binary that
the ``pagefind`` package brings from PyPI over the output folder: it reads the record pages
(the parts marked ``data-pagefind-body``), splits its index by each page's ``<html lang>``
and writes it under ``pagefind/``, where only the search page loads it. ``map_assets``
names Leaflet's and Leaflet.markercluster's files in their XStatic packages, to be copied
into ``theme/leaflet/`` where only the map pages load them.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from groundgame.problems import GroundgameError

INDEX_DIR = "pagefind"
ASSETS_DIR = "theme/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/marker-icon.png", "images/marker-icon-2x.png",
                 "images/marker-shadow.png", "images/layers.png", "images/layers-2x.png")
CLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")


class SearchIndexError(GroundgameError):
    """Pagefind failed, or could not be run: the build fails."""


@dataclass(frozen=True)
class IndexReport:
    seconds: float
    pages: dict[str, int]  # per language, as Pagefind counted them
    files: int
    size: int  # bytes of the whole index folder

    def text(self) -> str:
        per_lang = ", ".join(f"{lang} {n}" for lang, n in self.pages.items())
        return (f"groundgame: search index: {sum(self.pages.values())} pages ({per_lang}); "
                f"{self.files} files, {self.size / 1e6:.1f} MB; {self.seconds:.1f} s")


def executable() -> Path:
    """The Pagefind binary of the ``pagefind`` package (its extended build when installed:
    that one segments Japanese and Chinese into words)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not found.is_file():
        raise SearchIndexError("the Pagefind binary is missing: install groundgame's dependencies "
                               "(pip install -e .), which bring it from PyPI")
    return found


def build_index(site: Path) -> IndexReport:
    """Index the built site at ``site`` into ``site/pagefind/``; what was indexed."""
    started = time.monotonic()
    argv = [str(executable()), "--site", str(site), "--output-subdir", INDEX_DIR, "--silent"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    entry = site / INDEX_DIR / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file():
        said = (done.stderr.strip() or done.stdout.strip())[-2000:]
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}) indexing {site}:\n{said}")
    languages = json.loads(entry.read_text("utf-8")).get("languages", {})
    files = [p for p in (site / INDEX_DIR).rglob("*") if p.is_file()]
    return IndexReport(time.monotonic() - started,
                       {lang: int(info.get("page_count", 0)) for lang, info in sorted(languages.items())},
                       len(files), sum(p.stat().st_size for p in files))


def map_assets() -> Iterator[tuple[str, Path]]:
    """(site path, source file) of every Leaflet file the map pages load."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    for name in LEAFLET_FILES:
        yield f"{ASSETS_DIR}/{name}", Path(leaflet.BASE_DIR) / name
    for name in CLUSTER_FILES:
        yield f"{ASSETS_DIR}/{name}", Path(cluster.BASE_DIR) / name
