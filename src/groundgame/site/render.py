"""Render the page model into HTML files, every page in every UI language, on every core.

One Jinja environment renders all languages: the language is explicit in each page's
context (``lang`` and the ``View`` ``view``), and ``_()`` translates into it. After the
model is built the work is split across ``jobs`` processes (fork), each rendering every
language of its share of the pages, so that a record's Markdown is rendered once.
"""

from __future__ import annotations

import functools
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_LPAREN, TOKEN_NAME, TOKEN_RPAREN, TOKEN_STRING, Token, TokenStream
from jinja2.runtime import Context
from markupsafe import Markup

from groundgame import i18n, parallel, urls
from groundgame.config import SiteConfig
from groundgame.output import OutputError, Writer
from groundgame.site.markup import Renderer
from groundgame.site.pages import Page, PageModel
from groundgame.site.views import View

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP_URLS = 5000
UNLISTED = ("404", "flyer", "embed")  # pages not in the sitemap: not found, and those that say noindex
PARALLEL_FROM = 400  # pages × languages; below this, starting a worker costs more than it saves


def _xml(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


@pass_context
def _translate(context: Context, message: str, **variables: Any) -> Markup:
    """``_()`` in templates: ``message`` in the page's language, variables escaped."""
    text = Markup(i18n.gettext(context["lang"], message))  # noqa: S704 - catalogs are trusted; variables escaped
    return text % variables if variables else text


@pass_context
def _ntranslate(context: Context, singular: str, plural: str, n: int, **variables: Any) -> Markup:
    text = Markup(i18n.ngettext(context["lang"], singular, plural, n))  # noqa: S704 - trusted catalog
    return text % {"num": n, **variables}


class Pretranslate(Extension):
    """Translates ``_("a literal")`` when a template is compiled, for the environment's language.

    Most UI strings have no variables; turning them into constants at compile time saves a
    function call each on every page. Calls with variables stay calls, translated at render
    time in the page's language. Extraction (``pybabel extract``) still sees every ``_()``.
    """

    def filter_stream(self, stream: TokenStream) -> Any:
        lang = self.environment.globals["ui_lang"]
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) == 4:
                if (window[0].type == TOKEN_NAME and window[0].value == "_" and window[1].type == TOKEN_LPAREN
                        and window[2].type == TOKEN_STRING and window[3].type == TOKEN_RPAREN):
                    yield Token(window[0].lineno, TOKEN_STRING, i18n.gettext(str(lang), str(window[2].value)))
                    window.clear()
                    continue
                yield window.pop(0)
        yield from window


