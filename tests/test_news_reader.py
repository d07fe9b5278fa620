"""News articles are read with groundgame's Markdown renderer, not Python-Markdown (quadratic on hostile shapes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pelican.readers import Readers
from pelican.settings import read_settings
from sitebuild import REPO, build

sys.path.insert(0, str(REPO / "plugins"))

from groundgame_site.news_reader import NewsReader, split_header


def test_the_header_is_read_as_pelican_reads_it() -> None:
    header, body = split_header("Title: Hello: world\nDate: 2026-11-01\nSummary: one\n  two\n\nBody *text*.\n")
    assert header == {"title": "Hello: world", "date": "2026-11-01", "summary": "one two"}
    assert body == "Body *text*.\n"
    assert split_header("Just a body.\n\nMore.") == ({}, "Just a body.\n\nMore.")


def test_pelican_reads_markdown_with_the_news_reader(tmp_path: Path) -> None:
    from pelican import Pelican

    settings = read_settings(str(REPO / "pelicanconf.py"), override={
        "PATH": str(REPO / "content"), "OUTPUT_PATH": str(tmp_path), "PLUGIN_PATHS": [str(REPO / "plugins")]})
    Pelican(settings)  # registers the plugins' signal handlers
    readers = Readers(settings)
    assert readers.reader_classes["md"] is NewsReader
    assert type(readers.readers["md"]) is NewsReader


@pytest.mark.build
def test_hostile_news_is_rendered_sanitized(tmp_path: Path) -> None:
    root = tmp_path / "site"
    import shutil

    shutil.copytree(REPO / "content", root / "content")
    hostile = "<![CDATA[" * 6000 + "\n\n[a](" * 3000 + "\n\n<script>alert(1)</script> [x](javascript:alert(2))\n"
    (root / "content/news/hostile.md").write_text(
        "Title: Hostile\nDate: 2026-11-02\nClub: paris-atelier-du-web\nSummary: <img src=x onerror=alert(3)>\n\n"
        + hostile, "utf-8")
    out = tmp_path / "out"
    build(root, out, GROUNDGAME_SEARCH=False, GROUNDGAME_FEEDS=False, GROUNDGAME_LANGUAGES=["en"])
    page = (out / "news/hostile/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page
    assert "&lt;![CDATA[" in page  # shown as text
