"""An organizer's plain string in a page (#15): isolated in a <bdi>, escaped, and marked with its
record's language only where that is foreign to the page and the string is written in its script
(an Arabic-first club's "Cairo" is not Arabic). The pages themselves are read in Chromium by
test_rtl_walk.py; these are the cases the sample site does not have."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

from groundgame.site.views import View, written_in


class Elements(HTMLParser):
    """The elements (name, attributes) and the text of a piece of HTML, as a parser reads it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def isolate(page_lang: str, value: str, lang: str = "") -> Elements:
    page = SimpleNamespace(_base_lang=page_lang.split("-")[0].lower())  # what View.isolate reads of its view
    return Elements(str(View.isolate(page, value, lang)))  # type: ignore[arg-type]


def test_a_string_of_a_foreign_record_is_marked_with_its_language() -> None:
    found = isolate("ar", "12 rue de la Roquette", "fr")
    assert found.tags == [("bdi", {"lang": "fr"})]
    assert found.text == "12 rue de la Roquette"


def test_a_string_in_the_pages_language_is_isolated_only() -> None:
    assert isolate("fr", "12 rue de la Roquette", "fr").tags == [("bdi", {})]
    assert isolate("pt-BR", "Rua Augusta", "pt").tags == [("bdi", {})]


def test_a_string_not_in_its_records_script_gets_no_language() -> None:
    assert isolate("ja", "Cairo", "ar").tags == [("bdi", {})]
    assert isolate("ja", "القاهرة", "ar").tags == [("bdi", {"lang": "ar"})]
    assert isolate("ar", "Tokyo", "ja").tags == [("bdi", {})]
    assert isolate("ar", "東京", "ja").tags == [("bdi", {"lang": "ja"})]


def test_hostile_text_stays_text() -> None:
    found = isolate("ar", '"><script>alert(1)</script>', "en")
    assert [tag for tag, _ in found.tags] == ["bdi"]
    assert found.text == '"><script>alert(1)</script>'


def test_an_empty_string_is_nothing() -> None:
    assert str(View.isolate(SimpleNamespace(_base_lang="ar"), "", "fr")) == ""  # type: ignore[arg-type]


def test_written_in() -> None:
    assert written_in("São Paulo", "pt-BR")
    assert written_in("2026", "ar")  # no letters: nothing to contradict
    assert written_in("Nairobi", "sw")
    assert not written_in("Nairobi", "ar")
    assert written_in("Anything", "tlh")  # a language whose script CLDR does not know
