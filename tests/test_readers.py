"""The reader harness is real: hand-written calendars, instants worked out by hand from the tz rules.

Europe/Paris 2026: CET (+01:00) until Sunday 29 March 01:00 UTC, then CEST (+02:00).
America/New_York 2026: EST (-05:00) until Sunday 8 March 07:00 UTC, then EDT (-04:00).
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
import readers
from readers import Shown, icaljs_meetings, rie_meetings

PARIS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hand written//test//EN
BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
DTSTART:19810329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:atelier@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Paris:20260319T190000
DTEND;TZID=Europe/Paris:20260319T210000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Atelier
LOCATION:Salle 1
END:VEVENT
BEGIN:VEVENT
UID:atelier@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Paris:20260402T190000
DTSTART;TZID=Europe/Paris:20260403T180000
DTEND;TZID=Europe/Paris:20260403T200000
SUMMARY:Atelier
LOCATION:Salle 2
END:VEVENT
BEGIN:VEVENT
UID:atelier@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Paris:20260409T190000
DTSTART;TZID=Europe/Paris:20260409T190000
DTEND;TZID=Europe/Paris:20260409T210000
STATUS:CANCELLED
SUMMARY:Atelier
LOCATION:Salle 1
END:VEVENT
BEGIN:VEVENT
UID:fete@example.org
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260320
DTEND;VALUE=DATE:20260321
SUMMARY:Fête
STATUS:CONFIRMED
END:VEVENT
END:VCALENDAR
"""

NEW_YORK = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hand written//test//EN
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:hack-night@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/New_York:20260304T183000
DTEND;TZID=America/New_York:20260304T203000
RRULE:FREQ=WEEKLY;UNTIL=20260312T000000Z
EXDATE;TZID=America/New_York:20260311T183000
SUMMARY:Hack night
END:VEVENT
BEGIN:VEVENT
UID:hack-night@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=America/New_York:20260311T183000
DTSTART;TZID=America/New_York:20260311T183000
DTEND;TZID=America/New_York:20260311T203000
STATUS:CANCELLED
SUMMARY:Hack night
END:VEVENT
BEGIN:VEVENT
UID:hack-night@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=America/New_York:20260304T183000
DTSTART;TZID=America/New_York:20260305T190000
DTEND;TZID=America/New_York:20260305T210000
SUMMARY:Hack night (moved)
END:VEVENT
BEGIN:VEVENT
UID:one-off@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/New_York:20260308T030000
DTEND;TZID=America/New_York:20260308T040000
SUMMARY:Just after the change
END:VEVENT
END:VCALENDAR
"""

ATELIER = "atelier@example.org"
EXPECTED_PARIS = {
    # CET: 19:00 local is 18:00 UTC
    Shown(ATELIER, "2026-03-19T18:00:00Z", "2026-03-19T18:00:00Z", "2026-03-19T20:00:00Z", "CONFIRMED",
          "Atelier", "Salle 1"),
    Shown(ATELIER, "2026-03-26T18:00:00Z", "2026-03-26T18:00:00Z", "2026-03-26T20:00:00Z", "CONFIRMED",
          "Atelier", "Salle 1"),
    # CEST from 29 March: the meeting of 2 April (17:00 UTC) moved to 3 April 18:00 local, 16:00 UTC
    Shown(ATELIER, "2026-04-02T17:00:00Z", "2026-04-03T16:00:00Z", "2026-04-03T18:00:00Z", "CONFIRMED",
          "Atelier", "Salle 2"),
    Shown(ATELIER, "2026-04-09T17:00:00Z", "2026-04-09T17:00:00Z", "2026-04-09T19:00:00Z", "CANCELLED",
          "Atelier", "Salle 1"),
    Shown("fete@example.org", None, "2026-03-20", "2026-03-21", "CONFIRMED", "Fête", None),
}
EXPECTED_NEW_YORK = {
    # EST: 18:30 local is 23:30 UTC; moved to 5 March 19:00 EST, 00:00 UTC on the 6th
    Shown("hack-night@example.org", "2026-03-04T23:30:00Z", "2026-03-06T00:00:00Z", "2026-03-06T02:00:00Z",
          "CONFIRMED", "Hack night (moved)", None),
    # 11 March: EXDATE plus a cancelled override, which both readers drop (FIELD-NOTES)
    Shown("one-off@example.org", None, "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "CONFIRMED",
          "Just after the change", None),
}

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paris, new_york = tmp_path / "paris.ics", tmp_path / "new-york.ics"
    paris.write_bytes(PARIS.replace("\n", "\r\n").encode())
    new_york.write_bytes(NEW_YORK.replace("\n", "\r\n").encode())
    return [paris, new_york]


@pytest.mark.parametrize("reader", [icaljs_meetings, rie_meetings])
def test_reader_gives_the_instants_worked_out_by_hand(reader, files):
    found = reader(files, *WINDOW)
    assert set(found[files[0]]) == EXPECTED_PARIS
    assert set(found[files[1]]) == EXPECTED_NEW_YORK


def test_the_readers_agree(files):
    assert icaljs_meetings(files, *WINDOW) == rie_meetings(files, *WINDOW)


@pytest.mark.parametrize("reader", [icaljs_meetings, rie_meetings])
def test_window_keeps_the_meetings_that_overlap_it(reader, files):
    # 20 March: the all-day event (midnight to midnight) only; 19 March 19:00-21:00 UTC overlaps the first meeting
    found = reader(files, datetime(2026, 3, 19, 19, tzinfo=UTC), datetime(2026, 3, 20, 1, tzinfo=UTC))
    assert [(m.uid, m.start) for m in found[files[0]]] == [
        (ATELIER, "2026-03-19T18:00:00Z"), ("fete@example.org", "2026-03-20")]
    assert found[files[1]] == []


def test_an_override_moved_into_the_window_is_shown(tmp_path):
    moved = tmp_path / "moved.ics"
    moved.write_text(textwrap.dedent("""\
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//hand written//test//EN
        BEGIN:VEVENT
        UID:s@example.org
        DTSTAMP:20260101T000000Z
        DTSTART:20260601T100000Z
        DTEND:20260601T110000Z
        RRULE:FREQ=DAILY;COUNT=3
        END:VEVENT
        BEGIN:VEVENT
        UID:s@example.org
        DTSTAMP:20260101T000000Z
        RECURRENCE-ID:20260603T100000Z
        DTSTART:20260501T100000Z
        DTEND:20260501T110000Z
        END:VEVENT
        END:VCALENDAR
    """))
    window = (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 2, tzinfo=UTC))
    expected = [Shown("s@example.org", "2026-06-03T10:00:00Z", "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z",
                      "CONFIRMED", None, None)]
    assert icaljs_meetings([moved], *window)[moved] == expected
    assert rie_meetings([moved], *window)[moved] == expected


def test_missing_npm_packages_are_named(files, monkeypatch, tmp_path):
    monkeypatch.setattr(readers, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(readers.ReaderMissingError, match="make test"):
        icaljs_meetings(files, *WINDOW)
