"""Bar charts as accessible SVG, drawn at build time: no JavaScript, readable without colour.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>`` (the page puts
its data table right after it). Every bar carries its value as a visible label, as a
``<title>`` (a tooltip) and as ``data-value``, ``data-series`` and ``data-category``; series
differ by pattern (solid, hatched, dotted) as well as by colour, and a chart of several series
has a legend. Right to left, the charts mirror: columns run from the right, bars grow leftwards (the
``<svg>`` says ``direction``, so ``text-anchor`` start and end are the text's own ends).
Sizes are bounded: a width within fixed limits, a height that grows with the rows only, and labels cut to
``LABEL_CHARS`` characters (the table has them whole).

Why by hand: the Python chart libraries that write SVG without JavaScript (pygal with ``js=[]``,
leather, matplotlib's SVG backend) give no ``role``/``aria-labelledby``, no per-bar text or data
attributes, no right-to-left layout, and pygal and matplotlib embed their own styles and fonts;
what is drawn here is a few rectangles and labels, written with ``xml.etree`` (escaped).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 640  # a bar chart's; a column chart is COLUMN a bar, within COLUMNS_WIDTH
COLUMN = 42
COLUMNS_WIDTH = (360, 640)
LABEL_CHARS = 28
SERIES_CLASSES = ("s0", "s1", "s2")  # solid, hatched, dotted: see ``_patterns``


@dataclass(frozen=True)
class Series:
    """One series: its key (``data-series``), its label in the page's language, a value per category."""

    key: str
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """What a chart says: ``id`` (unique on the page), ``title``, ``desc``, the categories' keys and labels."""

    id: str
    title: str
    desc: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    rtl: bool = False
    number: Callable[[int], str] = str
    langs: tuple[str, ...] = ()  # each label's language where it is not the page's ('' where it is)


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _svg(chart: Chart, height: int, width: int = WIDTH) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "class": "chart", "role": "img",
        "viewBox": f"0 0 {width} {height}", "width": str(width), "height": str(height),
        "aria-labelledby": f"{chart.id}-title {chart.id}-desc", "id": chart.id,
        "direction": "rtl" if chart.rtl else "ltr"})
    ET.SubElement(svg, "title", id=f"{chart.id}-title").text = chart.title
    ET.SubElement(svg, "desc", id=f"{chart.id}-desc").text = chart.desc
    _patterns(svg, chart.id)
    return svg


