"""Pelican's reader of news articles (``content/news/*.md``), through groundgame's Markdown renderer.

Pelican's own Markdown reader uses Python-Markdown, which is quadratic on several shapes
(FIELD-NOTES: ``<![CDATA[`` × 2,000 took 23 s): a news file in a pull request could stall
the build. This reader keeps Pelican's metadata header (``Key: value`` lines up to the
first blank line, indented lines continuing a value, as Python-Markdown's ``meta``
extension reads them, and as ``groundgame.content.newsfiles`` checked them before) and
renders the body and the formatted fields (``Summary``) with
``groundgame.content.markdown.Renderer``: linear time, bounded depth, sanitized. It also
tells Pelican which version of an article in several languages is the original (its
``translation`` metadata; see ``newsfiles.originals``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pelican.readers import BaseReader
from pelican.utils import pelican_open

from groundgame.content.markdown import Renderer
from groundgame.content.newsfiles import EXTENSIONS, MAX_CHARACTERS, originals, split_header

__all__ = ["NewsReader", "split_header"]

MAX_NEWS_CHARACTERS = MAX_CHARACTERS  # a news article is at most this long; beyond, only the header is read


class NewsReader(BaseReader):  # type: ignore[misc]
    enabled = True
    file_extensions: ClassVar[list[str]] = list(EXTENSIONS)
    _found: frozenset[Path] | None = None  # the originals of the translations (see ``read``)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with pelican_open(source_path) as text:
            header, body = split_header(str(text))
        renderer = Renderer()
        formatted = {name.lower() for name in self.settings["FORMATTED_FIELDS"]}
        metadata: dict[str, Any] = {}
        for name, value in header.items():
            shown = renderer.render(value) if name in formatted else value
            metadata[name] = self.process_metadata(name, shown)
        # One original per slug (its version in the site's language, else its first file), the others its
        # translations: of a slug with versions in two other languages, Pelican would warn (a strict build fails).
        metadata["translation"] = "false" if Path(source_path).resolve() in self._originals() else "true"
        return renderer.render(body[:MAX_NEWS_CHARACTERS]), metadata

    def _originals(self) -> frozenset[Path]:
        if self._found is None:
            content = Path(self.settings["PATH"])
            self._found = frozenset().union(*(originals(content / folder, self.settings["DEFAULT_LANG"])
                                              for folder in self.settings["ARTICLE_PATHS"]))
        return self._found
