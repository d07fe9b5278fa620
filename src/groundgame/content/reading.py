"""Build typed records from schema-valid documents, judging the meaning of each string.

The schema has checked shapes; this checks that a date is in the calendar, a language
tag and a country code are real (CLDR), a time zone exists (tzdata), and that every
localized text has the record's main language. Problems are collected, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from groundgame import cldr
from groundgame.content import dates
from groundgame.content.schema import shown
from groundgame.document import Document, Loc
from groundgame.model import recurrence, timezones
from groundgame.model.records import (
    Accessibility,
    Activity,
    Announcements,
    CallForProposals,
    Campaign,
    Change,
    Club,
    Event,
    Localized,
    Location,
    MailingList,
    Person,
    Photo,
    Region,
    Registration,
    Repeat,
    Venue,
    Weekday,
)
from groundgame.problems import Problem
from groundgame.suggest import close_matches, did_you_mean

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1, "2nd-last": -2}
_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\Z")

T = TypeVar("T")


class Reader:
    """Reads the fields of one document, noting each problem with its position."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.data = doc.data
        self.problems: list[Problem] = []
        self.years = dates.year_window()  # the years dates of events and campaigns may have

    def fail(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, hint=hint, key=key))

    def value(self, loc: Loc, default: Any = None) -> Any:
        node: Any = self.data
        try:
            for part in loc:
                node = node[part]
        except (KeyError, IndexError, TypeError):
            return default
        return default if node is None else node  # None: a value the schema refused (see salvage)

    def when(self, loc: Loc, years: tuple[int, int] | None = None) -> date | datetime | None:
        """A date or local date-time, within ``years`` (by default 1970 to ten years from now: a
        typo such as 9027 for 2027 is caught, and every instant derived from it, a meeting's end
        or its place in a time zone, exists)."""
        first, last = years or self.years
        text = self.value(loc)
        if text is None:
            return None
        parsed = parse_when(text)
        if parsed is None:
            self.fail(loc, f"is not a real date or time (got {shown(text)})",
                      "check the day of the month and the hour")
        elif not first <= parsed.year <= last:
            guess = f"did you mean {2000 + parsed.year % 100}?" if first <= 2000 + parsed.year % 100 <= last \
                else "a date more than ten years ahead is taken for a typo" if parsed.year > last else ""
            self.fail(loc, f"must be in a year from {first} to {last} (got {shown(text)})", guess)
            return None
        return parsed

    def day(self, loc: Loc, years: tuple[int, int] | None = None) -> date | None:
        value = self.when(loc, years)
        return value if value is None or not isinstance(value, datetime) else value.date()

    def language(self, loc: Loc, tag: str, *, key: bool = False) -> str:
        canonical = cldr.canonical_language(tag)
        if canonical is None:
            guess = cldr.canonical_language(tag.replace("_", "-")) or cldr.language_named(tag)
            hint = f"did you mean {guess!r}?" if guess else ""
            self.fail(loc, f"must be a language tag CLDR knows, such as 'en' or 'pt-BR' (got {shown(tag)})",
                      hint, key=key)
        elif canonical != tag:
            self.fail(loc, f"must be written {canonical!r} (got {shown(tag)})", key=key)
        return tag

    def languages(self, loc: Loc) -> tuple[str, ...]:
        tags = self.value(loc) or []
        # A tag the schema refused stays as "": the main language is then unknown, not the next one.
        return tuple(self.language(loc + (i,), tag) if isinstance(tag, str) else "" for i, tag in enumerate(tags))

    def localized(self, loc: Loc, primary: str) -> Localized | None:
        raw = self.value(loc)
        if raw is None:
            return None
        if isinstance(raw, dict):
            for tag in raw:
                self.language(loc + (tag,), tag, key=True)
            if primary and primary not in raw:  # "": the main language itself was refused
                self.fail(loc, f"must include the text in {primary!r}, the record's main language "
                               f"(got {', '.join(raw)})",
                          "add it, or put that language first in 'languages'")
        return Localized.of(raw, primary)

    def country(self, loc: Loc) -> str:
        code = self.value(loc, "")
        if code and code not in cldr.country_codes():
            self.fail(loc, f"must be an ISO 3166-1 country code (got {shown(code)})",
                      did_you_mean(code, cldr.country_codes()))
        return str(code)

    def timezone(self, loc: Loc) -> str:
        name = self.value(loc, "")
        if name and name not in timezones.zone_names():
            guesses = close_matches(name, timezones.zone_names())
            self.fail(loc, f"must be an IANA time zone (got {shown(name)})",
                      f"did you mean {guesses[0]!r}?" if guesses else "see the TZ names of the tz database")
        return str(name)

    def people(self, loc: Loc) -> tuple[Person, ...]:
        return tuple(Person(p.get("name") or "", p.get("github") or "") for p in self.value(loc, [])
                     if isinstance(p, dict))

    def optional(self, loc: Loc, build: Callable[[Loc], T]) -> T | None:
        return None if self.value(loc) is None else build(loc)


