"""Events of an iCalendar export (Google Calendar, Outlook, Meetup, Nextcloud…) as event drafts.

Each VEVENT with its RECURRENCE-ID overrides becomes one draft: SUMMARY the title, DTSTART
and DTEND (or DURATION) the local start and end in the event's zone (``zones``), RRULE the
``repeat`` (``series``, only when both give the same meetings), EXDATE and cancelled
overrides ``except``, other overrides ``changes`` (a moved time, another title or place, a
note), LOCATION/GEO/URL and the conference links the venue, online address and sign-up
address (``places``), DESCRIPTION or X-ALT-DESC the description as Markdown (``html``).
What has no place in an event file is said for the event with its line in the .ics file;
an event that cannot be represented is skipped with the reason, as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Component
from icalendar.error import BrokenCalendarProperty
from icalendar.timezone.tzid import is_utc

from groundgame import i18n
from groundgame.cldr import canonical_language
from groundgame.model.records import Club
from groundgame.model.timezones import get_zone
from groundgame.tools.importing import html, places, series, texts, zones
from groundgame.tools.importing.drafts import Draft, Notes, when_text, who
from groundgame.tools.importing.lines import Block, scan

MAX_BYTES = 5_000_000  # an .ics file read at most; Google ignores feeds over about 1 MB
MAX_EVENTS = 2_000  # events (VEVENTs without RECURRENCE-ID) of one import
MAX_OVERRIDES = 520  # changed meetings of one series, as a series may have
OWN_PRODID = "-//groundgame//"  # the PRODID of groundgame's feeds (calendars.PRODID)
ADDRESS_LATER = "Online: the address will be sent to registered people."  # groundgame's feeds (calendars.py)
_GOOGLE_BLOCK = re.compile(r"-::~[:~]+::-.*?-::~[:~]+::-", re.DOTALL)
_TEAMS_BLOCK = re.compile(r"_{20,}.*?(?:_{20,}|\Z)", re.DOTALL)
_CONFERENCE = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
               "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK")
_IGNORED = frozenset({"UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DESCRIPTION", "DTSTART",
                      "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID", "LOCATION", "GEO", "URL",
                      "STATUS", "CLASS", "TRANSP", "ORGANIZER", "ATTENDEE", "CATEGORIES", "PRIORITY", "X-ALT-DESC",
                      "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT",
                      "X-MICROSOFT-CDO-IMPORTANCE", "X-MICROSOFT-CDO-INSTTYPE", "X-MICROSOFT-DONOTFORWARDMEETING",
                      "X-MICROSOFT-DISALLOW-COUNTER", "X-MICROSOFT-LOCATIONS", "X-MICROSOFT-REQUESTEDATTENDANCEMODE",
                      "X-MICROSOFT-ISRESPONSEREQUESTED", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "X-MOZ-GENERATION",
                      "X-GOOGLE-CONFERENCE", "X-APPLE-STRUCTURED-LOCATION", "COLOR", "IMAGE", "ATTACH",
                      "X-LIC-ERROR", *(c for c in _CONFERENCE)})


@dataclass
class Seen:
    """What one VEVENT says, in the event's terms."""

    title: str
    start: date | datetime
    end: date | datetime | None
    status: str
    venue: dict[str, Any] | None
    online: str | None
    registration: str | None
    description: str | None
    paragraphs: list[str] = field(default_factory=list)
    language: str = ""
    online_later: bool = False  # online, the address sent to registered people (groundgame's own sentence)


@dataclass
class Context:
    notes: Notes
    club: Club
    zone: str  # the calendar's zone (X-WR-TIMEZONE) or the club's
    site_url: str  # the site's own address: an event URL there is its page, not a sign-up address
    utc_zone: str | None = None  # groundgame's own file: the zone a time in UTC is in (see _utc_zone)


def decode(raw: bytes, notes: Notes) -> str | None:
    """The text of an .ics file (UTF-8, with or without BOM), or None with the line of the first bad byte."""
    if len(raw) > MAX_BYTES:
        notes.error(0, "", f"is {len(raw):,} bytes; an import reads at most {MAX_BYTES:,}",
                    "export a shorter period, or split the file")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        notes.error(line, "", "is not UTF-8 text (iCalendar files are UTF-8)", "export the calendar again as UTF-8")
        return None


