"""New records from a form's answers: an event (one meeting or a series) and a club.

Each builder returns the record as a person would write it (fields in any order: ``fmt``
puts them in the schema's) and the problems it can tell from the answers alone, named by
the form's labels; everything else is left to the real loader, once the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from groundgame.content.schema import shown
from groundgame.tools.forms import values
from groundgame.tools.forms.fields import ACCESS, ONLINE_ACCESS, ONLINE_LATER, REPEATS

Errors = list[tuple[str, str]]
Label = Callable[[str], str]  # a field id of the event form -> its label on this form


def _series(a: dict[str, str], label: Label) -> tuple[dict[str, Any] | None, Errors]:
    """``repeat:`` from the series questions, or None for an event that happens once."""
    given = [i for i in ("interval", "days", "until", "count") if a[i]]
    if not a["repeat"]:
        if given:
            return None, [(label("repeat"), f"is needed for a series: choose how often it repeats "
                                             f"({label(given[0])!r} is answered)")]
        return None, []
    errors: Errors = []
    repeat: dict[str, Any] = {"every": REPEATS[a["repeat"]]}
    if a["interval"]:
        interval, errors = values.whole_number(a["interval"], label("interval"), "2 for every other week")
        if interval is not None and interval != 1:
            repeat["interval"] = interval
    if a["days"]:
        days, wrong = values.weekdays(a["days"], label("days"))
        errors += wrong
        if days:
            repeat["on"] = values.flow(days)
    if a["until"] and a["count"]:
        errors.append((label("count"), f"cannot be given together with a {label('until')}; keep one of the two"))
    elif a["until"]:
        repeat["until"] = values.when(a["until"])
    elif a["count"]:
        count, wrong = values.whole_number(a["count"], label("count"), "10")
        errors += wrong
        repeat["count"] = count
    else:
        errors.append((label("count"), f"or a {label('until')} is needed: say when the series ends"))
    return repeat, errors


def _accessibility(a: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {ACCESS[option]: True for option in a["access"].splitlines()}
    if a["access_notes"]:
        found["notes"] = values.text(a["access_notes"])
    return found


def event_record(a: dict[str, str], label: Label, primary: str = "") -> tuple[dict[str, Any], Errors]:
    """The event the answers describe (ids as in the event form), and what to fix first.

    ``primary`` is the event's main language (its own first language, or its club's): the
    second language's title and summary are written next to it.
    """
    record: dict[str, Any] = {"title": a["title"]}
    for key in ("summary", "description"):
        if a.get(key):
            record[key] = values.text(a[key])
    if a.get("format"):
        record["format"] = a["format"]
    if a.get("languages"):
        record["languages"] = values.flow(values.words(a["languages"]))
    record["start"] = values.when(a["start"])
    if a["end"]:
        record["end"] = values.when(a["end"])
    if a.get("timezone"):
        record["timezone"] = a["timezone"]
    repeat, errors = _series(a, label)
    if repeat is not None:
        record["repeat"] = repeat
    where = (("name", a["venue"]), ("address", a["address"]), ("city", a.get("city", "")),
             ("country", values.country(a.get("country", ""))))
    venue: dict[str, Any] = {k: v for k, v in where if v}
    access = _accessibility(a)
    if access and not venue:
        errors.append((label("access"), f"is about the venue: give the {label('venue')} (or its {label('city')} "
                                        f"and {label('country')}) too, or leave it empty for an online event"))
    elif access:
        venue["accessibility"] = access
    if venue:
        record["venue"] = venue
    online, wrong = _online(a, label)
    errors += wrong
    if online is not None:
        record["online"] = online
    if a["registration"]:
        record["registration"] = {"url": a["registration"]}
    errors += _more(a, record, label)
    errors += _second_language(a, record, label, primary)
    return record, errors


def _online(a: dict[str, str], label: Label) -> tuple[Any, Errors]:
    """``online:`` from the address, the box for an address sent later, and the online accessibility."""
    later = bool(a.get("online_later"))
    access: dict[str, Any] = {ONLINE_ACCESS[option]: True for option in a.get("online_access", "").splitlines()}
    if later and a["online"]:
        return None, [(label("online_later"), f"cannot go with an {label('online')}: leave the address empty "
                                              "when it is sent to registered people, or untick the box")]
    if access and not (later or a["online"]):
        return None, [(label("online_access"), f"is about the online event: give the {label('online')}, or tick "
                                               f"{ONLINE_LATER!r}")]
    if not (later or a["online"]):
        return None, []
    online: dict[str, Any] = {"url": a["online"]} if a["online"] else {}
    if access:
        online["accessibility"] = access
    return online or True, []


def _more(a: dict[str, str], record: dict[str, Any], label: Label) -> Errors:
    """The event's website, code of conduct, call for proposals and social accounts."""
    for key in ("website", "code_of_conduct"):
        if a.get(key):
            record[key] = a[key]
    if a.get("cfp"):
        record["call_for_proposals"] = {"url": a["cfp"]}
        if a.get("cfp_closes"):
            record["call_for_proposals"]["closes"] = values.when(a["cfp_closes"])
    elif a.get("cfp_closes"):
        return [(label("cfp_closes"), f"needs the {label('cfp')} too: the address where people propose")]
    if a.get("social"):
        record["social"] = values.addresses(a["social"])
    return []


def _second_language(a: dict[str, str], record: dict[str, Any], label: Label, primary: str) -> Errors:
    second = a.get("second_language", "")
    texts = {"title": a.get("second_title", ""), "summary": a.get("second_summary", "")}
    if not second:
        given = [k for k, v in texts.items() if v]
        return [(label("second_language"), f"is needed for the {label('second_' + given[0])}")] if given else []
    if not values.language_tag(second):
        return [(label("second_language"), f"must be a language code such as 'pt' or 'pt-BR' (got {shown(second)})")]
    if second == primary:
        return [(label("second_language"), f"must differ from the event's main language ({primary!r})")]
    if not any(texts.values()):
        return [(label("second_language"), f"needs the {label('second_title')} or the "
                                           f"{label('second_summary')}")]
    errors: Errors = []
    for key, translated in texts.items():
        if not translated:
            continue
        if key not in record:
            errors.append((label("second_" + key), f"needs the {label(key)} in the main language too"))
            continue
        record[key] = {primary: record[key], second: values.text(translated)}
    return errors


def club_record(a: dict[str, str], author: str) -> dict[str, Any]:
    """The club the answers describe; the person who opened the issue is its first leader."""
    record: dict[str, Any] = {"name": a["name"], "summary": values.text(a["summary"])}
    if a["description"]:
        record["description"] = values.text(a["description"])
    record["languages"] = values.flow(values.words(a["languages"]))
    record["region"] = a["region"]
    if a["city"] or a["country"]:
        record["location"] = {k: v for k, v in (("city", a["city"]), ("country", values.country(a["country"])))
                              if v}
    if a["online"]:
        record["online"] = True
    record["timezone"] = a["timezone"]
    record["leaders"] = [{"name": a["leader"], "github": author}]
    contact: dict[str, Any] = {"website": a["website"]} if a["website"] else {}
    if a.get("social"):
        contact["social"] = values.addresses(a["social"])
    if contact:
        record["contact"] = contact
    if a.get("code_of_conduct"):
        record["code_of_conduct"] = a["code_of_conduct"]
    record["status"] = "active"
    return record
