"""The site's copies of the clubs' and events' photos: a few widths, WebP and JPEG, nothing else kept.

A photo (checked by ``content.photos``: its size and digest known, nothing decoded) is
published as ``WIDTHS`` wide copies, never wider than the picture itself, each as WebP and
as a JPEG fallback, under ``photos/<digest>/`` (``480.webp``, ``480.jpg``, ...): the
address changes when the picture does, and two records showing the same file share its
copies. Pages name them with ``<picture>``, ``srcset`` and ``sizes`` (``_photo.html``), so
that a browser loads the smallest copy that fills the space the layout gives it.

Each copy is made from the pixels alone: the EXIF orientation is applied first, colours in
another ICC profile are converted to sRGB, transparency is laid on white, and the copy is
saved with no metadata at all (no EXIF, so no GPS position or camera serial; no XMP, no ICC
profile, no comments). Encoding is the slow part, so the copies are kept in a cache folder
keyed by the source's digest and ``VERSION``: a build whose pictures did not change copies
bytes, and the output files go through the build's ``Writer`` like every other file (one
unit per picture, its inputs the picture's digest).
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from groundgame.content.photos import photos_of
from groundgame.model.records import Photo, Record
from groundgame.output import Writer
from groundgame.problems import GroundgameError

WIDTHS = (480, 960, 1600)  # pixels: a phone, a laptop's column, a large or dense screen (and og:image)
VERSION = "2"  # of the copies' encoding: a change here re-encodes every picture once
WEBP_QUALITY = 80
# libwebp's effort (0-6): 2 encodes a 1,600-pixel copy in a quarter of the time of 4 (Pillow's default),
# for files about 8% larger (measured on the benchmark's pictures).
WEBP_EFFORT = 2
JPEG_QUALITY = 82
FOLDER = "photos"
CATEGORY = "photos"
_SRGB = ImageCms.createProfile("sRGB")


class PhotoError(GroundgameError):
    """A picture that passed the header checks but cannot be decoded (a truncated file)."""

    exit_code = 1


@dataclass(frozen=True)
class Rendition:
    """One width of a photo: its pixel size and the site paths of its WebP and JPEG copies."""

    width: int
    height: int
    webp: str
    jpeg: str


def renditions(photo: Photo) -> tuple[Rendition, ...]:
    """The copies of ``photo``, narrowest first: each of ``WIDTHS`` narrower than the picture,
    then the picture's own width up to the widest (never wider than the picture: no upscaling)."""
    if not photo.digest or photo.width < 1:
        return ()
    widths = [w for w in WIDTHS if w < photo.width] + [min(photo.width, WIDTHS[-1])]
    folder = f"{FOLDER}/{photo.digest}"
    return tuple(Rendition(w, max(1, round(photo.height * w / photo.width)), f"{folder}/{w}.webp",
                           f"{folder}/{w}.jpg") for w in dict.fromkeys(widths))


def shown_photos(records: Iterable[Record], past: Iterable[str] = ()) -> dict[str, Photo]:
    """The photos the site shows, one per picture (by digest): every record's photo, and the gallery
    of the events in ``past`` (a gallery is shown beside the report, once the event is over)."""
    past_ids = set(past)
    found: dict[str, Photo] = {}
    for record in records:
        pictures = photos_of(record)
        if record.id not in past_ids:
            pictures = pictures[:1] if getattr(record, "photo", None) is not None else ()
        for photo in pictures:
            if photo.digest:
                found.setdefault(photo.digest, photo)
    return found


def cache_folder(root: Path) -> Path:
    """Where the encoded copies are kept between builds (``.cache/photos/`` of the project, ignored by git;
    a workflow may keep it with actions/cache)."""
    return root / ".cache" / "photos"


def write_site_photos(records: Iterable[Record], past: Iterable[str], root: Path, writer: Writer,
                      jobs: int = 0) -> int:
    """``write_photos`` of what the site shows (``shown_photos``), with the project's cache."""
    return write_photos(shown_photos(records, past), root, writer, cache_folder(root), jobs or os.cpu_count() or 1)


