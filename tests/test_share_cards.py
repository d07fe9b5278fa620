"""Share cards (#16): read back by Pillow, their fonts read by fontTools, linked by the built pages.

The unit tests draw cards and lines with ``site.cards`` and check them with readers that are not
ours: Pillow opens the PNG, fontTools reads each font's cmap and names. The build tests build a
small network with a French, an Arabic and a Japanese club through Pelican (once, then again
incrementally, then into a fresh folder) and follow each page's ``og:image`` to its file.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BASE_FILES, Site
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont
from sitebuild import build

from groundgame.site import cards

LATIN = cards.Card("fr", "Soirée HTML à la bibliothèque", ("mardi 8 décembre 2026, 19:00 – 21:00",
                                                         "Bibliothèque, Paris, France", "Atelier du Web"), "Clubs")
ARABIC = cards.Card("ar", "ورشة HTML للبنات", ("الثلاثاء، 8 ديسمبر 2026", "مكتبة القاهرة، القاهرة، مصر",
                                               "نادي الويب بالقاهرة"), "Clubs")
JAPANESE = cards.Card("ja", "こどもウェブ教室：はじめてのホームページ",
                      ("2026年12月8日火曜日 19:00～21:00", "渋谷区立図書館、東京、日本",
                       "東京ウェブメーカーズ"), "Clubs")


def _read(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _ink(image: Image.Image) -> Image.Image:
    """Where ``image`` (drawn black on white) has ink, as a 1-bit mask."""
    return image.convert("L").point(lambda v: 255 if v < 128 else 0).convert("1")


def _components(mask: Image.Image) -> int:
    """Connected pieces of ink (8-neighbours): joined letters are one piece, isolated ones several."""
    width, height = mask.size
    pixels = mask.load()
    seen: set[tuple[int, int]] = set()
    count = 0
    for y in range(height):
        for x in range(width):
            if pixels[x, y] and (x, y) not in seen:
                count += 1
                queue = deque([(x, y)])
                seen.add((x, y))
                while queue:
                    cx, cy = queue.popleft()
                    for dx in (-1, 0, 1):
                        for dy in (-1, 0, 1):
                            nx, ny = cx + dx, cy + dy
                            if 0 <= nx < width and 0 <= ny < height and pixels[nx, ny] and (nx, ny) not in seen:
                                seen.add((nx, ny))
                                queue.append((nx, ny))
    return count


def _line_image(text: str, rtl_paragraph: bool, *, from_left: bool = True) -> Image.Image:
    """``text`` laid out and drawn by the cards' code (black on white), from the left margin."""
    image = Image.new("RGB", (cards.WIDTH, 160), "white")
    cards.draw_line(ImageDraw.Draw(image), cards.measure(text, 72, False, rtl_paragraph), 110, "black",
                    rtl=not from_left)
    return image


@pytest.mark.parametrize("card", [LATIN, ARABIC, JAPANESE], ids=["latin", "arabic", "japanese"])
def test_card_reads_back_as_a_png_of_the_open_graph_size(card: cards.Card) -> None:
    image = _read(cards.draw(card))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.mode == "P"  # a palette of the site's colours
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=4096) or []}
    assert (0x0B, 0x57, 0xD0) in colours  # the site's accent (the band)
    assert len(colours) > 10  # antialiased text, not just the band and the background


def test_arabic_is_joined_not_drawn_in_isolated_forms() -> None:
    word = "سلام"  # seen, lam, alef join (lam-alef a ligature); meem stands apart after alef
    shaped = _ink(_line_image(word, True))
    isolated = "".join(unicodedata.lookup(f"{unicodedata.name(c)} ISOLATED FORM") for c in reversed(word))
    font = ImageFont.truetype(str(cards.fonts().arabic.path), 72, layout_engine=ImageFont.Layout.BASIC)
    unjoined = Image.new("RGB", (cards.WIDTH, 160), "white")
    ImageDraw.Draw(unjoined).text((cards.MARGIN, 110), isolated, font=font, fill="black", anchor="ls")
    assert shaped.tobytes() != _ink(unjoined).tobytes()
    assert _components(shaped) == 2  # "سلا" and "م"
    assert _components(_ink(unjoined)) == 4


