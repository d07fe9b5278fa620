"""HTML from outside the templates, made safe: organizer Markdown, news articles, JSON-LD.

Organizer Markdown is rendered by ``content.markdown.Renderer`` (linear time, bounded
depth, sanitized by nh3), the one renderer the feeds use too. A news article that Pelican
rendered goes through the same allow-list here; JSON-LD is escaped for its script element.
Every other field is escaped by the templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from groundgame.content import markdown
from groundgame.content.markdown import Renderer

__all__ = ["Renderer", "json_ld", "sanitize"]


def json_ld(data: Mapping[str, Any] | list[Mapping[str, Any]]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped,
    so no text in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sanitize(html: str) -> str:
    """HTML from elsewhere (a news article Pelican rendered) through the same allow-list,
    with ``h2`` for the article's sections.

    No images: a remote image would be a request to a third party from every visitor."""
    return markdown.sanitize(html, extra_tags=frozenset({"h2"}))
