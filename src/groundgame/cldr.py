"""Language tags and country codes, judged by CLDR data through Babel (never a hand list)."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

# CLDR territory codes that are not ISO 3166-1 countries: groupings and private use.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@cache
def _english() -> Locale:
    return Locale("en")


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR knows (Kosovo's XK included, as CLDR has it)."""
    codes: list[str] = [str(code) for code in _english().territories]
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


@cache
def canonical_language(tag: str) -> str | None:
    """The tag in canonical BCP 47 form (``pt-br`` → ``pt-BR``), or None if CLDR does not know it."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return _known_by_parts(tag)
    return str(locale).replace("_", "-") if locale.language else None


def _known_by_parts(tag: str) -> str | None:
    """A tag CLDR has no locale for, but whose language and region it names (``en-KE``)."""
    parts = tag.split("-")
    language = parts[0].lower()
    if language not in _english().languages:
        return None
    rest: list[str] = []
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            rest.append(part.title())
        elif part.upper() in _english().territories:
            rest.append(part.upper())
        else:
            return None
    return "-".join([language, *rest])


def language_named(name: str) -> str | None:
    """The code of a language written by its English name (``Portuguese`` → ``pt``), if any."""
    return _codes_by_name().get(name.strip().lower())


@cache
def _codes_by_name() -> dict[str, str]:
    return {label.lower(): code for code, label in reversed(list(_english().languages.items())) if "_" not in code}
