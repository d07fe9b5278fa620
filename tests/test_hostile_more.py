"""Hostile inputs issue #11 did not list, tried on its result: each with its exact message or bounded result."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitebuild import build

from groundgame.cli import main
from groundgame.problems import ContentError

NEWS = "Title: Hello\nDate: 2026-11-05 09:00\nClub: paris-web\n"


def validate(capsys: pytest.CaptureFixture[str], root: Path, *paths: Path) -> tuple[int, list[str]]:
    code = main(["--root", str(root), "validate", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


# What Pelican would act on in a news header: write the page anywhere, with another template, hidden,
# or at an address made from a path; every one a content error, named by file, line and field.
NEWS_HEADERS = [
    ("Save_as: ../../pwned.html\n", "content/news/evil.md:4:1: save_as: is not a field of a news article; news "
                                    "take Title, Date, Modified, Lang, Club, Event, Summary, Slug"),
    ("Url: clubs/paris-web/\n", "content/news/evil.md:4:1: url: is not a field of a news article; news take "
                                "Title, Date, Modified, Lang, Club, Event, Summary, Slug"),
    ("Template: ../../../../etc/passwd\n", "content/news/evil.md:4:1: template: is not a field of a news article; "
                                           "news take Title, Date, Modified, Lang, Club, Event, Summary, Slug"),
    ("Status: hidden\n", "content/news/evil.md:4:1: status: is not a field of a news article; news take Title, "
                         "Date, Modified, Lang, Club, Event, Summary, Slug"),
    ("Slug: ../../../index\n", "content/news/evil.md:4:1: slug: must be lowercase letters and digits joined by "
                               "single hyphens (got '../../../index'); for example 'index'"),
    ("Slug: Hello\n", "content/news/evil.md:4:1: slug: must be lowercase letters and digits joined by single "
                      "hyphens (got 'Hello'); for example 'hello'"),
    ("Lang: en/../../clubs\n", "content/news/evil.md:4:1: lang: must be a language tag CLDR knows, such as 'en' "
                               "or 'pt-BR' (got 'en/../../clubs')"),
    ("Modified: 99999-01-01\n", "content/news/evil.md:4:1: modified: must be a date written YYYY-MM-DD, with a "
                                "time HH:MM if you like (got '99999-01-01')"),
    ("Modified: 2026-02-30\n", "content/news/evil.md:4:1: modified: is not a real date or time (got '2026-02-30')"),
    ("Modified: 0001-01-01\n", "content/news/evil.md:4:1: modified: must be in a year from 1970 to 2036 "
                               "(got '0001-01-01')"),
    ("Summary: \x1b]0;owned\x07\n", "content/news/evil.md:4:1: summary: must not hold a control character "
                                    "(U+001B ESCAPE, at character 1)"),
]


@pytest.mark.parametrize(("line", "message"), NEWS_HEADERS)
def test_news_headers_pelican_would_act_on_are_refused(site, capsys, line: str, message: str) -> None:
    path = site.write("news/evil.md", NEWS + line + "\nBody.\n")
    for given in ((), (path,)):  # the whole tree, and the file alone (as the pull request check gives it)
        code, out = validate(capsys, site.root, *given)
        assert code == 1
        assert out[:-1] == [message]


def test_news_that_validate_was_given_is_checked_not_refused(site, capsys) -> None:
    """A pull request that only adds a news article used to fail: 'is not in content/regions, ...'."""
    path = site.write("news/hello.md", NEWS + "\nBody.\n")
    assert validate(capsys, site.root, path) == (0, ["Checked 1 file: 0 errors, 0 warnings (all valid)."])
    site.write("news/lost.md", "Title: Lost\nDate: 2026-11-01\nClub: paris-wbe\n\nHello.\n")
    assert validate(capsys, site.root)[1][0] == (
        "content/news/lost.md:3:1: club: must be the id of a club in content/clubs/ (got 'paris-wbe'); "
        "did you mean 'paris-web'?")


def test_two_news_with_one_address_are_both_named(site, capsys) -> None:
    first = site.write("news/hello.md", NEWS + "Lang: fr\n\nBonjour.\n")
    site.write("news/other.md", NEWS + "Slug: hello-fr\n\nHello.\n")  # news/hello-fr/ as well
    code, out = validate(capsys, site.root, first)
    assert code == 1
    assert out[0] == ("content/news/hello.md: slug: gives the page address news/hello-fr/, which "
                      "content/news/other.md has too; give each article its own Slug")


def test_news_files_that_are_not_plain_text(site, capsys) -> None:
    site.write("news/latin1.md", NEWS.encode() + b"\nCaf\xe9\n")
    site.write("news/nul.md", NEWS.encode() + b"\nA\x00B\n")
    site.write("news/huge.md", NEWS.encode() + b"\n" + b"x" * 600_000)
    site.write("news/My News.md", NEWS + "\nBody.\n")
    code, out = validate(capsys, site.root)
    assert code == 1
    assert out[:-1] == [
        "content/news/My News.md: has a name that is not a valid id ('My News'); the page address is made "
        "from it; rename it to 'my-news.md', or give a Slug",
        "content/news/huge.md: is larger than 512 KiB; a news article is a few paragraphs",
        "content/news/latin1.md:5:4: is not valid UTF-8 text; save the file as UTF-8",
        "content/news/nul.md:5:2: contains a NUL byte; a news article is plain text",
    ]


@pytest.mark.build
def test_symbolic_links_under_news_are_refused_not_followed(site, capsys, tmp_path: Path) -> None:
    """Pelican follows them: a link to / made the build read the whole disk (it never finished)."""
    (site.path("news")).mkdir()
    os.symlink("/", site.path("news/everything"))
    os.symlink("/etc/passwd", site.path("news/passwd.md"))
    started = time.monotonic()
    code, out = validate(capsys, site.root)
    assert code == 1
    assert out[:-1] == [
        "content/news/everything: must be a regular file or folder, not a symbolic link",
        "content/news/passwd.md: must be a regular file or folder, not a symbolic link",
    ]
    with pytest.raises(ContentError):
        build(site.root, tmp_path / "out", GROUNDGAME_SEARCH=False)
    assert time.monotonic() - started < 30
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.html"))


@pytest.mark.build
def test_the_build_refuses_a_news_header_before_pelican_acts_on_it(site, capsys, tmp_path: Path) -> None:
    """``Save_as: index.html`` made Pelican write the page itself, past groundgame's writer (a traceback);
    ``Save_as`` outside the output, or an impossible date, dropped the article and the build passed."""
    for line in ("Save_as: index.html\n", "Save_as: ../../pwned.html\n", "Date: 99999-01-01\n"):
        site.write("news/evil.md", (NEWS + line if "Date" not in line else line + "Title: x\n") + "\nBody.\n")
        with pytest.raises(ContentError):
            build(site.root, tmp_path / "out", GROUNDGAME_SEARCH=False)
        assert "content/news/evil.md:" in capsys.readouterr().err
        assert not (tmp_path / "pwned.html").exists()


WEB = "must be a web address starting with https:// or http://, or a mailto: address"


@pytest.mark.parametrize(("line", "said"), [
    ("join_url: https://ok.example/\u202emoc.elgoog\n",  # was shown as https://ok.example/google.com
     f"11: join_url: {WEB} (got 'https://ok.example/\\u202emoc.elgoog')"),
    ("join_url: 'https://evil.example\\.good.example/'\n",  # a browser goes to evil.example
     f"11: join_url: {WEB} (got 'https://evil.example\\\\.good.example/')"),
    ("contact: {website: 'https://ok.example/\u2066evil'}\n",
     f"20: contact.website: {WEB} (got 'https://ok.example/\\u2066evil')"),
    ('contact: {forum: "https://ok.example/\\e]0;x"}\n', f"18: contact.forum: {WEB} (got 'https://ok.example/\\x1b]0;x')"),
    ("contact: {email: \"a\u202e@ok.example\"}\n",
     "18: contact.email: must be an email address such as club@example.org (got 'a\\u202e@ok.example')"),
])
def test_web_and_mail_addresses_refuse_bidirectional_and_control_characters(site, capsys, line: str,
                                                                             said: str) -> None:
    """Web addresses are shown as link text; U+202E made one read as another site's."""
    path = site.path("clubs/paris-web.yaml")
    text = path.read_text("utf-8")
    path.write_text(text + line, "utf-8")
    code, out = validate(capsys, site.root, path)
    assert code == 1
    assert out[0] == f"content/clubs/paris-web.yaml:{len(text.splitlines()) + 1}:{said}"


