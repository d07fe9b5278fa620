"""Benchmark section "site": the whole site of a network, every page in every UI language.

``run(root)`` builds the network at ``root`` with Pelican and the project's plugins in a
fresh process (pages only, then pages with feeds and API), and plain Pelican building
Markdown articles in another, and reports pages, seconds, pages per second, peak
memory and the ratio. ``bench/run.py`` calls it; it also runs on its own:
``python bench/bench_site.py [ROOT] [--plain-articles N]`` (default ROOT: the synthetic
network of 1,000 clubs and 10,000 events, written first if missing).

Plain Pelican is linear in the number of articles (see FIELD-NOTES), and building the
site's 80,000-odd pages as articles takes minutes and gigabytes; ``--plain-articles``
sets how many it builds (default: as many as the site has pages, capped at 10,000).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLAIN_CAP = 10_000
EPOCH = "1796083200"  # 2026-12-01: the synthetic network's events are around it


def _measure(argv: list[str]) -> tuple[dict[str, object], float, float]:
    """Run a child; its JSON report, wall seconds and peak resident memory (MiB, it and its workers)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1"})
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()[-3000:]}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    return report, seconds, float(report.get("peak_mib", 0.0))


def _child_site(root: Path, output: Path, feeds: bool) -> None:
    """In a fresh process: build the site, print a JSON report on the last line."""
    import contextlib
    import io
    import resource

    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"), override={
        "PATH": str(root / "content"), "OUTPUT_PATH": str(output), "THEME": str(REPO / "theme"),
        "PLUGIN_PATHS": [str(REPO / "plugins")], "SITEURL": "https://example.org/clubs",
        "GROUNDGAME_STRICT": False, "GROUNDGAME_FEEDS": feeds,
        "GROUNDGAME_SEARCH": False,  # the search index is measured on its own (bench_search.py)
        "GROUNDGAME_FEEDS_MAY_BE_CUT": True,  # 10,000 events: the network feeds are cut to their caps
    })
    printed = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        Pelican(settings).run()
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in output.rglob("*.html"))
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # the largest of it and its workers
    print(json.dumps({"pages": pages, "files": sum(1 for p in output.rglob("*") if p.is_file()),
                      "seconds": seconds, "peak_mib": peak / 1024, "summary": printed.getvalue().strip()}))


def _write_articles(content: Path, count: int) -> None:
    """Markdown articles like the site's records: a title, a date, tags and a short text."""
    content.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (content / f"article-{n:06d}.md").write_text(
            f"Title: Event {n}\nDate: 2026-{n % 12 + 1:02d}-{n % 28 + 1:02d} 19:00\nCategory: club-{n % 1000:04d}\n"
            f"Tags: topic-{n % 8}, level-{n % 3}\nSummary: Club {n % 1000} meets to build thing {n}.\n\n"
            f"Bring a laptop. We will build **thing {n}** together.\n\n- step one\n- step two\n\n"
            f"More on [the club's site](https://example.org/{n}).\n", "utf-8")


def _child_plain(content: Path, output: Path) -> None:
    """In a fresh process: plain Pelican (default theme and settings, no plugins) on the articles."""
    import resource

    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(None, override={"PATH": str(content), "OUTPUT_PATH": str(output), "PLUGINS": [],
                                             "SITEURL": "", "TIMEZONE": "UTC", "CACHE_CONTENT": False,
                                             "LOAD_CONTENT_CACHE": False, "DEFAULT_PAGINATION": 10})
    start = time.perf_counter()
    Pelican(settings).run()
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in output.rglob("*.html"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_mib": peak / 1024}))


def run(root: Path, plain_articles: int | None = None) -> dict[str, object]:
    me = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        pages_only, pages_wall, pages_peak = _measure([*me, "--child-site", str(root), str(work / "site"),
                                                       "--no-feeds"])
        full, full_wall, full_peak = _measure([*me, "--child-site", str(root), str(work / "full")])
        articles = plain_articles or min(int(pages_only["pages"]), PLAIN_CAP)  # type: ignore[call-overload]
        _write_articles(work / "plain-content", articles)
        plain, plain_wall, plain_peak = _measure([*me, "--child-plain", str(work / "plain-content"),
                                                  str(work / "plain")])
    pages = int(pages_only["pages"])  # type: ignore[call-overload]
    rate = pages / pages_wall
    plain_rate = int(plain["pages"]) / plain_wall  # type: ignore[call-overload]
    return {
        "pages": pages,
        "seconds": round(pages_wall, 1),
        "pages_per_second": round(rate),
        "peak_mib": round(pages_peak),
        "with_feeds_and_api_files": full["files"],
        "with_feeds_and_api_seconds": round(full_wall, 1),
        "with_feeds_and_api_peak_mib": round(full_peak),
        "plain_pelican_articles": articles,
        "plain_pelican_pages": plain["pages"],
        "plain_pelican_seconds": round(plain_wall, 1),
        "plain_pelican_pages_per_second": round(plain_rate),
        "plain_pelican_peak_mib": round(plain_peak),
        "ratio": round(rate / plain_rate, 1),
        "cores": os.cpu_count(),
        "summary": pages_only["summary"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", help="a site folder with content/ (default: the synthetic network)")
    parser.add_argument("--plain-articles", type=int,
                        help=f"articles for plain Pelican (default: pages, at most {PLAIN_CAP})")
    parser.add_argument("--child-site", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-feeds", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-plain", nargs=2, metavar=("CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_site:
        _child_site(Path(args.child_site[0]), Path(args.child_site[1]), feeds=not args.no_feeds)
        return
    if args.child_plain:
        _child_plain(Path(args.child_plain[0]), Path(args.child_plain[1]))
        return
    if args.root:
        root = Path(args.root)
    else:
        sys.path.insert(0, str(HERE))
        from run import network

        root = network(1000, 10000)
    results = run(root, args.plain_articles)
    for key, value in results.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
