"""schema.org JSON-LD of the event and club pages (a part of ``views.View``, its base class).

An event's ``Event`` follows Google's event structured data: ``name``, ``startDate`` and
``location`` (required), ``endDate``, ``eventStatus``, ``eventAttendanceMode``,
``description``, ``organizer``, ``offers`` and ``url`` (recommended). Its location is a
``Place`` with a ``PostalAddress`` (a venue known only by its city has its locality and
country; an event with neither venue nor online address is at its club's location) and/or a
``VirtualLocation`` whose ``url`` is the join address, or, when that is sent to registered
people later, the registration page (else the event's page). Dates of all-day events stay
dates (``endDate`` is the last day).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from groundgame import urls
from groundgame.config import SiteConfig
from groundgame.model.records import Club, Event, Localized, Photo
from groundgame.site import offers
from groundgame.site.images import renditions
from groundgame.site.markup import json_ld
from groundgame.site.share_cards import card_path

if TYPE_CHECKING:
    from groundgame.content.network import Network
    from groundgame.model.schedule import Meeting
    from groundgame.site.pages import PageModel
    from groundgame.site.views import Text


class LinkedData:
    """``event_ld`` and ``club_ld``; ``View`` provides the texts and addresses."""

    model: PageModel
    net: Network
    config: SiteConfig

    def text(self, loc: Localized | None, markdown: bool = False) -> Text:
        raise NotImplementedError  # View's

    def absolute(self, key: str, lang: str | None = None) -> str:
        raise NotImplementedError  # View's

    def event_ld(self, event: Event, meeting: Meeting) -> Markup:
        """schema.org ``Event`` of the meeting a visitor would come to; for a series, one ``Event``
        per upcoming meeting it lists (each with its own time, place and status), or its first."""
        if event.repeat is None:
            return Markup(json_ld(self._meeting_ld(event, meeting)))  # noqa: S704 - json_ld escapes <, > and &
        meetings = self.model.event_upcoming(event.id) or [meeting]
        return Markup(json_ld([self._meeting_ld(event, m) for m in meetings]))  # noqa: S704 - as above

    def _meeting_ld(self, event: Event, meeting: Meeting) -> dict[str, Any]:
        club = self.net.clubs.get(event.club)
        online = bool(meeting.online_url) or event.online  # a change never takes a meeting offline
        venue = meeting.venue
        status = "EventScheduled"
        if meeting.status in ("cancelled", "postponed"):
            status = "EventCancelled" if meeting.cancelled else "EventPostponed"
        elif venue is None and online and "venue" in meeting.changed:
            status = "EventMovedOnline"
        elif meeting.moved:
            status = "EventRescheduled"
        in_person = venue is not None or (event.at_club_place and club is not None and club.location is not None)
        mode = "Mixed" if online and in_person else "Online" if online else "Offline"
        page = self.absolute(f"events/{event.id}/")
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Event", "name": self.text(meeting.title).value,
            "startDate": meeting.local_start.isoformat() if event.all_day else meeting.start.isoformat(),
            "endDate": (meeting.end - timedelta(days=1)).date().isoformat() if event.all_day
            else meeting.end.isoformat(),
            "eventStatus": f"https://schema.org/{status}",
            "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
            "inLanguage": list(event.languages), "url": page,
        }
        if meeting.moved:
            data["previousStartDate"] = meeting.original.isoformat() if event.all_day \
                else meeting.original_start.isoformat()
        if event.summary:
            data["description"] = self.text(event.summary).value
        locations = self._places(event, meeting, club)
        if online:
            sign_up = meeting.registration.url if meeting.registration and meeting.registration.url else ""
            locations.append({"@type": "VirtualLocation", "url": _web(meeting.online_url) or _web(sign_up) or page})
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        offer = offers.offer(event, meeting, club, page, self.model.now)  # price, registration, deadline
        if offer is not None:
            data["offers"] = offer
            if offer.get("price") == "0":
                data["isAccessibleForFree"] = True
        if (capacity := offers.capacity(meeting)) is not None:
            data["maximumAttendeeCapacity"] = capacity
        data["image"] = self._image("event", event.id, event.photo)
        same = [url for url in (event.website, *event.social) if _web(url)]
        if same:
            data["sameAs"] = same
        if club:
            data["organizer"] = {"@type": "Organization", "name": self.text(club.name).value,
                                 "url": self.absolute(f"clubs/{club.id}/")}
        return data

    def _places(self, event: Event, meeting: Meeting, club: Club | None) -> list[dict[str, Any]]:
        """The ``Place`` of a meeting: its venue, or, for an event at its club's place, the club's town."""
        venue = meeting.venue
        if venue is not None:
            address = {"@type": "PostalAddress", "streetAddress": venue.address, "addressLocality": venue.city,
                       "addressCountry": venue.country}
            return [{"@type": "Place", "name": venue.name or venue.city or venue.address,
                     "address": {k: v for k, v in address.items() if v}}]
        if event.at_club_place and club is not None and club.location is not None:
            return [{"@type": "Place", "name": club.location.city,
                     "address": {"@type": "PostalAddress", "addressLocality": club.location.city,
                                 "addressCountry": club.location.country}}]
        return []

    def club_ld(self, club: Club) -> Markup:
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Organization", "name": self.text(club.name).value,
            "description": self.text(club.summary).value, "url": self.absolute(f"clubs/{club.id}/"),
        }
        data["image"] = self._image("club", club.id, club.photo)
        if club.location:
            data["address"] = {"@type": "PostalAddress", "addressLocality": club.location.city,
                               "addressCountry": club.location.country}
        same = [v for k, v in club.contact.items() if k != "email"] + list(club.social)
        if same:
            data["sameAs"] = same
        if club.contact.get("email"):
            data["email"] = club.contact["email"]
        return Markup(json_ld(data))  # noqa: S704 - json_ld escapes <, > and &


    def _image(self, kind: str, record_id: str, photo: Photo | None) -> list[str]:
        """A record's ``image``, which Google's event results recommend: the absolute address of its
        photo's largest JPEG copy (Google wants one of at least 50,000 pixels; the copies are up to
        1,600 pixels wide), else of its share card (1200 × 630, drawn for every record without one)."""
        copies = renditions(photo) if photo is not None else ()
        return [urls.absolute(self.config, copies[-1].jpeg if copies else card_path(kind, record_id))]


def _web(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""
