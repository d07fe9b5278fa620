"""The forms that edit a record: one meeting of a series, a whole event, a translation.

Each edit loads the file for a round trip (``edits``), changes only the fields the form
answers, and leaves everything else (comments, order, other languages) as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from groundgame.content import schema
from groundgame.content.dates import canonical_when
from groundgame.model.recurrence import as_datetime
from groundgame.tools.forms import edits, fields, values
from groundgame.tools.forms.common import (
    Plan,
    RefusedError,
    Words,
    club_facts,
    club_file,
    edited_file,
    event_file,
    in_form_words,
    labels_of,
    primary_language,
    read_record,
)

# ---- the meeting form: one meeting of a series

def _day(value: str, label: str) -> date:
    fixed = canonical_when(value)
    if fixed is None or len(fixed) != 10:
        raise RefusedError([(label, "must be a date written YYYY-MM-DD, such as 2027-01-28 "
                                     f"(got {schema.shown(value)})")])
    return date.fromisoformat(fixed)


def _meeting_words(day: date) -> Words:
    key = f"repeat.changes.{day.isoformat()}"
    return in_form_words({key + "." + k: v for k, v in fields.MEETING_LABELS.items()}
                         | {key: "Date of the meeting", "repeat.except": "Date of the meeting"},
                         {}, fallback="Event id")


def _moved(a: dict[str, str], start: Any, end: Any, labels: dict[str, str]) -> dict[str, Any]:
    """``start`` and ``end`` of a meeting or event that moves: a date alone keeps the usual time,
    and without a new end it lasts as long as before."""
    out: dict[str, Any] = {}
    was_start, was_end = values.moment(start), values.moment(end)
    new_start = values.moment(a["start"]) if a["start"] else None
    if a["start"] and new_start is None:
        raise RefusedError([(labels["start"], "must be a date (2026-12-01) or a local date and time "
                                          f"(2026-12-01 19:00) (got {schema.shown(a['start'])})")])
    if new_start is not None and was_start is not None:
        new_start = values.at_time_of(new_start, was_start)
    if new_start is not None:
        out["start"] = values.written(new_start)
    if a["end"]:
        out["end"] = values.when(a["end"])
    elif new_start is not None and was_start is not None and was_end is not None:
        duration = as_datetime(was_end) - as_datetime(was_start)
        out["end"] = values.written(values.shift(new_start, duration))
    return out


def meeting(root: Path, a: dict[str, str]) -> Plan:
    path = event_file(root, a["event"], "Event id")
    club = a["event"].partition("/")[0]
    day = _day(a["date"], "Date of the meeting")
    data = read_record(root, path, "Event id")
    repeat = data.get("repeat")
    if not isinstance(repeat, CommentedMap):
        raise RefusedError([("Event id", "is not a series of meetings; to change this event, use the change form")])
    changes = [k for k in ("start", "end", "venue", "address", "online_only", "online", "title") if a[k]]
    if a["cancel"] and changes:
        given = labels_of(fields.MEETING)[changes[0]]
        raise RefusedError([("Cancelled", f"cannot go with a {given}: a cancelled meeting does not take place; "
                                      "give only a Note")])
    if not a["cancel"] and not changes and not a["note"]:
        raise RefusedError([("Cancelled", "or another answer is needed: say what changes for this meeting")])
    if a["address"] and not a["venue"]:
        raise RefusedError([("Venue name", "is needed with a Street address")])
    primary = primary_language(root, data, club)
    if a["cancel"]:
        _cancel(repeat, day, a["note"])
        title = f"Cancel the {day.isoformat()} meeting of {a['event']}"
    else:
        if any(str(d) == day.isoformat() for d in repeat.get("except") or []):
            raise RefusedError([("Date of the meeting", f"is a cancelled meeting (listed in 'except' in "
                                                    f"{path.relative_to(root).as_posix()}); a cancelled meeting "
                                                    "cannot also be changed")])
        _change_meeting(repeat, day, a, data, primary)
        title = f"{'Move' if a['start'] else 'Change'} the {day.isoformat()} meeting of {a['event']}"
    return Plan([edited_file(root, "event", path, data, _meeting_words(day))], a["event"], title,
                 club_facts(root, club)[1])


def _cancel(repeat: CommentedMap, day: date, note: str) -> None:
    """Without a note, the day joins ``except``; with one, it becomes a cancelled change."""
    changes = repeat.get("changes")
    if note:
        if isinstance(repeat.get("except"), CommentedSeq):
            edits.drop_date(repeat["except"], day)
            if not repeat["except"]:
                del repeat["except"]
        if not isinstance(changes, CommentedMap):
            changes = repeat["changes"] = CommentedMap()
        edits.set_in_order(changes, day, CommentedMap([("status", "cancelled"), ("note", values.text(note))]))
        return
    if isinstance(changes, CommentedMap) and (key := edits.key_of(changes, day)) is not None:
        del changes[key]
        if not changes:
            del repeat["changes"]
    if not isinstance(repeat.get("except"), CommentedSeq):
        repeat["except"] = values.flow([])
    edits.add_date(repeat["except"], day)


def _change_meeting(repeat: CommentedMap, day: date, a: dict[str, str], data: CommentedMap, primary: str) -> None:
    changes = repeat.get("changes")
    if not isinstance(changes, CommentedMap):
        changes = repeat["changes"] = CommentedMap()
    key = edits.key_of(changes, day)
    change = changes[key] if key is not None and isinstance(changes[key], CommentedMap) else CommentedMap()
    change.pop("status", None)
    change.update(_moved(a, values.at_time_of(day, values.moment(data.get("start")) or day), _meeting_end(data, day),
                         {"start": "New start"}))
    if a["venue"]:
        series = data.get("venue") if isinstance(data.get("venue"), dict) else {}
        change["venue"] = CommentedMap(
            (k, v) for k, v in (("name", a["venue"]), ("address", a["address"]), ("city", series.get("city")),
                                ("country", series.get("country"))) if v)
    if a["online_only"]:
        change["online_only"] = True
        change.pop("venue", None)
    if a["online"]:
        edits.set_url(change, "online", a["online"])
    if a["title"]:
        edits.set_text(change, "title", a["title"], primary)
    if a["note"]:
        edits.set_text(change, "note", a["note"], primary)
    edits.set_in_order(changes, day, change)


def _meeting_end(data: CommentedMap, day: date) -> Any:
    """The usual end of the meeting of ``day``: the series' end, moved to that day."""
    start, end = values.moment(data.get("start")), values.moment(data.get("end"))
    if start is None or end is None:
        return None
    return values.written(values.shift(values.at_time_of(day, start),
                                       as_datetime(end) - as_datetime(start)))


