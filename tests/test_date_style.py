"""One date style per language (issue #15): a single day and a range in the same style are
written from the same CLDR skeleton, in lists, cards and ranges alike."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_skeleton

from groundgame import i18n
from groundgame.config import UI_LANGUAGES

DAY, FIRST, LAST = date(2026, 12, 3), date(2026, 12, 1), date(2026, 12, 3)


def test_japanese_single_days_and_ranges_read_alike() -> None:
    assert i18n.format_day(DAY, "ja", "medium") == "2026年12月3日"
    assert i18n.format_days(FIRST, LAST, "ja", "medium") == "2026年12月1日～3日"
    assert i18n.format_days(date(2026, 12, 30), date(2027, 1, 2), "ja", "medium") == "2026年12月30日～2027年1月2日"


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize("width", ["medium", "short"])
def test_a_day_and_a_range_share_the_skeleton(lang: str, width: str) -> None:
    skeleton = i18n.DATE_SKELETONS[width]
    locale = i18n.locale(lang)
    assert i18n.format_day(DAY, lang, width) == format_skeleton(skeleton, DAY, locale=locale)
    assert skeleton in locale.interval_formats  # so the range is formatted with it, not a near one
    # across a year both ends are whole single days, in the same form as one day alone
    first, last = date(2026, 12, 30), date(2027, 1, 2)
    across = i18n.format_days(first, last, lang, width)
    assert across.startswith(i18n.format_day(first, lang, width))
    assert across.endswith(i18n.format_day(last, lang, width))


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize("width", ["full", "long", "short"])
def test_other_ranges_are_made_of_whole_days(lang: str, width: str) -> None:
    """Where CLDR has no interval form for the skeleton (and for short, whose intervals pad the
    numbers), a range joins two whole days with the locale's fallback rather than taking a
    nearby skeleton: fr long is ``1 décembre 2026 – 3 décembre 2026``, not ``1–3 déc. 2026``."""
    locale = i18n.locale(lang)
    across = i18n.format_days(FIRST, LAST, lang, width)
    if width == "short" or i18n.DATE_SKELETONS[width] not in locale.interval_formats:
        fallback = str(locale.interval_formats[None])
        one, two = i18n.format_day(FIRST, lang, width), i18n.format_day(LAST, lang, width)
        assert across == fallback.replace("{0}", one).replace("{1}", two)
    else:  # es long: 1–3 de diciembre de 2026
        assert across.endswith(i18n.format_day(LAST, lang, width)[1:])


def test_exact_ranges() -> None:
    assert i18n.format_days(FIRST, LAST, "fr", "long") == "1 décembre 2026\u2009–\u20093 décembre 2026"
    assert i18n.format_days(FIRST, LAST, "es", "long") == "1–3 de diciembre de 2026"
    assert i18n.format_days(FIRST, LAST, "en", "medium") == "Dec 1\u2009–\u20093, 2026"
    assert i18n.format_day(DAY, "ar", "medium") == "3 ديسمبر 2026"


def test_a_one_day_range_is_the_day() -> None:
    for lang in UI_LANGUAGES:
        assert i18n.format_days(DAY, DAY, lang, "medium") == i18n.format_day(DAY, lang, "medium")
