"""What organizers promote with: a printable flyer for each event, an embed for each club (#16).

The flyer (``events/<id>/flyer/``) is a page of its own rather than a print stylesheet of the
event page: the event page is long (description, accessibility, a dozen meetings, news, stay
in touch) and is printed by visitors who want those details, while a flyer wants big type, a
QR code and none of the site's furniture, and an organizer sees on screen exactly the sheet
that will print. There is one flyer an event, in its club's language (the language of the
street it is pinned in): the page is in the UI language that serves it (``pt`` → ``pt-BR``,
an unlisted language → the default) and its dates, time zone and series rule are in the
club's language itself, marked with ``lang``; the event page of every UI language links to it.
A flyer in each of seven languages would add a third to a large network's pages for sheets
nobody prints. Every text on it is cut to a bound so that one A4 or Letter page holds the
longest the schemas allow.

The QR code leads to the event's page in the same language, drawn with one fixed mask
(``qr_svg``): segno's search for the best of eight masks would cost the benchmark network
minutes.

The embed (``clubs/<id>/embed/``) is a small page of a club's upcoming events for a club's own
site to show in an iframe: no script, one inline stylesheet, links that open the site in a new
tab. Neither page is in the sitemap or the search index, and both say ``noindex``.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import segno
from markupsafe import Markup, escape

from groundgame import i18n, urls
from groundgame.i18n import N_
from groundgame.model.records import Event, Localized, Repeat

if TYPE_CHECKING:
    from groundgame.config import SiteConfig
    from groundgame.content.network import Network
    from groundgame.site.pages import Meeting, PageModel

FLYER_MEETINGS = 4  # a series' next meetings on its flyer
FLYER_SUMMARY = 280  # characters of the summary on a flyer
FLYER_LINE = 120  # characters of a title, club name or place line on a flyer
EMBED_EVENTS = 8  # upcoming events in a club's embed
EMBED_WIDTH, EMBED_HEIGHT = 360, 480  # the snippet's iframe, in CSS pixels
QR_MASK = 0

_ORDINALS = {
    1: N_("the first %(day)s"), 2: N_("the second %(day)s"), 3: N_("the third %(day)s"),
    4: N_("the fourth %(day)s"), 5: N_("the fifth %(day)s"), -1: N_("the last %(day)s"),
    -2: N_("the second-to-last %(day)s"),
}


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word where it can, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:.") + "…"


@lru_cache(maxsize=256)
def qr_svg(address: str) -> Markup:
    """A QR code of ``address`` as inline SVG (sized by CSS), drawn by segno.

    Medium error correction survives a folded or smudged print. The mask is fixed (``QR_MASK``,
    the checkerboard): segno's search for the best of the eight scores each one in pure Python,
    5.5 of the 6.6 ms a code takes, and zxing-cpp read blurred, shrunk codes of 120 addresses
    exactly as often with it as with the best mask. The SVG is segno's own output about our own
    address (the site's URL and record ids, both pattern-checked), safe to insert as it is.
    """
    code = segno.make_qr(address, error="m", mask=QR_MASK)
    svg = code.svg_inline(omitsize=True, border=4, dark="#000", light="#fff")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1))  # noqa: S704


def rule_words(repeat: Repeat, first: date | datetime, lang: str) -> str:
    """A series' rule in words in UI language ``lang``: ``Every month on the second Wednesday``.

    An interval of one has its own message (``Every week``, not ``Every 1 week``: languages with
    one plural form, such as Japanese and Indonesian, cannot tell it apart by the number)."""
    n = repeat.interval

    def ngettext(singular: str, plural: str, count: int) -> str:  # literal calls, for the catalogs' extraction
        return i18n.ngettext(lang, singular, plural, count)

    def words(one: str, many: str, **variables: str) -> str:
        return (i18n.gettext(lang, one) if n == 1 else many) % {"num": i18n.format_number(n, lang), **variables}

    weekdays = i18n.locale(lang).days["format"]["wide"]
    if repeat.every == "day":
        return words(N_("Every day"), ngettext("Every %(num)s day", "Every %(num)s days", n))
    if repeat.every == "week":
        days = i18n.format_list([weekdays[w.day] for w in repeat.on] or [weekdays[first.weekday()]], lang)
        return words(N_("Every week on %(days)s"),
                     ngettext("Every %(num)s week on %(days)s", "Every %(num)s weeks on %(days)s", n), days=days)
    if repeat.every == "month" and repeat.on:
        days = i18n.format_list([i18n.gettext(lang, _ORDINALS[w.nth]) % {"day": weekdays[w.day]}
                                 if w.nth in _ORDINALS else weekdays[w.day] for w in repeat.on], lang)
        return words(N_("Every month on %(days)s"),
                     ngettext("Every %(num)s month on %(days)s", "Every %(num)s months on %(days)s", n), days=days)
    if repeat.every == "month":
        day = i18n.format_number(first.day, lang)
        return words(N_("Every month on day %(day)s"),
                     ngettext("Every %(num)s month on day %(day)s", "Every %(num)s months on day %(day)s", n), day=day)
    return words(N_("Every year"), ngettext("Every %(num)s year", "Every %(num)s years", n))


class Promotion:
    """The flyer's and the embed's facts; a part of ``views.View`` (its base class)."""

    lang: str
    config: SiteConfig
    model: PageModel
    net: Network

    def _when_text(self, meeting: Meeting, width: str, lang: str | None = None) -> str:
        raise NotImplementedError  # View's

    def zone(self, meeting: Meeting, lang: str | None = None) -> str:
        raise NotImplementedError  # View's

    def link(self, key: str = "", lang: str | None = None) -> str:
        raise NotImplementedError  # View's

    def text(self, loc: Localized | None, markdown: bool = False) -> Any:
        raise NotImplementedError  # View's

    # --- the flyer -------------------------------------------------------------------
    def flyer_lang(self, event: Event) -> str:
        """The language a flyer writes its dates in: its club's first language."""
        return flyer_language(self.net, event.id)

    def flyer_words_lang(self, event: Event) -> str:
        """The UI language whose catalog words a flyer's series rule: the club's, else the nearest one."""
        return urls.ui_language(self.config, self.flyer_lang(event))

    def flyer_when(self, event: Event, meeting: Meeting, width: str = "full") -> str:
        return self._when_text(meeting, width, self.flyer_lang(event))

    def flyer_zone(self, event: Event, meeting: Meeting) -> str:
        return self.zone(meeting, self.flyer_lang(event))

    def flyer_rule(self, event: Event) -> str:
        """A series' rule in words (in the club's language), '' for a one-off event."""
        return rule_words(event.repeat, event.start, self.flyer_words_lang(event)) if event.repeat else ""

    def flyer_last(self, event: Event) -> str:
        """"Last meeting: 9 June 2027", in the club's language ('' for a one-off)."""
        meetings = self.model.meetings[event.id]
        if not event.repeat or not meetings:
            return ""
        last = meetings[-1].local_start
        day = last.date() if isinstance(last, datetime) else last
        words = self.flyer_words_lang(event)
        return i18n.gettext(words, N_("Last meeting: %(day)s")) % {
            "day": i18n.format_day(day, self.flyer_lang(event), "long")}

    def flyer_meetings(self, event: Event) -> list[Meeting]:
        """The next meetings a series' flyer lists (cancelled ones left out)."""
        return [m for m in self.model.schedule.upcoming(event.id, self.model.now) if not m.cancelled][:FLYER_MEETINGS]

    def flyer_address(self, event: Event) -> str:
        """The absolute address the flyer's QR code leads to: the event's page in the club's language."""
        lang = urls.ui_language(self.config, self.flyer_lang(event))
        return urls.absolute(self.config, urls.event(self.config, lang, event.id))

    def flyer_qr(self, event: Event) -> Markup:
        return qr_svg(self.flyer_address(event))

    def flyer_link(self, event_id: str) -> str:
        """The event's one flyer, in the UI language that serves its club's language."""
        return self.link(flyer_key(event_id), urls.ui_language(self.config, flyer_language(self.net, event_id)))

    @staticmethod
    def cut(text: object, limit: int = FLYER_LINE) -> str:
        return cut(str(text), limit)

    direction = staticmethod(i18n.direction)

    @staticmethod
    def title_size(text: object) -> str:
        """The title's type size on a flyer, by its width (a Japanese character counts two): as
        big as one page holds with the rest (the longest title, 200 characters, in the smallest)."""
        n = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))
        return "huge" if n <= 30 else "large" if n <= 64 else "medium" if n <= 150 else "small"

    # --- the embed -------------------------------------------------------------------
    def embed_link(self, club_id: str) -> str:
        return self.link(embed_key(club_id))

    def embed_absolute(self, club_id: str) -> str:
        return urls.absolute(self.config, urls.page(self.config, self.lang, embed_key(club_id)))

    def embed_upcoming(self, club_id: str) -> list[Meeting]:
        return self.model.club_upcoming(club_id)[:EMBED_EVENTS]

    def embed_snippet(self, club_id: str) -> str:
        """The HTML a club's site pastes to show its embed: plain text (the page escapes it again
        where it shows it), with the club's name escaped for the attribute it goes in."""
        name = self.text(self.net.clubs[club_id].name).value
        title = i18n.gettext(self.lang, N_("Upcoming events of %(club)s")) % {"club": name}
        return (f'<iframe src="{escape(self.embed_absolute(club_id))}" title="{escape(title)}" '
                f'width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" loading="lazy" style="border: 0; max-width: 100%">'
                f"</iframe>")

    embed_width, embed_height = EMBED_WIDTH, EMBED_HEIGHT
    flyer_summary = FLYER_SUMMARY


def flyer_key(event_id: str) -> str:
    """The flyer page of an event (``events/<club>/<slug>/flyer/``)."""
    return f"events/{event_id}/flyer/"


def flyer_language(network: Network, event_id: str) -> str:
    """The language of an event's flyer: its club's first language (the street's), else the event's."""
    event = network.events[event_id]
    club = network.clubs.get(event.club)
    return club.languages[0] if club else event.primary_language


def embed_key(club_id: str) -> str:
    """The embed page of a club (``clubs/<id>/embed/``)."""
    return f"clubs/{club_id}/embed/"
