"""Organizer Markdown cannot be made slow, deep or live: the shapes that stalled or crashed
Python-Markdown render, every result is sanitized, nesting is bounded.

The HTML is read back with the standard library's HTML parser, not with the sanitizer
under test. Speed is measured in ``bench/bench_markdown.py``, not asserted here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundgame.content.markdown import MAX_DEPTH, MAX_ELEMENTS, Renderer
from groundgame.feeds.feedtext import PlainText

ALLOWED = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
           "h3", "h4", "hr", "del"}
SCHEMES = ("http:", "https:", "mailto:")
CONTAINERS = {"ul", "ol", "blockquote"}
VOID = {"br", "hr"}

# The shapes of issue #11 and FIELD-NOTES, and their kin, each repeated to 5,000 characters
# (bench/bench_markdown.py times them at 20,000).
SHAPES = ["<![CDATA[", "x <![CDATA[", "[a](", "![", "[", "[[", "[a[", "![![", "<!--", "x <!--", "<?", "<a ",
          "<a b='", "*a", "_a", "**", "*_", "`", "a``", "&#", "<http://a", "\\", "[a]: <", "[a][", "> ", "- ",
          "1. ", "> - ", "- > ", "    a\n", "a\n", "a\n=\n", "```\n", "<script>", "<b x=1>", "<blockquote>",
          "<ul><li>", "<ol>", "<b><i>", "<em>"]


class Audit(HTMLParser):
    """Every tag, attribute and link address of a fragment, and the deepest nesting of lists and
    quotes (``deepest``) and of elements of any kind (``elements``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.hrefs: list[str] = []
        self.depth = self.deepest = 0
        self.open = self.elements = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name == "href":
                self.hrefs.append(value or "")
        if tag in CONTAINERS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        if tag not in VOID:
            self.open += 1
            self.elements = max(self.elements, self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag in CONTAINERS:
            self.depth -= 1
        if tag not in VOID:
            self.open -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(html: str) -> Audit:
    found = Audit()
    found.feed(html)
    found.close()
    return found


def assert_sanitized(html: str) -> Audit:
    found = audit(html)
    assert found.tags <= ALLOWED, found.tags - ALLOWED
    assert found.attributes <= {("a", "href"), ("a", "title"), ("a", "rel")}, found.attributes
    for href in found.hrefs:
        scheme = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", href)
        assert scheme is None or scheme.group().lower() in SCHEMES, href
    assert "<script" not in html.lower()
    assert found.deepest <= MAX_DEPTH
    assert found.elements <= MAX_ELEMENTS
    return found


@pytest.mark.parametrize("unit", SHAPES)
def test_each_pathological_shape_renders_sanitized(unit: str) -> None:
    text = (unit * (5_000 // len(unit) + 1))[:4_999] + "x"  # a letter last: "- " × N alone is a rule
    html = Renderer().html(text)
    found = assert_sanitized(html)
    assert found.deepest <= MAX_DEPTH
    plain = PlainText()(text)
    assert "<script" not in plain


@pytest.mark.parametrize(("source", "html"), [
    ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>\n'),
    ("[x](JavaScript:alert(1)) [y](vbscript:x) [z](data:text/html,x)",
     '<p><a rel="nofollow noopener">x</a> <a rel="nofollow noopener">y</a> <a rel="nofollow noopener">z</a></p>\n'),
    ("<a href=\"jav&#x09;ascript:alert(1)\">t</a>", '<p><a rel="nofollow noopener">t</a></p>\n'),
    ("[ref]\n\n[ref]: javascript:alert(1)", '<p><a rel="nofollow noopener">ref</a></p>\n'),
    ("<script>alert(1)</script>\n\nafter", "<p></p>\n<p>after</p>\n"),
    ("<script>alert(1)</script>[x](javascript:alert(1)) after", '<p><a rel="nofollow noopener">x</a> after</p>\n'),
    ("text <script>alert(1)</script> text", "<p>text  text</p>\n"),
    ("<img src=x onerror=alert(1)>hi", "<p>hi</p>\n"),
    ('<b onclick="alert(1)" style="x">bold</b>', "<p><b>bold</b></p>\n"),
    ("<iframe src=//evil.example></iframe> **bold** [ok](https://ok.example/)",  # Markdown after a tag is read
     '<p> <strong>bold</strong> <a href="https://ok.example/" rel="nofollow noopener">ok</a></p>\n'),
    ("![pixel](https://tracker.example/p.gif)", "<p></p>\n"),
    ("# One\n\n### Three", "One\n<h3>Three</h3>\n"),
    ("[mail](mailto:a@example.org) <https://example.org/x>",
     '<p><a href="mailto:a@example.org" rel="nofollow noopener">mail</a> '
     '<a href="https://example.org/x" rel="nofollow noopener">https://example.org/x</a></p>\n'),
])
def test_links_scripts_and_handlers_are_inert(source: str, html: str) -> None:
    assert Renderer().html(source) == html
    assert_sanitized(html)


def nested_list(depth: int) -> str:
    """A list nested ``depth`` levels, one item a level, each item indented under its parent."""
    return "".join(" " * (2 * level) + f"- item{level}\n" for level in range(depth))


def test_a_list_nested_past_the_limit_is_flattened_and_keeps_its_text() -> None:
    html = Renderer().html(nested_list(30))
    found = assert_sanitized(html)
    assert found.deepest == MAX_DEPTH
    words = [w for w in "".join(found.text).split() if w.startswith("item")]
    assert words == [f"item{level}" for level in range(30)]  # every item, in order
    assert re.findall(r"<br>(item\d+)", html) == [f"item{level}" for level in range(20, 30)]  # each on its line


def test_quotes_and_lists_count_together() -> None:
    html = Renderer().html("> - " * 15 + "deep")
    found = assert_sanitized(html)
    assert found.deepest == MAX_DEPTH
    assert "deep" in "".join(found.text)


@pytest.mark.parametrize("source", [nested_list(260), "- " * 10_000 + "x", "> " * 10_000 + "x",
                                    "1. " * 6_000 + "x", "> 1. " * 4_000 + "x", "* " * 10_000 + "x",
                                    "<ol>" * 5_000 + "x", "<blockquote><ul><li>" * 1_000 + "x",
                                    "<b><i><em><strong>" * 1_000 + "x", "**a *b " * 2_000 + "x"])
def test_hostile_nesting_is_bounded(source: str) -> None:
    # Python-Markdown raised RecursionError on a list about 250 levels deep
    html = Renderer().html(source)
    found = assert_sanitized(html)
    assert found.deepest <= MAX_DEPTH
    assert len(html) < 4 * len(source) + 1_000
    PlainText()(source)


@pytest.mark.parametrize("unit", ["<ol>", "<blockquote><ul><li>", "<b><i>"])
def test_raw_html_nested_past_the_limit_keeps_its_text(unit: str) -> None:
    source = "".join(f"{unit}w{i} " for i in range(300))
    found = assert_sanitized(Renderer().html(source))
    assert "".join(found.text).split() == [f"w{i}" for i in range(300)]


def test_past_the_parsers_limit_the_whole_text_shows_as_plain_paragraphs() -> None:
    html = Renderer().html("- " * 260 + "bottom\n\n<script>alert(1)</script> **after**")
    assert html.startswith("<p>- - - ")
    assert html.endswith(" bottom</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt; **after**</p>\n")


def test_the_feeds_read_the_same_rendering() -> None:
    source = ("Hello **world**, [site](https://ok.example/) [bad](javascript:alert(1))\n\n"
              "<script>alert(2)</script>\n\n" + nested_list(25))
    plain = PlainText()(source)
    assert plain.startswith("Hello world, site (https://ok.example/) bad\n")
    assert "alert" not in plain
    assert "javascript" not in plain
    assert "item24" in plain


# Fragments that mean something to Markdown or HTML, and plain words, shuffled into texts.
FRAGMENTS = st.sampled_from([
    "[", "]", "(", ")", "![", "](", "<", ">", "</", "`", "```", "*", "**", "_", "~", "\\", "#", "> ", "- ", "1. ",
    "\n", "\n\n", "    ", "\t", "&", "&#", ";", "\"", "'", "=", "javascript:", "JaVaScRiPt:", "data:", "vbscript:",
    "http://", "https://x.example/", "mailto:", "<script>", "</script>", "<img", " src=", " onerror=", " onclick=",
    "<a href=", "<iframe", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<svg", "<math", "<b>", "</b>",
    "<ul>", "<li>", "<blockquote>", "x", "word", "\u202e", "\x00", "\x1b", "\ufeff", "é", "日本",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=80).map("".join))
def test_random_markdown_never_raises_and_never_yields_a_live_tag(source: str) -> None:
    html = Renderer().html(source)
    found = assert_sanitized(html)
    assert found.deepest <= MAX_DEPTH
    plain = PlainText()(source)  # plain text: a code span's `<script>` may stay, as words
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", plain)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_renders(source: str) -> None:
    assert_sanitized(Renderer().html(source))
    PlainText()(source)


@pytest.mark.build
def test_a_site_with_hostile_markdown_builds_bounded(site, tmp_path) -> None:
    """The issue's crash: a list nested 260 levels passed validation, then the build died with
    RecursionError. Now it builds, with the largest allowed text of a slow shape beside it."""
    import yaml
    from icalendar import Calendar
    from sitebuild import build

    from groundgame import urls

    site.write("events/paris-web/deep.yaml", yaml.safe_dump({
        "title": "Deep",
        "start": "2026-11-10T19:00",  # past, so that the page shows its report
        "end": "2026-11-10T21:00",
        "venue": {"name": "Hall"},
        "description": "- " * 260 + "bottom\n\n[x](javascript:alert(1)) after",
        "report": "> - " * 30 + "kept\n\n" + ("![![" * 5_000)[:19_000],
    }))
    out = tmp_path / "output"
    build(site.root, out)
    page = audit((out / "events/paris-web/deep/index.html").read_text("utf-8"))
    assert page.deepest <= MAX_DEPTH
    words = "".join(page.text)
    assert "bottom" in words  # past the parser's limit: the whole text, as plain paragraphs
    assert "after" in words
    assert "kept" in words  # 30 levels: flattened to 20
    assert not [h for h in page.hrefs if h.lower().startswith("javascript")]
    feed = Calendar.from_ical((out / urls.ical_event("paris-web/deep")).read_bytes())
    description = str(feed.walk("VEVENT")[0]["DESCRIPTION"])
    assert "bottom" in description
    assert "after" in description
