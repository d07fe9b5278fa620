"""Discovery assets: the full-text search index (Pagefind) and the map's scripts (Leaflet).

Both are build steps over the written site. ``build_index`` runs the Pagefind binary that
the ``pagefind`` package brings from PyPI over the output folder: it reads the record pages
(the parts marked ``data-pagefind-body``: the record's own content, with the furniture inside it,
subscribe boxes, calendar buttons, stay in touch, forms links, marked ``data-pagefind-ignore``,
and a space between each ``<dt>`` label and its value, so a result's excerpt is the summary and
description, not "WhereZurich"), splits its index by each page's ``<html lang>``
and writes it under ``pagefind/``, where only the search page loads it. ``map_assets``
names Leaflet's and Leaflet.markercluster's files in their XStatic packages, to be copied
into ``theme/leaflet/`` where only the map pages load them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
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

    def report(self) -> str:
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
    # Written beside the index and swapped in when done: Pagefind never removes the files of an
    # older index, and the preview keeps searching the old one meanwhile.
    fresh, old = site / f"{INDEX_DIR}.next", site / f"{INDEX_DIR}.old"
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    argv = [str(executable()), "--site", str(site), "--output-path", str(fresh), "--silent"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (fresh / "pagefind-entry.json").is_file():
        said = (done.stderr.strip() or done.stdout.strip())[-2000:]
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}) indexing {site}:\n{said}")
    if (site / INDEX_DIR).exists():
        (site / INDEX_DIR).rename(old)
    fresh.rename(site / INDEX_DIR)
    shutil.rmtree(old, ignore_errors=True)
    entry = site / INDEX_DIR / "pagefind-entry.json"
    languages = json.loads(entry.read_text("utf-8")).get("languages", {})
    files = [p for p in (site / INDEX_DIR).rglob("*") if p.is_file()]
    return IndexReport(time.monotonic() - started,
                       {lang: int(info.get("page_count", 0)) for lang, info in sorted(languages.items())},
                       len(files), sum(p.stat().st_size for p in files))


class IndexInBackground:
    """``build_index`` run in a thread, for the preview: the pages are served while Pagefind works.

    Pagefind has no incremental mode and loads its Japanese dictionary on every run (about a
    second and 340 MB), so a rebuild under ``make serve`` hands the index to this and returns;
    the next rebuild waits for it (``wait``) before it writes a file Pagefind may be reading.
    """

    def __init__(self, site: Path):
        self.report: IndexReport | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(site,), name="pagefind", daemon=True)
        self._thread.start()

    def _run(self, site: Path) -> None:
        try:
            self.report = build_index(site)
        except BaseException as exc:  # handed to wait()
            self.error = exc

    def wait(self) -> IndexReport:
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.report is not None
        return self.report


def map_assets() -> Iterator[tuple[str, Path]]:
    """(site path, source file) of every Leaflet file the map pages load."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    for name in LEAFLET_FILES:
        yield f"{ASSETS_DIR}/{name}", Path(leaflet.BASE_DIR) / name
    for name in CLUSTER_FILES:
        yield f"{ASSETS_DIR}/{name}", Path(cluster.BASE_DIR) / name