# ---- the change form: a whole event

_STATUS = {fields.CANCELLED: "cancelled", fields.POSTPONED: "postponed", fields.RESTORED: None}


def change(root: Path, a: dict[str, str]) -> Plan:
    path = event_file(root, a["event"], "Event id")
    club = a["event"].partition("/")[0]
    data = read_record(root, path, "Event id")
    given = [k for k in ("status", "start", "end", "title", "summary", "description", "venue", "address", "online",
                         "registration", "website", "code_of_conduct", "cfp", "cfp_closes") if a[k]]
    if not given:
        raise RefusedError([("What happens", "or another answer is needed: say what changes")])
    if a["address"] and not a["venue"] and not isinstance(data.get("venue"), CommentedMap):
        raise RefusedError([("New venue name", "is needed with a New street address: the event has no venue yet")])
    if a["cfp_closes"] and not a["cfp"] and not isinstance(data.get("call_for_proposals"), CommentedMap):
        raise RefusedError([("New closing date for proposals", "needs a New call for proposals: the event has no "
                                                               "call for proposals yet")])
    primary = primary_language(root, data, club)
    status = _STATUS.get(a["status"]) if a["status"] else data.get("status")
    if a["start"] and not a["status"] and status == "postponed":
        status = None  # a postponed event with a new date takes place again
    if status in (None, "scheduled"):
        data.pop("status", None)
    else:
        data["status"] = status
    data.update(_moved(a, data.get("start"), data.get("end"), {"start": "New start"}))
    for key in ("title", "summary", "description"):
        if a[key]:
            edits.set_text(data, key, a[key], primary)
    if a["venue"] or a["address"]:
        venue = data.get("venue")
        if not isinstance(venue, CommentedMap):
            venue = data["venue"] = CommentedMap()
        for key, value in (("name", a["venue"]), ("address", a["address"])):
            if value:
                venue[key] = value
    for key in ("online", "registration"):
        if a[key]:
            edits.set_url(data, key, a[key])
    for key in ("website", "code_of_conduct"):
        if a[key]:
            data[key] = a[key]
    if a["cfp"]:
        edits.set_url(data, "call_for_proposals", a["cfp"])
    if a["cfp_closes"]:
        data["call_for_proposals"]["closes"] = values.when(a["cfp_closes"])
    verb = {"cancelled": "Cancel", "postponed": "Postpone"}.get(str(status), "Change") if a["status"] else "Change"
    return Plan([edited_file(root, "event", path, data, in_form_words(fields.CHANGE_LABELS, {}))], a["event"],
                 f"{verb} event {a['event']}", club_facts(root, club)[1])


# ---- the translation form

def translation(root: Path, a: dict[str, str]) -> Plan:
    record_id, lang = a["record"], a["language"]
    kind = "event" if "/" in record_id else "club"
    path = event_file(root, record_id, "Club or event id") if kind == "event" else \
        club_file(root, record_id, "Club or event id")
    club = record_id.partition("/")[0]
    if not values.language_tag(lang):
        raise RefusedError([("Language", "must be a language code such as 'pt', 'pt-BR' or 'en' "
                                     f"(got {schema.shown(lang)})")])
    data = read_record(root, path, "Club or event id")
    primary = primary_language(root, data, club)
    if lang == primary:
        raise RefusedError([("Language", f"is the {kind}'s main language ({primary!r}); to correct its texts, "
                                     "use the change form")])
    texts = {"title" if kind == "event" else "name": a["name"], "summary": a["summary"],
             "description": a["description"]}
    if not any(texts.values()):
        raise RefusedError([("Name or title", "or a Summary or Description is needed: the texts to translate")])
    had = False
    for key, new in texts.items():
        if not new:
            continue
        if key not in data:
            label = fields.TRANSLATION_LABELS[key]
            raise RefusedError([(label, f"cannot be translated: the {kind} has no {key} yet")])
        had = edits.translate(data, key, lang, new, primary) or had
    words = in_form_words({f"{k}.{lang}": v for k, v in fields.TRANSLATION_LABELS.items()}
                          | fields.TRANSLATION_LABELS, {}, fallback="Language")
    title = f"{'Update' if had else 'Add'} {lang} translation of {kind} {record_id}"
    return Plan([edited_file(root, kind, path, data, words)], record_id, title, club_facts(root, club)[1])
