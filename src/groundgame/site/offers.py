"""The schema.org ``Offer`` of an event's JSON-LD: its price where the ``cost`` text says it plainly,
and its registration address, deadline and whether it is open.

``cost`` is free text in each of the event's languages ("Free", "5 EUR", "gratuit", "500円"). A
price is read only when every language's text is one of the plain forms below and they agree:

- a word for free (``FREE_WORDS``, in the network's languages): price 0; its currency is that of
  the country the meeting is in (its venue's, else its club's: CLDR's tender currency), or none;
- an amount with an ISO 4217 code or a symbol that names one currency (``SYMBOLS``: not ``$`` or
  ``¥``, which name several): ``5 EUR``, ``EUR 5``, ``€5``, ``5,50 €``, ``R$ 20``, ``500円``; at most two
  decimals (``1.000`` or ``1,000`` could be a thousand or one, so it is not read).

Anything else ("5 EUR, free for members", "$10") gives no price: the offer keeps the registration
address, and the page shows the text as written. Google's event guidance: a free event's price is 0;
``availability`` InStock while registration is open; ``validThrough`` its deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.numbers import get_territory_currencies, list_currencies

from groundgame.model.records import Club, Event, Localized
from groundgame.model.schedule import Meeting, aware

FREE_WORDS = frozenset({
    "free", "free entry", "free admission", "gratuit", "gratuite", "entrée libre", "gratis", "gratuito", "gratuita",
    "grátis", "entrada gratuita", "entrada libre", "gratuït", "kostenlos", "無料", "参加無料", "مجاني", "مجانا",
    "مجانًا", "bure", "bila malipo", "tanpa biaya",
})
SYMBOLS = {"€": "EUR", "£": "GBP", "r$": "BRL", "us$": "USD", "円": "JPY", "₹": "INR", "₦": "NGN", "₩": "KRW"}
_AMOUNT = r"(?P<amount>\d{1,7}(?:[.,]\d{1,2})?)"
_UNIT = r"(?P<unit>[A-Za-z]{3}|€|£|R\$|US\$|円|₹|₦|₩)"
_PRICE = (re.compile(rf"{_UNIT}\s?{_AMOUNT}", re.IGNORECASE), re.compile(rf"{_AMOUNT}\s?{_UNIT}", re.IGNORECASE))
_CURRENCIES = frozenset(list_currencies())


@dataclass(frozen=True)
class Price:
    amount: str  # "0", "5", "5.50": a dot for decimals, as schema.org asks
    currency: str  # ISO 4217; "" for a free event whose country is not known


def _one(text: str) -> Price | None:
    plain = text.strip().rstrip(".!").strip().casefold()
    if plain in FREE_WORDS:
        return Price("0", "")
    for pattern in _PRICE:
        found = pattern.fullmatch(plain)
        if found is None:
            continue
        unit = found["unit"]
        currency = SYMBOLS.get(unit.casefold(), unit.upper())
        if currency not in _CURRENCIES:
            return None
        whole, _, cents = found["amount"].replace(",", ".").partition(".")
        amount = str(int(whole)) + (f".{cents.ljust(2, '0')}" if cents else "")
        return Price(amount, currency)
    return None


def price_of(cost: Localized | None) -> Price | None:
    """The price every language of ``cost`` states plainly and alike, or None."""
    if cost is None or not cost.texts:
        return None
    found = {_one(text) for text in cost.texts.values()}
    return found.pop() if len(found) == 1 and None not in found else None


def _country(meeting: Meeting, club: Club | None) -> str:
    if meeting.venue is not None and meeting.venue.country:
        return meeting.venue.country
    if meeting.event.at_club_place and club is not None and club.location is not None:
        return club.location.country
    return ""


def _currency(country: str, when: datetime) -> str:
    found = get_territory_currencies(country, start_date=when.date(), tender=True) if country else []
    return str(found[0]) if found else ""


def _web(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def offer(event: Event, meeting: Meeting, club: Club | None, page: str, now: datetime) -> dict[str, Any] | None:
    """The ``Offer`` of a meeting: with a registration address or a plain price; None without either."""
    registration = meeting.registration
    sign_up = _web(registration.url) if registration is not None else ""
    price = price_of(event.cost)
    if not sign_up and price is None:
        return None
    data: dict[str, Any] = {"@type": "Offer", "url": sign_up or page}
    if price is not None:
        currency = price.currency or _currency(_country(meeting, club), meeting.start)
        data["price"] = price.amount
        if currency:
            data["priceCurrency"] = currency
    deadline = registration.deadline if registration is not None else None
    closes = aware(event, deadline, end=True) if deadline is not None else None
    if closes is not None:
        data["validThrough"] = closes.isoformat()
    if sign_up and meeting.takes_place and (closes is None or now < closes) and now < meeting.end:
        data["availability"] = "https://schema.org/InStock"
    return data


def capacity(meeting: Meeting) -> int | None:
    """``maximumAttendeeCapacity``: the registration's ``capacity``."""
    return meeting.registration.capacity if meeting.registration is not None else None
