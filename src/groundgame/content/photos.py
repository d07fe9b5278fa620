"""Check the picture files that clubs and events name (``photo``, ``gallery``), without decoding them.

A picture is a file next to its record. Anyone can send one, so before the build goes near
its pixels the loader checks, for each: that the file is there, a regular file (not a link,
which could point anywhere), at most ``MAX_BYTES``; that Pillow, allowed only its JPEG, PNG
and WebP readers, recognises it from its header as the format its name says; and that the
size it declares is at most ``MAX_PIXELS`` (a small file can declare 40,000 × 40,000 pixels,
a decompression bomb: opening it is cheap, decoding it would take gigabytes). Pillow's own
bomb check (``Image.MAX_IMAGE_PIXELS``, a warning and then an error) is turned into the
same problem. Nothing is decoded here; ``site.images`` decodes at build time.

The checked picture gets its size as shown (after its EXIF orientation) and a digest of its
bytes: the pages that show it, and its copies, are made again when the file changes.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from dataclasses import replace
from pathlib import Path, PurePosixPath
from struct import error as struct_error

from PIL import Image, ImageFile, UnidentifiedImageError

from groundgame.document import Loc
from groundgame.model.records import Club, Event, Photo, Record
from groundgame.problems import Problem, Severity
from groundgame.suggest import close_matches

MAX_BYTES = 10_000_000  # a phone's photo is 2-6 MB; the site's copies are far smaller
MAX_PIXELS = 40_000_000  # 40 megapixels: 8,000 × 5,000
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter: width and height swap
_OTHER_FORMATS = (  # what a refused file is, from its first bytes, to say how to convert it
    (b"GIF8", "a GIF"), (b"II*\x00", "a TIFF"), (b"MM\x00*", "a TIFF"), (b"BM", "a BMP"), (b"%PDF", "a PDF"),
    (b"<svg", "an SVG"), (b"<?xml", "an SVG or other XML"),
)


def check(record: Record, folder: Path) -> tuple[Record, list[Problem]]:
    """``record`` with its pictures checked (size and digest filled in), and the problems of their
    files; ``folder`` is where the record's file is."""
    problems: list[Problem] = []
    if isinstance(record, Club) and record.photo is not None:
        return replace(record, photo=_checked(record, ("photo",), record.photo, folder, problems)), problems
    if isinstance(record, Event) and (record.photo is not None or record.gallery):
        photo = _checked(record, ("photo",), record.photo, folder, problems) if record.photo else None
        gallery = tuple(_checked(record, ("gallery", i), p, folder, problems) for i, p in enumerate(record.gallery))
        return replace(record, photo=photo, gallery=gallery), problems
    return record, problems


def photos_of(record: Record) -> tuple[Photo, ...]:
    """Every picture a record names: its photo, then its gallery."""
    if isinstance(record, Club):
        return (record.photo,) if record.photo else ()
    if isinstance(record, Event):
        return ((record.photo,) if record.photo else ()) + record.gallery
    return ()


