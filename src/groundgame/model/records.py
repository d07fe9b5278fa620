"""Typed, immutable records of the network: what the rest of the code reads.

Records are built from documents that passed the schema, so their shapes are known;
what is left to judge here is the meaning of strings (is ``2026-02-30`` a date?), which
``reading`` does while building them. Every record keeps its ``Document`` so that later
rules can point at the exact line of a field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from groundgame.config import PRIMARY
from groundgame.document import Document


@dataclass(frozen=True)
class Localized:
    """A text in one or more languages; ``primary`` is the record's main language."""

    texts: Mapping[str, str]
    primary: str

    @classmethod
    def of(cls, raw: str | Mapping[str, str], primary: str) -> Localized:
        return cls({primary: raw} if isinstance(raw, str) else dict(raw), primary)

    def get(self, lang: str, fallbacks: Sequence[str] = ()) -> tuple[str, str]:
        """``(text, its language)``: ``lang`` if present, else the first fallback present, else primary.

        A fallback is a tag, matched exactly; ``ll-*``, any tag of language ``ll`` (``pt-*``: ``pt-PT``
        or ``pt-BR``), in the record's order; or ``PRIMARY``, the record's primary language.
        """
        for candidate in (lang, *fallbacks, self.primary):
            if candidate == PRIMARY:
                candidate = self.primary
            if candidate in self.texts:
                return self.texts[candidate], candidate
            if candidate.endswith("-*"):
                base = candidate[:-2].lower()
                for tag, value in self.texts.items():
                    if tag.split("-")[0].lower() == base:
                        return value, tag
        first = next(iter(self.texts))
        return self.texts[first], first

    def text(self, lang: str | None = None) -> str:
        return self.get(lang or self.primary)[0]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Person:
    name: str
    github: str


@dataclass(frozen=True)
class Location:
    city: str
    country: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Accessibility:
    """What a venue, or an online event, offers for access (None: not said)."""

    step_free: bool | None = None
    captions: bool | None = None
    sign_language: bool | None = None
    quiet_room: bool | None = None
    notes: Localized | None = None
    transcripts: bool | None = None  # online
    captions_or_sign_language: bool | None = None  # online: one of the two, the listing does not say which

    FACTS = ("step_free", "captions", "sign_language", "captions_or_sign_language", "transcripts", "quiet_room")

    def facts(self) -> tuple[tuple[str, bool], ...]:
        """The facts given, as ``(field, yes or no)`` in a fixed order."""
        return tuple((name, value) for name in self.FACTS if (value := getattr(self, name)) is not None)


@dataclass(frozen=True)
class Venue:
    """A place; ``name`` is "" for a venue known only by its city and country."""

    name: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    accessibility: Accessibility | None = None


@dataclass(frozen=True)
class Registration:
    url: str = ""
    capacity: int | None = None
    deadline: date | datetime | None = None


@dataclass(frozen=True)
class CallForProposals:
    """Where to propose a talk, until ``closes`` (a date: that day included; local in the event's zone)."""

    url: str
    closes: date | datetime | None = None


@dataclass(frozen=True)
class Photo:
    """A picture next to its record (``file`` in the record's folder), with its alternative text,
    credit and licence. ``width``, ``height`` (as shown: after its EXIF orientation) and
    ``digest`` (of its bytes) are filled in by the loader once the file is checked
    (``content.photos``), so that a page showing it is made again when the picture changes."""

    file: str
    alt: Localized
    credit: str
    licence: str
    path: str = ""  # the file as messages name it: content/clubs/x.jpg
    width: int = 0
    height: int = 0
    digest: str = ""


@dataclass(frozen=True)
class Activity:
    title: Localized
    url: str = ""


@dataclass(frozen=True)
class Weekday:
    """``tuesday`` (``nth`` None), ``2nd tuesday`` (2) or ``last friday`` (-1); Monday is 0."""

    day: int
    nth: int | None = None


@dataclass(frozen=True)
class Change:
    """What differs about one occurrence of a series (None: as the series says)."""

    start: date | datetime | None = None
    end: date | datetime | None = None
    venue: Venue | None = None
    online_url: str | None = None
    status: str | None = None
    note: Localized | None = None
    registration: Registration | None = None
    title: Localized | None = None  # the meeting's own title
    online_only: bool = False  # this meeting is held online only (no venue)


@dataclass(frozen=True)
class Repeat:
    every: str
    interval: int = 1
    on: tuple[Weekday, ...] = ()
    until: date | datetime | None = None
    count: int | None = None
    except_dates: frozenset[date] = frozenset()
    changes: Mapping[date, Change] = field(default_factory=dict)


