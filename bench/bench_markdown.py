"""Benchmark section "markdown": pathological organizer Markdown, 20,000 characters a shape.

Python-Markdown, which rendered organizer text before, is quadratic on several shapes
(FIELD-NOTES: ``<![CDATA[`` × 2,000 took 23 s, ``[a](`` × 8,000 37 s, ``![`` × 8,000 27 s)
and raised RecursionError on a list nested about 250 levels. ``run(root)`` renders each
shape below, repeated to ``SIZE`` characters, with a fresh ``content.markdown.Renderer``
(parse, flatten, sanitize: the page's HTML) and a fresh ``feeds.feedtext.PlainText`` (the
feeds' text), best of three, in CPU seconds of this process, so that other work on the
machine does not count; ``worst_seconds`` is the slowest shape, and the growth from
``SIZE`` to twice ``SIZE`` shows the time is linear (about 2.0) rather than quadratic (4.0).
``root`` is not read: the inputs are made here. ``bench/run.py`` calls it; it also runs on
its own: ``python bench/bench_markdown.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from groundgame.content.markdown import Renderer
from groundgame.feeds.feedtext import PlainText

SIZE = 20_000

SHAPES = {
    "cdata": "<![CDATA[",
    "cdata_inline": "x <![CDATA[",
    "link_open": "[a](",
    "image_open": "![",
    "brackets": "[[",
    "image_brackets": "![![",
    "label_bracket": "[a[",
    "reference": "[a][",
    "comment_inline": "x <!--",
    "tag_attribute": "<a b='",
    "emphasis": "*a",
    "emphasis_mixed": "*_",
    "entity": "&#",
    "autolink": "<http://a",
    "backticks": "a``",
    "lines": "a\n",
    "setext": "a\n=\n",
    "quotes_deep": "> ",
    "list_deep": "- ",
    "ordered_deep": "1. ",
    "quote_list_deep": "> - ",
    "raw_script": "<script>",
    "raw_quotes_deep": "<blockquote>",
    "raw_lists_deep": "<ul><li>",
    "raw_inline_deep": "<b><i>",
}


def text_of(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters, the last one a letter (``- `` × N alone is a rule)."""
    return (unit * (size // len(unit) + 1))[:size - 1] + "x"


def nested_list(depth: int) -> str:
    """The issue's list nested 260 levels, each item indented under its parent."""
    return "".join(" " * (2 * level) + f"- item{level}\n" for level in range(depth))


def cpu_seconds(text: str) -> float:
    """Best of three: a fresh renderer each time (no cache), the page's HTML and the feeds' text."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        Renderer().html(text)
        PlainText()(text)
        best = min(best, time.process_time() - start)
    return best


def run(root: Path | None = None) -> dict[str, object]:
    seconds = {name: cpu_seconds(text_of(unit, SIZE)) for name, unit in SHAPES.items()}
    seconds["list_nested_260"] = cpu_seconds(nested_list(260))
    worst = max(seconds, key=lambda name: seconds[name])
    twice = cpu_seconds(text_of(SHAPES[worst], 2 * SIZE)) if worst in SHAPES else seconds[worst]
    return {
        "characters": SIZE,
        "shapes": len(seconds),
        "worst_shape": worst,
        "worst_seconds": round(seconds[worst], 3),
        "worst_growth_at_twice_the_size": round(twice / seconds[worst], 2) if seconds[worst] else None,
        "total_seconds": round(sum(seconds.values()), 2),
        "seconds": {name: round(value, 3) for name, value in sorted(seconds.items(), key=lambda kv: -kv[1])},
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
