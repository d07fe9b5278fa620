"""Organizer text made safe and plain for calendar, Atom and JSON documents.

Anyone can open a pull request, so every text is hostile until cleaned here:

- ``clean`` keeps printable text and line breaks only. Every kind of line break (CR,
  vertical tab, form feed, NEL, U+2028/9, the file/group/record separators that
  ``str.splitlines`` honours) becomes ``\\n``, which the serializers escape; every other
  control character, lone surrogate and non-character is dropped. A text can then not
  start a new iCalendar content line or break an XML document.
- ``markdown_text`` turns a Markdown field into plain text for a DESCRIPTION: rendered
  and sanitized by ``content.markdown.Renderer`` (the pages' renderer: linear time,
  bounded depth) and read back with an HTML parser, so that no tag, raw HTML or script
  of the source survives; links keep their address in brackets.
- ``pick`` chooses a localized field's text as the pages do: the feed's language, then the
  site's fallback chain (``GROUNDGAME_FALLBACK``: its parent, the site's default, the record's
  primary), so that a Japanese feed of an Arabic-first event with English text says it in English.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from groundgame import i18n
from groundgame.config import SiteConfig
from groundgame.content.markdown import Renderer
from groundgame.model.records import Localized


def pick(loc: Localized, lang: str, config: SiteConfig | None) -> tuple[str, str]:
    """``(text, its language)`` of ``loc`` in ``lang`` along the site's fallback chain (the
    views' ``View.text`` picks the same); without ``config``, the record's primary after ``lang``."""
    chain = i18n.fallback_chain(lang, config.fallback, config.default_language) if config is not None else ()
    return loc.get(lang, chain)


_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_DROP = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BLOCKS = frozenset({"p", "div", "br", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                     "blockquote", "table", "tr", "hr"})
_SKIP = frozenset({"script", "style", "template", "iframe", "object"})
_SPACES = re.compile(r"[ \t]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """``text`` with line breaks as ``\\n`` and no other control character."""
    return _DROP.sub("", _BREAKS.sub("\n", text))


class _Text(HTMLParser):
    """Collects the text of an HTML fragment: blocks on their own lines, links with their address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        if tag == "pre":
            self.preformatted += 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("\n- ")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if href.startswith(("https://", "http://", "mailto:")) else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        if tag == "pre":
            self.preformatted = max(self.preformatted - 1, 0)
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and self.parts[-1:] != [href]:
                self.parts.append(f" ({href.removeprefix('mailto:')})")
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data if self.preformatted else data.replace("\n", " "))


class PlainText:
    """Markdown → plain text with one reused renderer; each text is converted once."""

    def __init__(self) -> None:
        self._md = Renderer()
        self._done: dict[str, str] = {}

    def __call__(self, source: str) -> str:
        """The plain text of a Markdown field: no markup, no HTML, links as ``text (address)``."""
        done = self._done.get(source)
        if done is None:
            parser = _Text()
            parser.feed(self._md.render(clean(source)))  # kept as text below, not as HTML
            parser.close()
            lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
            done = self._done[source] = clean(_MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip())
        return done


def markdown_text(source: str) -> str:
    """The plain text of one Markdown field (see ``PlainText`` to convert many)."""
    return PlainText()(source)