def test_arabic_runs_right_to_left_its_first_letter_at_the_right() -> None:
    word = "سلام"
    whole = _ink(_line_image(word, True)).getbbox()
    rest = _ink(_line_image(word[1:], True)).getbbox()  # without its first letter, from the same left edge
    assert whole is not None
    assert rest is not None
    assert abs(whole[0] - rest[0]) <= 3  # the left (its end) stays
    assert whole[2] > rest[2] + 15  # the first letter is what reaches further right


def test_arabic_card_is_set_from_the_right_margin() -> None:
    mask = _ink(_read(cards.draw(cards.Card("ar", "سلام", (), "Clubs"))).convert("RGB"))
    title = mask.crop((0, cards.BAND + 1, cards.WIDTH, cards.HEIGHT - 20)).getbbox()
    assert title is not None
    assert cards.WIDTH - cards.MARGIN - 4 <= title[2] <= cards.WIDTH - cards.MARGIN + 4
    assert title[0] > cards.WIDTH // 2


def test_latin_card_is_set_from_the_left_margin() -> None:
    mask = _ink(_read(cards.draw(cards.Card("en", "Hello", (), "Clubs"))).convert("RGB"))
    title = mask.crop((0, cards.BAND + 1, cards.WIDTH, cards.HEIGHT - 20)).getbbox()
    assert title is not None
    assert cards.MARGIN - 2 <= title[0] <= cards.MARGIN + 8
    assert title[2] < cards.WIDTH // 2


def test_japanese_is_drawn_with_a_font_that_has_every_character() -> None:
    text = JAPANESE.title + JAPANESE.lines[1]
    runs = cards.runs(text, False)
    assert "".join(run.text for run in runs) == text  # nothing left out
    for run in runs:
        with TTFont(str(run.face.path), lazy=True) as font_file:
            cmap, family = font_file.getBestCmap(), font_file["name"].getDebugName(1)
        missing = [c for c in run.text if ord(c) not in cmap]
        assert not missing, (family, missing)
        if any(unicodedata.east_asian_width(c) == "W" for c in run.text):
            assert family == "Noto Sans JP"


def test_japanese_characters_are_not_drawn_as_the_missing_glyph() -> None:
    font = cards.fonts().cjk.font(48)

    def drawn(char: str) -> Image.Image:
        image = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(image).text((8, 52), char, font=font, fill=255, anchor="ls")
        return image

    notdef = drawn("\U0010fffd").tobytes()  # a private-use code point no font has: glyph 0
    for char in set(JAPANESE.title + JAPANESE.lines[1]) - {" "}:
        image = drawn(char)
        assert image.getbbox() is not None, char  # some ink
        assert image.tobytes() != notdef, char


def test_a_hostile_long_name_is_cut_with_an_ellipsis_and_the_card_keeps_its_size() -> None:
    card = cards.Card("en", "Workshop " * 2000, ("x" * 10_000, "Library " * 500, "Club " * 800), "Clubs " * 100)
    blocks = cards.layout(card)
    assert len(blocks[0].lines) == cards.TITLE_LINES
    assert blocks[0].lines[-1].runs[-1][0].text.endswith(cards.ELLIPSIS)
    assert all(line.width <= cards.WIDTH - 2 * cards.MARGIN for block in blocks for line in block.lines)
    assert _read(cards.draw(card)).size == (1200, 630)
    assert len(card.alt()) < 1000


def test_a_missing_font_stops_the_build_naming_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    source = cards.FontSource("arabic", "Noto Sans Arabic", "no_such_font_package", "x.ttf", "fontpkg-noto-sans-arabic")
    with pytest.raises(cards.CardError, match="install the Python package fontpkg-noto-sans-arabic"):
        cards.font_path(source)


