"""A text missing in the page's language falls back along GROUNDGAME_FALLBACK (issue #15):
the language's parent, the site's default, the record's primary; every fallback is marked."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import Markup

from groundgame.config import SiteConfig, from_settings
from groundgame.model.records import Localized
from groundgame.problems import UsageError
from groundgame.site.markup import Renderer
from groundgame.site.views import View

SITE = {"SITEURL": "https://clubs.example.org"}


def view(lang: str, **settings: Any) -> View:
    config: SiteConfig = from_settings({**SITE, **settings})
    model: Any = SimpleNamespace(network=None)
    return View(lang, config, model, Renderer())


def html(lang: str, texts: dict[str, str], **settings: Any) -> str:
    return str(Markup(view(lang, **settings).text(Localized(texts, next(iter(texts))))))


@pytest.mark.parametrize(("lang", "texts", "settings", "expected"), [
    ("pt-BR", {"fr": "Bonjour", "pt": "Olá", "en": "Hello"}, {}, '<span lang="pt" dir="ltr">Olá</span>'),
    ("pt-BR", {"fr": "Bonjour", "pt-PT": "Olá", "en": "Hello"}, {}, '<span lang="pt-PT" dir="ltr">Olá</span>'),
    ("ja", {"ar": "مرحبا", "en": "Hello"}, {}, '<span lang="en" dir="ltr">Hello</span>'),
    ("ar", {"fr": "Bonjour", "en": "Hello"}, {}, '<span lang="en" dir="ltr">Hello</span>'),
    ("en", {"ar": "مرحبا", "fr": "Bonjour"}, {}, '<span lang="ar" dir="rtl">مرحبا</span>'),
    ("ja", {"ar": "مرحبا"}, {}, '<span lang="ar" dir="rtl">مرحبا</span>'),
    ("ja", {"ja": "こんにちは", "en": "Hello"}, {}, "こんにちは"),
    # the default is the site's first UI language
    ("ja", {"ar": "مرحبا", "en": "Hello", "fr": "Bonjour"}, {"GROUNDGAME_LANGUAGES": ["fr", "en", "ja"]},
     '<span lang="fr" dir="ltr">Bonjour</span>'),
    # the setting orders the steps
    ("pt-BR", {"fr": "Bonjour", "pt": "Olá", "en": "Hello"}, {"GROUNDGAME_FALLBACK": ["default", "parent"]},
     '<span lang="en" dir="ltr">Hello</span>'),
    ("ja", {"ar": "مرحبا", "en": "Hello"}, {"GROUNDGAME_FALLBACK": ["primary", "default"]},
     '<span lang="ar" dir="rtl">مرحبا</span>'),
    ("pt-BR", {"fr": "Bonjour", "pt": "Olá", "en": "Hello"}, {"GROUNDGAME_FALLBACK": []},
     '<span lang="fr" dir="ltr">Bonjour</span>'),
])
def test_fallback_chain(lang: str, texts: dict[str, str], settings: dict[str, Any], expected: str) -> None:
    assert html(lang, texts, **settings) == expected


def test_markdown_fallback_is_marked_too() -> None:
    text = view("ja").md(Localized({"ar": "مرحبا", "en": "*Hello*"}, "ar"))
    assert (text.lang, text.dir, text.foreign) == ("en", "ltr", True)
    assert str(Markup(text)).startswith('<div lang="en" dir="ltr">')


def test_the_setting_is_in_the_shared_digest() -> None:
    from datetime import UTC, datetime

    from groundgame.build.inputs import shared_digest
    now = datetime(2026, 12, 1, tzinfo=UTC)
    one = from_settings(SITE)
    two = from_settings({**SITE, "GROUNDGAME_FALLBACK": ["default", "parent"]})
    assert shared_digest(one, None, now) != shared_digest(two, None, now)


@pytest.mark.parametrize(("value", "message"), [
    ("parent", "GROUNDGAME_FALLBACK must be a list of steps from 'parent', 'default', 'primary', such as "
               "['parent', 'default', 'primary'] (got 'parent')"),
    (["parent", 3], "GROUNDGAME_FALLBACK must be a list of steps from 'parent', 'default', 'primary', such as "
                    "['parent', 'default', 'primary'] (got ['parent', 3])"),
    (["parnet", "default"], "GROUNDGAME_FALLBACK: each step must be one of 'parent', 'default', 'primary' "
                            "(got 'parnet'); did you mean 'parent'?"),
    (["en"], "GROUNDGAME_FALLBACK: each step must be one of 'parent', 'default', 'primary' (got 'en')"),
    (["default", "default"], "GROUNDGAME_FALLBACK must name each step at most once (got 'default' more than once)"),
])
def test_a_bad_setting_is_a_usage_error(value: Any, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        from_settings({**SITE, "GROUNDGAME_FALLBACK": value})
    assert str(caught.value) == f"bad settings:\n  {message}"
