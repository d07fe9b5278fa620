"""What the event and club pages say about issue #13's fields, in one UI language.

``EventFacts`` is a part of ``views.View`` (its base class): where an event is held when it
gives neither a venue nor an online address (its club's usual place), the online address
that will be sent later, accessibility facts, the code of conduct in force, the call for
proposals and whether it is still open, and social accounts named by their network.
The page of open calls (``calls.html``) lists ``open_calls``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from groundgame import i18n
from groundgame.model.records import Accessibility, Club, Event
from groundgame.model.schedule import aware
from groundgame.model.social import account_name

if TYPE_CHECKING:
    from groundgame.content.network import Network
    from groundgame.site.pages import PageModel




@dataclass(frozen=True)
class Call:
    """An event's call for proposals as a page shows it: open until ``closes`` (an aware
    instant: the midnight after a closing day), ``closes_local`` as written."""

    event: Event
    url: str
    closes: datetime
    closes_local: date | datetime | None
    open: bool


def call_of(event: Event, now: datetime) -> Call | None:
    """The event's call for proposals, open until it closes (or, without a date, the event starts)."""
    cfp = event.call_for_proposals
    if cfp is None:
        return None
    closes = aware(event, cfp.closes, end=True) if cfp.closes is not None else aware(event, event.start)
    return Call(event, cfp.url, closes, cfp.closes, closes > now)


def open_calls(events: list[Event] | tuple[Event, ...], now: datetime) -> list[Call]:
    """The open calls for proposals, the one that closes first first (the page of open calls)."""
    calls = [call for event in events if (call := call_of(event, now)) is not None and call.open
             and event.status != "cancelled"]
    return sorted(calls, key=lambda c: (c.closes, c.event.id))


class EventFacts:
    """The issue #13 facts of a page; ``View`` provides the language, the model and the words."""

    lang: str
    model: PageModel
    net: Network

    def country(self, code: str) -> str:
        raise NotImplementedError  # View's

    def day(self, value: date, width: str = "full") -> str:
        raise NotImplementedError  # View's

    def access_facts(self, access: Accessibility | None) -> tuple[tuple[str, bool], ...]:
        """Each accessibility fact given, as ``(field, yes or no)``; ``label('access', field)`` names it."""
        return access.facts() if access is not None else ()

    def club_place(self, event: Event) -> str:
        """Where an event with neither venue nor online address is held: its club's city and country."""
        club = self.net.clubs.get(event.club)
        location = club.location if club else None
        return f"{location.city}, {self.country(location.country)}" if location else ""

    def code_of_conduct(self, event: Event) -> tuple[str, bool]:
        """The code of conduct an event follows and whether it is its club's (the event gives none)."""
        if event.code_of_conduct:
            return event.code_of_conduct, False
        club = self.net.clubs.get(event.club)
        return (club.code_of_conduct, True) if club and club.code_of_conduct else ("", False)

    def call(self, event: Event) -> Call | None:
        return call_of(event, self.model.now)

    def open_calls(self) -> list[Call]:
        return open_calls(tuple(self.net.events.values()), self.model.now)

    def call_closes(self, call: Call) -> str:
        """When a call closes, in words: its last day, or its day and local time."""
        closes = call.closes_local
        if closes is None:
            return self.day(call.event.start if not isinstance(call.event.start, datetime)
                            else call.event.start.date(), "long")
        if isinstance(closes, datetime):
            return f"{self.day(closes.date(), 'long')}, {i18n.format_time(closes.time(), self.lang)}"
        return self.day(closes, "long")

    @staticmethod
    def social_links(accounts: tuple[str, ...]) -> list[tuple[str, str]]:
        """``(network or host, address)`` of each social account."""
        return [(account_name(url), url) for url in accounts]

    def club_of(self, event: Event) -> Club | None:
        return self.net.clubs.get(event.club)
