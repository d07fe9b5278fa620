"""Share cards: the picture a chat or a social network shows for a link to a club or an event.

A card is drawn at build time for every club and event without a photo of its own (1200×630,
the size Open Graph readers crop least): the record's name, and for an event its date, place
and club, over the site's colours. Every script the network writes in is drawn with a font
that ``make build`` installs from PyPI (``FONTS``): Noto Sans for Latin, Greek and Cyrillic,
Noto Sans Arabic, Noto Sans JP. A missing font stops the build naming the package to install:
a card never shows empty boxes in place of a script.

Text is split into runs by direction and by font. Pillow shapes each run with libraqm
(HarfBuzz and FriBiDi: Arabic letters joined, right to left); this module only orders the runs
of a line (the two-level case of the Unicode bidirectional algorithm: a paragraph of one
direction with runs of the other) and picks for each character the first font that has it
(fontTools reads each font's cmap). Pillow has no font fallback of its own, which is why this
is done here. Without raqm (a Pillow built without it) the build stops: the basic layout draws
Arabic letters unjoined and left to right, which is worse than no card.

What a card says is a ``Card``; its ``digest`` (the text, the design version, the fonts' bytes)
names the drawing: the build keeps an unchanged card, and a drawing already made for the same
digest is taken from the cache folder instead of drawn again (``CardCache``).
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import os
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from groundgame.problems import GroundgameError

WIDTH, HEIGHT = 1200, 630
DESIGN = "1"  # change it when the drawing changes: every card is drawn again
ELLIPSIS = "…"
# Kinsoku: what never starts a line of Japanese (closing marks, small kana, the long vowel mark).
NO_LINE_START = "、。，．・ー）」』】〕！？ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
MAX_CHARS = 200  # of any one text, before it is laid out (records are bounded, but not for a card)

# The site's light colours (theme/static/site.css :root).
BACKGROUND = "#ffffff"
FOREGROUND = "#1b1b1f"
MUTED = "#55565e"
ACCENT = "#0b57d0"
ACCENT_FG = "#ffffff"
PANEL = "#f4f4f7"

MARGIN = 72
BAND = 84  # the accent band with the site's name
PADDING = 40  # above and below the body's text
TITLE_SIZES = (72, 60, 50)  # the first at which the name fits its lines
TITLE_LINES = 3


class CardError(GroundgameError):
    """A share card cannot be drawn as it must be (a font or the text layout is missing)."""

    exit_code = 1


@dataclass(frozen=True)
class FontSource:
    """Where the font of a script is: a file in a Python package from PyPI."""

    script: str
    family: str
    module: str  # the importable package
    file: str  # inside it
    requirement: str  # the name to install (pyproject.toml's dependencies)


FONTS = (
    FontSource("latin", "Noto Sans", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf", "fontpkg-noto-sans"),
    FontSource("arabic", "Noto Sans Arabic", "fontpkg_noto_sans_arabic", "files/NotoSansArabic[wdth,wght].ttf",
               "fontpkg-noto-sans-arabic"),
    FontSource("cjk", "Noto Sans JP", "pylopdf_fonts_jp", "NotoSansJP-Regular.otf", "pylopdf-fonts-jp"),
)


def font_path(source: FontSource) -> Path:
    """The file of ``source``, or a ``CardError`` saying which package to install."""
    try:
        found = importlib.resources.files(source.module) / source.file
    except ModuleNotFoundError:
        found = None
    if found is None or not found.is_file():
        raise CardError(f"share cards: the {source.script} font ({source.family}) is missing: install the Python "
                        f"package {source.requirement} (pyproject.toml lists it; `make build` installs it)")
    return Path(str(found))


@dataclass
class Face:
    """One font file: its path, the characters it has, its Pillow fonts by size and weight."""

    source: FontSource
    path: Path
    chars: frozenset[int]
    sizes: dict[tuple[int, bool], ImageFont.FreeTypeFont] = field(default_factory=dict)
    variable: bool = True  # has a weight axis (else bold is drawn with a stroke)

    def has(self, char: str) -> bool:
        return ord(char) in self.chars

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """The Pillow font (raqm layout) at ``size``; bold where the font has a weight axis."""
        key = (size, bold)
        found = self.sizes.get(key)
        if found is None:
            font = ImageFont.truetype(str(self.path), size, layout_engine=ImageFont.Layout.RAQM)
            try:
                axes = font.get_variation_axes()
            except OSError:  # not a variable font (Noto Sans JP): its one weight
                axes = []
                self.variable = False
            if axes:
                font.set_variation_by_axes([float(700 if bold else 400) if a["name"] == b"Weight"
                                            else float(a["default"] or 0) for a in axes])
            found = self.sizes[key] = font
        return found


@dataclass
class Fonts:
    """The cards' fonts, each script's, and a digest of their bytes (part of every card's digest)."""

    latin: Face
    arabic: Face
    cjk: Face
    digest: str

    def faces(self) -> tuple[Face, Face, Face]:
        return self.latin, self.arabic, self.cjk

    def face_for(self, char: str, current: Face | None) -> Face | None:
        """The face that draws ``char``: its script's, else the current run's, else any that has it."""
        if _is_arabic(char):
            order: Sequence[Face] = (self.arabic, self.latin, self.cjk)
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            order = (self.cjk, self.latin, self.arabic)
        elif _bidi(char) == "L":
            order = (self.latin, self.cjk, self.arabic)
        else:  # spaces, digits, punctuation: stay in the run they are in
            order = ((current,) if current else ()) + (self.latin, self.cjk, self.arabic)
        return next((face for face in order if face.has(char)), None)


@cache
def fonts() -> Fonts:
    """The cards' fonts (read once per process); a ``CardError`` when a font or raqm is missing."""
    if not features.check("raqm"):
        raise CardError("share cards: this Pillow lays text out without libraqm (Arabic would be drawn unjoined "
                        "and left to right): install Pillow's wheel from PyPI, which bundles it, or libraqm0 "
                        "and libfribidi0 from the system's packages")
    if not features.check("fribidi"):  # Pillow's wheels bundle raqm but load FriBiDi from the system
        raise CardError("share cards: Pillow's text layout needs the FriBiDi library to set Arabic right to left: "
                        "install the system's package (Debian and Ubuntu: apt-get install libfribidi0)")
    faces = []
    digest = hashlib.blake2b(digest_size=16)
    for source in FONTS:
        path = font_path(source)
        data = path.read_bytes()
        digest.update(data)
        chars = frozenset(TTFont(io.BytesIO(data), lazy=True).getBestCmap())
        face = Face(source, path, chars)
        face.font(40)  # learns whether it is variable
        faces.append(face)
    return Fonts(faces[0], faces[1], faces[2], digest.hexdigest())


# --- what a card says -------------------------------------------------------------------------
@dataclass(frozen=True)
class Card:
    """The text of one card, in the card's language ``lang``: the name, then the lines under it
    (an event's date, place and club; a club's place and summary), and the site's name."""

    lang: str
    title: str
    lines: tuple[str, ...]
    site: str

    def digest(self) -> str:
        """What the drawing is made from: this text, the design and the fonts."""
        text = repr((DESIGN, fonts().digest, self.lang, self.title, self.lines, self.site))
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def alt(self) -> str:
        """The card's text in one line (``og:image:alt``)."""
        return " · ".join(bound(t) for t in (self.title, *self.lines) if t)


def bound(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters (cut with an ellipsis)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS


# --- laying out a line -------------------------------------------------------------------------
def _bidi(char: str) -> str:
    """``R`` (right to left), ``L`` (left to right) or ``N`` (neutral or weak) for ordering runs."""
    kind = unicodedata.bidirectional(char)
    return "R" if kind in ("R", "AL") else "L" if kind == "L" else "E" if kind == "EN" else "N"


def _is_arabic(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("AL", "R") or "\u0600" <= char <= "\u06ff"


def paragraph_direction(text: str) -> str:
    """``rtl`` when the first strong character is right to left (UBA rules P2-P3), else ``ltr``."""
    for char in text:
        kind = _bidi(char)
        if kind in ("R", "L"):
            return "rtl" if kind == "R" else "ltr"
    return "ltr"


@dataclass(frozen=True)
class Run:
    """Characters of one direction drawn with one face."""

    text: str
    face: Face
    rtl: bool


def _directions(text: str, rtl_paragraph: bool) -> list[bool]:
    """Each character's direction (True: right to left), resolved for a paragraph of two levels:
    European digits after left-to-right letters are left to right (W7); neutrals between two runs of
    one direction take it, others the paragraph's (N1-N2)."""
    classes, last = [], "R" if rtl_paragraph else "L"
    for char in text:
        kind = _bidi(char)
        if kind == "E":
            kind = "L" if last == "L" else "N"
        if kind in ("R", "L"):
            last = kind
        classes.append(kind)
    edge = "R" if rtl_paragraph else "L"
    resolved: list[bool] = []
    n = 0
    while n < len(classes):
        if classes[n] != "N":
            resolved.append(classes[n] == "R")
            n += 1
            continue
        end = n
        while end < len(classes) and classes[end] == "N":
            end += 1
        before = next((c for c in reversed(classes[:n]) if c != "N"), edge)
        after = classes[end] if end < len(classes) else edge
        side = before if before == after else edge
        resolved.extend([side == "R"] * (end - n))
        n = end
    return resolved


def runs(text: str, rtl_paragraph: bool) -> list[Run]:
    """``text`` cut into runs of one direction and one face, in logical order (characters no font has
    are left out)."""
    found: list[Run] = []
    table = fonts()
    current: Face | None = None
    chars: list[str] = []
    direction: bool | None = None
    for char, rtl in zip(text, _directions(text, rtl_paragraph), strict=True):
        face = table.face_for(char, current)
        if face is None:
            continue
        if chars and current is not None and (face is not current or rtl != direction):
            found.append(Run("".join(chars), current, bool(direction)))
            chars = []
        current, direction = face, rtl
        chars.append(char)
    if chars and current is not None:
        found.append(Run("".join(chars), current, bool(direction)))
    return found


def visual_order(line: list[Run], rtl_paragraph: bool) -> list[Run]:
    """The runs of a line from left to right: the paragraph's direction orders the groups of runs of
    one direction, and each group of the other direction keeps its order inside (UBA L2, two levels)."""
    groups: list[list[Run]] = []
    for run in line:
        if groups and groups[-1][0].rtl == run.rtl:
            groups[-1].append(run)
        else:
            groups.append([run])
    ordered: list[Run] = []
    for group in reversed(groups) if rtl_paragraph else groups:
        ordered.extend(reversed(group) if group[0].rtl else group)
    return ordered


@dataclass
class Line:
    """A line to draw: its runs from left to right, each with its width, at one size."""

    runs: list[tuple[Run, float]]
    size: int
    bold: bool

    @property
    def width(self) -> float:
        return sum(w for _, w in self.runs)


def measure(text: str, size: int, bold: bool, rtl_paragraph: bool) -> Line:
    line = visual_order(runs(text, rtl_paragraph), rtl_paragraph)
    return Line([(run, _font(run, size, bold).getlength(run.text, direction="rtl" if run.rtl else "ltr"))
                 for run in line], size, bold)


def _font(run: Run, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return run.face.font(size, bold)


def _breaks(text: str) -> Iterator[int]:
    """Where a line may end: after a space, or between two wide (CJK) characters."""
    for n in range(1, len(text)):
        before, after = text[n - 1], text[n]
        if before == " " or (unicodedata.east_asian_width(before) in ("W", "F")
                             and unicodedata.east_asian_width(after) in ("W", "F")
                             and after not in NO_LINE_START):
            yield n


def wrap(text: str, size: int, bold: bool, width: float, lines: int, rtl_paragraph: bool) -> tuple[list[Line], bool]:
    """``text`` in at most ``lines`` lines of ``width``; whether it all fit (else the last line ends
    with an ellipsis)."""
    found: list[Line] = []
    rest = text
    while rest and len(found) < lines:
        whole = measure(rest, size, bold, rtl_paragraph)
        if whole.width <= width:
            found.append(whole)
            return found, True
        if len(found) == lines - 1:
            break
        cut = 0
        for point in _breaks(rest):
            if measure(rest[:point].rstrip(), size, bold, rtl_paragraph).width > width:
                break
            cut = point
        if not cut:  # one word longer than the line: cut it where it stops fitting
            cut = _fitting(rest, size, bold, width, rtl_paragraph, "")
        found.append(measure(rest[:cut].rstrip(), size, bold, rtl_paragraph))
        rest = rest[cut:].lstrip()
    if not rest:
        return found, True
    cut = _fitting(rest, size, bold, width, rtl_paragraph, ELLIPSIS)
    found.append(measure(rest[:cut].rstrip() + ELLIPSIS, size, bold, rtl_paragraph))
    return found, False


def _fitting(text: str, size: int, bold: bool, width: float, rtl_paragraph: bool, tail: str) -> int:
    """How many characters of ``text`` (then ``tail``) fit in ``width``: at least one."""
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits, by bisection (widths grow with the prefix)
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + tail, size, bold, rtl_paragraph).width <= width:
            low = middle
        else:
            high = middle - 1
    return low


# --- drawing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """Lines of one text and their colour; ``gap``: the space above the block."""

    lines: list[Line]
    colour: str
    leading: float
    gap: int = 0

    @property
    def height(self) -> int:
        return self.gap + sum(int(line.size * self.leading) for line in self.lines)


def layout(card: Card) -> list[Block]:
    """The blocks of the card's body: the name at the largest size at which it fits its lines, then
    the other lines (the first, an event's date, in bold), as many as there is room for."""
    rtl = card_direction(card) == "rtl"
    inner = WIDTH - 2 * MARGIN
    title: list[Line] = []
    for size in TITLE_SIZES:
        title, fits = wrap(bound(card.title), size, True, inner, TITLE_LINES, rtl)
        if fits:
            break
    blocks = [Block(title, FOREGROUND, 1.18)]
    room = HEIGHT - BAND - 2 * PADDING - blocks[0].height
    for n, text in enumerate(t for t in card.lines if t):
        size, leading, gap = (38, 1.3, 24) if n == 0 else (34, 1.3, 0)
        lines_left = (room - gap) // int(size * leading)
        if lines_left < 1:
            break
        lines, _ = wrap(bound(text), size, n == 0, inner, min(2, lines_left), paragraph_direction(text) == "rtl")
        block = Block(lines, ACCENT if n == 0 else MUTED, leading, gap)
        blocks.append(block)
        room -= block.height
    return blocks


def card_direction(card: Card) -> str:
    """The card's direction: its name's (a right-to-left name is set from the right margin)."""
    return paragraph_direction(card.title or " ".join(card.lines))


def draw(card: Card) -> bytes:
    """The card as a 1200×630 PNG of the site's colours (a palette of their blends: small, quickly
    written files, with the antialiased edges of the text kept)."""
    rtl = card_direction(card) == "rtl"
    image = _base(bound(card.site, 80), rtl).copy()
    pen = ImageDraw.Draw(image)
    blocks = layout(card)
    body = sum(block.height for block in blocks)
    y = BAND + PADDING + max(0, (HEIGHT - BAND - 2 * PADDING - body) // 3)  # a little above the middle
    for block in blocks:
        y += block.gap
        for line in block.lines:
            y += int(line.size * block.leading)
            draw_line(pen, line, y - int(line.size * (block.leading - 1.0)), block.colour, rtl)
    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, "PNG", compress_level=6,
                                                                      compress_type=3)  # Z_RLE: twice as quick
    return out.getvalue()


@cache
def _base(site: str, rtl: bool) -> Image.Image:
    """The card without its text: the background and the band with the site's name (drawn once)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, BAND), fill=ACCENT)
    pen.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=PANEL)
    line, _ = wrap(site, 34, True, WIDTH - 2 * MARGIN, 1, paragraph_direction(site) == "rtl")
    draw_line(pen, line[0], 56, ACCENT_FG, rtl)
    return image


@cache
def _palette() -> Image.Image:
    """Each text colour blended over its background in 16 steps: every colour a card has."""
    colours: dict[tuple[int, ...], None] = {}
    for back, fore in ((BACKGROUND, FOREGROUND), (BACKGROUND, MUTED), (BACKGROUND, ACCENT), (ACCENT, ACCENT_FG),
                       (PANEL, PANEL)):
        b, f = ImageColor.getrgb(back), ImageColor.getrgb(fore)
        for step in range(16):
            colours[tuple(round(b[i] + (f[i] - b[i]) * step / 15) for i in range(3))] = None
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in colours for value in colour])
    return palette


def draw_line(pen: ImageDraw.ImageDraw, line: Line, baseline: int, colour: str, rtl: bool) -> None:
    """Draw ``line`` on ``baseline``, from the left margin, or ending at the right one on an RTL card.
    A bold run of a font of one weight (Noto Sans JP) is drawn with a thin stroke of its colour."""
    x = WIDTH - MARGIN - line.width if rtl else MARGIN
    for run, width in line.runs:
        stroke = 1 if line.bold and not run.face.variable else 0
        pen.text((x, baseline), run.text, font=_font(run, line.size, line.bold), fill=colour, anchor="ls",
                 direction="rtl" if run.rtl else "ltr", stroke_width=stroke, stroke_fill=colour)
        x += width


# --- the cache of drawings, by digest -------------------------------------------------------------
@dataclass
class CardCache:
    """Drawings by digest in a folder that outlives the output (which a full build deletes):
    a card whose text, design and fonts did not change is read back, not drawn again."""

    folder: Path | None
    drawn: int = 0
    reused: int = 0

    def png(self, card: Card, digest: str) -> bytes:
        stored = self.folder / f"{digest}.png" if self.folder else None
        if stored is not None and stored.is_file():
            self.reused += 1
            return stored.read_bytes()
        data = draw(card)
        self.drawn += 1
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            temporary = stored.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(stored)  # whole or not at all, whichever process wrote it
        return data

    def prune(self, keep: set[str]) -> int:
        """Remove the drawings whose digest is not in ``keep`` (the cards of this build): the folder
        holds one drawing per card, not every card the network ever had. How many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for stored in self.folder.iterdir():
            if stored.suffix in (".png", ".tmp") and stored.stem.split(".")[0] not in keep:
                stored.unlink(missing_ok=True)
                removed += 1
        return removed
