"""The stay-in-touch box of club and event pages: the club's announcement lists (the page's language's first),
its calendar (webcal and https), its news feed and its upcoming-events feed, in the page's language."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BASE_FILES
from sitebuild import build

from groundgame import i18n

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/clubs"
ANNOUNCEMENTS = """
announcements:
  address: annonces@lists.example.org
  subscribe: https://lists.example.org/atelier
  languages:
    en: {address: news-en@lists.example.org, subscribe: https://lists.example.org/atelier-en}
"""


class Box(HTMLParser):
    """The links and the text of a page's ``aside.stay``."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (class of the item, href)
        self.text: list[str] = []
        self.found = 0
        self._depth = 0
        self._item = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "aside" and a.get("class") == "stay":
            self.found += 1
            self._depth = 1
        elif self._depth and tag == "aside":
            self._depth += 1
        if self._depth and tag == "li":
            self._item = a.get("class", "")
        if self._depth and tag == "a":
            self.links.append((self._item, a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "aside":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.text.append(data)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stay")
    for rel, text in BASE_FILES.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = textwrap.dedent(text).lstrip("\n")
        path.write_text(body + (textwrap.dedent(ANNOUNCEMENTS).lstrip("\n") if rel == "clubs/paris-web.yaml" else ""),
                        "utf-8")
    output = root / "output"
    build(root, output, SITE_URL, GROUNDGAME_SEARCH=False, GROUNDGAME_LANGUAGES=["en", "fr", "ar"])
    return output


def box(out: Path, rel: str) -> Box:
    found = Box((out / rel / "index.html").read_text("utf-8"))
    assert found.found == 1, rel
    return found


@pytest.mark.parametrize("page", ["clubs/paris-web/", "events/paris-web/soiree/"])
def test_the_french_page_offers_the_french_list_first_in_french(out: Path, page: str) -> None:
    french = box(out, "fr/" + page)
    lists = [href for kind, href in french.links if kind == "list"]
    assert lists == ["https://lists.example.org/atelier", "https://lists.example.org/atelier-en"]
    text = " ".join(french.text)
    assert i18n.gettext("fr", "Stay in touch") == "Restez en contact"
    assert "Restez en contact" in text
    assert "S'inscrire à la liste d'annonces du club" in text
    assert "(français)" in text
    assert "(anglais)" in text
    english = box(out, page)
    assert [href for kind, href in english.links if kind == "list"] == [
        "https://lists.example.org/atelier-en", "https://lists.example.org/atelier"]
    assert "Join the club's announcement list" in " ".join(english.text)


def test_the_box_links_the_calendar_and_both_feeds(out: Path) -> None:
    hrefs = [href for kind, href in box(out, "fr/clubs/paris-web/").links if kind in ("calendar", "feed")]
    assert hrefs[0] == "webcal://example.org/clubs/calendar/clubs/paris-web.ics"
    assert hrefs[1] == f"{SITE_URL}/calendar/clubs/paris-web.ics"
    assert hrefs[2:] == ["/clubs/feeds/upcoming/paris-web.atom", "/clubs/news/clubs/paris-web/atom.xml"]
    for href in hrefs[1:]:  # every file the box links is written, the news feed of a club without news too
        rel = href.removeprefix(SITE_URL + "/").removeprefix("/clubs/")
        assert (out / rel).is_file(), href
    for feed in ("feeds/upcoming/paris-web.atom", "news/clubs/paris-web/atom.xml"):
        assert ET.parse(out / feed).getroot().tag == "{http://www.w3.org/2005/Atom}feed"


def test_a_club_without_a_list_still_has_the_box(out: Path) -> None:
    found = box(out, "ar/clubs/sao-paulo-lab/")
    assert [kind for kind, _ in found.links] == ["calendar", "calendar", "feed", "feed"]
    assert i18n.gettext("ar", "Stay in touch") in " ".join(found.text)