# --- the built site -------------------------------------------------------------------------------
EXTRA = {
    "regions/mena.yaml": """
        name: {en: Middle East and North Africa, ar: الشرق الأوسط وشمال أفريقيا}
        coordinators:
          - {name: Huda, github: huda}
    """,
    "regions/asia.yaml": """
        name: {en: Asia, ja: アジア}
        coordinators:
          - {name: Ken, github: ken}
    """,
    "clubs/cairo.yaml": """
        name: {ar: نادي الويب بالقاهرة, en: Cairo Web Club}
        summary: {ar: نتعلم الويب معا., en: We learn the web.}
        languages: [ar, en]
        region: mena
        location: {city: القاهرة, country: EG}
        timezone: Africa/Cairo
        leaders:
          - {name: Huda, github: huda}
        status: active
    """,
    "events/cairo/warsha.yaml": """
        title: {ar: ورشة HTML للبنات, en: HTML workshop for girls}
        start: 2026-12-10T18:00
        end: 2026-12-10T20:00
        venue: {name: مكتبة القاهرة, city: القاهرة, country: EG}
    """,
    "clubs/tokyo.yaml": """
        name: {ja: 東京ウェブメーカーズ, en: Tokyo Web Makers}
        summary: {ja: みんなでウェブを学びます。, en: We learn the web together.}
        languages: [ja, en]
        region: asia
        location: {city: 東京, country: JP}
        timezone: Asia/Tokyo
        leaders:
          - {name: Ken, github: ken}
        status: active
    """,
    "events/tokyo/kyoushitsu.yaml": """
        title: {ja: こどもウェブ教室, en: Web class for children}
        start: 2026-12-12
        venue: {name: 渋谷区立図書館, city: 東京, country: JP}
    """,
}
OPTIONS = {"GROUNDGAME_LANGUAGES": ["en", "ar", "ja"], "GROUNDGAME_SEARCH": False, "GROUNDGAME_JOBS": 1,
           "GROUNDGAME_FEEDS": False}
SITE_URL = "https://example.org/clubs"


@dataclass
class Builds:
    """Two builds into ``out`` (the second incremental), one into ``fresh``: what each printed, and
    each card's inode and modification time after the first and the second."""

    out: Path
    fresh: Path
    printed: tuple[str, str, str, str]  # the first, the incremental, the fresh, after renaming a club
    before: dict[Path, tuple[int, int]]
    after: dict[Path, tuple[int, int]]
    kept: dict[str, bytes]  # each card's bytes after the second build, by its path in the output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The network built into ``out`` (incremental, then again), and into ``fresh`` after it."""
    root = tmp_path_factory.mktemp("cards")
    site = Site(root)
    for rel, text in {**BASE_FILES, **EXTRA}.items():
        site.write(rel, text)
    out, fresh = root / "out", root / "fresh"
    options = {**OPTIONS, "GROUNDGAME_INCREMENTAL": True, "DELETE_OUTPUT_DIRECTORY": False}
    first = build(root, out, SITE_URL, **options)
    cards_made = sorted(out.glob("cards/**/*.png"))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cards_made}
    second = build(root, out, SITE_URL, **options)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cards_made}
    kept = {p.relative_to(out).as_posix(): p.read_bytes() for p in cards_made}
    third = build(root, fresh, SITE_URL, **OPTIONS)
    renamed = site.path("clubs/tokyo.yaml")
    renamed.write_text(renamed.read_text("utf-8").replace("東京ウェブメーカーズ", "東京ウェブ部"), "utf-8")
    fourth = build(root, out, SITE_URL, **options)
    return Builds(out, fresh, (first, second, third, fourth), before, after, kept)


def _drawn(summary: str) -> int:
    found = re.search(r"(\d+) share cards drawn", summary)
    return int(found.group(1)) if found else 0


