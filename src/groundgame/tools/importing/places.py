"""Where an event is, from what calendars write: LOCATION, GEO, URL and the conference links.

A LOCATION that is a web address, or any address of a known video-call service (Google Meet,
Zoom, Jitsi, Teams, Webex, Whereby…), is the online address; a LOCATION such as "Microsoft
Teams Meeting" or "Online" is no place. Otherwise LOCATION is the venue, read the way
calendars write addresses: "Name, street, city, country" (Google, groundgame's own feeds;
Apple and Nextcloud may use line breaks), or "Name (street, city)" — the first part the name,
a last part CLDR knows as a country its code, a part before it the city (a postcode in it goes
to the address), the rest the address. GEO gives the venue's latitude and longitude.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from groundgame.model.records import Club
from groundgame.suggest import country_code
from groundgame.tools.importing import texts

_VIDEO_HOSTS = ("meet.google.com", "zoom.us", "zoom.com", "zoomgov.com", "teams.microsoft.com", "teams.live.com",
                "meet.jit.si", "8x8.vc", "whereby.com", "webex.com", "gotomeeting.com", "meet.goto.com",
                "bluejeans.com", "chime.aws", "join.skype.com", "discord.gg", "discord.com", "bigbluebutton.org",
                "meet.ffmuc.net", "senfcall.de", "jitsi.org", "vc.autistici.org")
_NO_PLACE = frozenset({"online", "virtual", "zoom", "google meet", "teams", "microsoft teams", "jitsi", "webex",
                       "en ligne", "en línea", "em linha", "virtuell", "online event", "online meeting"})
_URL_IN_TEXT = re.compile(r"(?:https?://)[^\s<>\"')\]]+")
_POSTCODE = re.compile(r"\b\d{4,6}(?:-\d{3,4})?\b")
_STATE = re.compile(r"[A-Z]{2,3}")  # "NY", "NSW": a state written after the city


def is_video(url: str) -> bool:
    """Whether ``url`` is the address of a video call on a service people meet on."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS) or "jitsi" in host or \
        host.startswith(("meet.", "bbb.", "jitsi."))


def video_in(text: str) -> str | None:
    """The first video-call address written in a text (a description, a location)."""
    for found in _URL_IN_TEXT.findall(text[:50_000]):
        candidate = texts.url(found.rstrip(".,;:"))
        if candidate and is_video(candidate):
            return candidate
    return None


@dataclass
class Place:
    venue: dict[str, Any] | None
    online: str | None


def no_place(location: str) -> bool:
    text = location.strip().casefold()
    return text in _NO_PLACE or text.startswith(("microsoft teams", "zoom meeting", "google meet"))


def venue_of(location: str, geo: tuple[float, float] | None, say: texts.Say) -> dict[str, Any] | None:
    """The venue a LOCATION names (None when it names none)."""
    text = location.replace("\r", "").strip()
    if not text:
        return None
    name, _, inside = text.partition(" (")
    if inside.endswith(")") and "," in inside and "\n" not in name:
        parts = [name, *inside[:-1].split(",")]
    else:
        parts = re.split(r",|\n", text)
    parts = [p.strip() for p in parts if p.strip()]
    venue: dict[str, Any] = {}
    if len(parts) > 1 and (code := country_code(parts[-1])) is not None and len(parts[-1]) > 2:
        venue["country"] = code
        parts.pop()
    name = texts.line(parts[0], "LOCATION", say) or ""
    venue["name"] = name
    rest = parts[1:]
    address: list[str] = []
    if rest:
        city = rest[-1]
        codes = _POSTCODE.findall(city)
        bare = _POSTCODE.sub("", city).strip(" -")
        if len(rest) == 1 and any(c.isdigit() for c in city) and not codes:
            address = [city]  # "Café X, 12 rue Y": a street, no city
        elif bare and _STATE.fullmatch(bare) and len(rest) > 1:
            venue["city"] = f"{rest[-2]}, {bare}"
            address = rest[:-2] + codes
        elif bare:
            venue["city"] = bare
            address = rest[:-1] + codes
        else:
            address = rest
    if address:
        venue["address"] = texts.line(", ".join(address), "LOCATION", say)
    if venue.get("city"):
        venue["city"] = texts.line(venue["city"], "LOCATION", say)
    if geo is not None:
        venue["lat"], venue["lon"] = geo
    return {k: v for k, v in venue.items() if v is not None} if name else None


def is_club_town(venue: dict[str, Any], club: Club) -> bool:
    """Whether a venue read from LOCATION is only the club's town and country ("Paris, France"):
    what groundgame's feeds write for an event held at its club's place (one without a venue),
    and for a venue of that town, which says no more (an .ics cannot tell the two apart)."""
    location = club.location
    if location is None or set(venue) != {"name", "country"}:
        return False
    return bool(venue["name"] == location.city and venue["country"] == location.country)


def place(location: str | None, geo: tuple[float, float] | None, conference: list[str], say: texts.Say) -> Place:
    """The venue and online address of an event (the conference links its calendar gives first)."""
    online = next((u for u in (texts.url(c) for c in conference) if u), None)
    venue = None
    if location:
        whole = texts.url(location.strip())
        if whole is not None:
            online = online or whole
        else:
            online = online or video_in(location)
            bare = _URL_IN_TEXT.sub("", location).strip(" ,:-\n")
            if bare and not no_place(bare):
                venue = venue_of(bare, geo, say)
    if venue is None and geo is not None:
        say("GEO without a place name in LOCATION: left out (a venue needs a name)")
    return Place(venue, online)