def read(raw: bytes, notes: Notes, club: Club, site_url: str = "") -> list[Draft]:
    """The drafts of every event of an .ics file; problems go to ``notes``."""
    text = decode(raw, notes)
    if text is None:
        return []
    found = scan(text)
    for line, row in found.bad:
        notes.error(line, "", f"is not an iCalendar line (NAME:value): {row!r}")
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        notes.error(0, "", f"cannot be read as iCalendar: {str(exc)[:200]}",
                    "check that the file is a calendar export (.ics) and begins with BEGIN:VCALENDAR")
        return []
    drafts: list[Draft] = []
    components = [c for cal in calendars for c in cal.walk("VEVENT")]
    blocks = found.blocks if len(found.blocks) == len(components) else [Block(0)] * len(components)
    others = sum(len(cal.walk(kind)) for cal in calendars for kind in ("VTODO", "VJOURNAL"))
    if others:
        notes.add(0, "", f"{others} to-do or journal entr{'ies are' if others > 1 else 'y is'} not an event: left out")
    masters = sum(1 for c in components if "RECURRENCE-ID" not in c)
    if masters > MAX_EVENTS:
        notes.error(0, "", f"has {masters:,} events; an import takes at most {MAX_EVENTS:,}",
                    "export a shorter period, or split the file")
        return []
    zone = _calendar_zone(calendars, club, notes)
    context = Context(notes, club, zone, site_url, _utc_zone(calendars))
    overrides: dict[str, list[tuple[Component, Block]]] = {}
    order: list[tuple[str, Component, Block]] = []
    seen_uids: dict[str, int] = {}
    for component, block in zip(components, blocks, strict=True):
        uid = str(component.get("UID") or "").strip()[:500]
        if "RECURRENCE-ID" in component:
            overrides.setdefault(uid, []).append((component, block))
            continue
        if not uid:
            uid = f"no-uid:{component.get('SUMMARY', '')}:{block.line}"
            notes.add(block.line, who(str(component.get("SUMMARY") or "")),
                      "has no UID: importing the file again will not find this event again")
        if uid in seen_uids:
            notes.add(block.line, who(str(component.get("SUMMARY") or ""), uid),
                      f"has the UID of the event on line {seen_uids[uid]}: only the later one is imported")
            order = [o for o in order if o[0] != uid]
        seen_uids[uid] = block.line
        order.append((uid, component, block))
    for uid, component, block in order:
        try:
            draft = _draft(context, uid, component, block, overrides.pop(uid, []))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
                BrokenCalendarProperty) as exc:  # a value of a shape none of the exporters writes
            notes.error(block.line, who(str(component.get("SUMMARY") or ""), uid),
                        f"cannot be read ({type(exc).__name__}: {str(exc)[:160]}): skipped")
            continue
        if draft is not None:
            drafts.append(draft)
    for uid, left in overrides.items():
        component, block = left[0]
        notes.error(block.line, who(str(component.get("SUMMARY") or ""), uid),
                    "is a changed meeting (RECURRENCE-ID) of a series that is not in the file: skipped",
                    "export the whole calendar, with the series")
    return drafts


def _calendar_zone(calendars: list[Calendar], club: Club, notes: Notes) -> str:
    for cal in calendars:
        given = cal.get("X-WR-TIMEZONE")
        if given is None:
            continue
        name = zones.known(str(given))
        if name is not None:
            return name
        notes.add(0, "", f"X-WR-TIMEZONE {str(given)[:64]!r} is no IANA time zone: times without a zone are "
                         f"taken in the club's, {club.timezone}")
    return club.timezone