def parse_when(text: Any) -> date | datetime | None:
    """``2026-12-01`` → date, ``2026-12-01T19:00`` → naive datetime; None if not in the calendar."""
    match = _WHEN.match(text) if isinstance(text, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        if match.group(4) is None:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def read_region(doc: Document, region_id: str) -> tuple[Region, list[Problem]]:
    r = Reader(doc)
    primary = _first_key(doc.data.get("name"))
    record = Region(
        id=region_id, doc=doc,
        name=_need(r.localized(("name",), primary)),
        coordinators=r.people(("coordinators",)),
        description=r.localized(("description",), primary),
        digest_address=str(r.value(("digest_address",), "")),
    )
    if isinstance(doc.data.get("name"), dict):
        r.language(("name", primary), primary, key=True)
    return record, r.problems


def read_campaign(doc: Document, campaign_id: str) -> tuple[Campaign, list[Problem]]:
    r = Reader(doc)
    primary = _first_key(doc.data.get("name"))
    record = Campaign(
        id=campaign_id, doc=doc,
        name=_need(r.localized(("name",), primary)),
        summary=_need(r.localized(("summary",), primary)),
        description=r.localized(("description",), primary),
        starts=r.day(("starts",)) or date.min,
        ends=r.day(("ends",)) or date.max,
        website=doc.data.get("website", ""),
    )
    return record, r.problems


def read_club(doc: Document, club_id: str) -> tuple[Club, list[Problem]]:
    r = Reader(doc)
    languages = r.languages(("languages",))
    primary = languages[0] if languages else ""
    location = r.optional(("location",), lambda loc: Location(
        city=r.value(loc + ("city",)), country=r.country(loc + ("country",)),
        lat=r.value(loc + ("lat",)), lon=r.value(loc + ("lon",))))
    record = Club(
        id=club_id, doc=doc,
        name=_need(r.localized(("name",), primary)),
        summary=_need(r.localized(("summary",), primary)),
        description=r.localized(("description",), primary),
        languages=languages,
        region=doc.data.get("region", ""),
        location=location,
        online=bool(doc.data.get("online", False)),
        timezone=r.timezone(("timezone",)),
        topics=tuple(doc.data.get("topics", ())),
        levels=tuple(doc.data.get("levels", ())),
        audiences=tuple(doc.data.get("audiences", ())),
        programs=tuple(doc.data.get("programs", ())),
        cohosting=tuple(doc.data.get("cohosting", ())),
        leaders=r.people(("leaders",)),
        contact={k: v for k, v in doc.data.get("contact", {}).items() if k != "social"},
        social=_urls(r.value(("contact", "social"), ())),
        code_of_conduct=r.value(("code_of_conduct",), ""),
        join_url=doc.data.get("join_url", ""),
        founded=r.day(("founded",), (1800, r.years[1])),
        status=doc.data.get("status", ""),
        announcements=r.optional(("announcements",), lambda loc: _announcements(r, loc, languages)),
        photo=r.optional(("photo",), lambda loc: _photo(r, loc, primary)),
    )
    return record, r.problems


def _announcements(r: Reader, loc: Loc, club_languages: tuple[str, ...]) -> Announcements:
    """A club's ``announcements``; a per-language list the schema refused is left out, and each
    list of its own must be for one of the club's languages."""
    per_language = r.value(loc + ("languages",), {})
    for lang in per_language if isinstance(per_language, dict) else {}:
        if club_languages and all(club_languages) and lang not in club_languages:
            r.fail(loc + ("languages", lang), f"must be one of the club's languages, {', '.join(club_languages)} "
                                              f"(got {shown(lang)})", "add it to 'languages', or remove this list",
                   key=True)
    lists = {lang: MailingList(str(r.value(loc + ("languages", lang, "address"), "")),
                               str(r.value(loc + ("languages", lang, "subscribe"), "")),
                               str(r.value(loc + ("languages", lang, "list_id"), "")))
             for lang in (per_language if isinstance(per_language, dict) else {})
             if isinstance(per_language[lang], dict) and r.language(loc + ("languages", lang), lang, key=True)}
    days = r.value(loc + ("reminder_days",), 2)
    return Announcements(address=str(r.value(loc + ("address",), "")), subscribe=str(r.value(loc + ("subscribe",), "")),
                         list_id=str(r.value(loc + ("list_id",), "")),
                         reminder_days=days if isinstance(days, int) and not isinstance(days, bool) else 2,
                         languages=lists)


def read_event(doc: Document, event_id: str, club: Club | None) -> tuple[Event, list[Problem]]:
    """Read an event; ``club`` (its host, if readable) gives the defaults for language and zone."""
    r = Reader(doc)
    club_id, slug = event_id.split("/", 1)
    languages = r.languages(("languages",)) or (club.languages if club else ("en",))
    primary = languages[0] if languages else ""
    start = r.when(("start",)) or date.min
    end = r.when(("end",)) if "end" in doc.data else None
    record = Event(
        id=event_id, doc=doc, club=club_id, slug=slug,
        title=_need(r.localized(("title",), primary)),
        summary=r.localized(("summary",), primary),
        description=r.localized(("description",), primary),
        start=start,
        end=end if end is not None else default_end(start),
        timezone=r.timezone(("timezone",)) if "timezone" in doc.data else (club.timezone if club else ""),
        languages=languages,
        cohosts=tuple(doc.data.get("cohosts", ())),
        campaign=doc.data.get("campaign", ""),
        scale=doc.data.get("scale", ""),
        format=doc.data.get("format", ""),
        topics=tuple(doc.data.get("topics", ())),
        levels=tuple(doc.data.get("levels", ())),
        repeat=r.optional(("repeat",), lambda loc: _repeat(r, loc, primary)),
        venue=r.optional(("venue",), lambda loc: _venue(r, loc, primary)),
        online_url=r.value(("online", "url"), "") if isinstance(doc.data.get("online"), dict) else "",
        online=doc.data.get("online") is True or isinstance(doc.data.get("online"), dict),
        online_access=r.optional(("online", "accessibility"), lambda loc: _access(r, loc, primary))
        if isinstance(doc.data.get("online"), dict) else None,
        registration=r.optional(("registration",), lambda loc: _registration(r, loc)),
        status=doc.data.get("status", "scheduled"),
        cost=r.localized(("cost",), primary),
        activities={
            phase: tuple(Activity(_need(r.localized(("activities", phase, i, "title"), primary)), item.get("url", ""))
                         for i, item in enumerate(items) if isinstance(item, dict))
            for phase, items in doc.data.get("activities", {}).items()
        },
        report=r.localized(("report",), primary),
        website=r.value(("website",), ""),
        code_of_conduct=r.value(("code_of_conduct",), ""),
        call_for_proposals=r.optional(("call_for_proposals",), lambda loc: CallForProposals(
            url=r.value(loc + ("url",), ""), closes=r.when(loc + ("closes",)))),
        social=_urls(r.value(("social",), ())),
        photo=r.optional(("photo",), lambda loc: _photo(r, loc, primary)),
        gallery=tuple(_photo(r, ("gallery", i), primary) for i, item in enumerate(r.value(("gallery",), ()))
                      if isinstance(item, dict)),
    )
    _series_in_window(r, record)
    return record, r.problems


def _series_in_window(r: Reader, event: Event) -> None:
    """A series given by ``count`` must end inside the window too: 520 yearly meetings reach 2545.

    (``until`` is a date, checked like any other.) At most ``MAX_OCCURRENCES`` meetings are
    expanded, and the walk stops at the first one past the window.
    """
    repeat = event.repeat
    if repeat is None or not isinstance(repeat.count, int) or repeat.until is not None or event.start == date.min \
            or repeat.every not in ("day", "week", "month", "year") \
            or (repeat.every in ("day", "week") and any(w.nth is not None for w in repeat.on)):
        return  # no count, or a series the rules refuse for another reason
    last_year = r.years[1]
    wanted = min(repeat.count, recurrence.MAX_OCCURRENCES)
    for number, meeting in enumerate(recurrence.rule(event.start, repeat), start=1):
        if meeting.year > last_year:
            r.fail(("repeat", "count"), f"makes the series run past {last_year}: meeting {number} of "
                                        f"{repeat.count} would be on {meeting.date().isoformat()}",
                   "give fewer meetings, and add a new series when the time comes")
            return
        if number >= wanted:
            return


def default_end(start: date | datetime) -> date | datetime:
    """Two hours after a timed start; the same day for an all-day one."""
    from datetime import timedelta

    return start + timedelta(hours=2) if isinstance(start, datetime) else start


def parse_weekday(text: str) -> Weekday:
    *nth, day = text.split(" ")
    return Weekday(_WEEKDAYS.index(day), _NTH[nth[0]] if nth else None)


def _repeat(r: Reader, loc: Loc, primary: str) -> Repeat:
    data: Mapping[str, Any] = r.value(loc)
    except_dates = [r.day(loc + ("except", i)) for i in range(len(data.get("except", [])))]
    changes = {}
    for key in data.get("changes", {}):
        original = parse_when(key)
        if not isinstance(original, date) or isinstance(original, datetime):
            r.fail(loc + ("changes", key), f"must be the original date of a meeting (got {shown(key)})", key=True)
            continue
        changes[original] = _change(r, loc + ("changes", key), primary)
    return Repeat(
        every=data.get("every", ""), interval=data.get("interval", 1),
        on=tuple(parse_weekday(w) for w in data.get("on", ()) if isinstance(w, str)),
        until=r.when(loc + ("until",)), count=data.get("count"),
        except_dates=frozenset(d for d in except_dates if d is not None),
        changes=changes,
    )


def _change(r: Reader, loc: Loc, primary: str) -> Change:
    return Change(
        start=r.when(loc + ("start",)), end=r.when(loc + ("end",)),
        venue=r.optional(loc + ("venue",), lambda v: _venue(r, v, primary)),
        online_url=r.value(loc + ("online", "url")),
        status=r.value(loc + ("status",)),
        note=r.localized(loc + ("note",), primary),
        registration=r.optional(loc + ("registration",), lambda v: _registration(r, v)),
        title=r.localized(loc + ("title",), primary),
        online_only=bool(r.value(loc + ("online_only",), False)),
    )


def _access(r: Reader, loc: Loc, primary: str) -> Accessibility:
    """A venue's or an online event's ``accessibility`` (each kind has only its own fields)."""
    return Accessibility(
        step_free=r.value(loc + ("step_free",)), captions=r.value(loc + ("captions",)),
        sign_language=r.value(loc + ("sign_language",)), quiet_room=r.value(loc + ("quiet_room",)),
        notes=r.localized(loc + ("notes",), primary), transcripts=r.value(loc + ("transcripts",)),
        captions_or_sign_language=r.value(loc + ("captions_or_sign_language",)))


def _venue(r: Reader, loc: Loc, primary: str) -> Venue:
    access = r.optional(loc + ("accessibility",), lambda a: _access(r, a, primary))
    return Venue(
        name=r.value(loc + ("name",), ""), address=r.value(loc + ("address",), ""),
        city=r.value(loc + ("city",), ""), country=r.country(loc + ("country",)),
        lat=r.value(loc + ("lat",)), lon=r.value(loc + ("lon",)), accessibility=access,
    )


def _registration(r: Reader, loc: Loc) -> Registration:
    return Registration(url=r.value(loc + ("url",), ""), capacity=r.value(loc + ("capacity",)),
                        deadline=r.when(loc + ("deadline",)))


def _photo(r: Reader, loc: Loc, primary: str) -> Photo:
    """A ``photo`` (or an item of ``gallery``); its file is checked by ``content.photos``."""
    file = r.value(loc + ("file",), "")
    return Photo(file=file if isinstance(file, str) else "", alt=_need(r.localized(loc + ("alt",), primary)),
                 credit=str(r.value(loc + ("credit",), "")), licence=str(r.value(loc + ("licence",), "")))


def _urls(raw: Any) -> tuple[str, ...]:
    """The addresses of a list the schema accepted (a refused item is left out)."""
    return tuple(item for item in raw if isinstance(item, str)) if isinstance(raw, list) else ()


def _first_key(raw: Any) -> str:
    if isinstance(raw, dict):
        return next(iter(raw), "")
    return "en" if isinstance(raw, str) else ""  # no name the schema accepted: main language unknown


def _need(value: Localized | None) -> Localized:
    """A required text; empty where the schema refused it (the record is then never published)."""
    return value if value is not None else Localized({"": ""}, "")
