"""Series expand to the meetings organizers wrote: in local wall time, with except and changes applied."""

from __future__ import annotations

from datetime import date, datetime

from groundgame.content.network import load_network
from groundgame.model import recurrence
from groundgame.model.schedule import meetings_of


def events_of(site, rel: str, text: str):
    site.write(rel, text)
    outcome = load_network(site.root)
    assert outcome.errors == []
    return outcome.network.events


def test_weekly_series_with_a_cancelled_and_a_moved_meeting(site):
    weekly = load_network(site.root).network.events["paris-web/weekly"]
    meetings = list(meetings_of(weekly))
    assert len(meetings) == 18  # Tuesdays 2026-12-01 .. 2027-03-30
    assert {m.original_date for m in meetings if m.cancelled} == {date(2026, 12, 29)}
    moved = [m for m in meetings if m.moved]
    assert [(m.original, m.local_start, m.local_end) for m in moved] == [
        (datetime(2027, 1, 5, 19), datetime(2027, 1, 6, 19), datetime(2027, 1, 6, 21))]
    assert moved[0].note.text("fr") == "Déplacé au mercredi"
    # Wall time holds across the change to summer time on 2027-03-28.
    assert meetings[-1].local_start == datetime(2027, 3, 30, 19)


def test_monthly_by_weekday_position(site):
    events = events_of(site, "events/paris-web/monthly.yaml", """
        title: {fr: Mensuel}
        start: 2027-01-12T18:30
        venue: {name: Lib}
        repeat: {every: month, on: [2nd tuesday], count: 4}
    """)
    starts = [m.local_start for m in meetings_of(events["paris-web/monthly"])]
    assert starts == [datetime(2027, 1, 12, 18, 30), datetime(2027, 2, 9, 18, 30), datetime(2027, 3, 9, 18, 30),
                      datetime(2027, 4, 13, 18, 30)]


def test_last_friday_and_interval(site):
    events = events_of(site, "events/paris-web/last.yaml", """
        title: {fr: Dernier vendredi}
        start: 2027-01-29T20:00
        venue: {name: Lib}
        repeat: {every: month, interval: 2, on: [last friday], until: 2027-07-31}
    """)
    starts = [m.local_start.date() for m in meetings_of(events["paris-web/last"])]
    assert starts == [date(2027, 1, 29), date(2027, 3, 26), date(2027, 5, 28), date(2027, 7, 30)]


def test_all_day_multi_day_series_keeps_its_length(site):
    events = events_of(site, "events/paris-web/camp.yaml", """
        title: {fr: Camp}
        start: 2027-07-02
        end: 2027-07-04
        venue: {name: Lib}
        repeat: {every: week, count: 2, changes: {2027-07-09: {start: 2027-07-10}}}
    """)
    meetings = list(meetings_of(events["paris-web/camp"]))
    assert [(m.local_start, m.local_end) for m in meetings] == [
        (date(2027, 7, 2), date(2027, 7, 4)), (date(2027, 7, 10), date(2027, 7, 12))]


def test_a_cancelled_series_cancels_every_meeting(site):
    events = events_of(site, "events/paris-web/off.yaml", """
        title: {fr: Annulé}
        start: 2027-01-05T19:00
        status: cancelled
        venue: {name: Lib}
        repeat: {every: week, count: 3}
    """)
    assert {m.status for m in meetings_of(events["paris-web/off"])} == {"cancelled"}


def test_a_single_event_is_one_occurrence(site):
    soiree = load_network(site.root).network.events["paris-web/soiree"]
    assert [(m.local_start, m.local_end, m.status) for m in meetings_of(soiree)] == [
        (datetime(2026, 12, 8, 19), datetime(2026, 12, 8, 21), "scheduled")]


def test_ical_rrule_parts(site):
    weekly = load_network(site.root).network.events["paris-web/weekly"]
    until = datetime(2027, 3, 30, 21, 59, 59)
    assert recurrence.ical_rrule(weekly.repeat, until) == {"FREQ": "WEEKLY", "BYDAY": ["TU"], "UNTIL": until}