def _utc_zone(calendars: list[Calendar]) -> str | None:
    """In a file of groundgame's own feeds, the zone a time written in UTC belongs to.

    Other exporters write UTC for a time of any zone (Google's one-off events), which is why a
    time in UTC is otherwise taken in the calendar's or the club's zone. groundgame writes UTC only
    for an event in UTC, or for a time in an hour that happens twice in the event's own zone, whose
    VTIMEZONE is the file's only one: so that zone, or UTC when the file has none.
    """
    if len(calendars) != 1 or not str(calendars[0].get("PRODID") or "").startswith(OWN_PRODID):
        return None
    names = {str(tz.get("TZID") or "") for tz in calendars[0].walk("VTIMEZONE")}
    if not names:
        return "UTC"
    return zones.known(names.pop()) if len(names) == 1 else None


def _say(notes: Notes, line: int, label: str) -> texts.Say:
    return lambda message: notes.add(line, label, message)


def _dt(prop: Any) -> Any:
    """A property's date or time, None if it has none or could not be read (``vBroken`` raises)."""
    try:
        return getattr(prop, "dt", None)
    except BrokenCalendarProperty:
        return None


def _value(component: Component, name: str) -> Any:
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return _dt(prop) if prop is not None else None


def _strip_called_off(title: str, language: str) -> tuple[str, str]:
    """A title without the "Cancelled: "/"Postponed: " groundgame's feeds put before it, and which it was."""
    for lang in dict.fromkeys((language, "en")):
        for status, word in (("cancelled", "Cancelled"), ("postponed", "Postponed")):
            try:
                said = i18n.gettext(lang, word) if lang else word
            except (OSError, ValueError, LookupError):
                said = word
            for form in dict.fromkeys((said, word, "Canceled" if word == "Cancelled" else word)):
                if title.startswith(f"{form}: "):
                    return title[len(form) + 2:], status
    return title, "cancelled"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _plain_markdown(text: str) -> str:
    """A plain-text description as Markdown that shows it as written: raw HTML would be removed, so
    ``<`` is escaped, and a single line break stays a line break."""
    rows = text.replace("<", "\\<").split("\n")
    marker = re.compile(r"\s*([-*+>#]|\d+[.)])(\s|$)")
    out = []
    for i, row in enumerate(rows):
        following = rows[i + 1] if i + 1 < len(rows) else ""
        if row.strip() and following.strip() and not marker.match(row) and not marker.match(following) \
                and not row.endswith("\\"):
            row += "\\"
        out.append(row)
    return "\n".join(out)


def _address_later(languages: tuple[str, ...]) -> frozenset[str]:
    """The sentence groundgame's feeds write for an online event whose address is sent later, in
    the description's languages and in English."""
    found = {ADDRESS_LATER}
    for lang in languages:
        try:
            found.add(i18n.gettext(lang, ADDRESS_LATER))
        except (OSError, ValueError, LookupError):
            continue
    return frozenset(found)


def _description(context: Context, component: Component, links: tuple[str, ...], label: str, block: Block
                 ) -> tuple[str | None, list[str], bool]:
    """The description as Markdown, the plain paragraphs it came from (to compare meetings'), and
    whether it says that the online address is sent later.

    A paragraph that is only one of ``links`` (the event's page, online or sign-up address, which
    have fields of their own) says nothing more and is left out.
    """
    say = _say(context.notes, block.at("DESCRIPTION"), label)
    plain = str(component.get("DESCRIPTION") or "")[: html.MAX_HTML]
    alt = component.get("X-ALT-DESC")
    alt_html = str(alt) if alt is not None and "html" in str(alt.params.get("FMTTYPE", "")).lower() else ""
    plain = _TEAMS_BLOCK.sub("", _GOOGLE_BLOCK.sub("", plain))
    known = {link for link in (*links, context.site_url) if link}
    languages = tuple(str(component[name].params.get("LANGUAGE", "")) for name in ("DESCRIPTION", "SUMMARY")
                      if name in component)
    later = _address_later(languages)
    paragraphs = [p for p in _paragraphs(plain) if p not in known]
    said_later = any(p in later for p in paragraphs)
    paragraphs = [p for p in paragraphs if p not in later]
    if alt_html.strip():
        markdown = html.to_markdown(_GOOGLE_BLOCK.sub("", alt_html))
    elif html.looks_like_html(plain):
        markdown = html.to_markdown(plain)
        paragraphs = _paragraphs(markdown)
    else:
        markdown = _plain_markdown("\n\n".join(paragraphs))
    if known:
        markdown = "\n\n".join(p for p in _paragraphs(markdown)
                               if p.strip() not in known and p.strip().strip("<>") not in known)
    return texts.block(markdown, "DESCRIPTION", say), paragraphs, said_later


