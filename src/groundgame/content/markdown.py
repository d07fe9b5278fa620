"""Organizers' Markdown → sanitized HTML, in time linear in the text, at a bounded depth.

Anyone can open a pull request, so every description, report and note is hostile input,
rendered here once for the pages, the calendar feeds and Atom alike:

- **Linear time.** markdown-it-py is a CommonMark parser without the quadratic paths of
  Python-Markdown (``[a](`` × 8,000 took it 37 s, ``<![CDATA[`` × 2,000 23 s): 20,000
  characters of any shape in ``bench/bench_markdown.py`` take a fraction of a second.
- **Bounded depth.** In the sanitized HTML, lists and block quotes deeper than
  ``MAX_DEPTH`` and any element deeper than ``MAX_ELEMENTS`` are flattened
  (``bound_depth``): what they hold stays, in order, at the deepest allowed level, whether
  Markdown or raw HTML nested them. Flattened rather than refused, because no honest text
  nests 20 levels, and a page that loses indentation past the 20th still says everything,
  while a refusal would need every Markdown text parsed at validation and still leave the
  pages to guard themselves. The block parser's own limit (``BLOCK_NESTING`` open
  elements: about 50 list or 100 quote levels) bounds its recursion; as markdown-it skips
  the rest of a text that passes it, such a text (only hostile input gets there) is shown
  whole as plain paragraphs, with no Markdown read.
- **Sanitized.** Raw HTML is read as inline HTML (a line that starts with ``<iframe>``
  keeps its Markdown, unlike a CommonMark HTML block), and everything then goes through
  nh3 with a small allow-list of tags and attributes and explicit URL schemes: a raw
  ``<script>`` is dropped with its content, a ``javascript:`` link loses its address (the
  parser takes every link as a link, so its text stays), an event-handler attribute is
  removed. Every other field is escaped by the templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

import nh3
from markdown_it import MarkdownIt, rules_core
from markdown_it.rules_core import StateCore

TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr", "del",
})
ATTRIBUTES: Mapping[str, frozenset[str]] = {"a": frozenset({"href", "title"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

MAX_DEPTH = 20  # lists and block quotes, counted together
MAX_ELEMENTS = 64  # elements of any kind, one inside the other (20 lists are 40 with their items)
# markdown-it's limits on open elements. The block parser recurses once per level (about two
# Python frames each); the inline parser's work on a run of ``[`` grows with its limit, so it
# keeps markdown-it's CommonMark default, which no honest text nears.
BLOCK_NESTING = 100
INLINE_NESTING = 20

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_CONTAINERS = frozenset({"ul", "ol", "blockquote"})
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_VOID = frozenset({"br", "hr"})


def sanitize(html: str, extra_tags: frozenset[str] = frozenset()) -> str:
    """``html`` through the allow-list: the tags above (plus ``extra_tags``), links to
    http, https and mailto only, no other attribute."""
    return nh3.clean(html, tags=set(TAGS | extra_tags), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=LINK_REL)


def bound_depth(html: str, max_depth: int = MAX_DEPTH, max_elements: int = MAX_ELEMENTS) -> str:
    """Sanitized ``html`` with the lists and block quotes past ``max_depth`` and any element
    past ``max_elements`` taken away, their content kept: an item of a list taken away
    starts a new line (``<br>``). Linear, one pass over the tags.

    It reads the sanitizer's output, which is well formed (every element closed, ``<`` and
    ``>`` escaped in text and attributes), so a tag is exactly ``<…>`` and each end tag closes
    the element opened last; it bounds Markdown and raw HTML alike."""
    out: list[str] = []
    done = 0
    opened: list[tuple[str, bool]] = []  # (tag, kept) of each open element
    elements = containers = 0
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1) == "/", tag.group(2)
        if name in _VOID:
            continue
        if closing:
            name, kept = opened.pop() if opened else (name, True)
            elements -= kept
            containers -= kept and name in _CONTAINERS
        else:
            in_dropped_list = bool(opened) and opened[-1][0] in ("ul", "ol") and not opened[-1][1]
            kept = not (elements >= max_elements or (name in _CONTAINERS and containers >= max_depth)
                        or (name == "li" and in_dropped_list))
            opened.append((name, kept))
            elements += kept
            containers += kept and name in _CONTAINERS
        if not kept:
            out += [html[done:tag.start()], "<br>" if name == "li" and not closing else ""]
            done = tag.end()
    out.append(html[done:])
    return "".join(out)


def plain_paragraphs(text: str) -> str:
    """``text`` as escaped paragraphs, no Markdown read: for a text nested past the parser's limit."""
    paragraphs = (" ".join(part.split()) for part in _BLANK_LINES.split(text))
    return "".join(f"<p>{escape(part)}</p>\n" for part in paragraphs if part)


def _any_link(url: str) -> bool:
    return True


def _parser(nesting: int) -> MarkdownIt:
    # Raw HTML is read inline only (no CommonMark HTML blocks): a line that starts with a tag,
    # ``<iframe>`` or ``<script>``, still has the rest of its Markdown read, and the tag goes
    # to the sanitizer like any other.
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": nesting}).disable("html_block")
    # Every link is parsed as a link, so that ``[x](javascript:…)`` shows ``x``, not its
    # source: the sanitizer alone decides which addresses stay (URL_SCHEMES), as for raw HTML.
    parser.validateLink = _any_link  # type: ignore[method-assign]
    return parser


class Renderer:
    """The CommonMark parsers, reused, the sanitizer and the depth bound; each text is
    rendered once.

    Blocks are parsed first, with their own nesting limit, and only then their inline
    content, with the inline limit."""

    def __init__(self) -> None:
        self._blocks = _parser(BLOCK_NESTING).disable(["inline", "text_join"])
        self._inlines = _parser(INLINE_NESTING)
        self._done: dict[str, str] = {}

    def unsanitized(self, text: str) -> str:
        """The HTML of ``text`` as markdown-it writes it, before sanitizing."""
        env: dict[str, object] = {}  # one text's link reference definitions
        blocks = self._blocks.parse(text, env)
        if max((token.level for token in blocks), default=0) >= BLOCK_NESTING - 1:
            return plain_paragraphs(text)  # the parser stopped at its limit and skipped the rest
        state = StateCore(text, self._inlines, env)
        state.tokens = blocks
        rules_core.inline(state)
        rules_core.text_join(state)
        out: str = self._inlines.renderer.render(state.tokens, self._inlines.options, env)
        return out

    def render(self, text: str) -> str:
        """Sanitized HTML of ``text``, its depth bounded (not kept: see ``html``)."""
        return bound_depth(sanitize(self.unsanitized(text)))

    def html(self, text: str) -> str:
        """``render(text)``, kept: the same text is rendered only once."""
        cached = self._done.get(text)
        if cached is None:
            cached = self._done[text] = self.render(text)
        return cached