class _Refused(Exception):  # noqa: N818 - a verdict, not a failure of the code
    """Why a picture file is refused, and the fix."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _checked(record: Record, loc: Loc, photo: Photo, folder: Path, problems: list[Problem]) -> Photo:
    if not photo.file:  # refused by the schema: said there
        return photo
    shown = PurePosixPath(record.path).parent / photo.file
    try:
        width, height, digest, located = _inspect(folder / photo.file, str(shown))
    except FileNotFoundError:
        others = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in FORMATS) if folder.is_dir() else []
        guess = close_matches(photo.file, others)
        problems.append(record.doc.problem(
            loc + ("file",), f"there is no file {str(shown)!r} next to this record",
            hint=f"did you mean {guess[0]!r}?" if guess else f"add the picture to {shown.parent}/ or correct the name"))
        return replace(photo, path=str(shown))
    except _Refused as refused:
        problems.append(record.doc.problem(loc + ("file",), refused.message, hint=refused.hint))
        return replace(photo, path=str(shown))
    if located:
        problems.append(record.doc.problem(
            loc + ("file",), f"{shown} carries the GPS position where it was taken (in its EXIF data): the site's "
                             "copies leave it out, but the file in the repository keeps it for anyone to read",
            hint=f"remove it before sending the picture, e.g. exiftool -gps:all= {photo.file}",
            severity=Severity.WARNING))
    return replace(photo, path=str(shown), width=width, height=height, digest=digest)


def _inspect(path: Path, shown: str) -> tuple[int, int, str, bool]:
    """``(width, height, digest, has a GPS position)`` of a sound picture file; ``_Refused`` (or
    FileNotFoundError) if not."""
    try:
        facts = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:  # a name too long, a folder that cannot be read
        raise _Refused(f"{shown} cannot be read ({exc.strerror})", "check the file") from None
    if stat.S_ISLNK(facts.st_mode):
        raise _Refused(f"{shown} must be a regular file, not a symbolic link", "put the picture itself in the folder")
    if not stat.S_ISREG(facts.st_mode):
        raise _Refused(f"{shown} must be a picture file, not a folder or a device", "name a JPEG, PNG or WebP file")
    if facts.st_size > MAX_BYTES:
        raise _Refused(f"{shown} is {facts.st_size / 1_000_000:.1f} MB, more than the {MAX_BYTES // 1_000_000} MB "
                       "allowed", "save it smaller: a JPEG 2,000 pixels wide at quality 85 takes well under 1 MB")
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)  # the file may have grown since
    if len(data) > MAX_BYTES:
        raise _Refused(f"{shown} is more than the {MAX_BYTES // 1_000_000} MB allowed", "save it smaller")
    width, height, located = _declared_size(data, PurePosixPath(shown).suffix.lower(), shown)
    return width, height, hashlib.blake2b(data, digest_size=16).hexdigest(), located


def _exif(image: ImageFile.ImageFile) -> Image.Exif:
    """The EXIF data from the header alone (a PNG's ``getexif`` decodes the whole picture to look for
    an eXIf chunk after the pixels: only one before them is read here, as browsers do)."""
    if image.format == "PNG":
        exif = Image.Exif()
        raw = image.info.get("exif")
        if isinstance(raw, bytes):
            exif.load(raw)
        return exif
    return image.getexif()


_TOO_BIG = "scale it down to at most 8,000 × 5,000 pixels (a page shows it at most 1,600 pixels across)"


def _declared_size(data: bytes, suffix: str, shown: str) -> tuple[int, int, bool]:
    """The size the picture declares (as shown: after its orientation), from its header alone, and
    whether it carries a GPS position."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's remarks on odd headers: the build says if decoding fails
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=sorted(set(FORMATS.values()))) as image:
                width, height = image.size
                kind = image.format or ""
                exif = _exif(image) if width * height <= MAX_PIXELS else Image.Exif()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Refused(f"the image {shown} declares more than {(Image.MAX_IMAGE_PIXELS or 0) // 1_000_000:,} "
                       f"megapixels, far more than the {MAX_PIXELS // 1_000_000} allowed (a decompression bomb)",
                       _TOO_BIG) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, struct_error):
        what = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), "")
        if not what and data[4:8] == b"ftyp":
            what = "a HEIC or AVIF"
        said = f"is {what} file" if what else "is not a picture that can be read"
        raise _Refused(f"{shown} {said}; a photo must be a JPEG, PNG or WebP file",
                       "export it as JPEG (photos) or PNG (drawings)") from None
    if kind != FORMATS.get(suffix):
        right = PurePosixPath(shown).with_suffix(_EXTENSION.get(kind, ".jpg")).name
        raise _Refused(f"{shown} is a {kind} picture, but its name ends in {suffix!r}",
                       f"rename the file to {right!r} and write that name here")
    if width < 1 or height < 1:
        raise _Refused(f"{shown} declares no pixels ({width}×{height})", "save the picture again")
    if width * height > MAX_PIXELS:
        raise _Refused(f"the image {shown} is {width:,}×{height:,} pixels, more than the {MAX_PIXELS // 1_000_000} "
                       "megapixels allowed", _TOO_BIG)
    _decode(data, shown)
    located = bool(exif.get_ifd(0x8825))  # the GPS IFD
    size = (height, width) if exif.get(0x0112, 1) in _ROTATED else (width, height)
    return size[0], size[1], located


def _decode(data: bytes, shown: str) -> None:
    """Decode the picture, once its declared size is known to be bounded, so that a truncated or
    corrupt file is refused here, with the record's line, rather than stopping the build halfway
    through writing the site. A JPEG is decoded at an eighth of its size (its DCT allows it:
    ``draft``), which finds a cut-off file at a fraction of the cost."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=sorted(set(FORMATS.values()))) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, EOFError, struct_error) as exc:
        raise _Refused(f"{shown} cannot be decoded: the file is cut off or damaged ({exc})",
                       "save or export the picture again") from None