def _seen(context: Context, component: Component, block: Block, label: str, zone: str) -> Seen | None:
    notes = context.notes
    summary = str(component.get("SUMMARY") or "")
    language = str(component["SUMMARY"].params.get("LANGUAGE", "")) if "SUMMARY" in component else ""
    status = str(component.get("STATUS") or "").upper()
    kind = "scheduled"
    if status == "CANCELLED":
        summary, kind = _strip_called_off(summary, language)
    title = texts.line(summary, "SUMMARY", _say(notes, block.at("SUMMARY"), label), texts.NAME_LIMIT)
    start = _value(component, "DTSTART")
    if not isinstance(start, date):
        notes.error(block.at("DTSTART"), label, "has no start (DTSTART) that can be read: skipped")
        return None
    end = _value(component, "DTEND")
    duration = _value(component, "DURATION")
    if not isinstance(end, date) and isinstance(duration, timedelta):
        end = start + duration
    start_local = zones.local(start, zone)
    end_local = zones.local(end, zone) if isinstance(end, date) else None
    if isinstance(start_local, datetime) != isinstance(end_local, datetime) and end_local is not None:
        end_local = None
    if end_local is not None and not isinstance(end_local, datetime):
        end_local = max(end_local - timedelta(days=1), start_local)  # DTEND of a day is exclusive
    if isinstance(end_local, datetime) and isinstance(start_local, datetime) and end_local <= start_local:
        notes.add(block.at("DTEND"), label, "ends when it starts: the default length (two hours) is used")
        end_local = None
    say = _say(notes, block.at("LOCATION"), label)
    geo = component.get("GEO")
    coordinates = (float(geo.latitude), float(geo.longitude)) if geo is not None and hasattr(geo, "latitude") else None
    url = texts.url(str(component.get("URL") or "")) if component.get("URL") else None
    conference = [str(component.get(name)) for name in _CONFERENCE if component.get(name)]
    place = places.place(str(component.get("LOCATION") or "") or None, coordinates, conference, say)
    registration = None
    online = place.online
    if url and places.is_video(url):
        online = online or url
    elif url and not (context.site_url and url.startswith(context.site_url)):
        registration = url
    if online is None:
        online = places.video_in(str(component.get("DESCRIPTION") or ""))
    links = tuple(link for link in (url, online, registration) if link)  # a paragraph of one says nothing more
    description, paragraphs, later = _description(context, component, links, label, block)
    venue = place.venue
    if not online and not later and venue is not None and places.is_club_town(venue, context.club):
        venue = None  # the club's town, as groundgame's feeds name the place of an event held at the club's
    return Seen(title or "", start_local, end_local, kind, venue, online, registration, description,
                paragraphs, language, later and not online)


def _zone_of(context: Context, component: Component, block: Block, label: str) -> str | None:
    prop = component.get("DTSTART")
    start = _dt(prop)
    if not isinstance(start, datetime):
        return context.zone
    if context.utc_zone is not None and start.tzinfo is not None and is_utc(start.tzinfo):
        if context.utc_zone == "UTC" and is_utc(get_zone(context.club.timezone)):
            return context.club.timezone  # the club's own name for UTC (Etc/UTC)
        return context.utc_zone
    tzid = prop.params.get("TZID") if prop is not None else None
    name, note = zones.zone_name(start, str(tzid) if tzid else None, context.zone)
    if note:
        context.notes.add(block.at("DTSTART"), label, note, error=name is None,
                          hint="" if name else "give the event a time zone such as Europe/Paris in the calendar")
    return name


