"""Events of a spreadsheet saved as CSV (UTF-8, with or without BOM; commas or semicolons).

One event a row, under a header row naming the columns (in any order, any case):

    uid, title, start, end, timezone, venue, address, city, country, lat, lon, online,
    registration, summary, description, every, interval, on, until, count, except

``title`` and ``start`` are needed; dates are written 2026-12-01 and times 2026-12-01 19:00
(or 2026-12-01T19:00), in the club's zone unless ``timezone`` says another. ``every`` (day,
week, month, year) makes the row a series, with ``on`` (weekdays such as ``tuesday`` or
``2nd tuesday``, separated by commas), ``interval``, ``until`` or ``count``, and ``except``
(dates, separated by commas or spaces). ``uid`` is the row's own id, which finds the same
event again when the sheet is imported once more (without it, its title and start do).
docs/import-template.csv is a sheet to start from. A value that cannot be read is named by
the file, its line and the column (``events.csv:7:3: start: …``: line 7, third column).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from groundgame.content.dates import canonical_when, when_hint
from groundgame.model.records import Club
from groundgame.model.timezones import zone_names
from groundgame.problems import Problem, Severity
from groundgame.suggest import close_matches, country_code
from groundgame.tools.importing import html, texts
from groundgame.tools.importing.drafts import Draft, Notes, who

MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
COLUMNS = ("uid", "title", "start", "end", "timezone", "venue", "address", "city", "country", "lat", "lon", "online",
           "registration", "summary", "description", "every", "interval", "on", "until", "count", "except")
_EVERY = ("day", "week", "month", "year")


def _fail(notes: Notes, line: int, column: str, message: str, hint: str = "") -> None:
    notes.problems.append(Problem(notes.source, line, notes.columns.get(column, 1), column, message,
                                  Severity.ERROR, hint))


def read(raw: bytes, notes: Notes, club: Club) -> list[Draft]:
    if len(raw) > MAX_BYTES:
        notes.error(0, "", f"is {len(raw):,} bytes; an import reads at most {MAX_BYTES:,}", "split the sheet")
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        notes.error(raw[: exc.start].count(b"\n") + 1, "", "is not UTF-8 text",
                    "save the sheet as 'CSV UTF-8' (Excel) or with the UTF-8 character set (LibreOffice)")
        return []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    drafts: list[Draft] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        notes.columns.update({name: i for i, name in reversed(list(enumerate(header, start=1)))})
        for name in header:
            if name and name not in COLUMNS:
                guess = close_matches(name, COLUMNS)
                notes.add(1, "", f"column {name!r} is not one the import knows: left out",
                          hint=f"did you mean {guess[0]!r}?" if guess else "the columns are " + ", ".join(COLUMNS))
        for needed in ("title", "start"):
            if needed not in header:
                _fail(notes, 1, needed, "is a column every sheet needs", "the header row names the columns")
        if notes.errors:
            return []
        line = reader.line_num + 1
        for row in reader:
            if len(drafts) >= MAX_ROWS:
                notes.error(line, "", f"the sheet has more than {MAX_ROWS:,} events; the rest are left out")
                break
            if any(cell.strip() for cell in row):
                values = {name: cell.strip() for name, cell in zip(header, row, strict=False) if name in COLUMNS}
                draft = _row(notes, line, values, club)
                if draft is not None:
                    drafts.append(draft)
            line = reader.line_num + 1
    except csv.Error as exc:
        notes.error(reader.line_num, "", f"cannot be read as CSV: {exc}")
        return []
    return drafts


def _when(notes: Notes, line: int, column: str, value: str) -> Any:
    fixed = canonical_when(value)
    if fixed is None:
        _fail(notes, line, column, f"must be a date (2026-12-01) or a date and time (2026-12-01 19:00) "
                                   f"(got {value[:40]!r})", when_hint(value))
        return None
    return date.fromisoformat(fixed) if len(fixed) == 10 else fixed


def _row(notes: Notes, line: int, values: dict[str, str], club: Club) -> Draft | None:
    errors = len(notes.errors)
    label = who(values.get("title", ""), values.get("uid", ""))

    def say(message: str) -> None:
        notes.add(line, label, message)

    record: dict[str, Any] = {}
    title = texts.line(values.get("title"), "title", say, texts.NAME_LIMIT)
    if title is None:
        _fail(notes, line, "title", "is needed")
    else:
        record["title"] = title
    for column in ("start", "end"):
        if values.get(column):
            record[column] = _when(notes, line, column, values[column])
    if "start" not in record and not values.get("start"):
        _fail(notes, line, "start", "is needed")
    zone = values.get("timezone", "")
    if zone and zone not in zone_names():
        guess = close_matches(zone, zone_names())
        _fail(notes, line, "timezone", f"must be an IANA time zone (got {zone[:64]!r})",
              f"did you mean {guess[0]!r}?" if guess else "such as Europe/Paris")
    elif zone and zone != club.timezone:
        record["timezone"] = zone
    _place(notes, line, values, record, say)
    for column, limit in (("summary", texts.TEXT_LIMIT), ("description", texts.MARKDOWN_LIMIT)):
        value = texts.block(values.get(column), column, say, limit)
        if value and column == "description" and html.looks_like_html(value):
            value = texts.block(html.to_markdown(value), column, say, limit)
        if value:
            record[column] = value
    _series(notes, line, values, record)
    if len(notes.errors) > errors:
        return None
    key = values.get("uid") or f"{title}|{values.get('start', '')}"
    return Draft(f"csv:{key[:500]}", label, line, record)


def _place(notes: Notes, line: int, values: dict[str, str], record: dict[str, Any], say: texts.Say) -> None:
    venue: dict[str, Any] = {}
    for column in ("venue", "address", "city"):
        value = texts.line(values.get(column), column, say)
        if value:
            venue["name" if column == "venue" else column] = value
    country = values.get("country", "")
    if country:
        code = country_code(country)
        if code is None:
            _fail(notes, line, "country", f"must be a country code such as FR, or a country's name "
                                          f"(got {country[:40]!r})")
        else:
            venue["country"] = code
    for column in ("lat", "lon"):
        if values.get(column):
            try:
                venue[column] = float(values[column].replace(",", "."))
            except ValueError:
                _fail(notes, line, column, f"must be a number such as 48.8545 (got {values[column][:40]!r})")
    if venue and "name" not in venue and not ("city" in venue and "country" in venue):
        # as the event schema has it: a venue is named, or known by its city and country only
        _fail(notes, line, "venue", "is needed when the row gives an address or a position without both a city "
                                    "and a country")
    elif venue:
        record["venue"] = venue
    for column in ("online", "registration"):
        if values.get(column):
            url = texts.url(values[column])
            if url is None:
                _fail(notes, line, column, f"must be a web address starting with https:// "
                                           f"(got {values[column][:60]!r})")
            else:
                record[column] = {"url": url}


def _series(notes: Notes, line: int, values: dict[str, str], record: dict[str, Any]) -> None:
    every = values.get("every", "").lower()
    others = [c for c in ("interval", "on", "until", "count", "except") if values.get(c)]
    if not every:
        if others:
            _fail(notes, line, others[0], "needs the 'every' column (day, week, month or year) to make a series")
        return
    if every not in _EVERY:
        _fail(notes, line, "every", f"must be day, week, month or year (got {every[:20]!r})")
        return
    repeat: dict[str, Any] = {"every": every}
    for column in ("interval", "count"):
        if values.get(column):
            if not values[column].isdigit():
                _fail(notes, line, column, f"must be a whole number (got {values[column][:20]!r})")
            else:
                repeat[column] = int(values[column])
    if repeat.get("interval") == 1:
        del repeat["interval"]
    if values.get("on"):
        repeat["on"] = [" ".join(d.lower().split()) for d in re.split(r"[,/|]", values["on"]) if d.strip()]
    if values.get("until"):
        repeat["until"] = _when(notes, line, "until", values["until"])
    if values.get("except"):
        days = [_when(notes, line, "except", d) for d in re.split(r"[,\s]+", values["except"]) if d]
        repeat["except"] = sorted({d for d in days if d is not None})
    record["repeat"] = repeat