@pytest.mark.parametrize(("raw", "said"), [
    (b"status: active\x1b[2J\n", "2:15: contains U+001B ESCAPE, a control character that YAML does not allow; "
                                 "remove it"),
    ("status: \ufffe\n".encode(), "2:9: contains U+FFFE, a noncharacter that YAML does not allow; remove it"),
])
def test_a_character_yaml_refuses_is_named_with_its_line(site, capsys, raw: bytes, said: str) -> None:
    """It was 'is not valid YAML: unacceptable character #x001b: ...\\n  in "<unicode string>", position 387',
    with no line, and a line break in the message."""
    path = site.write("regions/other.yaml", b"name: Other\n" + raw)
    code, out = validate(capsys, site.root, path)
    assert code == 1
    assert out[0] == f"content/regions/other.yaml:{said}"


def test_a_record_folder_or_content_itself_as_a_symbolic_link_is_refused(site, capsys, tmp_path: Path) -> None:
    """A link to / made validate walk the whole disk (it never finished); a link elsewhere read records
    from outside the repository."""
    events = site.path("events")
    os.rename(events, tmp_path / "events-elsewhere")
    os.symlink("/", events)
    started = time.monotonic()
    code, out = validate(capsys, site.root)
    assert time.monotonic() - started < 30
    assert code == 1
    assert "content/events: must be a folder, not a symbolic link" in out
    os.rename(site.path(""), tmp_path / "real-content")
    os.symlink(tmp_path / "real-content", site.root / "content")
    assert validate(capsys, site.root) == (1, ["content: must be a folder, not a symbolic link",
                                               "Checked 0 files: 1 error, 0 warnings (fix the errors above)."])


