"""The IANA time zone of an iCalendar time, whatever the exporter called it.

``icalendar`` already reads a TZID that is an IANA name, one of the Windows names Outlook
and Exchange write (``W. Europe Standard Time``, by CLDR's windowsZones table that icalendar
ships) and a VTIMEZONE of any name. Left to do here: times in UTC or floating (no zone),
which take the calendar's zone (Google's ``X-WR-TIMEZONE``) or else the club's; names such
as ``/mozilla.org/20050126_1/Europe/Paris``; and a VTIMEZONE whose name is no zone at all
(``(UTC+01:00) Amsterdam, Berlin``, ``Customized Time Zone``), matched by its offsets over
two years against the IANA zones, the default zone first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar.timezone.tzid import is_utc, tzids_from_tzinfo
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from groundgame.model.timezones import get_zone, zone_names


def known(name: str | None) -> str | None:
    """``name`` as an IANA zone tzdata has: itself, its Windows name's zone, or the IANA name at its end."""
    if not name:
        return None
    name = name.strip().strip('"')
    names = zone_names()
    if name in names:
        return name
    if name in WINDOWS_TO_OLSON and WINDOWS_TO_OLSON[name] in names:
        return str(WINDOWS_TO_OLSON[name])
    parts = [p for p in name.split("/") if p]
    for i in range(len(parts) - 1):
        candidate = "/".join(parts[i:])
        if candidate in names:
            return candidate
    return None


def _samples(around: datetime) -> list[datetime]:
    start = datetime(around.year - 1, 1, 1, 12, tzinfo=UTC)
    return [start + timedelta(days=7 * week) for week in range(53 * 2 + 1)]


def _same_offsets(zone: tzinfo, other: ZoneInfo, samples: list[datetime]) -> bool:
    return all(moment.astimezone(zone).utcoffset() == moment.astimezone(other).utcoffset() for moment in samples)


_MATCHES: dict[tuple[int, int, str], str | None] = {}


def matching(zone: tzinfo, around: datetime, prefer: str) -> str | None:
    """The IANA zone whose offsets are those of ``zone`` every week of ``around``'s year and the
    one before: ``prefer`` if it is one, else the first such zone by name."""
    key = (id(zone), around.year, prefer)
    if key not in _MATCHES:
        samples = _samples(around)
        found = None
        ordered = sorted(n for n in zone_names() if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/")))
        for name in ([prefer] if prefer in zone_names() else []) + ordered:
            if _same_offsets(zone, get_zone(name), samples):
                found = name
                break
        _MATCHES[key] = found
    return _MATCHES[key]


def zone_name(value: datetime, tzid: str | None, default: str) -> tuple[str | None, str]:
    """The IANA zone of an aware or floating ``value`` (its TZID parameter ``tzid``), and a note
    for the organizer when it was guessed; None when no zone can be told."""
    zone = value.tzinfo
    if zone is None or is_utc(zone):  # floating, or UTC (Google writes one-off events so)
        return default, ""
    if isinstance(zone, ZoneInfo) and zone.key in zone_names():
        return zone.key, ""
    for name in (*tzids_from_tzinfo(zone), tzid):
        found = known(name)
        if found is not None:
            return found, ""
    guessed = matching(zone, value, default)
    if guessed is not None:
        return guessed, f"time zone {tzid!r} is not an IANA name; its offsets are those of {guessed}, which is used"
    return None, f"time zone {tzid!r} is neither an IANA nor a Windows name, and its offsets match no IANA zone"


def local(value: date | datetime, zone: str) -> date | datetime:
    """A DTSTART-like value as a local (naive) time in ``zone``; a date stays a date."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        return value
    return value.astimezone(get_zone(zone)).replace(tzinfo=None)
