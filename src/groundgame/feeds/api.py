"""The static JSON API under ``/api/v1/``, and the JSON Schemas published under ``/schemas/``.

Documents: ``index.json``, ``regions.json``, ``campaigns.json``, ``clubs.json``,
``events.json`` (each event with its meetings of the next 12 months and their status),
one document per club and per event (every meeting of a series), ``clubs.geojson``, and
``vocabulary.json`` (every term of the shared vocabulary, with its labels and descriptions).
Each names its schema in ``$schema`` (``schemas/api/*.schema.json``, published beside
the contribution schemas), and the tests validate every document against it.

Localized fields keep all their languages (``{"en": …, "fr": …}``, the record's main
language first); a timed event's times are given as local time with zone and as a UTC
instant, an all-day event's as dates only (``date``; an end also has ``exclusive_date``, the
day after its last: no instant is guessed for a day, which is a different span in each
zone). Texts are
the organizers' own (Markdown fields stay Markdown): consumers must escape or sanitize
them. The JSON is written with ``<``, ``>``, ``&`` and U+2028/9 escaped, so a document
can also be embedded in a ``<script>`` element as it is.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from groundgame import output, urls
from groundgame.config import SiteConfig
from groundgame.content import schema
from groundgame.content import vocabulary as vocab
from groundgame.content.network import Network
from groundgame.feeds import figures
from groundgame.feeds.feedtext import clean
from groundgame.feeds.history import History
from groundgame.model import inputs
from groundgame.model.records import (
    Accessibility,
    Campaign,
    Club,
    Event,
    Localized,
    Region,
    Registration,
    Repeat,
    Venue,
    Weekday,
)
from groundgame.model.schedule import Meeting, Schedule, aware
from groundgame.model.social import network_of
from groundgame.output import Writer

CATEGORY = "api"
HORIZON = timedelta(days=365)  # events.json lists the meetings of the next 12 months
DOCUMENTS = ("index", "regions", "campaigns", "clubs", "club", "events", "event", "clubs.geojson", "dashboard",
             "vocabulary")

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd-last"}


def dumps(document: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON, safe to embed in HTML as it is."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text.encode("utf-8")


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def localized(value: Localized | None) -> dict[str, str] | None:
    """All languages of a text, the main one first."""
    if value is None:
        return None
    ordered = {value.primary: value.texts[value.primary]} if value.primary in value.texts else {}
    ordered.update(value.texts)
    return {lang: clean(text) for lang, text in ordered.items()}


@dataclass
class Api:
    """Makes the API documents of one network."""

    network: Network
    config: SiteConfig
    now: datetime
    history: History
    schedule: Schedule

    def __post_init__(self) -> None:
        self.revisions = self.history.revisions(self.network)  # as the feeds' SEQUENCE and LAST-MODIFIED

    def link(self, path: str) -> str:
        return urls.absolute(self.config, path)

    def page(self, path: str) -> str:
        return self.link(path)

    def schema_url(self, name: str) -> str:
        return self.link(urls.api_schema(name))

    def envelope(self, name: str, paths: list[str], **body: Any) -> dict[str, Any]:
        return {"$schema": self.schema_url(name), "updated": utc_text(self.history.latest(paths)), **body}

    # -- times ---------------------------------------------------------------------------
    @staticmethod
    def when(event: Event, local: date | datetime, moment: datetime) -> dict[str, str]:
        """A start: local time in the event's zone and the UTC instant the schedule gives it; for an
        all-day event, its first day only."""
        if not isinstance(local, datetime):
            return {"date": local.isoformat()}
        return {"local": local_text(local), "timezone": event.timezone, "utc": utc_text(moment)}

    @staticmethod
    def until(event: Event, local: date | datetime, moment: datetime) -> dict[str, str]:
        """An end: as ``when``; for an all-day event, its last day (``date``, inclusive) and the day
        after it (``exclusive_date``, as iCalendar's DTEND)."""
        if not isinstance(local, datetime):
            return {"date": local.isoformat(), "exclusive_date": (local + timedelta(days=1)).isoformat()}
        return {"local": local_text(local), "timezone": event.timezone, "utc": utc_text(moment)}

    # -- records -------------------------------------------------------------------------
    def region(self, region: Region) -> dict[str, Any]:
        default = self.config.default_language
        return {
            "id": region.id, "name": localized(region.name), "description": localized(region.description),
            "coordinators": [{"name": clean(p.name), "github": p.github} for p in region.coordinators],
            "clubs": [c.id for c in self.network.clubs.values() if c.region == region.id],
            "url": self.page(urls.region(self.config, default, region.id)),
            "calendar": self.link(urls.ical_region(region.id)),
        }

    def campaign(self, campaign: Campaign) -> dict[str, Any]:
        default = self.config.default_language
        return {
            "id": campaign.id, "name": localized(campaign.name), "summary": localized(campaign.summary),
            "description": localized(campaign.description), "starts": campaign.starts.isoformat(),
            "ends": campaign.ends.isoformat(), "website": campaign.website or None,
            "url": self.page(urls.campaign(self.config, default, campaign.id)),
            "calendar": self.link(urls.ical_campaign(campaign.id)),
        }

    def club(self, club: Club) -> dict[str, Any]:
        default = self.config.default_language
        location = club.location
        return {
            "id": club.id, "name": localized(club.name), "summary": localized(club.summary),
            "description": localized(club.description), "languages": list(club.languages),
            "region": club.region, "timezone": club.timezone, "status": club.status,
            "location": None if location is None else {
                "city": clean(location.city or ""), "country": location.country, "lat": location.lat,
                "lon": location.lon},
            "online": club.online, "topics": list(club.topics), "levels": list(club.levels),
            "audiences": list(club.audiences), "programs": list(club.programs),
            "leaders": [{"name": clean(p.name), "github": p.github} for p in club.leaders],
            "contact": {key: clean(str(value)) for key, value in club.contact.items()},
            "social": social(club.social), "code_of_conduct": club.code_of_conduct or None,
            "join_url": club.join_url or None, "founded": club.founded.isoformat() if club.founded else None,
            "url": self.page(urls.club(self.config, default, club.id)),
            "api": self.link(urls.api_club(club.id)),
            "calendar": self.link(urls.ical_club(club.id)),
            "webcal": urls.webcal(self.config, urls.ical_club(club.id)),
            "last_modified": utc_text(self.history.modified(club.path)),
        }

    def event(self, event: Event, meetings: list[Meeting] | tuple[Meeting, ...]) -> dict[str, Any]:
        default = self.config.default_language
        revision = self.revisions.of(event)
        return {
            "id": event.id, "club": event.club, "cohosts": list(self.schedule.cohosts_of(event.id)),
            "title": localized(event.title), "summary": localized(event.summary),
            "description": localized(event.description), "languages": list(event.languages),
            "timezone": event.timezone, "all_day": event.all_day,
            "start": self.when(event, event.start, aware(event, event.start)),
            "end": self.until(event, event.end, aware(event, event.end, end=True)),
            "status": event.status, "scale": event.scale or None, "format": event.format or None,
            "topics": list(event.topics), "levels": list(event.levels), "campaign": event.campaign or None,
            "venue": venue(event.venue), "online_url": event.online_url or None,
            "online": None if not event.online else {
                "url": event.online_url or None, "address_later": event.address_later,
                "accessibility": online_access(event.online_access)},
            "at_club_location": event.at_club_place,
            "website": event.website or None,
            "registration": registration(event.registration), "cost": localized(event.cost),
            "code_of_conduct": event.code_of_conduct or None,
            "call_for_proposals": None if event.call_for_proposals is None else {
                "url": event.call_for_proposals.url,
                "closes": local_text(closes) if (closes := event.call_for_proposals.closes) is not None else None,
                "closes_utc": utc_text(aware(event, closes if closes is not None else event.start,
                                             end=closes is not None))},
            "social": social(event.social),
            "activities": {phase: [{"title": localized(a.title), "url": a.url or None} for a in items]
                           for phase, items in event.activities.items()},
            "report": localized(event.report),
            "repeat": repeat(event.repeat),
            "occurrences": [self.occurrence(event, o) for o in meetings],
            "url": self.page(urls.event(self.config, default, event.id)),
            "api": self.link(urls.api_event(event.id)),
            "calendar": self.link(urls.ical_event(event.id)),
            "webcal": urls.webcal(self.config, urls.ical_event(event.id)),
            "last_modified": utc_text(revision.modified),
            "sequence": revision.sequence,
        }

    def occurrence(self, event: Event, meeting: Meeting) -> dict[str, Any]:
        changed = meeting.changed
        return {
            "original": local_text(meeting.original),
            "start": self.when(event, meeting.local_start, meeting.start),
            "end": self.until(event, meeting.local_end, meeting.end),
            "status": meeting.status,
            "moved": meeting.moved,
            "changed": sorted(changed),
            "title": localized(meeting.title) if "title" in changed else None,
            "note": localized(meeting.note),
            "venue": venue(meeting.venue) if "venue" in changed else None,
            "online_only": meeting.venue is None and (bool(meeting.online_url) or event.online),
            "online_url": (meeting.online_url if "online" in changed else None) or None,
            "registration": registration(meeting.registration) if "registration" in changed else None,
            "calendar": self.link(urls.ical_occurrence(event.id, meeting.original_date))
            if event.repeat is not None else self.link(urls.ical_event(event.id)),
        }

    def upcoming(self, event: Event) -> list[Meeting]:
        """The meetings that end after now and start within ``HORIZON``."""
        until = self.now + HORIZON
        return [m for m in self.schedule[event.id] if m.end > self.now and m.start < until]

    # -- documents -----------------------------------------------------------------------
    def documents(self) -> Iterator[tuple[str, set[str] | Callable[[], set[str]], Callable[[], dict[str, Any]]]]:
        """Every document: its path, the inputs it is made from (``Writer.needs``), and how to make it."""
        net = self.network
        every = {output.EVERYTHING}
        all_paths = [r.path for table in (net.regions, net.clubs, net.campaigns, net.events) for r in table.values()]
        home = self.page(urls.home(self.config, self.config.default_language))
        yield urls.api("index.json"), every, lambda: self.envelope(
            "index", all_paths, version="v1", site={"name": clean(self.config.site_name), "url": home},
            documents={name: self.link(urls.api(name)) for name in
                       ("regions.json", "campaigns.json", "clubs.json", "events.json", "clubs.geojson",
                        "dashboard.json", "vocabulary.json")},
            schemas={name: self.schema_url(name) for name in DOCUMENTS},
            contribution_schemas={kind: self.link(urls.schema_file(f"{kind}.schema.json"))
                                  for kind in (*schema.KINDS, vocab.SCHEMA_KIND)})
        yield urls.api("regions.json"), every, lambda: self.envelope(
            "regions", [r.path for r in net.regions.values()], regions=[self.region(r) for r in net.regions.values()])
        yield urls.api("campaigns.json"), every, lambda: self.envelope(
            "campaigns", [c.path for c in net.campaigns.values()],
            campaigns=[self.campaign(c) for c in net.campaigns.values()])
        yield urls.api("clubs.json"), every, lambda: self.envelope(
            "clubs", [c.path for c in net.clubs.values()], clubs=[self.club(c) for c in net.clubs.values()])
        yield urls.api("events.json"), every, lambda: self.envelope(
            "events", [e.path for e in net.events.values()],
            horizon={"from": utc_text(self.now), "until": utc_text(self.now + HORIZON)},
            events=[self.event(e, self.upcoming(e)) for e in net.events.values()])
        # Made from the vocabulary files only: the build's "vocabulary" digest (#15).
        yield urls.api("vocabulary.json"), {"vocabulary"}, lambda: self.envelope(
            "vocabulary", [vocab.file_of(kind) for kind in net.vocabulary.kinds if net.vocabulary.has(kind)],
            **self.vocabulary())
        yield urls.api("dashboard.json"), every, lambda: self.envelope("dashboard", all_paths, **self.dashboard())
        for club in net.clubs.values():
            yield (urls.api_club(club.id),
                   functools.partial(inputs.hosting_inputs, net, club.id, self.schedule.hosted.get(club.id, ())),
                   functools.partial(self.club_document, club))
        for event in net.events.values():
            yield (urls.api_event(event.id), functools.partial(inputs.event_inputs, net, event.id),
                   functools.partial(self.event_document, event))

    def dashboard(self) -> dict[str, Any]:
        """The network's figures (``figures.Figures``: the dashboard page draws the same)."""
        found = figures.Figures.of(self.network, self.schedule, self.now, self.history)
        net = self.network
        return figures.as_json(found, {r: localized(net.regions[r].name) for r in found.regions},
                               {c.id: localized(net.campaigns[c.id].name) for c in found.campaigns})

    def vocabulary(self) -> dict[str, Any]:
        """Every term of each kind (``topics``, ...) with its label and description in every language
        given; a kind is null when the network has no file for it (its values are free)."""
        found = self.network.vocabulary
        return {f"{kind}s": [{"id": term.id, "label": localized(term.label), "description": localized(term.description)}
                             for term in found.terms(kind).values()] if found.has(kind) else None
                for kind in found.kinds}

    def club_document(self, club: Club) -> dict[str, Any]:
        events = self.schedule.events_of(club.id)
        return self.envelope("club", [club.path, *(e.path for e in events)], club=self.club(club),
                             events=[self.event_link(e) for e in events])

    def event_document(self, event: Event) -> dict[str, Any]:
        return self.envelope("event", [event.path], event=self.event(event, self.schedule[event.id]))

    def event_link(self, event: Event) -> dict[str, Any]:
        return {"id": event.id, "title": localized(event.title),
                "start": self.when(event, event.start, aware(event, event.start)),
                "status": event.status, "series": event.repeat is not None,
                "api": self.link(urls.api_event(event.id)),
                "url": self.page(urls.event(self.config, self.config.default_language, event.id))}

    def geojson(self) -> dict[str, Any]:
        features = []
        for club in self.network.clubs.values():
            location = club.location
            if location is None or location.lat is None or location.lon is None:
                continue
            features.append({
                "type": "Feature", "id": club.id,
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": {
                    "name": localized(club.name), "summary": localized(club.summary), "region": club.region,
                    "city": clean(location.city or ""), "country": location.country, "status": club.status,
                    "online": club.online, "topics": list(club.topics),
                    "url": self.page(urls.club(self.config, self.config.default_language, club.id)),
                    "api": self.link(urls.api_club(club.id)), "calendar": self.link(urls.ical_club(club.id)),
                },
            })
        return {"type": "FeatureCollection", "features": features}