def _meta(page: Path) -> dict[str, str]:
    text = page.read_text("utf-8")
    return {m.group(1): html.unescape(m.group(2))
            for m in re.finditer(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)"', text)}


@pytest.mark.build
@pytest.mark.parametrize(("page", "name"), [
    ("events/paris-web/soiree/index.html", "HTML evening"),  # French is no UI language here: the default
    ("ar/events/cairo/warsha/index.html", "ورشة HTML للبنات"),
    ("ja/events/tokyo/kyoushitsu/index.html", "こどもウェブ教室"),
    ("ja/clubs/tokyo/index.html", "東京ウェブ部"),  # renamed by the last build
    ("clubs/cairo/index.html", "نادي الويب بالقاهرة"),  # the card is in the club's language on every page
])
def test_a_page_shares_its_card(built: Builds, page: str, name: str) -> None:
    out = built.out
    meta = _meta(out / page)
    url = meta["og:image"]
    assert url.startswith(SITE_URL + "/cards/")
    assert meta["twitter:image"] == url
    picture = out / url.removeprefix(SITE_URL + "/")
    with Image.open(picture) as image:
        assert image.format == "PNG"
        assert image.size == (int(meta["og:image:width"]), int(meta["og:image:height"])) == (1200, 630)
    assert name in meta["og:image:alt"]
    linked = re.search(r'<script type="application/ld\+json">(.*?)</script>', (out / page).read_text("utf-8"), re.S)
    assert linked is not None
    data = json.loads(linked.group(1))
    for record in data if isinstance(data, list) else [data]:
        assert record["image"] == [url]  # the JSON-LD image Google's event results recommend: the card


@pytest.mark.build
def test_a_second_build_does_not_draw_the_cards_again(built: Builds) -> None:
    first, second, third, _ = built.printed
    assert _drawn(first) == 8  # 4 clubs and 4 events, none with a photo
    assert len(built.before) == 8
    assert built.before == built.after  # the incremental build kept each file: same inode, same time
    assert _drawn(second) == 0
    # A full build into another folder takes each drawing from the cache instead of drawing it.
    assert _drawn(third) == 0
    fresh = {p.relative_to(built.fresh).as_posix(): p.read_bytes() for p in built.fresh.glob("cards/**/*.png")}
    assert fresh == built.kept  # the same files, the same bytes


@pytest.mark.build
def test_a_card_is_drawn_again_when_what_it_says_changes(built: Builds) -> None:
    assert _drawn(built.printed[3]) == 2  # the renamed club's card and its event's, which names it
    with Image.open(built.out / "cards/clubs/tokyo.png") as renamed, Image.open(
            built.fresh / "cards/clubs/tokyo.png") as before:
        assert renamed.tobytes() != before.tobytes()


def test_the_cache_keeps_only_the_drawings_it_is_told_to(tmp_path: Path) -> None:
    cache = cards.CardCache(tmp_path)
    kept, dropped = cards.Card("en", "Kept", (), "Clubs"), cards.Card("en", "Dropped", (), "Clubs")
    first = cache.png(kept, kept.digest())
    cache.png(dropped, dropped.digest())
    assert cache.drawn == 2
    assert cache.prune({kept.digest()}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{kept.digest()}.png"]
    assert cache.png(kept, kept.digest()) == first
    assert (cache.drawn, cache.reused) == (2, 1)


@pytest.mark.parametrize(("library", "says"), [("raqm", "libraqm"), ("fribidi", "libfribidi0")])
def test_without_the_text_layout_library_the_build_stops_saying_what_to_install(
        monkeypatch: pytest.MonkeyPatch, library: str, says: str) -> None:
    monkeypatch.setattr(cards.features, "check", lambda name: name != library)
    cards.fonts.cache_clear()
    try:
        with pytest.raises(cards.CardError, match=says):
            cards.fonts()
    finally:
        monkeypatch.undo()
        cards.fonts.cache_clear()