def _draft(context: Context, uid: str, component: Component, block: Block,
           overrides: list[tuple[Component, Block]]) -> Draft | None:
    notes = context.notes
    label = who(str(component.get("SUMMARY") or ""), uid)
    if str(component.get("CLASS") or "").upper() in ("PRIVATE", "CONFIDENTIAL"):
        notes.add(block.at("CLASS"), label, f"is marked {str(component.get('CLASS')).upper()}: not imported")
        return None
    for name, message in component.errors[:5]:
        notes.add(block.at(name) if name else block.line, label,
                  f"{name or 'a line'} cannot be read ({str(message)[:120]}): left out")
    zone = _zone_of(context, component, block, label)
    if zone is None:
        return None
    seen = _seen(context, component, block, label, zone)
    if seen is None:
        return None
    if not seen.title:
        notes.error(block.at("SUMMARY"), label, "has no title (SUMMARY): skipped")
        return None
    record: dict[str, Any] = {"title": seen.title, "start": when_text(seen.start)}
    if seen.end is not None and seen.end != seen.start:
        record["end"] = when_text(seen.end)
    elif seen.end is None and isinstance(seen.start, datetime):
        notes.add(block.at("DTSTART"), label, "has no end (DTEND or DURATION): the default length (two hours) is used")
    if zone != context.club.timezone and isinstance(seen.start, datetime):
        record["timezone"] = zone
    language = canonical_language(seen.language) if seen.language else None
    if language and context.club.languages and language != context.club.languages[0]:
        record["languages"] = [language]
    if seen.description:
        record["description"] = seen.description
    if seen.venue:
        record["venue"] = seen.venue
    if seen.online:
        record["online"] = {"url": seen.online}
    elif seen.online_later:
        record["online"] = True
    if seen.registration:
        record["registration"] = {"url": seen.registration}
    if seen.status != "scheduled":
        record["status"] = seen.status
    _unmapped(context, component, block, label)
    if "RRULE" in component:
        if not _repeat(context, record, component, block, label, zone, seen, overrides):
            return None
    elif overrides:
        notes.add(overrides[0][1].line, label, "has changed meetings (RECURRENCE-ID) but no RRULE: they are left out")
    if "RDATE" in component and "RRULE" not in component:
        notes.error(block.at("RDATE"), label, "is repeated by RDATE dates only, which an event cannot say: skipped",
                    "make it a series with a rule in the calendar, or one event per date")
        return None
    return Draft(uid, label, block.line, record)


def _unmapped(context: Context, component: Component, block: Block, label: str) -> None:
    for name in component:
        if name not in _IGNORED and not name.startswith(("X-", "VALARM")):
            context.notes.add(block.at(name), label, f"{name} has no place in an event file: left out")


def _dates(component: Component, name: str, zone: str) -> list[date]:
    found: list[date] = []
    props = component.get(name)
    for prop in props if isinstance(props, list) else [props] if props is not None else []:
        for one in getattr(prop, "dts", None) or []:
            moment = _dt(one)
            value = zones.local(moment, zone) if isinstance(moment, date) else None
            if isinstance(value, datetime):
                found.append(value.date())
            elif isinstance(value, date):
                found.append(value)
    return found


def _repeat(context: Context, record: dict[str, Any], component: Component, block: Block, label: str, zone: str,
            seen: Seen, overrides: list[tuple[Component, Block]]) -> bool:
    notes = context.notes
    rules = component.get("RRULE")
    rule = rules[0] if isinstance(rules, list) else rules
    if isinstance(rules, list) and len(rules) > 1:
        notes.error(block.at("RRULE"), label, "has more than one RRULE, which an event cannot say: skipped")
        return False
    until = (rule.get("UNTIL") or [None])[0]
    until_local = zones.local(until, zone) if isinstance(until, date) else None
    made = series.convert(rule, seen.start, until_local)
    if made.repeat is None:
        notes.error(block.at("RRULE"), label, f"{made.refusal}: skipped",
                    "make the rule simpler in the calendar, or split the series")
        return False
    for warning in made.warnings:
        notes.add(block.at("RRULE"), label, warning)
    repeat = made.repeat
    days = {s.date(): s for s in made.starts}
    cancelled: set[date] = set()
    for day in _dates(component, "EXDATE", zone):
        if day in days:
            cancelled.add(day)
        else:
            notes.add(block.at("EXDATE"), label, f"EXDATE {day.isoformat()} is not a meeting of the series: left out")
    extra = sorted(set(_dates(component, "RDATE", zone)) - set(days))
    if extra:
        shown = ", ".join(d.isoformat() for d in extra[:5]) + ("…" if len(extra) > 5 else "")
        notes.add(block.at("RDATE"), label, f"RDATE adds meetings outside the rule ({shown}): left out",
                  hint="add them as events of their own")
    changes: dict[date, dict[str, Any]] = {}
    for override, where in overrides[:MAX_OVERRIDES]:
        _override(context, override, where, label, zone, seen, days, cancelled, changes)
    if len(overrides) > MAX_OVERRIDES:
        notes.add(overrides[MAX_OVERRIDES][1].line, label, f"has more than {MAX_OVERRIDES} changed meetings: "
                                                             "the rest are left out")
    if cancelled:
        repeat["except"] = sorted(cancelled)
    if changes:
        repeat["changes"] = {day: changes[day] for day in sorted(changes) if day not in cancelled}
        if not repeat["changes"]:
            del repeat["changes"]
    record["repeat"] = repeat
    return True


