"""Benchmark section "cards": what the share cards cost on the benchmark network.

Drawing every card of the network would take as long as the figure it is meant to give, so
this draws a sample (``SAMPLE`` records spread over the network, clubs and events alike, in
the build's own code: the card's text read by a ``View``, its digest, the drawing and the
PNG) and scales it to every record without a photo. It also measures what an unchanged card
costs on a full build that finds its drawing in the cache (text, digest and reading the
file back), and the card files' size. ``bench/run.py`` calls it; it also runs on its own:
``python bench/bench_cards.py [ROOT]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = 200
EPOCH = "1796083200"  # 2026-12-01, as in bench_site.py: the synthetic network's events are around it


def run(root: Path) -> dict[str, object]:
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    from groundgame import clock
    from groundgame.build import core
    from groundgame.config import from_settings
    from groundgame.site import cards, share_cards
    from groundgame.site.pages import PageModel

    config = from_settings({"SITENAME": "Open Web Clubs", "SITEURL": "https://example.org/clubs"})
    network = core.load(root)
    model = PageModel.build(network, clock.now())
    started = time.perf_counter()
    cards.fonts()
    fonts_seconds = time.perf_counter() - started
    everyone = [(kind, record_id) for kind, record_id, _ in share_cards.records(model)]
    step = max(1, len(everyone) // SAMPLE)
    sample = everyone[::step][:SAMPLE]
    texts = share_cards.CardTexts(config, model)
    drawn: list[float] = []
    cpu: list[float] = []  # the process's own time: what a loaded machine's wall clock inflates
    sizes: list[int] = []
    with tempfile.TemporaryDirectory() as folder:
        cache = cards.CardCache(Path(folder))
        for kind, record_id in sample:
            started, used = time.perf_counter(), time.process_time()
            card = texts.card(kind, record_id)
            sizes.append(len(cache.png(card, card.digest())))
            drawn.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        again = share_cards.CardTexts(config, model)  # a new build: texts made again, drawings in the cache
        reused: list[float] = []
        for kind, record_id in sample:
            used = time.process_time()
            card = again.card(kind, record_id)
            cache.png(card, card.digest())
            reused.append(time.process_time() - used)
    per_card = statistics.mean(cpu)
    cores = os.cpu_count() or 1
    return {
        "records_with_a_card": len(everyone),
        "sample": len(sample),
        "fonts_load_seconds": round(fonts_seconds, 3),
        "per_card_cpu_ms": round(per_card * 1000, 2),
        "per_card_cpu_ms_p95": round(sorted(cpu)[int(len(cpu) * 0.95) - 1] * 1000, 2),
        "per_card_wall_ms": round(statistics.mean(drawn) * 1000, 2),
        "per_card_from_cache_cpu_ms": round(statistics.mean(reused) * 1000, 3),
        "all_cards_cpu_seconds": round(per_card * len(everyone), 1),
        "all_cards_seconds_on_all_cores": round(per_card * len(everyone) / cores, 1),
        "all_cards_from_cache_seconds": round(statistics.mean(reused) * len(everyone), 1),
        "bytes_per_card": round(statistics.mean(sizes)),
        "all_cards_mib": round(statistics.mean(sizes) * len(everyone) / 2**20, 1),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import run as bench_run

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else bench_run.network(1000, 10000)
    for key, value in run(target).items():
        print(f"{key}: {value}")
