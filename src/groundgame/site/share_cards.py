"""Which clubs and events get a share card, what each card says, and writing them.

A record without a photo of its own gets one card (``cards/clubs/<id>.png``,
``cards/events/<club>/<slug>.png``), the same on the pages of every UI language: drawing one
per language would cost seven times as much for cards that mostly say the same (a name and a
date). The card is in its record's language when that is a UI language (a Japanese club's card is
in Japanese on every page), else in the site's default language; its name is read along the site's
fallback chain from there, and its date, place and words (``Online``) are in that language, from
the catalogs and CLDR like the pages'.

An event's card shows its next meeting (or its last, once it is past); a club's, its place and
summary. Each card is a unit of the build's writer made from its record's inputs and the card's
digest (``cards.Card.digest``): an incremental build keeps it when neither changed, and a full build
takes the drawing of an unchanged card from the cache folder (``cards.CardCache``) instead of
drawing it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from groundgame import urls
from groundgame.config import SiteConfig
from groundgame.model import inputs
from groundgame.model.records import Club, Event
from groundgame.output import Writer
from groundgame.site import cards
from groundgame.site.markup import Renderer
from groundgame.site.pages import PageModel

if TYPE_CHECKING:
    from groundgame.site.views import View

CATEGORY = "share cards"
COMMAS = {"ar": "، ", "fa": "، ", "ur": "، ", "ja": "、", "zh": "、"}  # between a place's parts; else ", "
CACHE_FOLDER = Path(".cache") / "cards"  # below the project's root, beside content/ (git ignores it)


@dataclass(frozen=True)
class ShareCard:
    """A card as a page links it: its address, size and what it says (``og:image:alt``)."""

    url: str
    width: int
    height: int
    alt: str


def card_path(kind: str, record_id: str) -> str:
    """The card's file in the output: ``cards/clubs/x.png``, ``cards/events/club/slug.png``."""
    return f"cards/{'clubs' if kind == 'club' else 'events'}/{record_id}.png"


def has_photo(record: Club | Event) -> bool:
    """Whether the record has a photo of its own (which is shown instead of a card)."""
    return getattr(record, "photo", None) is not None


def card_language(config: SiteConfig, record: Club | Event) -> str:
    """The card's language: the record's first language when the site is in it, else the default."""
    primary = record.languages[0] if record.languages else config.default_language
    by_base = {lang.split("-")[0].lower(): lang for lang in reversed(config.languages)}
    return primary if primary in config.languages else by_base.get(primary.split("-")[0].lower(),
                                                                     config.default_language)


@dataclass
class CardTexts:
    """The ``Card`` of each record, read by a ``View`` in the card's language (made once each)."""

    config: SiteConfig
    model: PageModel
    views: dict[str, View] = field(default_factory=dict)
    found: dict[tuple[str, str], cards.Card] = field(default_factory=dict)

    def view(self, lang: str) -> View:
        from groundgame.site.views import View  # views links the cards: imported here, not at the top

        found = self.views.get(lang)
        if found is None:
            found = self.views[lang] = View(lang, self.config, self.model, Renderer())
        return found

    def card(self, kind: str, record_id: str) -> cards.Card:
        key = (kind, record_id)
        found = self.found.get(key)
        if found is None:
            net = self.model.network
            found = self.found[key] = (self._club(net.clubs[record_id]) if kind == "club"
                                       else self._event(net.events[record_id]))
        return found

    def _club(self, club: Club) -> cards.Card:
        view = self.view(card_language(self.config, club))
        location = club.location
        place = (_joined(view.lang, (location.city, view.country(location.country))) if location
                 else view.gettext("Online") if club.online else "")
        return cards.Card(view.lang, view.text(club.name).value, (place, view.text(club.summary).value),
                          self.config.site_name)

    def _event(self, event: Event) -> cards.Card:
        view = self.view(card_language(self.config, event))
        meeting = self.model.next_meeting(event.id) or self.model.meetings[event.id][-1]
        when = view.when(meeting, "full")
        if meeting.cancelled or event.status == "cancelled":
            when = view.gettext("Cancelled: %(title)s") % {"title": when}
        venue, club = meeting.venue, self.model.network.clubs.get(event.club)
        if venue is not None:
            place = _joined(view.lang, (venue.name, venue.city, view.country(venue.country) if venue.country else ""))
        elif event.online or meeting.online_url:
            place = view.gettext("Online")
        elif club is not None and club.location is not None:  # at the club's usual place
            place = _joined(view.lang, (club.location.city, view.country(club.location.country)))
        else:
            place = ""
        host = view.text(club.name).value if club else ""
        return cards.Card(view.lang, view.text(event.title).value, (when, place, host), self.config.site_name)

    def share_card(self, kind: str, record_id: str) -> ShareCard | None:
        """The card of a club or event without a photo, as a page links it (an absolute address)."""
        net = self.model.network
        record = net.clubs.get(record_id) if kind == "club" else net.events.get(record_id)
        if record is None or has_photo(record):
            return None
        return ShareCard(urls.absolute(self.config, card_path(kind, record_id)), cards.WIDTH, cards.HEIGHT,
                         self.card(kind, record_id).alt())


def _joined(lang: str, parts: tuple[str, ...]) -> str:
    """A place's parts in one line, with the comma of the card's language."""
    return COMMAS.get(lang.split("-")[0].lower(), ", ").join(p for p in parts if p)


def records(model: PageModel) -> Iterator[tuple[str, str, set[str]]]:
    """``(kind, id, inputs)`` of every club and event that gets a card."""
    net = model.network
    for club_id, club in net.clubs.items():
        if not has_photo(club):
            yield "club", club_id, inputs.club_inputs(net, club_id)
    for event_id, event in net.events.items():
        if not has_photo(event):
            yield "event", event_id, inputs.event_inputs(net, event_id)


def write_cards(config: SiteConfig, model: PageModel, writer: Writer, cache: Path | None) -> cards.CardCache:
    """Every record's card through ``writer`` (kept when unchanged; from ``cache`` when drawn before,
    which then holds this build's drawings only).

    The fonts are checked first: a missing one stops the build, naming its package."""
    drawings = cards.CardCache(cache)
    texts = CardTexts(config, model)
    cards.fonts()
    digests: set[str] = set()
    for kind, record_id, names in records(model):
        path = card_path(kind, record_id)
        card = texts.card(kind, record_id)
        digest = card.digest()
        digests.add(digest)
        if writer.needs(f"card:{path}", names, category=CATEGORY, salt=digest):
            writer.write(path, drawings.png(card, digest), category=CATEGORY, unit=f"card:{path}")
    drawings.prune(digests)
    return drawings

