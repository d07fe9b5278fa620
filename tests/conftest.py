"""Fixtures in layers: a tiny valid network written from inline YAML into tmp_path.

Tests change one file of it and assert on what ``groundgame`` says.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

BASE_FILES = {
    "regions/europe.yaml": """
        name: {en: Europe, fr: Europe}
        coordinators:
          - {name: Ada Coordinator, github: ada-coord}
        description: Clubs from Lisbon to Helsinki.
    """,
    "regions/latin-america.yaml": """
        name: {en: Latin America, es: América Latina}
        coordinators:
          - {name: Bea Coordinator, github: bea}
    """,
    "campaigns/maker-party.yaml": """
        name: Maker Party
        summary: A season of making.
        starts: 2027-07-01
        ends: 2027-09-30
    """,
    "clubs/paris-web.yaml": """
        name: {fr: Atelier du Web, en: Paris Web Workshop}
        summary: {fr: On apprend le web ensemble., en: We learn the web together.}
        languages: [fr, en]
        region: europe
        location: {city: Paris, country: FR, lat: 48.85, lon: 2.35}
        timezone: Europe/Paris
        topics: [web-literacy]
        levels: [beginner]
        leaders:
          - {name: Camille, github: camille-fr}
        status: active
    """,
    "clubs/sao-paulo-lab.yaml": """
        name: Laboratório Web
        summary: Aprendemos a web.
        languages: [pt-BR]
        region: latin-america
        location: {city: São Paulo, country: BR}
        timezone: America/Sao_Paulo
        leaders:
          - {name: João, github: joao}
        status: active
    """,
    "events/paris-web/soiree.yaml": """
        title: {fr: Soirée HTML, en: HTML evening}
        start: 2026-12-08T19:00
        end: 2026-12-08T21:00
        venue: {name: Bibliothèque, city: Paris, country: FR}
    """,
    "events/paris-web/weekly.yaml": """
        title: {fr: Atelier hebdo}
        start: 2026-12-01T19:00
        end: 2026-12-01T21:00
        venue: {name: Bibliothèque}
        repeat:
          every: week
          on: [tuesday]
          until: 2027-03-30
          except: [2026-12-29]
          changes:
            2027-01-05: {start: 2027-01-06T19:00, end: 2027-01-06T21:00, note: {fr: Déplacé au mercredi}}
    """,
}


class Site:
    """A site folder with content/ written from inline YAML."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def path(self, rel: str) -> Path:
        return self.root / "content" / rel


@pytest.fixture
def site(tmp_path: Path) -> Site:
    result = Site(tmp_path)
    for rel, text in BASE_FILES.items():
        result.write(rel, text)
    return result
