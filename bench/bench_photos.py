"""Benchmark section "photos": what the clubs' and events' photos cost a build (#16).

The synthetic network has a picture (1,600 × 1,067 JPEG) on every 20th club and 100th event
(``synthetic.PHOTO_EVERY``). The site writes each as 480, 960 and 1,600 pixels wide copies in
WebP and JPEG (``site.images``), encoded once and then copied from the cache: this measures,
in the build's own code, a first build (every picture encoded, on the build's threads) and a
build that finds them in the cache, and what the copies weigh. The loader's checks of the
files (header only) are in the validate figures. ``bench/run.py`` calls it; it also runs on
its own: ``python bench/bench_photos.py [ROOT]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def run(root: Path) -> dict[str, object]:
    from groundgame.content.network import load_network
    from groundgame.output import Writer
    from groundgame.site import images

    started = time.perf_counter()
    network = load_network(root).network
    loading = time.perf_counter() - started
    photos = images.shown_photos([*network.clubs.values(), *network.events.values()], network.events)
    if not photos:
        return {"photos": 0, "note": "this network was written before photos: delete bench/out/network-* and rerun"}
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        cache, out = Path(folder) / "cache", Path(folder) / "out"
        started, used = time.perf_counter(), time.process_time()
        encoded = images.write_photos(photos, root, Writer(out / "cold"), cache, jobs)
        cold, cold_cpu = time.perf_counter() - started, time.process_time() - used
        started = time.perf_counter()
        again = images.write_photos(photos, root, Writer(out / "warm"), cache, jobs)
        warm = time.perf_counter() - started
        files = [p for p in (out / "cold").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        source = sum((root / p.path).stat().st_size for p in photos.values())
    return {
        "photos": len(photos), "copies": len(files), "encoded_first_build": encoded, "encoded_second_build": again,
        "first_build_seconds": round(cold, 2), "first_build_cpu_seconds": round(cold_cpu, 2),
        "seconds_per_photo": round(cold / len(photos), 3), "threads": jobs,
        "second_build_seconds": round(warm, 2),
        "copies_mb": round(size / 1e6, 1), "sources_mb": round(source / 1e6, 1),
        "loading_and_checking_seconds": round(loading, 2),
    }


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    print(run(Path(sys.argv[1]) if len(sys.argv) > 1 else here / "out" / "network-1000-10000"))
