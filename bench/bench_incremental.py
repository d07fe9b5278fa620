"""Benchmark section "incremental": one event file saved under ``make serve``, ten times.

``run(root)`` copies the content of ``root`` into a temporary folder and, in a fresh
process, does what ``make serve`` does: one Pelican instance, ``GROUNDGAME_INCREMENTAL``
on, the output folder never emptied. After a full build it saves ten edits, one event's
title each, and times each rebuild (``Pelican.run``, as the autoreload loop calls it), with
the search index on (as in ``make serve``: the index follows each rebuild in the background)
and off. It reports the full build, the median and the slowest rebuild (until the pages are
written), the median until the index is ready too, and how many files each rebuild wrote and kept.

``python bench/bench_incremental.py [ROOT]`` runs it alone (default ROOT: the repository's
sample site).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EPOCH = "1796083200"
EDITS = 10


def _retitle(path: Path, suffix: str) -> None:
    """Append ``suffix`` to an event's title (a string or a map of languages), as an organizer would."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(path.read_text("utf-8"))
    if isinstance(data["title"], str):
        data["title"] += suffix
    else:
        first = next(iter(data["title"]))
        data["title"][first] += suffix
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path.write_text(buffer.getvalue(), "utf-8")


def _child(root: Path, search: bool) -> dict[str, object]:
    """In the child: the full build, then ``EDITS`` rebuilds after one saved event each."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from groundgame.build import core

    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch)
        shutil.copytree(root / "content", tree / "content")
        settings = read_settings(str(REPO / "pelicanconf.py"), override={
            "PATH": str(tree / "content"), "OUTPUT_PATH": str(tree / "output"), "THEME": str(REPO / "theme"),
            "PLUGIN_PATHS": [str(REPO / "plugins")], "GROUNDGAME_INCREMENTAL": True,
            "DELETE_OUTPUT_DIRECTORY": False, "GROUNDGAME_SEARCH": search,
            "GROUNDGAME_FEEDS_MAY_BE_CUT": True})  # the network's largest feeds are cut (bench_feeds)
        pelican = Pelican(settings)
        events = sorted((tree / "content" / "events").rglob("*.yaml"))
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            pelican.run()
        full = time.perf_counter() - start
        times, written, kept, indexed = [], [], [], []
        for n in range(EDITS):
            _retitle(events[(n * 7919) % len(events)], f" (edit {n})")
            printed = io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(printed):
                pelican.run()
            times.append(time.perf_counter() - start)
            pending = core._INDEXING.pop((tree / "output").resolve(), None)
            if pending is not None:  # the index follows in the background: until it is ready too
                pending.wait()
                indexed.append(time.perf_counter() - start)
            said = printed.getvalue()
            pages = re.search(r"\((\d+) in all\)", said)
            written.append(int(pages.group(1)) if pages else 0)
            line = re.search(r"kept from the last build \(inputs unchanged\): (.*?);", said)
            kept.append(sum(int(k) for k in re.findall(r"(\d+) ", line.group(1))) if line else 0)
        files = sum(1 for p in (tree / "output").rglob("*") if p.is_file())
    return {"search_index": search, "full_seconds": round(full, 2), "files": files,
            "rebuild_median_seconds": round(statistics.median(times), 3),
            "rebuild_max_seconds": round(max(times), 3),
            "rebuild_and_index_median_seconds": round(statistics.median(indexed), 3) if indexed else None,
            "pages_rewritten_median": statistics.median(written), "files_kept_median": statistics.median(kept)}


def _measure(root: Path, search: bool) -> dict[str, object]:
    argv = [sys.executable, str(Path(__file__).resolve()), str(root), "--child",
            "--search" if search else "--no-search"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1"})
    if done.returncode:
        raise SystemExit(f"incremental benchmark failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(root: Path) -> dict[str, object]:
    """The sample site, with and without the search index, and the network at ``root`` without it
    (Pagefind indexes the whole site again on every rebuild: about a minute on the network)."""
    return {"edits": EDITS,
            "sample": [_measure(REPO, False), _measure(REPO, True)],
            "network": [_measure(root, False)] if root.resolve() != REPO else []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=REPO)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=False, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.root.resolve(), args.search)))
    else:
        print(json.dumps(run(args.root.resolve()), indent=2))


if __name__ == "__main__":
    main()