@pytest.mark.parametrize(("zone", "start", "said"), [
    ("Antarctica/Troll", "2027-03-28T01:30", "the clocks skip 2 hours when summer time starts; choose a time 2 hours "
                                             "later"),
    ("Australia/Lord_Howe", "2026-10-04T02:10", "the clocks skip 30 minutes when summer time starts; choose a time "
                                                "30 minutes later"),
    ("Europe/Paris", "2027-03-28T02:30", "the clocks skip that hour when summer time starts; choose a time an hour "
                                         "later"),
])
def test_a_skipped_time_says_how_much_is_skipped(site, capsys, zone: str, start: str, said: str) -> None:
    """'Choose a time an hour later' was said of every zone: in Troll, an hour later is skipped too."""
    path = site.write("events/paris-web/gap.yaml", f"title: Gap\nstart: {start}\ntimezone: {zone}\n"
                                                   "venue: {name: Lib}\n")
    code, out = validate(capsys, site.root, path)
    assert code == 1
    assert out[0] == f"content/events/paris-web/gap.yaml:2:8: start: {start} does not exist in {zone}: {said}"


def test_a_news_body_refuses_what_its_atom_feed_cannot_carry(site, capsys) -> None:
    """A control character in the body passed validate and stopped the build with a traceback
    (UnserializableContentError: Control characters are not supported in XML 1.0)."""
    site.write("news/body.md", (NEWS + "\nHello\n\nA \x1b[2J B\n").encode())
    assert validate(capsys, site.root)[1][0] == (
        "content/news/body.md:7:3: contains U+001B ESCAPE, a control character, which a news article may not; "
        "remove it")
    site.write("news/body.md", NEWS.replace("\n", "\r\n").encode() + "\r\nCRLF lines \u00e9t\u00e9.\r\n".encode())
    assert validate(capsys, site.root)[0] == 0


