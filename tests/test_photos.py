"""Photos of clubs and events (#16): the loader's checks, the copies' metadata, and the pages in Chromium.

The oracles are the real readers: Pillow reads back every file the build wrote, Chromium
chooses among the ``srcset`` candidates at two widths and two pixel densities, and
``html.parser`` and ``json`` read the pages. The site is built once for the module.
"""

from __future__ import annotations

import html.parser
import io
import json
import struct
import textwrap
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import chromium, serve
from conftest import BASE_FILES, Site
from PIL import Image, ImageCms
from sitebuild import build

from groundgame.cli import main
from groundgame.content import photos
from groundgame.content.network import load_network
from groundgame.output import Writer
from groundgame.site import images

PHOTO = """
photo:
  file: {file}
  alt: {{fr: Des gens autour d'une table, en: People around a table}}
  credit: Camille
  licence: CC-BY-4.0
"""


def jpeg(size: tuple[int, int] = (2000, 1333), **save: object) -> bytes:
    """A picture with a red top-left corner (to see where it goes when turned)."""
    picture = Image.linear_gradient("L").resize(size).convert("RGB")
    picture.paste((255, 0, 0), (0, 0, size[0] // 8, size[1] // 8))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, **save)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` × ``height`` pixels (its data is a few bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


def base(rel: str) -> str:
    return textwrap.dedent(BASE_FILES[rel]).lstrip("\n")


def with_photo(site: Site, file: str, data: bytes | None) -> None:
    site.write("clubs/paris-web.yaml", base("clubs/paris-web.yaml") + PHOTO.format(file=file))
    if data is not None:
        site.write(f"clubs/{file}", data)


def validate(capsys: pytest.CaptureFixture[str], site: Site) -> tuple[int, str]:
    code = main(["--root", str(site.root), "validate"])
    out, err = capsys.readouterr()
    return code, out + err


# --- the loader's checks ------------------------------------------------------------------------

def test_a_sound_photo_is_read_with_its_size_as_shown(site: Site) -> None:
    with_photo(site, "club.jpg", jpeg((640, 480), exif=_exif(orientation=6, gps=False)))
    loaded = load_network(site.root)
    assert loaded.ok, [p.text() for p in loaded.problems]
    photo = loaded.network.clubs["paris-web"].photo
    assert photo is not None
    assert (photo.width, photo.height) == (480, 640)  # turned a quarter by its EXIF orientation
    assert photo.path == "content/clubs/club.jpg"
    assert photo.alt.text("en") == "People around a table"


@pytest.mark.parametrize(("width", "height", "said"), [
    (40_000, 40_000, "declares more than 89 megapixels"),  # past twice Pillow's limit: its error
    (10_000, 9_000, "declares more than 89 megapixels"),  # past Pillow's limit: its warning
    (8_000, 6_000, "is 8,000×6,000 pixels, more than the 40 megapixels allowed"),  # past ours
])
def test_a_decompression_bomb_is_refused_naming_the_file(site: Site, capsys: pytest.CaptureFixture[str],
                                                         width: int, height: int, said: str) -> None:
    with_photo(site, "bomb.png", png_declaring(width, height))
    code, out = validate(capsys, site)
    assert code == 1
    assert "content/clubs/paris-web.yaml:" in out
    assert "photo.file: the image content/clubs/bomb.png " + said in out
    assert "scale it down" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(("file", "data", "said"), [
    ("missing.jpg", None, "photo.file: there is no file 'content/clubs/missing.jpg' next to this record"),
    ("drawing.jpg", b"PNG", "photo.file: content/clubs/drawing.jpg is not a picture that can be read"),
    ("anim.jpg", b"GIF89a" + b"\0" * 40, "photo.file: content/clubs/anim.jpg is a GIF file; a photo must be a JPEG"),
    ("mislabelled.jpg", png_declaring(10, 10), "content/clubs/mislabelled.jpg is a PNG picture, but its name ends in "
                                               "'.jpg'; rename the file to 'mislabelled.png'"),
    ("cut.jpg", jpeg((400, 300))[:3000], "photo.file: content/clubs/cut.jpg cannot be decoded: the file is cut off"),
    ("cut.png", png_declaring(400, 300), "photo.file: content/clubs/cut.png cannot be decoded: the file is cut off"),
    ("photo.gif", b"GIF89a", "photo.file: must be the name of a picture file next to this record"),
    ("../escape.jpg", None, "photo.file: must be the name of a picture file next to this record"),
    ("/etc/passwd.jpg", None, "photo.file: must be the name of a picture file next to this record"),
    ("sub/photo.jpg", None, "photo.file: must be the name of a picture file next to this record"),
    ("x.jpg\n", None, "photo.file: must be the name of a picture file next to this record"),
])
def test_bad_files_are_refused_with_the_fix(site: Site, capsys: pytest.CaptureFixture[str], file: str,
                                            data: bytes | None, said: str) -> None:
    site.write("clubs/paris-web.yaml", base("clubs/paris-web.yaml") + PHOTO.format(file=json.dumps(file)))
    if data is not None:
        site.write(f"clubs/{file}", data)
    code, out = validate(capsys, site)
    assert code == 1, out
    assert said in out, out
    assert "Traceback" not in out


def test_a_link_and_a_large_file_are_refused(site: Site, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    outside = site.root / "secret.jpg"
    outside.write_bytes(jpeg((64, 64)))
    with_photo(site, "linked.jpg", None)
    site.path("clubs/linked.jpg").symlink_to(outside)
    code, out = validate(capsys, site)
    assert code == 1
    assert "content/clubs/linked.jpg must be a regular file, not a symbolic link" in out
    with_photo(site, "large.jpg", jpeg((64, 64)))
    site.path("clubs/linked.jpg").unlink()
    monkeypatch.setattr(photos, "MAX_BYTES", 500)
    code, out = validate(capsys, site)
    assert code == 1
    assert "content/clubs/large.jpg is 0.0 MB, more than the 0 MB allowed" in out


def test_a_gps_position_in_the_file_is_a_warning(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    with_photo(site, "club.jpg", jpeg((64, 48), exif=_exif()))
    code, out = validate(capsys, site)
    assert code == 0
    assert "warning" in out
    assert "content/clubs/club.jpg carries the GPS position where it was taken" in out
    assert main(["--root", str(site.root), "validate", "--strict"]) == 1
    capsys.readouterr()


def test_a_gallery_is_bounded_and_a_picture_on_the_command_line_checks_its_records(
        site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    items = "".join(f"  - {{file: p{i}.jpg, alt: A picture, credit: Camille, licence: CC0-1.0}}\n" for i in range(13))
    site.write("events/paris-web/soiree.yaml", base("events/paris-web/soiree.yaml") + "gallery:\n" + items)
    code, out = validate(capsys, site)
    assert code == 1
    assert "gallery" in out
    assert "13" in out
    assert "12" in out
    with_photo(site, "club.jpg", b"not a picture")
    code = main(["--root", str(site.root), "validate", str(site.path("clubs/club.jpg"))])
    out = capsys.readouterr().out
    assert code == 1
    assert "content/clubs/paris-web.yaml" in out
    assert "club.jpg is not a picture" in out


# --- the copies -----------------------------------------------------------------------------------

def _exif(orientation: int = 1, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0131] = "Secret editor 1.0"  # Software
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})  # Paris
    return exif


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.4N"/>'
       b"</rdf:RDF></x:xmpmeta>")


def test_copies_carry_no_metadata_and_stand_upright(site: Site, tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = jpeg((800, 600), exif=_exif(orientation=6), xmp=XMP, icc_profile=profile, comment=b"secret comment")
    with Image.open(io.BytesIO(source)) as check:  # the source does carry all of it
        assert check.getexif().get_ifd(0x8825)
        assert "xmp" in check.info
        assert "icc_profile" in check.info
    with_photo(site, "club.jpg", source)
    photo = load_network(site.root).network.clubs["paris-web"].photo
    assert photo is not None
    copies = dict(images.encode(site.root / photo.path, images.renditions(photo)))
    assert sorted(copies) == sorted(f"photos/{photo.digest}/{w}.{x}" for w in (480, 600) for x in ("webp", "jpg"))
    for path, data in copies.items():
        with Image.open(io.BytesIO(data)) as copy:
            assert copy.format == ("WEBP" if path.endswith(".webp") else "JPEG")
            assert len(copy.getexif()) == 0
            assert not copy.getexif().get_ifd(0x8825)
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(copy.info), copy.info
            width = int(path.rsplit("/", 1)[1].split(".")[0])
            assert copy.size == (width, round(width * 800 / 600))  # portrait: the orientation was applied
            red, green, _ = copy.convert("RGB").getpixel((copy.width - 3, 3))  # the red corner is now top right
            assert red > 200
            assert green < 60
        for secret in (b"Exif", b"GPS", b"CameraMaker", b"Secret editor", b"xmpmeta", b"secret comment",
                       b"ICC_PROFILE"):
            assert secret not in data, (path, secret)


def test_a_picture_is_never_made_larger_and_is_encoded_once(site: Site, tmp_path: Path) -> None:
    with_photo(site, "club.jpg", jpeg((700, 500)))
    photo = load_network(site.root).network.clubs["paris-web"].photo
    assert photo is not None
    assert [(r.width, r.height) for r in images.renditions(photo)] == [(480, 343), (700, 500)]
    cache = tmp_path / "cache"
    first, second = Writer(tmp_path / "one"), Writer(tmp_path / "two")
    assert images.write_photos({photo.digest: photo}, site.root, first, cache) == 1
    assert images.write_photos({photo.digest: photo}, site.root, second, cache) == 0  # from the cache
    for path in (p for r in images.renditions(photo) for p in (r.webp, r.jpeg)):
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes()


# --- the site, built once ------------------------------------------------------------------------------

HOSTILE = """
photo:
  file: soiree.jpg
  alt: {fr: '"><script>alert(1)</script> & <b>', en: An evening}
  credit: '<img src=x onerror=alert(2)>'
  licence: 'javascript:alert(3)'
"""

PAST = """
title: {fr: Atelier passé, en: A past workshop}
start: 2026-10-06T19:00
end: 2026-10-06T21:00
venue: {name: Bibliothèque}
report: {fr: Vingt personnes sont venues., en: Twenty people came.}
gallery:
  - {file: past-1.jpg, alt: {fr: Une table, en: A table}, credit: Camille, licence: CC0-1.0}
  - {file: past-2.png, alt: {fr: Un écran, en: A screen}, credit: Ana, licence: used with permission}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("photos")
    site = Site(root)
    for rel, text in BASE_FILES.items():
        site.write(rel, text)
    with_photo(site, "paris-web.jpg", jpeg((2000, 1333), exif=_exif(gps=False)))  # a GPS position: a warning
    site.write("events/paris-web/soiree.yaml", base("events/paris-web/soiree.yaml") + HOSTILE)
    site.write("events/paris-web/soiree.jpg", jpeg((1600, 900)))
    site.write("events/paris-web/past.yaml", PAST)
    site.write("events/paris-web/past-1.jpg", jpeg((900, 600)))
    buffer = io.BytesIO()
    Image.new("RGBA", (800, 600), (0, 128, 255, 128)).save(buffer, "PNG")
    site.write("events/paris-web/past-2.png", buffer.getvalue())
    out = root / "output"
    build(root, out, "http://127.0.0.1", GROUNDGAME_SEARCH=False, GROUNDGAME_FEEDS=False,
          GROUNDGAME_LANGUAGES=["en", "fr", "ar"])  # left to right and right to left
    return root, out


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._ld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._ld:
            self.scripts.append(data)
            self._ld = False


def parsed(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.mark.build
def test_every_img_has_alt_width_and_height(built: tuple[Path, Path]) -> None:
    _, out = built
    seen = 0
    for page in out.rglob("*.html"):
        for tag, attrs in parsed(page).tags:
            if tag == "img":
                seen += 1
                assert attrs.get("alt") is not None, page
                assert (attrs.get("width") or "").isdigit(), (page, attrs)
                assert (attrs.get("height") or "").isdigit(), (page, attrs)
    assert seen > 20  # the club's and events' pages, cards and lists in three languages


@pytest.mark.build
def test_no_source_picture_is_copied_raw_and_every_copy_reads(built: tuple[Path, Path]) -> None:
    root, out = built
    sources = {p.read_bytes() for p in (root / "content").rglob("*") if p.suffix in (".jpg", ".png")}
    written = [p for p in out.rglob("*") if p.is_file()]
    assert not any(p.suffix in (".jpg", ".png") and p.read_bytes() in sources for p in written)
    assert not any(p.name in ("paris-web.jpg", "soiree.jpg", "past-1.jpg", "past-2.png") for p in written)
    copies = sorted((out / "photos").rglob("*.*"))
    assert len(copies) == 2 * (3 + 3 + 2 + 2)  # 2000 and 1600 wide: 3 widths; 900 and 800: 2; WebP and JPEG
    for path in copies:
        with Image.open(path) as copy:
            copy.load()
            assert copy.width == int(path.stem)
            assert not copy.getexif()
            assert "icc_profile" not in copy.info


@pytest.mark.build
def test_json_ld_and_shared_links_name_the_largest_copy(built: tuple[Path, Path]) -> None:
    _, out = built
    for page, width, height in (("clubs/paris-web/index.html", 1600, 1066), ("fr/events/paris-web/soiree/index.html",
                                                                            1600, 900)):
        found = parsed(out / page)
        data = json.loads(found.scripts[0])
        record = data[0] if isinstance(data, list) else data
        (image,) = record["image"]
        assert image.startswith("http://127.0.0.1/photos/")
        assert image.endswith(f"/{width}.jpg")
        with Image.open(out / image.removeprefix("http://127.0.0.1/")) as copy:
            assert copy.size == (width, height)
        meta = {a.get("property") or a.get("name"): a.get("content") for t, a in found.tags if t == "meta"}
        assert meta["og:image"] == image
        assert meta["twitter:image"] == image
        assert (meta["og:image:width"], meta["og:image:height"]) == (str(width), str(height))
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image:alt"]
    fr = {a.get("property"): a.get("content") for t, a in parsed(out / "fr/clubs/paris-web/index.html").tags
          if t == "meta"}
    assert fr["og:image:alt"] == "Des gens autour d'une table"


@pytest.mark.build
def test_organizer_text_around_a_photo_stays_text(built: tuple[Path, Path]) -> None:
    _, out = built
    page = (out / "fr/events/paris-web/soiree/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    alts = [a["alt"] for t, a in parsed(out / "fr/events/paris-web/soiree/index.html").tags if t == "img"]
    assert '"><script>alert(1)</script> & <b>' in alts  # the text itself, read back by the parser
    meta = {a.get("property"): a.get("content") for t, a in parsed(out / "fr/events/paris-web/soiree/index.html").tags
            if t == "meta"}
    assert meta["og:image:alt"] == '"><script>alert(1)</script> & <b>'


@pytest.mark.build
def test_the_gallery_and_credits_show_beside_the_report(built: tuple[Path, Path]) -> None:
    _, out = built
    text = (out / "events/paris-web/past/index.html").read_text("utf-8")
    assert text.index('id="report"') < text.index('class="gallery"')
    assert 'alt="A table"' in text
    assert 'alt="A screen"' in text
    assert "Photo: Ana" in text
    assert "used with permission" in text
    club = (out / "clubs/paris-web/index.html").read_text("utf-8")
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener">CC-BY-4.0</a>' in club


# --- in Chromium: the copy the layout asks for ------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def address(built: tuple[Path, Path]) -> Iterator[str]:
    with serve(built[1]) as served:
        yield served


CHOSEN = """() => { const img = document.querySelector('figure.photo img');
  return {src: img.currentSrc, shown: img.getBoundingClientRect().width, complete: img.complete,
          natural: [img.naturalWidth, img.naturalHeight],
          srcset: img.parentElement.querySelector('source').getAttribute('srcset')}; }"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [420, 1280])
def test_the_photo_loads_at_the_size_the_layout_asks_for(built: tuple[Path, Path], address: str, browser: object,
                                                         width: int) -> None:
    _, out = built
    for density in (1, 2):
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=density)
        page = context.new_page()
        page.goto(f"{address}/clubs/paris-web/")
        page.wait_for_function("document.querySelector('figure.photo img').complete")
        chosen = page.evaluate(CHOSEN)
        context.close()
        candidates = sorted((int(w.rstrip("w")), url) for url, w in
                            (c.strip().split(" ") for c in chosen["srcset"].split(",")))
        needed = chosen["shown"] * density
        expected = next((url for w, url in candidates if w >= needed), candidates[-1][1])
        assert chosen["src"] == address + expected, (width, density, chosen)  # WebP: Chromium reads it
        with Image.open(out / expected.lstrip("/")) as file:
            descriptor = {u: w for w, u in candidates}[expected]
            assert file.format == "WEBP"
            assert file.width == descriptor
            natural_w, natural_h = chosen["natural"]
            assert abs(natural_w / natural_h - file.width / file.height) < 0.01
