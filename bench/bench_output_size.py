"""Output amplification: the site's size with one pathological record added to the sample
(bench/run.py's ``output_size`` section).

Each shape is one valid file at the schema's largest values, written into a copy of the
sample content; the site is built in-process (pages in every UI language, feeds, API and
Atom; no search index) and the bytes of the whole output tree are counted, beside the
sample's own. The guard's per-record limit is off here, so that the figures show what the
windows and caps bound; ``largest_record`` is what that limit would be compared with.
"Now" is the site tests' (2026-12-01), so the dates stay valid.

Before the output guard, one monthly series of 520 meetings made the sample site 9.3x
larger (17.0 MB to 158 MB: every month page listed every month), and a club with 3,000
topics made it 634 MB.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from groundgame.build import core
from groundgame.build.guard import RecordFiles
from groundgame.config import from_settings

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1796083200"  # 2026-12-01T00:00:00Z, as in tests/sitebuild.py
CLUB = "content/clubs/paris-atelier-du-web.yaml"
EVENTS = "content/events/paris-atelier-du-web"
LANGS = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "ja", "id")


def _slugs(prefix: str, count: int) -> str:
    """``count`` distinct identifiers of the largest length allowed (80)."""
    return "[" + ", ".join(f"{prefix}-{n:02d}-".ljust(80, "x") for n in range(count)) + "]"


def longest_series() -> dict[str, str]:
    """The most meetings a series may have, a month apart: 520 months (1993 to 2036)."""
    return {f"{EVENTS}/longest-series.yaml": (
        "title: Monthly meeting\nstart: 1993-01-13T18:30\nend: 1993-01-13T20:30\nvenue: {name: Library}\n"
        "repeat: {every: month, count: 520}\n")}


def most_topics_club() -> dict[str, str]:
    """The sample's Paris club with the most topics, programs, audiences and languages allowed."""
    text = (REPO / CLUB).read_text("utf-8")
    lists = {"topics": _slugs("topic", 20), "audiences": _slugs("audience", 20), "programs": _slugs("program", 20),
             "languages": "[fr, en, es, de, it, pt, nl, ar, ja, id]"}
    lines = [f"{line.split(':')[0]}: {lists[line.split(':')[0]]}" if line.split(":")[0] in lists else line
             for line in text.splitlines()]
    return {CLUB: "\n".join(lines) + "\n"}


def largest_event() -> dict[str, str]:
    """Every bounded field of an event at its limit: 10 languages of 20,000-character Markdown,
    20 topics of 80 characters, a daily series of 520 meetings."""
    title = "".join(f"  {lang}: '{'T' * 200}'\n" for lang in LANGS)
    description = "".join(f"  {lang}: '{'d' * 20_000}'\n" for lang in LANGS)
    return {f"{EVENTS}/largest-event.yaml": (
        f"title:\n{title}description:\n{description}start: 2026-11-01T19:00\nvenue: {{name: Lib}}\n"
        f"topics: {_slugs('topic', 20)}\nrepeat: {{every: day, count: 520}}\n")}


def most_changed_series() -> dict[str, str]:
    """A daily series of 520 meetings, each changed with a 440-character note: 243 KB, near the
    256 KiB a content file may have. Every change is an override in each of its calendar files."""
    changes = "".join(f"    {date(2026, 11, 1) + timedelta(days=n)}: {{note: '{'n' * 440}'}}\n" for n in range(520))
    return {f"{EVENTS}/most-changed-series.yaml": (
        "title: Daily\nstart: 2026-11-01T19:00\nvenue: {name: Lib}\n"
        f"repeat:\n  every: day\n  count: 520\n  changes:\n{changes}")}


SHAPES: dict[str, Callable[[], dict[str, str]]] = {
    "sample": dict, "longest_series": longest_series, "most_topics_club": most_topics_club,
    "largest_event": largest_event, "most_changed_series": most_changed_series,
}


def _site(work: Path, files: dict[str, str]) -> dict[str, float | str]:
    root, out = work / "root", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("news"))
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    config = from_settings({"GROUNDGAME_SEARCH": False, "GROUNDGAME_MAX_BYTES_PER_RECORD": 0,
                            "GROUNDGAME_FEEDS_MAY_BE_CUT": True})
    started = time.perf_counter()
    built = core.build(root, config, out, REPO / "theme")
    seconds = time.perf_counter() - started
    records = RecordFiles(core.load(root))
    per_record: Counter[str] = Counter()
    for unit, size in built.made.sizes.items():
        if (record := records(unit)) is not None:
            per_record[record] += size
    sizes = [p.stat().st_size for p in out.rglob("*") if p.is_file()]
    largest, largest_bytes = per_record.most_common(1)[0]
    found: dict[str, float | str] = {"mb": round(sum(sizes) / 1e6, 2), "files": len(sizes),
                                     "seconds": round(seconds, 1)}
    if files:  # the shape's own record: what the guard compares with its limit
        found["record_mb"] = round(sum(per_record[rel] for rel in files) / 1e6, 2)
    found.update(largest_record_mb=round(largest_bytes / 1e6, 2), largest_record=largest)
    return found


def run(_network_root: Path) -> dict[str, object]:
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    results: dict[str, object] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, shape in SHAPES.items():
                found = _site(Path(tmp) / name, shape())
                for key, value in found.items():
                    results[f"{name}_{key}"] = value
                if name != "sample":
                    results[f"{name}_times_sample"] = round(float(found["mb"]) / float(results["sample_mb"]), 2)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return results


if __name__ == "__main__":
    for key, value in run(REPO).items():
        print(f"{key}: {value}")