def _patterns(svg: ET.Element, chart_id: str) -> None:
    """The fills of series 1 (hatched) and 2 (dotted); series 0 is solid."""
    defs = ET.SubElement(svg, "defs")
    hatch = ET.SubElement(defs, "pattern", id=f"{chart_id}-s1", width="6", height="6",
                          patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    ET.SubElement(hatch, "rect", {"width": "6", "height": "6", "class": "pat-bg"})
    ET.SubElement(hatch, "rect", {"width": "3", "height": "6", "class": "pat-s1"})
    dots = ET.SubElement(defs, "pattern", id=f"{chart_id}-s2", width="6", height="6", patternUnits="userSpaceOnUse")
    ET.SubElement(dots, "rect", {"width": "6", "height": "6", "class": "pat-bg"})
    ET.SubElement(dots, "circle", {"cx": "3", "cy": "3", "r": "1.8", "class": "pat-s2"})


def _fill(chart_id: str, n: int) -> dict[str, str]:
    cls = SERIES_CLASSES[n % len(SERIES_CLASSES)]
    return {"class": f"bar {cls}", **({"fill": f"url(#{chart_id}-{cls})"} if cls != "s0" else {})}


def _bar(parent: ET.Element, chart: Chart, n: int, category: int, box: tuple[float, float, float, float]) -> None:
    series = chart.series[n]
    x, y, w, h = box
    value = series.values[category]
    rect = ET.SubElement(parent, "rect", {
        **_fill(chart.id, n), "x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{w:.1f}", "height": f"{h:.1f}",
        "data-series": series.key, "data-category": chart.keys[category], "data-value": str(value)})
    what = f"{chart.labels[category]}: {chart.number(value)}"
    ET.SubElement(rect, "title").text = f"{series.label}, {what}" if len(chart.series) > 1 else what


def _text(parent: ET.Element, x: float, y: float, text: str, anchor: str, cls: str, lang: str = "") -> None:
    attributes = {"x": f"{x:.1f}", "y": f"{y:.1f}", "text-anchor": anchor, "class": cls}
    ET.SubElement(parent, "text", {**attributes, "lang": lang} if lang else attributes).text = text


def _lang(chart: Chart, category: int) -> str:
    return chart.langs[category] if category < len(chart.langs) else ""


def _legend(svg: ET.Element, chart: Chart, y: float, width: int = WIDTH) -> None:
    if len(chart.series) < 2:
        return
    legend = ET.SubElement(svg, "g", {"class": "legend"})
    x = 8.0
    for n, series in enumerate(chart.series):
        left = width - x - 14 if chart.rtl else x
        ET.SubElement(legend, "rect", {**_fill(chart.id, n), "x": f"{left:.1f}", "y": f"{y:.1f}",
                                       "width": "14", "height": "14"})
        label_x = left - 6 if chart.rtl else left + 20
        _text(legend, label_x, y + 12, _cut(series.label), "start", "label")
        x += 40 + 8 * len(_cut(series.label))


def _top(chart: Chart) -> int:
    return max([0, *(v for s in chart.series for v in s.values)])


def column_chart(chart: Chart, scale: int | None = None, years: Sequence[str] = ()) -> Markup:
    """Vertical bars, one per category (and series), value labels above them: months, quarters.

    ``scale``: the value of a full-height bar (to draw several charts on one scale);
    ``years``: a second line under each category's label ('' for none)."""
    plot, base, legend = 150, 40, 26 if len(chart.series) > 1 else 0
    height = 20 + plot + base + legend
    width = max(COLUMNS_WIDTH[0], min(COLUMNS_WIDTH[1], 16 + COLUMN * len(chart.keys) * len(chart.series)))
    svg = _svg(chart, height, width)
    top = max(scale or 0, _top(chart), 1)
    slot = (width - 16) / max(1, len(chart.keys))
    bar = slot * 0.8 / len(chart.series)
    bars = ET.SubElement(svg, "g", {"class": "bars"})
    floor = 20 + plot
    for c in range(len(chart.keys)):
        start = 8 + c * slot + slot * 0.1
        for n, series in enumerate(chart.series):
            value = series.values[c]
            h = plot * value / top
            x = start + n * bar
            x = width - x - bar if chart.rtl else x
            _bar(bars, chart, n, c, (x, floor - h, bar, h))
            _text(bars, x + bar / 2, floor - h - 4, chart.number(value), "middle", "value")
        middle = 8 + c * slot + slot / 2
        middle = width - middle if chart.rtl else middle
        _text(svg, middle, floor + 16, _cut(chart.labels[c]), "middle", "label tick", _lang(chart, c))
        if c < len(years) and years[c]:
            _text(svg, middle, floor + 31, years[c], "middle", "label tick year")
    ET.SubElement(svg, "line", {"x1": "8", "x2": str(width - 8), "y1": str(floor), "y2": str(floor),
                                "class": "axis"})
    _legend(svg, chart, 20 + plot + base, width)
    return _markup(svg)


def bar_chart(chart: Chart) -> Markup:
    """Horizontal bars, a group per category (regions), labels beside them, values at their ends."""
    row, gap, label = 18, 12, 200
    legend = 26 if len(chart.series) > 1 else 0
    group = row * len(chart.series) + gap
    height = 10 + group * len(chart.keys) + legend
    svg = _svg(chart, height)
    top = max(_top(chart), 1)
    room = WIDTH - label - 60
    bars = ET.SubElement(svg, "g", {"class": "bars"})
    for c in range(len(chart.keys)):
        y0 = 10 + c * group
        _text(svg, WIDTH - label + 8 if chart.rtl else label - 8, y0 + row * len(chart.series) / 2 + 5,
              _cut(chart.labels[c]), "end", "label", _lang(chart, c))
        for n, series in enumerate(chart.series):
            value = series.values[c]
            w = room * value / top
            x = WIDTH - label - w if chart.rtl else label
            y = y0 + n * row
            _bar(bars, chart, n, c, (x, y + 1, w, row - 2))
            end = x - 4 if chart.rtl else x + w + 4
            _text(bars, end, y + row - 5, chart.number(value), "start", "value")
    _legend(svg, chart, 10 + group * len(chart.keys))
    return _markup(svg)


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S704 - ElementTree escapes
