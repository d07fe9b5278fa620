// The meetings a calendar client shows, as ical.js 2.2.1 (Thunderbird's parser) computes them.
//
// stdin:  {"files": [paths], "start": "ISO UTC", "end": "ISO UTC"}
// stdout: {"<path>": [{uid, recurrence_id, start, end, status, summary, location}, ...], ...}
//
// Per file, as a client does: ICAL.parse, every VTIMEZONE registered with ICAL.TimezoneService
// (reset between files), one ICAL.Event per UID with its RECURRENCE-ID exceptions related to the
// master, occurrences from event.iterator() / getOccurrenceDetails until past the window.
// Date-times come out in UTC (YYYY-MM-DDTHH:MM:SSZ), all-day values as YYYY-MM-DD; an end is
// DTEND (exclusive). Run with TZ=UTC so that floating times read as UTC.
//
// With "mode": "starts", no expansion: for each file, {uid: DTSTART in UTC} of its VEVENTs, each
// TZID local time converted by ical.js through the file's VTIMEZONE (fast, for zone tests).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const MAX_OCCURRENCES = 100000; // per event: a safe bound for a runaway RRULE

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function dateText(t) {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

function iso(t) {
  if (t.isDate) return dateText(t);
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `${dateText(u)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
}

// Seconds since the epoch, an all-day value read as midnight UTC (as the Python side does).
function seconds(t) {
  if (t.isDate) return Date.UTC(t.year, t.month - 1, t.day) / 1000;
  return t.toUnixTime();
}

function overlaps(start, end, lo, hi) {
  const s = seconds(start);
  const e = seconds(end);
  return e > s ? s < hi && e > lo : s >= lo && s < hi;
}

function shown(item, recurrenceId, start, end) {
  const component = item.component;
  return {
    uid: item.uid,
    recurrence_id: recurrenceId === null ? null : iso(recurrenceId),
    start: iso(start),
    end: iso(end),
    status: String(component.getFirstPropertyValue("status") || "CONFIRMED").toUpperCase(),
    summary: component.getFirstPropertyValue("summary") ?? null,
    location: component.getFirstPropertyValue("location") ?? null,
  };
}

function expandEvent(event, lo, hi, out) {
  if (!event.isRecurring()) {
    if (overlaps(event.startDate, event.endDate, lo, hi)) {
      out.push(shown(event, null, event.startDate, event.endDate));
    }
    return;
  }
  // An override may move a meeting from after the window into it: go on past the last one.
  let last = hi;
  for (const exception of Object.values(event.exceptions)) {
    last = Math.max(last, seconds(exception.recurrenceId));
  }
  const iterator = event.iterator();
  let next;
  let count = 0;
  while ((next = iterator.next()) && count < MAX_OCCURRENCES) {
    count += 1;
    if (seconds(next) > last) break;
    const details = event.getOccurrenceDetails(next);
    if (overlaps(details.startDate, details.endDate, lo, hi)) {
      out.push(shown(details.item, details.recurrenceId, details.startDate, details.endDate));
    }
  }
  if (count >= MAX_OCCURRENCES) {
    throw new Error(`${event.uid}: more than ${MAX_OCCURRENCES} occurrences`);
  }
}

function expandFile(path, lo, hi) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const masters = new Map();
  const exceptions = [];
  for (const component of calendar.getAllSubcomponents("vevent")) {
    if (component.hasProperty("recurrence-id")) exceptions.push(component);
    // exceptions: [] — left alone, the constructor relates every RECURRENCE-ID component of the
    // calendar to this event whatever its UID; a client relates only the event's own (below)
    else masters.set(component.getFirstPropertyValue("uid"),
                     new ICAL.Event(component, { strictExceptions: true, exceptions: [] }));
  }
  const events = [...masters.values()];
  for (const component of exceptions) {
    const master = masters.get(component.getFirstPropertyValue("uid"));
    if (master) master.relateException(component);
    else events.push(new ICAL.Event(component)); // an override without its series: shown as is
  }
  const out = [];
  for (const event of events) expandEvent(event, lo, hi, out);
  return out;
}

function startsOfFile(path) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const out = {};
  for (const component of calendar.getAllSubcomponents("vevent")) {
    out[component.getFirstPropertyValue("uid")] = iso(component.getFirstPropertyValue("dtstart"));
  }
  return out;
}

const request = JSON.parse(readFileSync(0, "utf8"));
const lo = Date.parse(request.start) / 1000;
const hi = Date.parse(request.end) / 1000;
const result = {};
for (const path of request.files) {
  try {
    result[path] = request.mode === "starts" ? startsOfFile(path) : expandFile(path, lo, hi);
  } catch (error) {
    process.stderr.write(`${path}: ${error.stack || error}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(result));
