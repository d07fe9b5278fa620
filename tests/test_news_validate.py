"""News about an event (``Event:``) and news in several languages, as validate checks them; and
``newsfiles.event_news``, the list ``groundgame notify`` reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from groundgame.cli import main
from groundgame.content import newsfiles

NEWS = "Title: Hello\nDate: 2026-11-05 09:00\n"


def validate(capsys: pytest.CaptureFixture[str], root: Path, *paths: Path) -> tuple[int, list[str]]:
    code = main(["--root", str(root), "validate", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


BAD_EVENTS = [
    ("Event: paris-web/soiree-html\n", "content/news/evil.md:3:1: event: must be the id of an event in "
                                       "content/events/ (got 'paris-web/soiree-html'); did you mean "
                                       "'paris-web/soiree' or 'paris-web/weekly'?"),
    ("Event: paris-web\n", "content/news/evil.md:3:1: event: must be an event id, <club>/<slug> as in "
                           "content/events/<club>/<slug>.yaml (got 'paris-web')"),
    ("Event: Paris-Web/Soirée\n", "content/news/evil.md:3:1: event: must be an event id, <club>/<slug> as in "
                                  "content/events/<club>/<slug>.yaml (got 'Paris-Web/Soirée'); for example "
                                  "'paris-web/soiree'"),
    ("Event: ../../etc/passwd\n", "content/news/evil.md:3:1: event: must be an event id, <club>/<slug> as in "
                                  "content/events/<club>/<slug>.yaml (got '../../etc/passwd'); for example "
                                  "'/etc-passwd'"),
]


@pytest.mark.parametrize(("line", "message"), BAD_EVENTS)
def test_a_bad_event_is_named_with_file_and_line(site, capsys, line: str, message: str) -> None:
    path = site.write("news/evil.md", NEWS + line + "\nBody.\n")
    for given in ((), (path,)):  # the whole tree, and the file alone (as the pull request check gives it)
        code, out = validate(capsys, site.root, *given)
        assert code == 1
        assert out[:-1] == [message]


def test_an_article_about_an_event_validates_and_is_listed_for_notify(site, capsys) -> None:
    site.write("news/bring-laptops.md", NEWS + "Event: paris-web/soiree\nSummary: Bring a laptop.\n\nSee you!\n")
    site.write("news/apportez.md", "Title: Apportez un portable\nDate: 2026-11-06\nLang: fr\nSlug: bring-laptops\n"
                                   "Event: paris-web/soiree\n\nÀ bientôt !\n")
    site.write("news/other.md", NEWS + "Club: paris-web\n\nNot about an event.\n")
    assert validate(capsys, site.root) == (0, ["Checked 10 files: 0 errors, 0 warnings (all valid)."])
    found = newsfiles.event_news(site.root)
    assert [(a.path, a.event, a.club, a.lang, a.url) for a in found] == [
        ("content/news/bring-laptops.md", "paris-web/soiree", "paris-web", "en", "news/bring-laptops/"),
        ("content/news/apportez.md", "paris-web/soiree", "paris-web", "fr", "news/bring-laptops-fr/"),
    ]
    assert found[0].summary == "Bring a laptop."
    assert found[0].body == "See you!\n"
    assert found[1].title == "Apportez un portable"


def test_translations_name_the_same_club_and_event(site, capsys) -> None:
    site.write("news/hello.md", NEWS + "Event: paris-web/soiree\n\nHello.\n")
    site.write("news/bonjour.md", NEWS + "Lang: fr\nSlug: hello\nEvent: paris-web/weekly\n\nBonjour.\n")
    code, out = validate(capsys, site.root)
    assert code == 1
    assert out[:-1] == ["content/news/bonjour.md:5:1: event: must be the same in every translation of the "
                        "article 'hello' (content/news/hello.md has 'paris-web/soiree'; got 'paris-web/weekly'); "
                        "write 'Event: paris-web/soiree'"]
