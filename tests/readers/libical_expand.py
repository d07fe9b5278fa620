"""The meetings a libical-based client shows (Evolution's engine): run with Debian's python3 and
its GObject bindings of libical 3 (packages python3-gi and gir1.2-ical-3.0), not the project's venv.

stdin:  {"files": [paths], "start": "ISO UTC", "end": "ISO UTC"}
stdout: {"<path>": {"restrictions_ok": bool, "errors": [...], "meetings": [{uid, recurrence_id,
        start, end, status, summary, location}, ...]}}

As Evolution does: each master is expanded with icalcomponent_foreach_recurrence (which keeps a
series' exact duration, RFC 5545 §3.8.5.3), an instance whose RECURRENCE-ID has an override is
replaced by that override (its own DTSTART, DTEND and STATUS), and every file is checked with
libical's iTIP restriction check (icalrestriction_check) for its METHOD.
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

VEVENT = ICalGLib.ComponentKind.VEVENT_COMPONENT


def text(moment: ICalGLib.Time, zone=None) -> str:
    if moment.is_date():
        return f"{moment.get_year():04d}-{moment.get_month():02d}-{moment.get_day():02d}"
    return datetime.fromtimestamp(moment.as_timet_with_zone(zone or moment.get_timezone()), UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def seconds(moment: ICalGLib.Time) -> int:
    return moment.as_timet_with_zone(moment.get_timezone() or ICalGLib.Timezone.get_utc_timezone())


def _prop(component, kind) -> str | None:
    found = component.get_first_property(kind)
    return None if found is None else found.get_value_as_string().replace("\\,", ",").replace("\\;", ";")


def shown(component, recurrence_id, start, end) -> dict:
    status = component.get_status()
    names = {ICalGLib.PropertyStatus.CANCELLED: "CANCELLED", ICalGLib.PropertyStatus.TENTATIVE: "TENTATIVE"}
    return {"uid": component.get_uid(), "recurrence_id": recurrence_id, "start": start, "end": end,
            "status": names.get(status, "CONFIRMED"), "summary": component.get_summary(),
            "location": component.get_location()}


def _collect(_component, span, found: list) -> None:
    found.append((span.get_start(), span.get_end()))


def expand(path: str, low: int, high: int) -> dict:
    calendar = ICalGLib.Component.new_from_string(Path(path).read_text(encoding="utf-8"))
    ok = bool(ICalGLib.restriction_check(calendar))
    errors = [line for line in calendar.as_ical_string().splitlines() if line.startswith("X-LIC-ERROR")]
    events = []
    component = calendar.get_first_component(VEVENT)
    while component is not None:
        events.append(component)
        component = calendar.get_next_component(VEVENT)
    overrides = {}
    for event in events:
        found = event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY)
        if found is not None:  # its TZID resolved with the file's own VTIMEZONE, as DTSTART is
            tzid = found.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
            zone = calendar.get_timezone(tzid.get_tzid()) if tzid is not None else None
            moment = event.get_recurrenceid()
            key = moment.as_timet_with_zone(zone or ICalGLib.Timezone.get_utc_timezone())
            overrides[(event.get_uid(), key)] = event
    meetings = []
    for event in events:
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            continue
        series = event.get_first_property(ICalGLib.PropertyKind.RRULE_PROPERTY) is not None
        if not series:
            start, end = event.get_dtstart(), event.get_dtend()
            if seconds(start) < high and seconds(end) > low:
                meetings.append(shown(event, None, text(start), text(end)))
            continue
        instances = []
        event.foreach_recurrence(ICalGLib.Time.new_from_timet_with_zone(low - 86400 * 400, 0, None),
                                 ICalGLib.Time.new_from_timet_with_zone(high + 86400 * 400, 0, None),
                                 _collect, instances)
        all_day = event.get_dtstart().is_date()
        for first, last in instances:
            override = overrides.get((event.get_uid(), first))
            if override is not None:
                start, end = override.get_dtstart(), override.get_dtend()
                item = shown(override, str(first), text(start), text(end))
                s, e = seconds(start), seconds(end)
            else:
                if all_day:
                    day = datetime.fromtimestamp(first, UTC).date().isoformat()
                    next_day = datetime.fromtimestamp(last, UTC).date().isoformat()
                    item = shown(event, str(first), day, next_day)
                else:
                    item = shown(event, str(first), datetime.fromtimestamp(first, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                 datetime.fromtimestamp(last, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
                s, e = first, last
            if s < high and e > low:
                meetings.append(item)
    return {"restrictions_ok": ok, "errors": errors, "meetings": meetings}


def main() -> None:
    request = json.load(sys.stdin)
    low = int(datetime.fromisoformat(request["start"].replace("Z", "+00:00")).timestamp())
    high = int(datetime.fromisoformat(request["end"].replace("Z", "+00:00")).timestamp())
    json.dump({path: expand(path, low, high) for path in request["files"]}, sys.stdout)


if __name__ == "__main__":
    main()
