"""The forms that add records: an event (one meeting or a series), a club with its first event."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from groundgame.tools.forms import fields, values
from groundgame.tools.forms.common import (
    FilePlan,
    Plan,
    RefusedError,
    Words,
    club_facts,
    club_file,
    in_form_words,
    labels_of,
    new_file,
    slug_of,
)
from groundgame.tools.forms.fields import FORMS
from groundgame.tools.forms.records import club_record, event_record


def _event_label(form_labels: dict[str, str], first: bool) -> Callable[[str], str]:
    return (lambda i: form_labels.get(f"event_{i}") or form_labels[i]) if first else (lambda i: form_labels[i])


def _event_words(label: Callable[[str], str], second: str) -> Words:
    by_field = {name: label(i) for name, i in _EVENT_FIELDS.items() if _has_label(label, i)}
    if second:
        by_field.update({f"title.{second}": label("second_title"), f"summary.{second}": label("second_summary")})
    return in_form_words(by_field, {"needs a venue or an online address": (
        label("venue"), f"is needed, or an {label('online')}: the club has no usual place where the event could be "
                        f"held, so say where people meet, or how they join online (or tick {fields.ONLINE_LATER!r})")})


def _has_label(label: Callable[[str], str], i: str) -> bool:
    try:
        label(i)
    except KeyError:
        return False
    return True


# Where each field of an event came from on the form (by field id), to name a problem by its label.
_EVENT_FIELDS = {"title": "title", "summary": "summary", "description": "description", "start": "start",
                 "end": "end", "timezone": "timezone", "repeat": "repeat", "repeat.every": "repeat",
                 "repeat.interval": "interval", "repeat.on": "days", "repeat.until": "until", "repeat.count": "count",
                 "venue": "venue", "venue.name": "venue", "venue.address": "address", "venue.city": "city",
                 "venue.country": "country", "venue.accessibility": "access", "venue.accessibility.notes":
                 "access_notes", "online": "online", "online.url": "online", "online.accessibility": "online_access",
                 "registration": "registration", "registration.url": "registration", "format": "format",
                 "languages": "languages", "website": "website", "code_of_conduct": "code_of_conduct",
                 "call_for_proposals": "cfp", "call_for_proposals.url": "cfp",
                 "call_for_proposals.closes": "cfp_closes", "social": "social"}


def _event_plan(root: Path, a: dict[str, str], primary: str, club: str, first: bool) -> tuple[FilePlan, str]:
    label = _event_label(labels_of(FORMS["club" if first else "event"]), first)
    slug = slug_of(a["slug"], a["title"], label("slug"))
    record, errors = event_record(a, label, primary)
    if errors:
        raise RefusedError(errors)
    record_id = f"{club}/{slug}"
    words = _event_words(label, a.get("second_language", ""))
    return new_file(root, "event", record, record_id, words, label("slug")), record_id


def event(root: Path, a: dict[str, str]) -> Plan:
    club_file(root, a["club"], "Club id")
    primary, leaders = club_facts(root, a["club"])
    primary = next(iter(values.words(a["languages"])), primary)
    file, record_id = _event_plan(root, a, primary, a["club"], first=False)
    return Plan([file], record_id, f"Add event {record_id}", leaders)


def club(root: Path, a: dict[str, str], author: str) -> Plan:
    labels = labels_of(fields.CLUB)
    slug = slug_of(a["slug"], a["name"], labels["slug"])
    words = in_form_words(fields.CLUB_LABELS, {"needs a location": (
        "City", f"and Country code are needed, or tick '{fields.ONLINE_CLUB}'")})
    plan = Plan([new_file(root, "club", club_record(a, author), slug, words, labels["slug"])], slug,
                 f"Register club {slug}", frozenset({author.lower()}))
    first = {k.removeprefix("event_"): v for k, v in a.items() if k.startswith("event_")}
    if any(first.values()):
        if not first["title"]:
            raise RefusedError([(labels["event_title"], "is needed for the club's first event; "
                                                    "or leave that part of the form empty")])
        if not first["start"]:
            raise RefusedError([(labels["event_start"], "is needed for the club's first event")])
        if first["venue"]:
            first.update(city=a["city"], country=a["country"])
        primary = next(iter(values.words(a["languages"])), "en")
        file, event_id = _event_plan(root, first, primary, slug, first=True)
        plan.files.append(file)
        plan.title += f" with event {event_id}"
    return plan
