"""Draw illustrations with Pillow: the sample network's photos and the benchmark network's.

The sample clubs and events show pictures made by the project (credited "groundgame
contributors", CC0-1.0): flat illustrations of a scene (a city at dusk, a workshop table, a
park, gears, a robot...), each in its own colours and layout from a seed, so that no two are
alike and the same seed draws the same picture. Run it to draw the sample's pictures again:

    .venv/bin/python bench/pictures.py            # every file of SAMPLE into content/
    .venv/bin/python bench/pictures.py --check    # exit 1 if a file differs from what it draws

Files are JPEG (quality 80, about 40-90 KB at 1200 × 800): the whole set stays under 2 MB.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

Colour = tuple[int, int, int]
ROOT = Path(__file__).resolve().parent.parent


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _palette(rng: random.Random) -> dict[str, Colour]:
    """A sky, a ground and three accents around a random hue."""
    import colorsys

    hue = rng.random()

    def hsv(h: float, s: float, v: float) -> Colour:
        r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
        return (round(r * 255), round(g * 255), round(b * 255))

    return {"top": hsv(hue, .55, .45), "bottom": hsv(hue + .08, .45, .95), "ground": hsv(hue + .45, .35, .35),
            "a": hsv(hue + .5, .7, .95), "b": hsv(hue + .15, .6, .9), "c": hsv(hue + .75, .5, .85),
            "dark": hsv(hue + .5, .4, .2), "light": hsv(hue, .08, .98)}


def _sky(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    """A vertical gradient (Pillow's own gradient, coloured and stretched)."""
    ramp = Image.linear_gradient("L").resize(size)
    red, green, blue = (ramp.point([round(top[i] + (bottom[i] - top[i]) * v / 255) for v in range(256)])
                        for i in range(3))
    return Image.merge("RGB", (red, green, blue))


def _browser(d: ImageDraw.ImageDraw, box: tuple[int, int, int, int], p: dict[str, Colour], rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    d.rounded_rectangle(box, radius=14, fill=p["light"], outline=p["dark"], width=3)
    d.rectangle((x0 + 3, y0 + 3, x1 - 3, y0 + 30), fill=_mix(p["light"], p["dark"], .15))
    for i, colour in enumerate((p["a"], p["b"], p["c"])):
        d.ellipse((x0 + 12 + i * 22, y0 + 10, x0 + 26 + i * 22, y0 + 24), fill=colour)
    y = y0 + 48
    while y < y1 - 20:
        indent = rng.choice((0, 0, 24, 48))
        d.rounded_rectangle((x0 + 20 + indent, y, x0 + 20 + indent + rng.randint(40, max(41, x1 - x0 - 80 - indent)),
                             y + 10), radius=5, fill=rng.choice((p["a"], p["b"], p["c"], p["dark"])))
        y += 22


def _city(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.ellipse((w * .72, h * .12, w * .72 + h * .18, h * .30), fill=p["b"])
    x = 0
    while x < w:
        bw, bh = rng.randint(w // 20, w // 9), rng.randint(h // 5, h // 2)
        colour = _mix(p["dark"], p["ground"], rng.random() * .5)
        d.rectangle((x, h - bh, x + bw, h), fill=colour)
        for wy in range(h - bh + 14, h - 10, 26):
            for wx in range(x + 8, x + bw - 12, 20):
                if rng.random() < .45:
                    d.rectangle((wx, wy, wx + 9, wy + 12), fill=p["b"])
        x += bw + rng.randint(2, 10)
    for _ in range(rng.randint(1, 3)):
        bx, by = rng.randint(w // 10, w // 2), rng.randint(h // 12, h // 4)
        _browser(d, (bx, by, bx + w // 3, by + h // 4), p, rng)


def _people(d: ImageDraw.ImageDraw, w: int, h: int, p: dict[str, Colour], rng: random.Random, n: int) -> None:
    """People (a head and shoulders) behind a table."""
    for i in range(n):
        cx = w * (i + .5) / n + rng.randint(-20, 20)
        r = h * .06
        cy = h * .52 + rng.randint(-15, 15)
        colour = rng.choice((p["a"], p["b"], p["c"], _mix(p["a"], p["dark"], .4)))
        d.rounded_rectangle((cx - r * 1.6, cy + r * .9, cx + r * 1.6, cy + r * 4), radius=int(r), fill=colour)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_mix((120, 80, 50), (250, 210, 170), rng.random()))


def _workshop(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.rectangle((0, 0, w, h * .45), fill=_mix(p["light"], p["bottom"], .5))
    _browser(d, (int(w * .25), int(h * .06), int(w * .75), int(h * .38)), p, rng)
    _people(d, w, h, p, rng, rng.randint(4, 7))
    d.rectangle((0, h * .72, w, h), fill=p["ground"])
    for i in range(rng.randint(3, 5)):
        lx = w * (i + .5) / 5 + rng.randint(-30, 30)
        d.polygon([(lx - 60, h * .80), (lx + 60, h * .80), (lx + 75, h * .86), (lx - 75, h * .86)], fill=p["dark"])
        d.rectangle((lx - 55, h * .70, lx + 55, h * .80), fill=_mix(p["light"], p["c"], .4))


def _gear(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, teeth: int, colour: Colour, hole: Colour) -> None:
    points = []
    for i in range(teeth * 4):
        angle = 2 * math.pi * i / (teeth * 4)
        radius = r if (i // 2) % 2 == 0 else r * .82
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    d.polygon(points, fill=colour)
    d.ellipse((cx - r * .3, cy - r * .3, cx + r * .3, cy + r * .3), fill=hole)


def _maker(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    board = (w * .08, h * .55, w * .92, h * .95)
    d.rounded_rectangle(board, radius=18, fill=_mix(p["ground"], (20, 110, 60), .6))
    for _ in range(30):
        x, y = rng.uniform(board[0] + 20, board[2] - 20), rng.uniform(board[1] + 20, board[3] - 20)
        x2 = x + rng.choice((-1, 1)) * rng.uniform(30, 160)
        d.line((x, y, x2, y, x2, y + rng.uniform(-40, 40)), fill=(214, 178, 90), width=4)
        d.ellipse((x2 - 6, y - 6, x2 + 6, y + 6), fill=(230, 200, 120))
    for _ in range(rng.randint(3, 5)):
        _gear(d, rng.uniform(w * .1, w * .9), rng.uniform(h * .12, h * .5), rng.uniform(h * .08, h * .2),
              rng.randint(8, 14), rng.choice((p["a"], p["b"], p["c"])), p["top"])


def _park(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.ellipse((w * .1, h * .08, w * .1 + h * .22, h * .30), fill=(255, 214, 90))
    for k in range(3):
        base = h * (.55 + k * .12)
        pts = [(0, h)] + [(x, base - 40 * math.sin(x / w * math.pi * (1.5 + k) + rng.random() * 3))
                          for x in range(0, w + 40, 40)] + [(w, h)]
        d.polygon(pts, fill=_mix(p["ground"], (60, 140, 70), .3 + k * .2))
    for _ in range(rng.randint(5, 9)):
        tx, ty = rng.uniform(0, w), rng.uniform(h * .55, h * .8)
        d.rectangle((tx - 6, ty, tx + 6, ty + 50), fill=(100, 70, 40))
        d.ellipse((tx - 40, ty - 70, tx + 40, ty + 10), fill=_mix((40, 120, 60), p["c"], .2))
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(w * .2, w * .9), rng.uniform(h * .78, h * .9)
        d.polygon([(cx - 70, cy + 40), (cx, cy - 50), (cx + 70, cy + 40)], fill=rng.choice((p["a"], p["b"])))


def _repair(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.rectangle((0, h * .6, w, h), fill=_mix(p["ground"], (150, 110, 70), .5))
    rx, ry = w * .3, h * .25
    d.rounded_rectangle((rx, ry, rx + w * .4, ry + h * .42), radius=24, fill=p["a"], outline=p["dark"], width=5)
    d.ellipse((rx + 30, ry + 40, rx + 30 + h * .28, ry + 40 + h * .28), fill=p["dark"])
    for i in range(6):
        d.line((rx + w * .25, ry + 50 + i * 22, rx + w * .37, ry + 50 + i * 22), fill=p["light"], width=6)
    d.line((w * .08, h * .9, w * .25, h * .7), fill=(180, 180, 190), width=22)  # a wrench
    d.ellipse((w * .21, h * .62, w * .29, h * .74), outline=(180, 180, 190), width=14)
    d.line((w * .75, h * .92, w * .9, h * .7), fill=p["b"], width=26)  # a screwdriver
    d.line((w * .9, h * .7, w * .96, h * .6), fill=(200, 200, 210), width=8)


def _robot(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.rectangle((0, h * .75, w, h), fill=p["ground"])
    cx = w * rng.uniform(.35, .65)
    d.rounded_rectangle((cx - 110, h * .38, cx + 110, h * .75), radius=20, fill=p["a"])
    d.rounded_rectangle((cx - 80, h * .16, cx + 80, h * .36), radius=18, fill=p["b"])
    for ex in (-35, 35):
        d.ellipse((cx + ex - 16, h * .22, cx + ex + 16, h * .22 + 32), fill=p["light"])
        d.ellipse((cx + ex - 6, h * .22 + 10, cx + ex + 6, h * .22 + 22), fill=p["dark"])
    d.line((cx, h * .16, cx, h * .08), fill=p["dark"], width=6)
    d.ellipse((cx - 12, h * .05, cx + 12, h * .05 + 24), fill=p["c"])
    for side in (-1, 1):
        d.line((cx + side * 110, h * .45, cx + side * 190, h * .6), fill=p["dark"], width=18)
    for i in range(3):
        d.rectangle((cx - 60 + i * 45, h * .5, cx - 30 + i * 45, h * .58), fill=rng.choice((p["c"], p["light"])))


def _data(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.rounded_rectangle((w * .06, h * .1, w * .55, h * .9), radius=20, fill=p["light"])
    bars = rng.randint(5, 8)
    for i in range(bars):
        bh = rng.uniform(.15, .65) * h
        x = w * .1 + i * (w * .4 / bars)
        d.rectangle((x, h * .85 - bh, x + w * .4 / bars * .7, h * .85), fill=rng.choice((p["a"], p["b"], p["c"])))
    for _ in range(rng.randint(4, 7)):
        x, y = rng.uniform(w * .62, w * .94), rng.uniform(h * .2, h * .85)
        colour = rng.choice((p["a"], p["b"], p["c"]))
        d.ellipse((x - 22, y - 60, x + 22, y - 16), fill=colour)
        d.polygon([(x - 18, y - 30), (x + 18, y - 30), (x, y)], fill=colour)
        d.ellipse((x - 8, y - 46, x + 8, y - 30), fill=p["light"])


def _books(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    d.rectangle((0, h * .8, w, h), fill=p["ground"])
    x = w * .08
    while x < w * .6:
        bw, bh = rng.randint(30, 60), rng.uniform(.3, .55) * h
        d.rectangle((x, h * .8 - bh, x + bw, h * .8), fill=rng.choice((p["a"], p["b"], p["c"], p["dark"])))
        d.line((x + 6, h * .8 - bh + 20, x + bw - 6, h * .8 - bh + 20), fill=p["light"], width=4)
        x += bw + 4
    gx, gy, r = w * .78, h * .5, h * .22
    d.ellipse((gx - r, gy - r, gx + r, gy + r), fill=(70, 130, 200))
    for k in range(3):
        d.ellipse((gx - r * (.3 + k * .3), gy - r, gx + r * (.3 + k * .3), gy + r), outline=p["light"], width=3)
    d.line((gx - r, gy, gx + r, gy), fill=p["light"], width=3)
    d.rectangle((gx - 10, gy + r, gx + 10, h * .8), fill=p["dark"])


def _night(img: Image.Image, d: ImageDraw.ImageDraw, p: dict[str, Colour], rng: random.Random) -> None:
    w, h = img.size
    for _ in range(120):
        x, y, s = rng.uniform(0, w), rng.uniform(0, h * .6), rng.choice((1, 2, 2, 3))
        d.ellipse((x, y, x + s, y + s), fill=(255, 255, 230))
    d.ellipse((w * .75, h * .1, w * .75 + h * .16, h * .26), fill=(245, 240, 200))
    d.ellipse((w * .75 + h * .05, h * .08, w * .75 + h * .2, h * .24), fill=p["top"])
    lx, ly = w * .5, h * .7
    d.polygon([(lx - 200, ly), (lx + 200, ly), (lx + 240, ly + 40), (lx - 240, ly + 40)], fill=p["dark"])
    d.rectangle((lx - 180, ly - 220, lx + 180, ly), fill=_mix(p["dark"], (0, 0, 0), .3))
    _browser(d, (int(lx - 165), int(ly - 205), int(lx + 165), int(ly - 15)), p, rng)


SCENES: dict[str, Callable[[Image.Image, ImageDraw.ImageDraw, dict[str, Colour], random.Random], None]] = {
    "city": _city, "workshop": _workshop, "maker": _maker, "park": _park, "repair": _repair, "robot": _robot,
    "data": _data, "books": _books, "night": _night,
}


def draw(scene: str, seed: int, size: tuple[int, int] = (1200, 800)) -> Image.Image:
    """The picture of ``scene`` (a key of ``SCENES``) in the colours and layout of ``seed``."""
    rng = random.Random(f"{scene}:{seed}")
    palette = _palette(rng)
    img = _sky(size, palette["top"] if scene != "night" else (10, 14, 40), palette["bottom"]
               if scene != "night" else _mix(palette["top"], (20, 20, 60), .5))
    SCENES[scene](img, ImageDraw.Draw(img), palette, rng)
    return img


def jpeg(image: Image.Image, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


# The sample network's pictures: (file below content/, scene, seed, size).
SAMPLE: tuple[tuple[str, str, int, tuple[int, int]], ...] = (
    ("clubs/paris-atelier-du-web.jpg", "city", 1, (1600, 1000)),
    ("clubs/tokyo-web-makers.jpg", "city", 2, (1600, 1000)),
    ("clubs/cairo-web-club.jpg", "workshop", 3, (1200, 800)),
    ("clubs/sao-paulo-web-lab.jpg", "workshop", 4, (1200, 800)),
    ("clubs/nairobi-web-club.jpg", "books", 5, (1200, 800)),
    ("clubs/barcelona-maker-club.jpg", "maker", 6, (1200, 800)),
    ("clubs/melbourne-makers.jpg", "repair", 7, (1200, 800)),
    ("events/paris-atelier-du-web/soiree-vie-privee.jpg", "night", 8, (1600, 1067)),
    ("events/paris-atelier-du-web/soiree-vie-privee-1.jpg", "workshop", 9, (960, 720)),
    ("events/paris-atelier-du-web/soiree-vie-privee-2.jpg", "workshop", 10, (960, 720)),
    ("events/paris-atelier-du-web/soiree-vie-privee-3.jpg", "data", 11, (960, 720)),
    ("events/paris-atelier-du-web/rencontre-communs-numeriques.jpg", "books", 12, (1200, 800)),
    ("events/paris-atelier-du-web/maker-party-paris.jpg", "maker", 13, (1200, 800)),
    ("events/tokyo-web-makers/kodomo-web-kyoushitsu.jpg", "workshop", 14, (1200, 800)),
    ("events/tokyo-web-makers/kodomo-web-kyoushitsu-1.jpg", "robot", 15, (960, 720)),
    ("events/tokyo-web-makers/kodomo-web-kyoushitsu-2.jpg", "workshop", 16, (960, 720)),
    ("events/tokyo-web-makers/tokyo-hackathon-2027.jpg", "night", 17, (1200, 800)),
    ("events/cairo-web-club/hackfest-taarib.jpg", "night", 18, (1200, 800)),
    ("events/cairo-web-club/warshat-html-lil-banat.jpg", "workshop", 19, (1200, 800)),
    ("events/sao-paulo-web-lab/hackfest-dados-abertos.jpg", "data", 20, (1200, 800)),
    ("events/sao-paulo-web-lab/maker-party-sao-paulo.jpg", "park", 21, (1200, 800)),
    ("events/nairobi-web-club/wikipedia-edit-a-thon.jpg", "books", 22, (1200, 800)),
    ("events/nairobi-web-club/maker-party-nairobi.jpg", "park", 23, (1200, 800)),
    ("events/barcelona-maker-club/hackfest-ciutat-oberta.jpg", "city", 24, (1200, 800)),
    ("events/buenos-aires-makers/taller-de-reparacion.jpg", "repair", 25, (1200, 800)),
    ("events/mexico-city-web-club/taller-robotica-arduino.jpg", "robot", 26, (1200, 800)),
    ("events/new-york-hive/maker-party-prospect-park.jpg", "park", 27, (1200, 800)),
    ("events/melbourne-makers/micro-repair-september.jpg", "repair", 28, (1200, 800)),
    ("events/surabaya-klub-web/pesta-maker-2026.jpg", "maker", 29, (1200, 800)),
    ("events/san-diego-hive/summer-maker-camp-2026.jpg", "park", 30, (1200, 800)),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a picture differs")
    args = parser.parse_args(argv)
    differ = 0
    for name, scene, seed, size in SAMPLE:
        data = jpeg(draw(scene, seed, size))
        path = args.content / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                print(f"{path}: differs from what bench/pictures.py draws", file=sys.stderr)
                differ += 1
            continue
        path.write_bytes(data)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