class ThemeLoader(FileSystemLoader):
    """The theme's templates without their indentation (smaller pages; the theme has no ``<pre>``)."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return "\n".join(line.lstrip() for line in source.splitlines()) + "\n", filename, uptodate


# One environment per (theme, language) for the whole process: a build that follows another
# (make serve) reuses the compiled templates, and Jinja recompiles only a template whose file
# changed (its ``auto_reload`` check). Compiling the theme for seven languages is most of a
# small rebuild's time otherwise.
_ENVIRONMENTS: dict[tuple[Path, str | None], Environment] = {}


def environment(theme: Path, lang: str | None = None) -> Environment:
    """The Jinja environment of the theme's templates (autoescaped; ``_`` installed).

    With ``lang``, literal UI strings are translated into it when templates compile (one
    environment per language); ``_`` with variables always uses the page's ``lang``.
    """
    key = (theme.resolve(), lang)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(theme, lang)
    return _ENVIRONMENTS[key]


def _new_environment(theme: Path, lang: str | None) -> Environment:
    extensions: list[Any] = ["jinja2.ext.i18n"] + ([Pretranslate] if lang else [])
    env = Environment(
        loader=ThemeLoader(str(theme / "templates")), autoescape=True, trim_blocks=True,
        lstrip_blocks=True, undefined=StrictUndefined, extensions=extensions,
    )
    env.globals.update(_=_translate, gettext=_translate, ngettext=_ntranslate, ui_lang=lang)
    return env


@dataclass
class Summary:
    """What a build read and wrote, said at its end."""

    records: dict[str, int]
    pages: Counter[str] = field(default_factory=Counter)  # per language
    files: Counter[str] = field(default_factory=Counter)  # other files, by category
    seconds: float = 0.0

    @property
    def total_pages(self) -> int:
        return sum(self.pages.values())

    def report(self) -> str:
        read = ", ".join(f"{kind} {n}" for kind, n in self.records.items())
        per_lang = ", ".join(f"{lang} {n}" for lang, n in self.pages.items())
        other = ", ".join(f"{n} {cat}" for cat, n in sorted(self.files.items())) or "none"
        return (f"groundgame: records read: {read}\n"
                f"groundgame: pages written per language: {per_lang} ({self.total_pages} in all); "
                f"other files: {other}; "
                f"{self.seconds:.1f} s")


class Progress:
    """A one-line counter on a terminal; silent in CI and in logs."""

    def __init__(self, total: int, stream: Any = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and not os.environ.get("CI")
        self.last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.2 or done == self.total):
            self.last = now
            self.stream.write(f"\rgroundgame: rendering pages {done}/{self.total}")
            if done == self.total:
                self.stream.write("\n")
            self.stream.flush()


@dataclass
class PageRenderer:
    config: SiteConfig
    model: PageModel
    theme: Path
    markdown: Renderer = field(default_factory=Renderer)

    def __post_init__(self) -> None:
        self.envs = {lang: environment(self.theme, lang) for lang in self.config.languages}
        self.pages = self.model.pages()
        self.alternates: list[tuple[str, str]] = [(lang, i18n.native_name(lang)) for lang in self.config.languages]
        self._views: dict[str, View] | None = None

    def views(self) -> dict[str, View]:
        """One ``View`` per UI language, with the theme's macros for the shared pieces."""
        views = {lang: View(lang, self.config, self.model, self.markdown) for lang in self.config.languages}
        for lang, view in views.items():
            view.macros = self.envs[lang].get_template("_macros.html").module
        return views

    def jobs(self) -> list[tuple[int, str]]:
        """Every (page index, language) to render, the page's languages together."""
        every = self.config.languages
        return [(i, lang) for i, page in enumerate(self.pages)
                for lang in ((urls.ui_language(self.config, page.only_in),) if page.only_in else every)]

    @staticmethod
    def unit(page: Page) -> str:
        """The unit (``Writer.needs``) of a page: its files in every language."""
        return f"page:{page.key}"

    def path(self, page: Page, lang: str) -> str:
        return urls.page(self.config, lang, page.file)

    def render_page(self, page: Page, lang: str, view: View) -> str:
        template = self.envs[lang].get_template(page.template)
        context = {"view": view, "lang": lang, "dir": view.dir, "page": page, "data": page.data,
                   "model": self.model, "net": self.model.network, "config": self.config,
                   "alternates": self.alternates, "key": page.key, "languages": view.switcher(page.key)}
        return template.render(context)

    def render_article(self, article: Any, views: dict[str, View]) -> str:
        """A news article's page (``article.html``), in the article's language."""
        lang = article.lang if article.lang in self.envs else self.config.default_language
        template = self.envs[lang].get_template("article.html")
        return template.render({"article": article, "gg_views": views, "gg_config": self.config,
                                "gg_alternates": self.alternates})

    def write_pages(self, writer: Writer, jobs: int = 0, on_progress: Callable[[int], None] | None = None,
                    alongside: Callable[[], None] | None = None) -> Counter[str]:
        """Render every page in every language on ``jobs`` processes; the pages written per language.

        The pages are cut into chunks that the processes take from one queue (``parallel``), so
        that this process can first run ``alongside`` (the feeds and the API) while the others
        render, then join them: every core stays busy whatever each part costs.
        """
        work = self.jobs()
        paths = [self.path(self.pages[i], lang) for i, lang in work]
        if len(set(paths)) != len(paths):
            dupes = sorted(p for p, n in Counter(paths).items() if n > 1)
            raise OutputError(f"two pages claim the same path: {', '.join(dupes[:5])}")
        needed = [writer.needs(self.unit(page), functools.partial(self.model.page_inputs, page),
                               category="pages") for page in self.pages]
        work = [(i, lang) for i, lang in work if needed[i]]
        languages = len(self.config.languages)  # a chunk holds whole pages, every language of each
        jobs = jobs or parallel.default_jobs()
        size = -(-max(50, len(work) // (jobs * 40)) // languages) * languages
        chunks = [work[n:n + size] for n in range(0, len(work), size)]
        counts: Counter[str] = Counter()
        jobs = jobs if len(work) >= PARALLEL_FROM else 1
        for written in parallel.write_each(chunks, self._render_chunk, writer, jobs=jobs, alongside=alongside,
                                           progress=on_progress, size=len):
            counts.update(written)
        return counts

    def _render_chunk(self, chunk: Sequence[tuple[int, str]], writer: Writer) -> Counter[str]:
        """Render these pages in these languages; how many pages per language."""
        if self._views is None:  # once per process (a worker inherits them when made before it started)
            self._views = self.views()
        views = self._views
        counts: Counter[str] = Counter()
        for i, lang in chunk:
            page = self.pages[i]
            writer.write(self.path(page, lang), self.render_page(page, lang, views[lang]), category="pages",
                         unit=self.unit(page))
            counts[lang] += 1
        return counts

    def sitemaps(self) -> list[tuple[str, bytes]]:
        """``sitemap.xml``, an index of ``sitemaps/N.xml`` files of at most ``SITEMAP_URLS`` pages
        each (the protocol allows 50,000), every page with its hreflang alternates."""
        ET.register_namespace("", SITEMAP_NS)
        ET.register_namespace("xhtml", XHTML_NS)
        entries = [(page, lang) for page in self.pages if page.kind not in UNLISTED for lang in self.config.languages]
        files: list[tuple[str, bytes]] = []
        for start in range(0, len(entries), SITEMAP_URLS):
            urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
            for page, lang in entries[start:start + SITEMAP_URLS]:
                entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
                loc = ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc")
                loc.text = urls.absolute(self.config, self.path_key(page, lang))
                for other in self.config.languages:
                    ET.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=other,
                                  href=urls.absolute(self.config, self.path_key(page, other)))
            files.append((f"sitemaps/{len(files) + 1}.xml", _xml(urlset)))
        index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
        for path, _ in files:
            ET.SubElement(ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = (
                urls.absolute(self.config, path))
        return [("sitemap.xml", _xml(index)), *files]

    def path_key(self, page: Page, lang: str) -> str:
        return urls.page(self.config, lang, page.key)

    def robots(self) -> str:
        return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(self.config, 'sitemap.xml')}\n"

    def write_all(self, writer: Writer, jobs: int = 0, alongside: Callable[[], None] | None = None) -> Summary:
        """Pages, sitemap and robots.txt (and ``alongside``, run while pages render); what was written."""
        started = time.monotonic()
        net = self.model.network
        summary = Summary({"regions": len(net.regions), "clubs": len(net.clubs), "campaigns": len(net.campaigns),
                           "events": len(net.events), "news": sum(len(v) for v in self.model.news.values())})
        progress = Progress(len(self.jobs()))
        written = self.write_pages(writer, jobs, progress.update, alongside)
        summary.pages.update({lang: written[lang] for lang in self.config.languages})
        if writer.needs("sitemaps", {"pages"}, category="sitemap"):
            for path, body in self.sitemaps():
                writer.write(path, body, category="sitemap", unit="sitemaps")
                summary.files["sitemap"] += 1
        if writer.needs("robots", (), category="robots"):
            writer.write("robots.txt", self.robots(), category="robots", unit="robots")
            summary.files["robots"] += 1
        summary.seconds = time.monotonic() - started
        return summary
