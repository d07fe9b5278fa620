"""HTML event descriptions (Google's DESCRIPTION, Outlook's X-ALT-DESC) as Markdown.

Written on the standard library's ``html.parser`` rather than taken from markdownify or
html2text: markdownify brings beautifulsoup4, soupsieve and six into the hash-pinned runtime
lock, html2text is GPL-3.0, and event descriptions use a handful of tags. What is kept:
paragraphs and line breaks, bold and italics, links (http, https and mailto only), lists
(nested by indentation), headings, code and rules; everything else is its text. Text is
escaped so that Markdown reads it as text. The input is bounded before it is parsed and
nothing recurses, so no description can make this slow or deep.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_HTML = 200_000  # characters of HTML looked at; a description is at most 20,000 once converted
_HTML_HINT = re.compile(r"<(?:/?(?:p|br|div|b|i|u|em|strong|a|ul|ol|li|span|h[1-6]|table|tr|td|font|hr|pre|code)"
                        r"\b[^>]*|!--)>?", re.IGNORECASE)
_BLOCKS = frozenset({"p", "div", "table", "tr", "section", "article", "header", "footer", "blockquote", "pre",
                     "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "hr"})
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"})
_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)", re.MULTILINE)


def looks_like_html(text: str) -> bool:
    """Whether a DESCRIPTION is HTML (Google writes its descriptions so, with tags such as <br> and <b>)."""
    return bool(_HTML_HINT.search(text[:MAX_HTML]))


def escape(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return _LINE_START.sub(r"\1\\\2", _ESCAPE.sub(r"\\\1", text))


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []  # finished lines and paragraph breaks
        self.line: list[str] = []  # the line being written
        self.lists: list[list[int]] = []  # per open list: [is ordered, next number]
        self.links: list[str | None] = []
        self.skip = 0
        self.pre = 0
        self.strong = 0
        self.emphasis = 0

    # -- writing --------------------------------------------------------------------------
    def _text(self, text: str) -> None:
        self.line.append(text)

    def _end_line(self) -> None:
        text = "".join(self.line).rstrip()
        self.line = []
        if text.strip():
            self.out.append(text)

    def _paragraph(self) -> None:
        self._end_line()
        if self.out and self.out[-1] != "":
            self.out.append("")

    # -- parsing --------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += tag not in _VOID
            return
        if tag == "br":  # a second <br> in a row ends the paragraph
            self._paragraph() if not "".join(self.line).strip() and self.out else self._end_line()
        elif tag in ("ul", "ol"):
            self._end_line() if self.lists else self._paragraph()
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self._end_line()
            depth = max(len(self.lists) - 1, 0)
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            if self.lists:
                self.lists[-1][1] += 1
            self._text("   " * depth + (f"{number}. " if ordered else "- "))
        elif tag in _BLOCKS:
            self._paragraph()
            if tag[0] == "h" and tag[1:].isdigit():
                self._text("#" * max(int(tag[1:]), 2) + " ")
            elif tag == "hr":
                self._text("---")
                self._paragraph()
            elif tag == "pre":
                self.pre += 1
        elif tag in ("b", "strong"):
            self.strong += 1
            self._text("**") if self.strong == 1 else None
        elif tag in ("i", "em"):
            self.emphasis += 1
            self._text("*") if self.emphasis == 1 else None
        elif tag == "code" and not self.pre:
            self._text("`")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            good = href.startswith(("https://", "http://", "mailto:")) and not re.search(r"[\s()<>]", href)
            self.links.append(href if good else None)
            if good:
                self._text("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(self.skip - 1, 0)
            return
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._end_line() if self.lists else self._paragraph()
        elif tag == "li":
            self._end_line()
        elif tag in _BLOCKS:
            self.pre = max(self.pre - (tag == "pre"), 0)
            self._paragraph()
        elif tag in ("b", "strong") and self.strong:
            self.strong -= 1
            self._text("**") if not self.strong else None
        elif tag in ("i", "em") and self.emphasis:
            self.emphasis -= 1
            self._text("*") if not self.emphasis else None
        elif tag == "code" and not self.pre:
            self._text("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href is not None:
                self._text(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for i, part in enumerate(data.split("\n")):
                if i:
                    self._end_line()
                self._text("    " + escape(part) if part else "")
            return
        text = re.sub(r"\s+", " ", data)
        if not "".join(self.line).strip():
            text = text.lstrip()
        self._text(escape(text))

    def result(self) -> str:
        self._end_line()
        text = "\n".join(self.out).strip()
        text = re.sub(r"\[\]\([^)\s]*\)", "", text)  # a link around nothing
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def to_markdown(html: str) -> str:
    """The Markdown of an HTML fragment (at most ``MAX_HTML`` characters of it are read)."""
    converter = _Converter()
    converter.feed(html[:MAX_HTML])
    converter.close()
    return converter.result()
