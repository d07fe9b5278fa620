"""An article in two languages, neither of them the site's: Pelican takes one as the original, no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE_FILES
from sitebuild import build

pytestmark = pytest.mark.build


def test_two_versions_in_other_languages_build_strict(site, tmp_path: Path) -> None:
    assert "clubs/paris-web.yaml" in BASE_FILES
    site.write("news/bilan.md", "Title: Bilan\nDate: 2026-11-04\nLang: fr\nClub: paris-web\n\nBonjour.\n")
    site.write("news/balance.md", "Title: Balance\nDate: 2026-11-05\nLang: es\nSlug: bilan\nClub: paris-web\n\nHola.\n")
    out = tmp_path / "out"
    build(site.root, out, GROUNDGAME_SEARCH=False, GROUNDGAME_LANGUAGES=["en", "fr", "es"])  # strict: no warning
    french = (out / "news/bilan-fr/index.html").read_text("utf-8")
    spanish = (out / "news/bilan-es/index.html").read_text("utf-8")
    assert 'href="https://example.org/clubs/news/bilan-es/"' in french
    assert 'href="https://example.org/clubs/news/bilan-fr/"' in spanish
    # One entry, in the original (the earlier, French: balance.md comes first by name), marked as French.
    english = (out / "news/index.html").read_text("utf-8")
    assert english.count('href="/clubs/news/bilan-') == 1
    assert '<a href="/clubs/news/bilan-fr/"><span lang="fr" dir="ltr">Bilan</span></a>' in english
    assert '<a href="/clubs/news/bilan-es/">' in (out / "es/news/index.html").read_text("utf-8")
