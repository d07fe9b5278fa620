"""The UI catalogs: complete in every language, compiled, and in step with the templates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from groundgame import i18n
from groundgame.config import UI_LANGUAGES

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "src/groundgame/locale"
TRANSLATED = [lang for lang in UI_LANGUAGES if lang != "en"]  # English is the source language
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def po(lang: str):
    with (LOCALES / i18n.locale_id(lang) / "LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle, locale=i18n.locale_id(lang))


def _key(value):
    return value if isinstance(value, str) else tuple(value)


def template():
    with (LOCALES / "messages.pot").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete(lang: str) -> None:
    catalog = po(lang)
    expected = {m.id if isinstance(m.id, str) else m.id[0] for m in template() if m.id}
    found = {}
    for message in catalog:
        if message.id:
            found[message.id if isinstance(message.id, str) else message.id[0]] = message
    assert expected - set(found) == set(), "messages missing from the catalog: run make catalogs"
    untranslated = [k for k, m in found.items() if k in expected and (
        "fuzzy" in m.flags or not all(m.string if isinstance(m.string, tuple) else [m.string]))]
    assert untranslated == []
    for key, message in found.items():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | {"num"}, (key, text)
            if not isinstance(message.id, tuple):
                assert set(PLACEHOLDER.findall(text)) == wanted, (key, text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    with (LOCALES / i18n.locale_id(lang) / "LC_MESSAGES/messages.mo").open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    source = {_key(m.id): _key(m.string) for m in po(lang) if m.id}
    assert compiled == source, "the .mo file is stale: run make catalogs-compile"


@pytest.mark.build
def test_template_lists_every_string_of_the_theme(tmp_path: Path) -> None:
    out = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(REPO / "babel.cfg"),
                    "-k", "N_", "--no-location", "-o", str(out), "."], cwd=REPO, check=True, capture_output=True)
    with out.open("rb") as handle:
        fresh = {m.id for m in read_po(handle) if m.id}
    assert fresh == {m.id for m in template() if m.id}, "messages.pot is stale: run make catalogs"


def test_translations_reach_the_pages() -> None:
    assert i18n.gettext("fr", "Upcoming events") == "Événements à venir"
    assert i18n.gettext("ar", "Clubs") == "الأندية"
    assert i18n.gettext("pt-BR", "Calendar") == "Agenda"
    assert i18n.ngettext("ja", "%(num)s club", "%(num)s clubs", 3) == "%(num)s件のクラブ"


def test_cldr_names_and_directions() -> None:
    assert i18n.country_name("JP", "fr") == "Japon"
    assert i18n.language_name("pt-BR", "es") == "portugués (Brasil)"
    assert i18n.native_name("ja") == "日本語"
    assert i18n.direction("ar") == "rtl"
    assert i18n.direction("fr") == "ltr"
    assert i18n.format_list(["a", "b", "c"], "es") == "a, b y c"