def venue(value: Venue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    access = value.accessibility
    return {
        "name": clean(value.name) or None, "address": clean(value.address) or None, "city": clean(value.city) or None,
        "country": value.country or None, "lat": value.lat, "lon": value.lon,
        "accessibility": None if access is None else {
            "step_free": access.step_free, "captions": access.captions, "sign_language": access.sign_language,
            "quiet_room": access.quiet_room, "notes": localized(access.notes)},
    }


def online_access(value: Accessibility | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"captions": value.captions, "sign_language": value.sign_language,
            "captions_or_sign_language": value.captions_or_sign_language, "transcripts": value.transcripts,
            "notes": localized(value.notes)}


def social(accounts: tuple[str, ...]) -> list[dict[str, str | None]]:
    """Each account's address and the network it is on (None when its host does not say)."""
    return [{"url": url, "network": network_of(url) or None} for url in accounts]


def registration(value: Registration | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"url": value.url or None, "capacity": value.capacity,
            "deadline": local_text(value.deadline) if value.deadline else None}


def weekday_text(day: Weekday) -> str:
    return f"{_NTH[day.nth]} {_DAYS[day.day]}" if day.nth else _DAYS[day.day]


def repeat(value: Repeat | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "every": value.every, "interval": value.interval, "on": [weekday_text(w) for w in value.on],
        "until": local_text(value.until) if value.until else None, "count": value.count,
        "except": sorted(d.isoformat() for d in value.except_dates),
    }


def schema_files() -> Iterator[tuple[str, bytes]]:
    """Every published schema: the contribution schemas, then the API's under ``api/``."""
    folder = schema.schema_dir()
    for path in sorted(folder.glob("*.schema.json")):
        yield urls.schema_file(path.name), path.read_bytes()
    for path in sorted((folder / "api").glob("*.schema.json")):
        yield urls.schema_file(f"api/{path.name}"), path.read_bytes()


def write_api(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History,
              schedule: Schedule | None = None) -> None:
    """Write every API document and every schema through ``writer`` (category ``api``)."""
    api = Api(network, config, now, history, schedule or Schedule.of(network))
    for path, made_from, make in api.documents():
        if writer.needs(f"api:{path}", made_from, category=CATEGORY):
            writer.write(path, dumps(make()), category=CATEGORY, unit=f"api:{path}")
    geojson = urls.api("clubs.geojson")
    if writer.needs(f"api:{geojson}", {output.EVERYTHING}, category=CATEGORY):
        writer.write(geojson, dumps(api.geojson()), category=CATEGORY, unit=f"api:{geojson}")
    if writer.needs("schemas", (), category=CATEGORY):
        for path, body in schema_files():
            writer.write(path, body, category=CATEGORY, unit="schemas")
