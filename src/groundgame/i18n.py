"""Everything a page needs to speak its visitor's language.

UI strings come from gettext catalogs (``locale/<ll_CC>/LC_MESSAGES/messages.mo``,
managed with Babel); dates, times, zone names, lists, numbers, and the names of
countries and languages come from CLDR through Babel. Every function takes the UI
language explicitly: there is no "current language".
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime, time
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as _dates
from babel import lists as _lists
from babel import numbers as _numbers
from babel.support import Translations

from groundgame.config import PRIMARY, RTL_LANGUAGES

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention marks strings for extraction
    """Mark a string for the catalogs without translating it here."""
    return message


def locale_id(lang: str) -> str:
    """``pt-BR`` → ``pt_BR``: the folder and Babel name of a BCP 47 tag."""
    return lang.replace("-", "_")


@cache
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(locale_id(lang))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(lang.split("-")[0]) if "-" in lang else Locale("en")


@cache
def fallback_chain(lang: str, steps: tuple[str, ...], default: str) -> tuple[str, ...]:
    """Where ``Localized.get`` looks after ``lang``, from the ``GROUNDGAME_FALLBACK`` steps.

    ``parent``: ``lang``'s parents (``zh-Hant-TW`` → ``zh-Hant`` → ``zh``), then any region of its
    language (``pt-*``); ``default``: the site's default language and its parents; ``primary``: the
    record's primary language (``PRIMARY``), which is also the last resort when not named.
    """
    chain: list[str] = []
    for step in steps:
        if step == "parent":
            chain.extend(_parents(lang))
            chain.append(lang.split("-")[0].lower() + "-*")
        elif step == "default":
            chain.extend((default, *_parents(default)))
        elif step == "primary":
            chain.append(PRIMARY)
    return tuple(t for t in dict.fromkeys(chain) if t != lang)


def _parents(tag: str) -> list[str]:
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English, the source language, needs none)."""
    if lang.split("-")[0] == "en":
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / locale_id(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not folder.is_file():
        raise FileNotFoundError(f"no compiled catalog for {lang} at {folder}; run `make catalogs`")
    return Translations.load(str(LOCALE_DIR), [locale_id(lang)], DOMAIN)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)


# --- CLDR names ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def country_name(code: str, lang: str) -> str:
    return str(locale(lang).territories.get(code.upper(), code))


@lru_cache(maxsize=4096)
def language_name(tag: str, lang: str) -> str:
    """The name of language ``tag`` in UI language ``lang`` (``pt-BR`` in fr → ``portugais (Brésil)``)."""
    try:
        name = Locale.parse(locale_id(tag)).get_display_name(locale(lang))
    except (ValueError, UnknownLocaleError):
        name = locale(lang).languages.get(tag.split("-")[0])
    return name or tag


@cache
def native_name(lang: str) -> str:
    """A UI language's own name, as its speakers write it (for the language switcher)."""
    name = locale(lang).get_display_name(locale(lang)) or lang
    return name[:1].upper() + name[1:]


# --- dates, times, zones, lists, numbers --------------------------------------------------

# One date style per width, the same for a single day and a range of days (CLDR skeletons).
# medium and short: both from the skeleton, which every UI language has an interval form of
# (ja ``2026年12月3日`` and ``2026年12月1日～3日``, not ``2026/12/03``); full and long: CLDR's own
# full and long dates, a range of them condensed only where the locale has an interval form for
# the skeleton, else (and for short) two whole days joined by the locale's fallback (``{0} – {1}``).
DATE_SKELETONS = {"full": "yMMMMEEEEd", "long": "yMMMMd", "medium": "yMMMd", "short": "yMd"}


@lru_cache(maxsize=65536)
def format_day(day: date, lang: str, width: str = "full") -> str:
    """``mardi 1 décembre 2026`` (full), ``1 déc. 2026`` (medium)."""
    if width in ("full", "long"):
        return str(_dates.format_date(day, format=width, locale=locale(lang)))
    return str(_dates.format_skeleton(DATE_SKELETONS[width], day, locale=locale(lang)))


@lru_cache(maxsize=16384)
def format_days(first: date, last: date, lang: str, width: str = "full") -> str:
    """The days ``first`` to ``last`` (both included) in ``width``'s style: ``1–3 déc. 2026`` (medium)."""
    if first == last:
        return format_day(first, lang, width)
    skeleton, loc = DATE_SKELETONS[width], locale(lang)
    if width != "short" and skeleton in loc.interval_formats:  # short intervals pad (ja 2026/12/01)
        return str(_dates.format_interval(first, last, skeleton, locale=loc))
    fallback = str(loc.interval_formats.get(None) or "{0} – {1}")
    return fallback.replace("{0}", format_day(first, lang, width)).replace("{1}", format_day(last, lang, width))


@lru_cache(maxsize=16384)
def format_time(moment: time, lang: str) -> str:
    return str(_dates.format_time(moment, format="short", locale=locale(lang)))


@lru_cache(maxsize=4096)
def format_month(year: int, month: int, lang: str) -> str:
    """``décembre 2026``: a month as a heading."""
    return str(_dates.format_skeleton("yMMMM", date(year, month, 1), locale=locale(lang)))


@lru_cache(maxsize=4096)
def format_weekday_time(moment: datetime, lang: str) -> str:
    return str(_dates.format_skeleton("EEEEdMMMMHm", moment, locale=locale(lang)))


@lru_cache(maxsize=8192)
def zone_name(moment: datetime, lang: str) -> str:
    """The zone of an aware datetime in words (``heure normale d’Europe centrale``)."""
    try:
        return str(_dates.get_timezone_name(moment, width="long", locale=locale(lang)))
    except (LookupError, ValueError):  # pragma: no cover - CLDR knows every tzdata zone we use
        return str(getattr(moment.tzinfo, "key", ""))


def format_list(items: list[str] | tuple[str, ...], lang: str) -> str:
    return str(_lists.format_list(list(items), locale=locale(lang))) if items else ""


@lru_cache(maxsize=4096)
def format_number(value: int, lang: str) -> str:
    return str(_numbers.format_decimal(value, locale=locale(lang)))