def test_the_summary_names_the_club_a_news_article_speaks_for(site, capsys) -> None:
    """content/news/ is the maintainers' in CODEOWNERS: a news file put a post on any club's page and
    feed without its leaders being asked, and the summary did not mention it."""
    path = site.write("news/takeover.md", "Title: <b>Closed</b> @everyone\nDate: 2026-11-05\nClub: paris-web\n\nX.\n")
    assert main(["--root", str(site.root), "summary", str(path)]) == 0
    assert capsys.readouterr().out.split("### News\n\n")[1] == (
        "- &#60;b&#62;Closed&#60;/b&#62; &#64;everyone (`content/news/takeover.md`): posted as Atelier du Web "
        "(`paris-web`), on its page and in its news feed; its leaders do not review news files, so make sure "
        "they agree (`@camille-fr`)\n\nIt also changes 1 other file.\n")


PELICAN_LINK = ("uses Pelican's {{static}}/{{attach}} link syntax (got {got!r}), which copies files into the site; "
                "link to a full https:// address instead")


UP = "../" * 8


@pytest.mark.parametrize(("link", "where", "got"), [
    (f'<a href="{{attach}}{UP}etc/passwd">p</a>', "7:4", f'href="{{attach}}{UP}etc/passw'),
    (f'<a href="|static|{UP}etc/hostname">h</a>', "7:4", f'href="|static|{UP}etc/hostn'),
    # no position: it is {attach} only once the page is HTML, where Pelican looks for it
    (f'<a href="&#123;attach}}{UP}etc/passwd">p</a>', "", f'href="{{attach}}{UP}etc/passw'),
])
def test_pelican_link_syntax_in_a_news_body_is_refused(site, capsys, link: str, where: str, got: str) -> None:
    """Pelican copied the file an {attach} link names into the site: /etc/passwd became /passwd."""
    site.write("news/attach.md", NEWS + "\nHello\n\n" + link + "\n")
    code, out = validate(capsys, site.root)
    assert code == 1
    assert out[0] == f"content/news/attach.md{':' + where if where else ''}: " + PELICAN_LINK.format(got=got)


@pytest.mark.build
def test_an_attach_link_copies_nothing_into_the_site(site, capsys, tmp_path: Path) -> None:
    site.write("news/attach.md", NEWS + f'\n<a href="&#123;attach}}{UP}etc/passwd">p</a>\n')
    with pytest.raises(ContentError):
        build(site.root, tmp_path / "out", GROUNDGAME_SEARCH=False)
    assert not (tmp_path / "out" / "passwd").exists()


