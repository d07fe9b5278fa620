"""Organizers' Markdown → sanitized HTML, once per text.

Python-Markdown passes raw HTML through and turns ``[x](javascript:…)`` into a live
link, so its output always goes through nh3 with a small allow-list of tags and
attributes and explicit URL schemes. Every other field is escaped by the templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import markdown
import nh3

TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr", "del",
})
ATTRIBUTES: Mapping[str, set[str]] = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


class Renderer:
    """One Markdown converter, reused (``reset`` between texts), and the sanitizer."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._done: dict[str, str] = {}

    def html(self, text: str) -> str:
        """Sanitized HTML of ``text``; the same text is rendered only once."""
        cached = self._done.get(text)
        if cached is None:
            raw = self._md.reset().convert(text)
            cached = nh3.clean(
                raw, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                url_schemes=set(URL_SCHEMES), link_rel="nofollow noopener",
            )
            self._done[text] = cached
        return cached


def json_ld(data: Mapping[str, Any] | list[Mapping[str, Any]]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped,
    so no text in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sanitize(html: str) -> str:
    """HTML from elsewhere (a news article Pelican rendered) through the same allow-list.

    No images: a remote image would be a request to a third party from every visitor."""
    return nh3.clean(html, tags=set(TAGS) | {"h2"}, attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel="nofollow noopener")