def write_photos(photos: dict[str, Photo], root: Path, writer: Writer, cache: Path, jobs: int = 2) -> int:
    """Write the copies of every photo (``shown_photos``) through ``writer``; how many were encoded
    (not found in ``cache``). ``root`` is the project's folder, which the photos' paths are in."""
    todo = [p for p in photos.values()
            if writer.needs(f"photo:{FOLDER}/{p.digest}", (), category=CATEGORY, salt=f"{p.digest}-{VERSION}")]
    encoded = 0
    # Pillow lets go of the GIL while it decodes, resizes and encodes: threads share the work.
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for photo, files, fresh in pool.map(lambda p: _copies(p, root, cache), todo):
            for path, data in files:
                writer.write(path, data, category=CATEGORY, unit=f"photo:{FOLDER}/{photo.digest}")
            encoded += fresh
    return encoded


def _copies(photo: Photo, root: Path, cache: Path) -> tuple[Photo, list[tuple[str, bytes]], bool]:
    """The files of one photo, from the cache, else encoded now (and put in the cache)."""
    wanted = renditions(photo)
    kept = cache / f"{photo.digest}-{VERSION}"
    names = [path for r in wanted for path in (r.webp, r.jpeg)]
    try:
        return photo, [(path, (kept / path.rsplit("/", 1)[1]).read_bytes()) for path in names], False
    except OSError:
        pass
    files = list(encode(root / photo.path, wanted, photo.path))
    kept.mkdir(parents=True, exist_ok=True)
    for path, data in files:  # written whole then renamed: a build stopped midway leaves no half file
        with tempfile.NamedTemporaryFile(dir=kept, delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, kept / path.rsplit("/", 1)[1])
    return photo, files, True


def encode(source: Path, wanted: tuple[Rendition, ...], shown: str = "") -> Iterator[tuple[str, bytes]]:
    """The WebP and JPEG bytes of each rendition of the picture at ``source``, without metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            pixels = _pixels(source, wanted[-1])
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(f"{shown or source}: the picture cannot be decoded ({exc}); save it again as a JPEG, "
                         "PNG or WebP file") from None
    for rendition in reversed(wanted):  # widest first: each copy is scaled from the one before, a third the work
        size = (rendition.width, rendition.height)
        if pixels.size != size:
            pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        pixels.info.clear()  # nothing of the source's (EXIF, XMP, ICC, comments) goes into a copy
        yield rendition.webp, _save(pixels, "WEBP", quality=WEBP_QUALITY, method=WEBP_EFFORT)
        yield rendition.jpeg, _save(pixels, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)


def _pixels(source: Path, widest: Rendition) -> Image.Image:
    """The picture as sRGB pixels the right way up, with no metadata, decoded no larger than needed."""
    with Image.open(source, formats=["JPEG", "PNG", "WEBP"]) as image:
        orientation = image.getexif().get(0x0112, 1)
        wanted = (widest.height, widest.width) if orientation in (5, 6, 7, 8) else (widest.width, widest.height)
        if image.format == "JPEG":
            image.draft("RGB", wanted)  # the decoder scales by 1/2, 1/4 or 1/8 while it decodes: much faster
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        profile = image.info.get("icc_profile")
        rgb = _srgb(upright, profile) if profile else _rgb(upright)
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)  # a new image: no info dict, no EXIF carried along
    return clean


def _srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """``image`` converted from its embedded ICC profile to sRGB (a broken profile is ignored)."""
    flat = _rgb(image) if image.mode not in ("RGB", "CMYK", "L") else image
    try:
        converted = ImageCms.profileToProfile(flat, ImageCms.ImageCmsProfile(io.BytesIO(profile)), _SRGB,
                                              outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return _rgb(image)
    return converted if converted is not None else _rgb(image)


def _rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent parts laid on white (a JPEG has no transparency)."""
    if image.mode == "RGB":
        return image
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if image.mode.startswith("I") or image.mode == "F":
        image = image.point(lambda v: v / 256).convert("L") if image.mode.startswith("I;16") else image.convert("L")
    return image.convert("RGB")


def _save(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()