@pytest.mark.build
def test_the_plugin_copies_no_linked_file_even_past_the_news_check(site, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Defense in depth: with the news check out of the way, Pelican's static generator still copies nothing."""
    from groundgame.content import newsfiles

    monkeypatch.setattr(newsfiles, "check_folder", lambda *args, **kwargs: ([], 0))
    site.write("news/attach.md", NEWS + f'\n<a href="{{attach}}{UP}etc/passwd">p</a>\n')
    out = tmp_path / "out"
    with pytest.raises(Exception, match="warning"):  # Pelican warns that it cannot resolve the link
        build(site.root, out, GROUNDGAME_SEARCH=False, GROUNDGAME_LANGUAGES=["en"])
    assert not (out / "passwd").exists()


@pytest.mark.parametrize(("field", "col"), [("interval: 1.0, count: 3", 33), ("count: 3.0", 30)])
def test_a_whole_number_written_as_a_float_is_refused(site, capsys, field: str, col: int) -> None:
    """JSON Schema counts 1.0 as an integer: 'interval: 1.0' passed the schema and validate died with a
    traceback in the recurrence library (TypeError: 'float' object cannot be interpreted as an integer)."""
    path = site.write("events/paris-web/float.yaml", "title: F\nstart: 2027-01-10T10:00\nvenue: {name: X}\n"
                                                     f"repeat: {{every: week, {field}}}\n")
    code, out = validate(capsys, site.root, path)
    assert code == 1
    name, value = field.split(",")[0].split(": ")
    assert out[0] == f"content/events/paris-web/float.yaml:4:{col}: repeat.{name}: must be a whole number (got {value})"


@pytest.mark.build
def test_an_article_pelican_drops_fails_a_strict_build(site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pelican logs 'Could not process' and drops the article before the plugin's generator read anything:
    that warning was not counted, and the build passed without the article."""
    from groundgame.content import newsfiles

    monkeypatch.setattr(newsfiles, "check_folder", lambda *args, **kwargs: ([], 0))  # Pelican alone
    site.write("news/dropped.md", "Title: Dropped\nDate: 99999-01-01\nClub: paris-web\n\nX.\n")
    with pytest.raises(Exception, match=r"1 warning\(s\) during the build; strict builds fail on warnings"):
        build(site.root, tmp_path / "out", GROUNDGAME_SEARCH=False, GROUNDGAME_LANGUAGES=["en"])


@pytest.fixture
def nest() -> Iterator[Callable[[Path, int, str], None]]:
    """Makes ``top/d/d/.../d/leaf`` folder by folder (os.makedirs recurses), and removes it the same
    way afterwards: shutil.rmtree recurses too, and pytest's clean-up of old temporary folders would die
    of it in every later run."""
    made: list[tuple[Path, int]] = []

    def make(top: Path, depth: int, leaf: str) -> None:
        top.mkdir(parents=True)
        made.append((top, depth))
        fd = os.open(top, os.O_RDONLY)
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(os.open(leaf, os.O_WRONLY | os.O_CREAT, dir_fd=fd))
        os.close(fd)

    yield make
    for top, depth in made:
        fds = [os.open(top, os.O_RDONLY)]
        for _ in range(depth):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        for name in os.listdir(fds[-1]):
            os.unlink(name, dir_fd=fds[-1])
        for parent in reversed(fds[:-1]):
            os.close(fds.pop())
            os.rmdir("d", dir_fd=parent)
        os.close(fds.pop())


def test_folders_nested_a_thousand_deep_are_an_error_not_a_recursion_error(site, capsys, nest) -> None:
    """Python 3.11's os.walk and rglob recurse: 1,100 nested folders made validate die with RecursionError."""
    nest(site.path("junk"), 1100, "deep.yaml")
    nest(site.path("news/n"), 1100, "deep.md")
    deep = "/d" * 16
    code, out = validate(capsys, site.root)
    assert code == 1
    assert out[:-1] == [
        f"content/junk{deep}: has folders nested more than 16 deep; nothing below them is read; move or delete them",
        f"content/news/n{deep[:-2]}: has folders nested more than 16 deep; nothing below them is read; "
        "move or delete them",
    ]
    main(["--root", str(site.root), "validate", str(site.path(""))])  # a folder given is walked the same way
    assert capsys.readouterr().out.endswith("(all valid).\n")  # (what is too deep is not read, and not said)


@pytest.mark.build
def test_deeply_nested_news_folders_stop_the_build_before_pelican_walks_them(site, tmp_path: Path, nest) -> None:
    nest(site.path("news/n"), 1100, "deep.md")
    with pytest.raises(ContentError):  # not RecursionError from Pelican's own walk of content/news
        build(site.root, tmp_path / "out", GROUNDGAME_SEARCH=False)


def test_a_club_news_feed_carries_the_newest_fifty_articles() -> None:
    """A club's Atom feed held every article it ever posted, each whole: it grew without a bound."""
    import xml.etree.ElementTree as ET
    from dataclasses import dataclass, field
    from datetime import datetime, timedelta
    from typing import Any

    from groundgame.config import SiteConfig
    from groundgame.site.news import MAX_FEED_ARTICLES, club_feed

    @dataclass
    class Article:
        title: str
        url: str
        date: datetime
        lang: str = "en"
        summary: str = "s"
        content: str = "<p>x</p>"
        metadata: dict[str, Any] = field(default_factory=dict)

    first = datetime(2026, 1, 1)
    articles = [Article(f"News {n}", f"news/n{n}/", first + timedelta(days=n)) for n in range(120)]
    feed = ET.fromstring(club_feed(SiteConfig(site_url="https://clubs.example.org"), "paris-web", "Paris", articles))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert MAX_FEED_ARTICLES == 50
    assert titles == [f"News {n}" for n in range(119, 69, -1)]
