"""Photos as a page shows them (a part of ``views.View``, its base class): addresses, sizes, texts.

``picture`` turns a checked ``Photo`` into what ``_photo.html`` writes: the ``srcset`` of its
WebP and JPEG copies (``site.images.renditions``), the fallback ``src`` with its ``width`` and
``height`` (so the page keeps the picture's place before it loads), the alternative text in the
page's language, and the credit and licence shown under it. ``sizes`` are the widths the theme's
layout gives a photo (``site.css``): keep them in step, or browsers load the wrong copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from groundgame import urls
from groundgame.config import SiteConfig
from groundgame.model.records import Localized, Photo
from groundgame.site.images import Rendition, renditions

if TYPE_CHECKING:
    from groundgame.site.views import Text

# The space a photo takes (site.css): the main column is at most 60rem with 1rem padding each side.
SIZES = {
    "page": "(min-width: 60rem) 58rem, calc(100vw - 2rem)",
    # A card of the directory's grid: columns of at least 16rem, .75rem apart, 1rem padding in each card.
    "card": "(min-width: 60rem) 17rem, (min-width: 52.25rem) calc(33vw - 3.5rem), "
            "(min-width: 35.5rem) calc(50vw - 3.5rem), calc(100vw - 4rem)",
    # The gallery's grid: columns of at least 12rem, .75rem apart.
    "gallery": "(min-width: 60rem) 14rem, (min-width: 42rem) calc(33vw - 1.5rem), calc(50vw - 1.5rem)",
    "thumb": "5rem",
}

# Licences named by their SPDX identifier link to their text.
LICENCES = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-2.0": "https://creativecommons.org/licenses/by/2.0/",
    "CC-BY-SA-2.0": "https://creativecommons.org/licenses/by-sa/2.0/",
    "CC-BY-3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC-BY-SA-3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
}


@dataclass(frozen=True)
class Picture:
    """A photo ready for ``<picture>``: ``src``, ``width`` and ``height`` are its fallback JPEG's."""

    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int
    height: int
    largest: Rendition
    alt: Text
    credit: str
    licence: str
    licence_url: str
    sizes: str


class PhotoFacts:
    """``picture`` and ``photo_ld``; ``View`` provides the texts and addresses."""

    config: SiteConfig
    base: str

    def text(self, loc: Localized | None, markdown: bool = False) -> Text:
        raise NotImplementedError  # View's

    def picture(self, photo: Photo | None, role: str = "page") -> Picture | None:
        """``photo`` as ``_photo.html`` shows it in the place ``role`` (a key of ``SIZES``); None without one."""
        copies = renditions(photo) if photo is not None else ()
        if photo is None or not copies:
            return None
        if role == "thumb":
            copies = copies[:1]
        fallback = next((r for r in copies if r.width >= 960), copies[-1]) if role == "page" else copies[0]
        return Picture(
            webp_srcset=", ".join(f"{self.base}/{r.webp} {r.width}w" for r in copies),
            jpeg_srcset=", ".join(f"{self.base}/{r.jpeg} {r.width}w" for r in copies),
            src=f"{self.base}/{fallback.jpeg}", width=fallback.width, height=fallback.height, largest=copies[-1],
            alt=self.text(photo.alt), credit=photo.credit, licence=photo.licence,
            licence_url=LICENCES.get(photo.licence, ""), sizes=SIZES[role])

    def photo_url(self, photo: Photo | None) -> str:
        """The absolute address of the photo's largest JPEG copy (shared links, JSON-LD); '' without one."""
        copies = renditions(photo) if photo is not None else ()
        return urls.absolute(self.config, copies[-1].jpeg) if copies else ""
