"""Links to the repository's issue forms (GROUNDGAME_REPOSITORY): the contribute page links every
form, a club page its event form filled in with the club, an event page its change form and each
meeting of a series its meeting form; without the setting no such link is written.

The sample site is built once with Pelican for the module (without feeds and search, which these
pages do not need), and read back with an HTML parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import Site
from sitebuild import EPOCH, REPO, build

from groundgame import clock, i18n
from groundgame.config import SiteConfig, from_settings
from groundgame.content.network import load_network
from groundgame.problems import UsageError
from groundgame.site.pages import PageModel
from groundgame.site.views import View

REPOSITORY = "https://github.com/example/groundgame"
SITE_URL = "https://example.org/clubs"
SERIES = "paris-atelier-du-web/atelier-mensuel"  # its 2026-12-09 meeting moves to 2026-12-16
SINGLE = "paris-atelier-du-web/soiree-vie-privee"
FORMS = {  # the contribute page's links, in order: (address, text)
    "club.yml": "Register a club, with its first event",
    "event.yml": "Propose an event or a series",
    "meeting.yml": "Change one meeting of a series",
    "change.yml": "Change or cancel an event",
    "translation.yml": "Add a translation",
}


class Links(HTMLParser):
    """Every link of a page: its address, its text, and whether it is in a series' meeting list."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self._open: list[dict[str, str]] = []
        self._meetings = 0  # depth inside <ol class="meetings">
        self._li: str = ""  # the datetime of the meeting <li> we are in
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "ol" and "meetings" in a.get("class", "").split():
            self._meetings += 1
        if tag == "time" and self._meetings and not self._li:
            self._li = a.get("datetime", "")
        if tag == "a" and "href" in a:
            self._open.append({"href": a["href"], "text": "", "class": a.get("class", ""),
                               "meeting": self._li if self._meetings else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            link = self._open.pop()
            link["text"] = " ".join(link["text"].split())
            self.links.append(link)
        if tag == "li":
            self._li = ""
        if tag == "ol" and self._meetings:
            self._meetings -= 1

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link["text"] += data

    def to_repository(self) -> list[dict[str, str]]:
        return [link for link in self.links if link["href"].startswith(REPOSITORY)]


def page(out: Path, rel: str) -> Links:
    return Links((out / rel / "index.html").read_text("utf-8"))


def form(href: str) -> tuple[str, list[tuple[str, str]]]:
    """``(address before the query, the query's fields in order)``."""
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qsl(parts.query, keep_blank_values=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "output"
    build(REPO, out, SITE_URL, GROUNDGAME_REPOSITORY=REPOSITORY + "/", GROUNDGAME_FEEDS=False,
          GROUNDGAME_SEARCH=False)
    return out


@pytest.fixture(scope="module")
def model() -> PageModel:
    outcome = load_network(REPO)
    assert outcome.ok
    return PageModel.build(outcome.network, clock.now({"SOURCE_DATE_EPOCH": EPOCH}))


@pytest.mark.build
def test_the_contribute_page_links_every_form_and_the_repository(built: Path) -> None:
    links = page(built, "contribute").to_repository()
    assert [(form(link["href"]), link["text"]) for link in links] == [
        *(((f"{REPOSITORY}/issues/new", [("template", file)]), text) for file, text in FORMS.items()),
        ((REPOSITORY, []), "The repository"),
        ((f"{REPOSITORY}/blob/HEAD/CONTRIBUTING.md", []), "How to contribute, step by step"),
    ]


@pytest.mark.build
@pytest.mark.parametrize("lang", ["fr", "ar", "ja"])
def test_the_links_are_in_the_page_language(built: Path, lang: str) -> None:
    texts = [link["text"] for link in page(built, f"{lang}/contribute").to_repository()]
    expected = [*FORMS.values(), "The repository", "How to contribute, step by step"]
    assert texts == [i18n.gettext(lang, text) for text in expected]
    assert not set(texts) & set(expected)  # every one translated
    club = page(built, f"{lang}/clubs/paris-atelier-du-web").to_repository()
    assert [link["text"] for link in club] == [i18n.gettext(lang, "Propose an event for this club")]
    event = page(built, f"{lang}/events/{SERIES}").to_repository()
    assert {link["text"] for link in event} == {i18n.gettext(lang, "change this meeting"),
                                                 i18n.gettext(lang, "Report a change")}


@pytest.mark.build
def test_a_club_page_proposes_an_event_for_the_club(built: Path) -> None:
    links = page(built, "clubs/paris-atelier-du-web").to_repository()
    assert [(form(link["href"]), link["text"]) for link in links] == [
        ((f"{REPOSITORY}/issues/new", [("template", "event.yml"), ("club", "paris-atelier-du-web")]),
         "Propose an event for this club"),
    ]
    assert "&amp;club=" in (built / "clubs/paris-atelier-du-web/index.html").read_text("utf-8")


@pytest.mark.build
def test_an_event_page_reports_a_change_and_each_meeting_of_a_series_changes_that_meeting(
        built: Path, model: PageModel) -> None:
    links = page(built, f"events/{SERIES}").to_repository()
    report = [form(link["href"]) for link in links if link["text"] == "Report a change"]
    assert report == [(f"{REPOSITORY}/issues/new", [("template", "change.yml"), ("event", SERIES)])]
    meetings = [(link["meeting"], form(link["href"])) for link in links if link["text"] == "change this meeting"]
    upcoming = model.event_upcoming(SERIES)
    assert len(upcoming) > 3
    assert meetings == [
        (m.start.isoformat(), (f"{REPOSITORY}/issues/new",
                               [("template", "meeting.yml"), ("event", SERIES), ("date", m.original_date.isoformat())]))
        for m in upcoming
    ]
    moved = [link for m, link in zip(upcoming, meetings, strict=True) if m.moved]
    assert [fields[-1] for _, (_, fields) in moved] == [("date", "2026-12-09")]  # the date the series gave it


@pytest.mark.build
def test_a_single_event_has_no_meeting_links(built: Path) -> None:
    links = page(built, f"events/{SINGLE}").to_repository()
    assert [(form(link["href"]), link["text"]) for link in links] == [
        ((f"{REPOSITORY}/issues/new", [("template", "change.yml"), ("event", SINGLE)]), "Report a change"),
    ]


@pytest.mark.build
def test_without_the_setting_no_link_to_a_repository_is_written(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(site.root, out, SITE_URL, GROUNDGAME_REPOSITORY="", GROUNDGAME_FEEDS=False, GROUNDGAME_SEARCH=False)
    written = [p.read_text("utf-8") for p in out.rglob("*.html")]
    assert len(written) > 20
    assert not [text for text in written if "/issues/new" in text or "github.com/example" in text]
    assert not [text for text in written if "Report a change" in text or "change this meeting" in text]


def test_a_value_cannot_add_a_field_or_leave_the_query() -> None:
    view = SimpleNamespace(config=SiteConfig(repository=REPOSITORY))
    hostile = 'x&template=evil.yml#"><script>'
    href = View.issue_form(view, "event.yml", club=hostile)  # type: ignore[arg-type]
    assert form(href) == (f"{REPOSITORY}/issues/new", [("template", "event.yml"), ("club", hostile)])
    assert not set(href) & set('"<># ')
    assert View.issue_form(SimpleNamespace(config=SiteConfig()), "event.yml") == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [
    "http://github.com/example/groundgame", "https://github.com", "https://github.com/", "javascript:alert(1)",
    "https://x@github.com/example/groundgame", "https://github.com/example/groundgame?x=1",
    "https://github.com/example/groundgame#top", "https://github.com/a b", "https://github.com\\@evil/x",
    "https://github.com/example/\u202egroundgame", 42,
])
def test_a_repository_setting_must_be_an_https_address(value: object) -> None:
    with pytest.raises(UsageError, match=r"GROUNDGAME_REPOSITORY must be the repository's https address"):
        from_settings({"GROUNDGAME_REPOSITORY": value})


def test_the_repository_setting_is_read_without_its_trailing_slash() -> None:
    assert from_settings({"GROUNDGAME_REPOSITORY": REPOSITORY + "/"}).repository == REPOSITORY
    assert from_settings({"GROUNDGAME_REPOSITORY": ""}).repository == ""
    assert from_settings({}).repository == ""