def _override(context: Context, component: Component, block: Block, label: str, zone: str, master: Seen,
              days: dict[date, datetime], cancelled: set[date], changes: dict[date, dict[str, Any]]) -> None:
    notes = context.notes
    prop = component.get("RECURRENCE-ID")
    moment = _dt(prop)
    original = zones.local(moment, zone) if isinstance(moment, date) else None
    day = original.date() if isinstance(original, datetime) else original
    line = block.at("RECURRENCE-ID")
    if day is None or day not in days:
        notes.add(line, label, f"RECURRENCE-ID {day.isoformat() if day else '?'} is not a meeting of the series: "
                               "its change is left out")
        return
    if str(prop.params.get("RANGE", "")).upper() == "THISANDFUTURE":
        notes.add(line, label, f"the change from {day.isoformat()} on (RANGE=THISANDFUTURE) cannot be said: left out",
                  hint="split the series at that date in the calendar")
        return
    seen = _seen(context, component, block, label, zone)
    if seen is None:
        return
    # a meeting called off in a series that takes place (in one called off as a whole, every one is)
    called_off = seen.status != "scheduled" and master.status == "scheduled"
    change: dict[str, Any] = {}
    if isinstance(seen.start, datetime) != isinstance(master.start, datetime):
        if called_off:
            cancelled.add(day)
        else:
            notes.add(line, label, f"the meeting of {day.isoformat()} changes between all-day and timed: left out")
        return
    length = (master.end or master.start) - master.start
    own_length = (seen.end or seen.start) - seen.start if seen.end is not None else length
    if seen.start != recurrence_start(days[day], master.start) or own_length != length:
        change["start"] = when_text(seen.start)
        end = seen.end if seen.end is not None else seen.start + length
        if end != seen.start or length:  # without an end, a moved meeting lasts as long as the series' first
            change["end"] = when_text(end)
    if seen.title and seen.title != master.title:
        change["title"] = seen.title
    if seen.venue and seen.venue != master.venue:
        change["venue"] = seen.venue
    if seen.online and seen.online != master.online:
        change["online"] = {"url": seen.online}
    if master.venue and not seen.venue and (seen.online or master.online):
        change["online_only"] = True
    if seen.registration and seen.registration != master.registration:
        change["registration"] = {"url": seen.registration}
    extra = [p for p in seen.paragraphs if p not in master.paragraphs]
    note = texts.block("\n\n".join(extra), "DESCRIPTION", _say(notes, block.at("DESCRIPTION"), label),
                       texts.TEXT_LIMIT) if extra else None
    if note:
        change["note"] = note
    if called_off and not change:
        cancelled.add(day)  # only called off: an except date
    elif called_off:
        changes[day] = {**change, "status": "cancelled"}  # moved, retitled... and called off: all of it kept
    elif change:
        changes[day] = change


def recurrence_start(start: datetime, first: date | datetime) -> date | datetime:
    """A meeting's rule start in the kind of the series' start (a date for an all-day series)."""
    return start if isinstance(first, datetime) else start.date()
