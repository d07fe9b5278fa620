"""Pathological values through `groundgame validate`'s checks: the largest allowed, and the shapes
that used to backtrack (bench/run.py's ``hostile_values`` section).

Each figure is the best of three in-process loads of one event file written into a copy of
the sample content, so it measures the checks (YAML, schema, meaning, rules) and not start-up.
The old URL pattern is timed once beside the new one, on the same 16,000-character value, to
show what the rewrite removed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from groundgame.content.network import load_network
from groundgame.content.schema import load_schemas, whole_value

REPO = Path(__file__).resolve().parents[1]
EVENT = "content/events/paris-atelier-du-web/bench.yaml"
HEAD = "start: 2027-01-12T19:00\nvenue: {name: Lib}\n"
OLD_URL = r"^(https?://[^\s/?#@]+[^\s]*|mailto:[^\s@]+@[^\s@]+)$"
LANGS = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "ja", "id")


def _largest_allowed() -> str:
    """Every bounded field at its limit: 10 languages of 20,000-character Markdown is a 200 KB file."""
    description = "".join(f"  {lang}: '{'d' * 20_000}'\n" for lang in LANGS)
    return (f"title: '{'T' * 200}'\nsummary: '{'s' * 1_000}'\ndescription:\n{description}{HEAD}"
            f"topics: [{', '.join(f't{i}' for i in range(20))}]\n"
            f"online: {{url: 'https://example.org/{'p' * 1_980}'}}\nrepeat: {{every: day, count: 520}}\n")


CASES = {
    "largest_allowed_event": _largest_allowed,
    "url_120kb": lambda: f"title: x\n{HEAD}online: {{url: 'https://{'a' * 120_000}'}}\n",
    "url_2000_failing_at_its_end": lambda: f"title: x\n{HEAD}online: {{url: 'https://a/{'/' * 1_980} '}}\n",
    "title_100000": lambda: f"title: '{'x' * 100_000}'\n{HEAD}",
    "topics_1500": lambda: f"title: x\n{HEAD}topics: [{', '.join(f't{i}' for i in range(1_500))}]\n",
    "unknown_fields_5000": lambda: f"title: x\n{HEAD}" + "".join(f"unknown{i}: x\n" for i in range(5_000)),
    "yearly_series_of_520": lambda: f"title: x\n{HEAD}repeat: {{every: year, count: 520}}\n",
}


def _best_of_three(root: Path, text: str) -> tuple[float, int]:
    path = root / EVENT
    path.write_text(text, encoding="utf-8")
    best, problems = float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        problems = len(load_network(root, [path], records=False).problems)
        best = min(best, time.perf_counter() - start)
    return best, problems


def _pattern_seconds(pattern: re.Pattern[str], value: str) -> float:
    start = time.perf_counter()
    pattern.search(value)
    return time.perf_counter() - start


def run(_network_root: Path) -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("news"))
        for name, make in CASES.items():
            text = make()
            seconds, problems = _best_of_three(root, text)
            results[f"{name}_kib"] = round(len(text.encode()) / 1024, 1)
            results[f"{name}_seconds"] = round(seconds, 4)
            results[f"{name}_problems"] = problems
    bad = "https://" + "a" * 16_000 + " "
    new_url = whole_value(load_schemas()["common.schema.json"]["$defs"]["url"]["pattern"])
    results["url_pattern_16000_seconds"] = round(_pattern_seconds(new_url, bad), 5)
    results["old_url_pattern_16000_seconds"] = round(_pattern_seconds(re.compile(OLD_URL), bad), 3)
    return results


if __name__ == "__main__":
    for key, value in run(REPO).items():
        print(f"{key}: {value}")