@dataclass(frozen=True)
class MailingList:
    """A list's own addresses (never a person's): where to post, where to join, its List-Id."""

    address: str
    subscribe: str
    list_id: str = ""


@dataclass(frozen=True)
class Announcements:
    """A club's announcement list (``announcements``); ``languages`` maps a language to a list of its own."""

    address: str
    subscribe: str
    list_id: str = ""
    reminder_days: int = 2  # 0: no reminders
    languages: Mapping[str, MailingList] = field(default_factory=dict)

    @property
    def main(self) -> MailingList:
        return MailingList(self.address, self.subscribe, self.list_id)

    def lists(self, club_languages: Sequence[str]) -> tuple[tuple[MailingList, tuple[str, ...]], ...]:
        """Each list with the languages it gets, in the club's order: a language with a list of its
        own goes there, the others to the main list (which gets none if every language has its own)."""
        own = [(self.languages[lang], (lang,)) for lang in club_languages if lang in self.languages]
        rest = tuple(lang for lang in club_languages if lang not in self.languages)
        return ((self.main, rest),) + tuple(own) if rest else tuple(own)


@dataclass(frozen=True)
class Record:
    id: str
    doc: Document = field(repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.doc.path


@dataclass(frozen=True)
class Region(Record):
    name: Localized
    coordinators: tuple[Person, ...]
    description: Localized | None = None
    digest_address: str = ""  # where the coordinators' weekly digest goes (a list's address)


@dataclass(frozen=True)
class Club(Record):
    name: Localized
    summary: Localized
    languages: tuple[str, ...]
    region: str
    timezone: str
    leaders: tuple[Person, ...]
    status: str
    description: Localized | None = None
    location: Location | None = None
    online: bool = False
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    contact: Mapping[str, str] = field(default_factory=dict)
    join_url: str = ""
    founded: date | None = None
    code_of_conduct: str = ""
    social: tuple[str, ...] = ()  # https addresses of profiles (contact.social)
    cohosting: tuple[str, ...] = ()  # clubs (``club-id``) or events (``club-id/slug``) it agrees to co-host
    announcements: Announcements | None = None  # the club's announcement list(s)
    photo: Photo | None = None

    def agrees_to_cohost(self, event: Event) -> bool:
        """Whether this club's own file agrees to show ``event`` as one it co-hosts.

        Any club may name any other as a co-host; the event is shown under that club (its
        page, feeds, API document, region feed) only when that club's file, reviewed by its
        own leaders, names the host club or the event in ``cohosting``.
        """
        return event.club in self.cohosting or event.id in self.cohosting


@dataclass(frozen=True)
class Campaign(Record):
    name: Localized
    summary: Localized
    starts: date
    ends: date
    description: Localized | None = None
    website: str = ""


@dataclass(frozen=True)
class Event(Record):
    """One event, or a series of them. ``start``/``end`` are local (naive) in ``timezone``.

    All-day events have ``date`` start and end, the end inclusive; timed events have
    ``datetime`` start and end.
    """

    club: str
    slug: str
    title: Localized
    start: date | datetime
    end: date | datetime
    timezone: str
    languages: tuple[str, ...]
    summary: Localized | None = None
    description: Localized | None = None
    cohosts: tuple[str, ...] = ()
    campaign: str = ""
    scale: str = ""
    format: str = ""
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    repeat: Repeat | None = None
    venue: Venue | None = None
    online_url: str = ""
    online: bool = False  # held online: with ``online_url``, or with the address sent to registered people
    online_access: Accessibility | None = None
    registration: Registration | None = None
    status: str = "scheduled"
    cost: Localized | None = None
    activities: Mapping[str, tuple[Activity, ...]] = field(default_factory=dict)
    report: Localized | None = None
    website: str = ""
    code_of_conduct: str = ""
    call_for_proposals: CallForProposals | None = None
    social: tuple[str, ...] = ()
    photo: Photo | None = None
    gallery: tuple[Photo, ...] = ()  # shown beside the report, once the event is past

    @property
    def address_later(self) -> bool:
        """Online, with the address sent to registered people later (``online: true``)."""
        return self.online and not self.online_url

    @property
    def at_club_place(self) -> bool:
        """Neither a venue nor online: held at the club's usual place (its location)."""
        return self.venue is None and not self.online

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def primary_language(self) -> str:
        return self.languages[0]
