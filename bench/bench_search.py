"""Benchmark section "search": the Pagefind index of a network's site.

``run(root)`` builds the site of the network at ``root`` (pages only, without the index,
as ``bench_site`` does) into a temporary folder, then runs the index step alone in a
fresh process (``groundgame.search.build_index``, the Pagefind binary from PyPI) and
reports its wall time, the pages it indexed per language, the index's size and files,
its peak memory, and what one search in one language loads before its first result
(Pagefind's script, its WebAssembly and the language's metadata file; the index
itself then comes in small chunks per word). ``bench/run.py`` calls it; it also runs
on its own: ``python bench/bench_search.py [ROOT]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_site import _measure  # noqa: E402


def _child_index(site: Path) -> None:
    """In a fresh process: index the built site; a JSON report on the last line."""
    import resource

    from groundgame.site.search import INDEX_DIR, build_index

    report = build_index(site)
    index = site / INDEX_DIR
    first = {}
    for lang in report.pages:
        parts = [index / "pagefind.js", index / "pagefind-entry.json", index / f"wasm.{lang}.pagefind",
                 *index.glob(f"pagefind.{lang}_*.pf_meta")]
        if not (index / f"wasm.{lang}.pagefind").exists():
            parts[2] = index / "wasm.unknown.pagefind"
        first[lang] = sum(p.stat().st_size for p in parts if p.exists())
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # Pagefind is a child
    print(json.dumps({"seconds": report.seconds, "pages": report.pages, "files": report.files, "bytes": report.size,
                      "first_load": first, "peak_mib": peak / 1024}))


def run(root: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = Path(tmp) / "site"
        _measure([sys.executable, str(HERE / "bench_site.py"), "--child-site", str(root), str(site), "--no-feeds"])
        html = sum(1 for _ in site.rglob("*.html"))
        report, wall, peak = _measure([sys.executable, str(Path(__file__).resolve()), "--child-index", str(site)])
    pages: dict[str, int] = report["pages"]  # type: ignore[assignment]
    first: dict[str, int] = report["first_load"]  # type: ignore[assignment]
    return {
        "site_pages": html,
        "indexed_pages": sum(pages.values()),
        "languages": len(pages),
        "index_seconds": round(wall, 1),
        "index_pages_per_second": round(sum(pages.values()) / wall),
        "index_mb": round(int(report["bytes"]) / 1e6, 1),  # type: ignore[call-overload]
        "index_files": report["files"],
        "index_peak_mib": round(peak),
        "first_search_kb_max": round(max(first.values()) / 1e3),
        "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", help="a site folder with content/ (default: the synthetic network)")
    parser.add_argument("--child-index", metavar="SITE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_index:
        _child_index(Path(args.child_index))
        return
    if args.root:
        root = Path(args.root)
    else:
        from run import network

        root = network(1000, 10000)
    started = time.perf_counter()
    for key, value in run(root).items():
        print(f"{key}: {value}")
    print(f"(benchmark wall time {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
