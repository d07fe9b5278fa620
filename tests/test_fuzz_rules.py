"""Property: whatever an event file says, checking it ends in problems or a record, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from conftest import BASE_FILES, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundgame.content.network import load_network

WHEN = st.sampled_from([
    "2026-12-01", "2026-12-01T19:00", "2027-03-28T02:30", "2026-10-25T02:30", "2026-02-30", "2026-12-01T25:00",
    "2027-01-05", "2027-01-05T19:00", "1900-01-01", "9999-12-31T23:59", "2026-12-01T19:00:30", 20261201, "",
])
WEEKDAY = st.sampled_from(["tuesday", "2nd tuesday", "last friday", "5th sunday", "2nd-last monday", "funday", 3])
REPEAT = st.fixed_dictionaries({"every": st.sampled_from(["day", "week", "month", "year", "fortnight"])}, optional={
    "interval": st.sampled_from([1, 2, 0, 52, 53]),
    "on": st.lists(WEEKDAY, max_size=3),
    "until": WHEN,
    "count": st.sampled_from([1, 3, 520, 521, 0, -1]),
    "except": st.lists(WHEN, max_size=3),
    "changes": st.dictionaries(WHEN.map(str), st.fixed_dictionaries({}, optional={
        "start": WHEN, "end": WHEN, "status": st.sampled_from(["cancelled", "scheduled", "gone"]),
        "note": st.sampled_from(["moved", {"fr": "déplacé"}, {"en": "moved"}, {}]),
        "venue": st.sampled_from([{"name": "Ailleurs"}, {}, "x"]),
    }), max_size=3),
})
EVENT = st.fixed_dictionaries({}, optional={
    "title": st.sampled_from(["Soirée", {"fr": "Soirée"}, {"en": "Evening"}, {"xx": "?"}, "", None, ["a"]]),
    "start": WHEN,
    "end": WHEN,
    "timezone": st.sampled_from(["Europe/Paris", "Australia/Melbourne", "Mars/Base", "UTC", 5]),
    "languages": st.sampled_from([["fr"], ["en", "fr"], [], ["pt-br"], "fr"]),
    "repeat": REPEAT,
    "venue": st.sampled_from([{"name": "Lib", "country": "FR", "lat": 91}, {"name": "Lib"}, {"city": "x"}]),
    "online": st.sampled_from([{"url": "https://x.example.org"}, {"url": "javascript:x"}, {}]),
    "status": st.sampled_from(["scheduled", "cancelled", "postponed", "maybe"]),
    "cohosts": st.sampled_from([["sao-paulo-lab"], ["paris-web"], ["nope"], [1]]),
    "campaign": st.sampled_from(["maker-party", "nope"]),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EVENT)
def test_checking_any_event_never_crashes(event):
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder))
        for rel, text in BASE_FILES.items():
            site.write(rel, text)
        path = site.write("events/paris-web/fuzz.yaml", yaml.safe_dump(event, allow_unicode=True))
        outcome = load_network(site.root, [path])
        if outcome.ok:
            assert "paris-web/fuzz" in outcome.network.events
        else:
            assert all(p.path == "content/events/paris-web/fuzz.yaml" for p in outcome.errors)
