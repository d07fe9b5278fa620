"""The renderer on its own (no Pelican): Markdown once per text, every page once, guarded paths."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sitebuild import EPOCH, REPO

from groundgame import clock
from groundgame.config import SiteConfig
from groundgame.content.network import load_network
from groundgame.output import OutputError, Writer
from groundgame.site.markup import Renderer
from groundgame.site.pages import PageModel
from groundgame.site.render import PageRenderer, Progress


class CountingRenderer(Renderer):
    def __init__(self) -> None:
        super().__init__()
        self.converted: Counter[str] = Counter()

    def unsanitized(self, text: str) -> str:
        self.converted[text] += 1
        return super().unsanitized(text)


@pytest.fixture(scope="module")
def model() -> PageModel:
    outcome = load_network(REPO)
    assert outcome.ok
    return PageModel.build(outcome.network, clock.now({"SOURCE_DATE_EPOCH": EPOCH}))


@pytest.mark.build
@pytest.mark.parametrize("jobs", [1, 2])
def test_markdown_is_rendered_once_per_text_not_once_per_language(model, tmp_path: Path, jobs: int) -> None:
    markdown = CountingRenderer()
    builder = PageRenderer(SiteConfig(site_url="https://example.org"), model, REPO / "theme", markdown)
    counts = builder.write_pages(Writer(tmp_path), jobs=jobs)
    once = sum(1 for page in builder.pages if page.only_in)  # the flyers: in one language each
    assert once == len(model.network.events)
    assert sum(counts.values()) == (len(builder.pages) - once) * 7 + once  # every other page in each of the 7
    if jobs == 1:  # in this process: every text converted, each once, though shown in 7 languages
        assert markdown.converted
        assert set(markdown.converted.values()) == {1}
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("index.html"))
    assert len(written) == (len(builder.pages) - once) * 7 + once - 7  # the 404 pages are 404.html


def test_two_pages_on_one_path_are_refused(model, tmp_path: Path) -> None:
    builder = PageRenderer(SiteConfig(site_url="https://example.org"), model, REPO / "theme")
    builder.pages.append(builder.pages[1])
    with pytest.raises(OutputError, match="two pages claim the same path"):
        builder.write_pages(Writer(tmp_path), jobs=1)
    assert not list(tmp_path.iterdir())


class Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("tty", "ci", "shown"), [(True, "", True), (True, "true", False), (False, "", False)])
def test_progress_shows_on_a_terminal_only(monkeypatch, tty: bool, ci: str, shown: bool) -> None:
    monkeypatch.setenv("CI", ci)
    stream = Terminal(tty)
    progress = Progress(10, stream)
    for done in (5, 10):
        progress.update(done)
    assert ("rendering pages 10/10\n" in stream.text) is shown
    assert bool(stream.text) is shown
