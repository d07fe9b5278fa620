"""Hostile text in any field is inert in every page; invalid content builds nothing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from sitebuild import build, pages

from groundgame.problems import ContentError

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = "\"'><img src=x onerror=alert(1)></script><script>alert(2)</script>"

HOSTILE_CLUB = {
    "name": {"en": f"Evil {SCRIPT} Club", "fr": f"Club {BREAKOUT}"},
    "summary": {"en": f"x{BREAKOUT}", "fr": SCRIPT},
    "description": {"en": "[click](javascript:alert(1)) <script>alert(3)</script> <a href='javascript:x'>y</a>\n\n"
                          "<iframe src=//evil.example></iframe> **bold** [ok](https://ok.example/)"},
    "languages": ["en", "fr"],
    "region": "europe",
    "location": {"city": f"Lyon {SCRIPT}", "country": "FR"},
    "timezone": "Europe/Paris",
    "topics": ["web-literacy"],
    "leaders": [{"name": f"Mallory {BREAKOUT}", "github": "mallory"}],
    "contact": {"website": "https://evil.example/\"onmouseover=alert(1)", "email": "evil@example.org"},
    "status": "active",
}

HOSTILE_EVENT = {
    "title": {"en": f"</script><script>alert('ld')</script>{BREAKOUT}"},
    "summary": SCRIPT,
    "description": "<img src=x onerror=alert(1)>[x](javascript:alert(1))",
    "report": "<script>alert(5)</script>",
    "start": "2026-12-10T19:00",
    "end": "2026-12-10T21:00",
    "online": {"url": 'https://meet.example/room"><script>alert(6)</script>'},
    "venue": {"name": f"Hall {BREAKOUT}", "address": SCRIPT, "city": "Lyon", "country": "FR",
              "accessibility": {"step_free": True, "notes": SCRIPT}},
    "cost": BREAKOUT,
    "activities": {"before": [{"title": SCRIPT, "url": "https://ok.example/a"}]},
}


class Audit(HTMLParser):
    """Every script element, every attribute: what a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict[str, str], list[str]]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("iframe", "img", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}")
            if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{name}={value}")
        if tag == "script":
            self.scripts.append((a, []))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1][1].append(data)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import BASE_FILES, Site

    root = tmp_path_factory.mktemp("hostile")
    site = Site(root)
    for rel, text in BASE_FILES.items():
        site.write(rel, text)
    site.write("clubs/evil-club.yaml", yaml.safe_dump(HOSTILE_CLUB, allow_unicode=True))
    site.write("events/evil-club/evil-night.yaml", yaml.safe_dump(HOSTILE_EVENT, allow_unicode=True))
    site.write("news/evil.md", f"Title: News {SCRIPT}\nDate: 2026-11-01\nClub: evil-club\n\n"
                               "<script>alert(7)</script> [x](javascript:alert(8)) <img src=x onerror=alert(9)>\n")
    out = root / "output"
    build(root, out)
    return out


THEME_SCRIPTS = ("/theme/site.js", "/theme/search.js", "/theme/map.js", "/theme/leaflet/leaflet.js",
                 "/theme/leaflet/leaflet.markercluster.js")  # the theme's own files, none inline


@pytest.mark.build
def test_hostile_text_is_inert_everywhere(hostile: Path) -> None:
    checked = 0
    for path in pages(hostile):
        audit = Audit()
        audit.feed(path.read_text("utf-8"))
        assert not audit.problems, (path, audit.problems)
        for attrs, body in audit.scripts:
            if attrs.get("type") == "application/ld+json":
                json.loads("".join(body))  # one whole JSON document: nothing broke out of it
            else:
                assert attrs.get("src", "").endswith(THEME_SCRIPTS), (path, attrs)
                assert not "".join(body).strip(), (path, attrs)
        checked += 1
    assert checked > 20


@pytest.mark.build
def test_hostile_title_survives_as_text_in_json_ld(hostile: Path) -> None:
    text = (hostile / "events/evil-club/evil-night/index.html").read_text("utf-8")
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert "</script" not in body.lower()
    assert json.loads(body)["name"].startswith("</script><script>alert('ld')")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown as text, not run
    assert 'href="https://ok.example/"' in (hostile / "clubs/evil-club/index.html").read_text("utf-8")


@pytest.mark.build
def test_news_feed_carries_no_live_markup(hostile: Path) -> None:
    feed = ET.parse(hostile / "news/clubs/evil-club/atom.xml").getroot()
    texts = " ".join(e.text or "" for e in feed.iter()).lower()
    assert "alert(7)" not in texts  # the <script> element is gone with its content
    assert "<script" not in texts
    assert "javascript:" not in texts
    assert "onerror" not in texts


def test_invalid_content_fails_the_build_and_writes_nothing(site, tmp_path: Path, capsys) -> None:
    site.write("events/paris-web/broken.yaml", """
        title: Broken
        start: 2026-12-08T19:00
        timezone: Europe/Pariss
    """)
    out = tmp_path / "output"
    out.mkdir()
    (out / "stale.html").write_text("old")
    with pytest.raises(ContentError):
        build(site.root, out)
    err = capsys.readouterr().err
    assert "content/events/paris-web/broken.yaml:3:11: timezone: must be an IANA time zone" in err
    assert not list(out.rglob("*.html"))


def test_news_for_an_unknown_club_is_a_content_error(site, tmp_path: Path, capsys) -> None:
    site.write("news/lost.md", "Title: Lost\nDate: 2026-11-01\nClub: no-such-club\n\nHello.\n")
    with pytest.raises(ContentError):
        build(site.root, tmp_path / "output")
    assert "content/news/lost.md:3:1: club: must be the id of a club" in capsys.readouterr().err


@pytest.mark.build
def test_domain_root_links(site, tmp_path: Path) -> None:
    out = tmp_path / "output"
    build(site.root, out, "https://clubs.example.org")
    text = (out / "es/clubs/paris-web/index.html").read_text("utf-8")
    assert 'href="/es/clubs/"' in text
    assert 'href="/theme/site.css"' in text
    assert '<link rel="alternate" hreflang="fr" href="https://clubs.example.org/fr/clubs/paris-web/">' in text
