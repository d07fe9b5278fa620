"""The meeting, change and translation forms: edits of an existing record that keep the file.

A change edits only its fields: comments, key order and quoting stay, and only the lines of
the fields that change differ. Anyone may propose one; it is made all the same (the pull
request goes to the record's owners), and ``author_is_leader`` says whether they are.
"""

from __future__ import annotations

import difflib
import json

import pytest
from test_forms import render, run

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.content.yamlfile import read_file
from groundgame.model.schedule import meetings_of
from groundgame.tools.forms import submit

WEEKLY = "events/paris-web/weekly.yaml"
COMMENTED = """\
# yaml-language-server: $schema=../../../schemas/event.schema.json
# The club's weekly workshop: ask Camille before changing it.
title:
  fr: Atelier hebdo  # the name on the poster
  en: Weekly workshop
start: 2026-12-01T19:00
end: 2026-12-01T21:00
repeat:
  every: week
  on: [tuesday]
  until: 2027-03-30
  # Christmas week: the library is closed.
  except: [2026-12-29]
  changes:
    '2027-01-05':
      start: 2027-01-06T19:00
      end: 2027-01-06T21:00
      note: 'Déplacé au mercredi'
venue:
  name: Bibliothèque  # second floor
  city: Paris
"""


@pytest.fixture
def weekly(site):
    site.write(WEEKLY, COMMENTED)
    assert main(["--root", str(site.root), "fmt", "--check", str(site.path(WEEKLY))]) == 0
    return site


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def meetings(site) -> dict[str, tuple[str, str, bool]]:
    outcome = load_network(site.root)
    assert outcome.ok, [p.text() for p in outcome.errors]
    return {m.original_date.isoformat(): (str(m.local_start), str(m.local_end), m.cancelled)
            for m in meetings_of(outcome.network.events["paris-web/weekly"])}


# ---- the meeting form

def test_cancelling_a_meeting_changes_one_line_and_keeps_the_comments(weekly, capsys) -> None:
    title = weekly.root / "title.txt"
    assert run(weekly.root, "meeting", {"event": "paris-web/weekly", "date": "2027-02-02",
                                        "cancel": "This meeting is cancelled"},
               "--json", "--title-file", str(title), author="someone-else") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Cancel the 2027-02-02 meeting of paris-web/weekly"
    assert title.read_text("utf-8") == result["title"] + "\n"
    assert result["files"] == ["content/events/paris-web/weekly.yaml"]
    assert result["asked_by"] == "someone-else"
    assert result["author_is_leader"] is False  # made all the same: the pull request goes to the leaders
    after = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(COMMENTED, after) == (["  except: [2026-12-29]"], ["  except: [2026-12-29, 2027-02-02]"])
    assert meetings(weekly)["2027-02-02"][2] is True
    assert main(["--root", str(weekly.root), "fmt", "--check", str(weekly.path(WEEKLY))]) == 0


def test_a_cancellation_with_a_note_is_a_change_and_undoes_nothing_else(weekly) -> None:
    outcome = submit(weekly.root, "meeting", render("meeting", {
        "event": "paris-web/weekly", "date": "2027-01-05", "cancel": "This meeting is cancelled",
        "note": "La bibliothèque est fermée."}), author="camille-fr")
    assert outcome.ok, outcome.errors
    assert outcome.author_is_leader is True
    after = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(COMMENTED, after) == (
        ["      start: 2027-01-06T19:00", "      end: 2027-01-06T21:00", "      note: 'Déplacé au mercredi'"],
        ["      status: cancelled", "      note: La bibliothèque est fermée."])


def test_moving_a_meeting_keeps_its_time_and_length(weekly) -> None:
    outcome = submit(weekly.root, "meeting", render("meeting", {
        "event": "paris-web/weekly", "date": "2027-02-09", "start": "2027-02-11", "note": "Jeudi cette semaine"}))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Move the 2027-02-09 meeting of paris-web/weekly"
    after = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(COMMENTED, after) == ([], [
        "    2027-02-09:", "      start: 2027-02-11T19:00", "      end: 2027-02-11T21:00",
        "      note: Jeudi cette semaine"])
    assert after.index("'2027-01-05'") < after.index("2027-02-09:") < after.index("venue:")
    assert meetings(weekly)["2027-02-09"] == ("2027-02-11 19:00:00", "2027-02-11 21:00:00", False)


def test_another_venue_or_online_only_for_one_meeting(weekly) -> None:
    outcome = submit(weekly.root, "meeting", render("meeting", {
        "event": "paris-web/weekly", "date": "2027-03-02", "venue": "Mairie du 11e", "address": "12 place Léon Blum",
        "title": "Soirée spéciale"}))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Change the 2027-03-02 meeting of paris-web/weekly"
    change = read_file(weekly.path(WEEKLY), WEEKLY).data["repeat"]["changes"]["2027-03-02"]
    assert change == {"title": "Soirée spéciale",
                      "venue": {"name": "Mairie du 11e", "address": "12 place Léon Blum", "city": "Paris"}}
    outcome = submit(weekly.root, "meeting", render("meeting", {
        "event": "paris-web/weekly", "date": "2027-03-09", "online_only": "This meeting is held online only",
        "online": "https://meet.example.org/atelier"}))
    assert outcome.ok, outcome.errors
    change = read_file(weekly.path(WEEKLY), WEEKLY).data["repeat"]["changes"]["2027-03-09"]
    assert change == {"online": {"url": "https://meet.example.org/atelier"}, "online_only": True}


@pytest.mark.parametrize(("answers", "expected"), [
    ({"date": "2027-02-03"}, [("Date of the meeting", "is not a date of the series (got 2027-02-03, a wednesday); "
                                                      "did you mean 2027-02-02?")]),
    ({"date": "3 February"}, [("Date of the meeting", "must be a date written YYYY-MM-DD, such as 2027-01-28 "
                                                      "(got '3 February')")]),
    ({"date": "2026-12-29", "cancel": "", "note": "x"}, [("Date of the meeting", "is a cancelled meeting (listed in "
                                                                                "'except' in content/events/paris-web/"
                                                                                "weekly.yaml); a cancelled meeting "
                                                                                "cannot also be changed")]),
    ({"cancel": "This meeting is cancelled", "start": "2027-02-03"},
     [("Cancelled", "cannot go with a New start: a cancelled meeting does not take place; give only a Note")]),
    ({"cancel": "", "note": ""}, [("Cancelled", "or another answer is needed: say what changes for this meeting")]),
    ({"event": "paris-web/soiree"}, [("Event id", "is not a series of meetings; to change this event, use the "
                                                  "change form")]),
    ({"event": "paris-web/atelier"}, [("Event id", "is not the id of an event of paris-web (got "
                                                   "'paris-web/atelier')")]),
    ({"event": "paris-web/wekly"}, [("Event id", "is not the id of an event of paris-web (got 'paris-web/wekly'); "
                                                 "did you mean 'paris-web/weekly'?")]),
    ({"event": "../etc/passwd"}, [("Event id", "must be an event's id: its club's id, a slash and its short name, "
                                               "such as lisbon-web/encontros (got '../etc/passwd')")]),
    ({"cancel": "", "start": "2027-02-03T18:00", "end": "2027-02-03T17:00"},
     [("New end", "must be after start (2027-02-03T18:00)")]),
])
def test_a_meeting_form_said_wrong_leaves_the_file(weekly, answers, expected) -> None:
    body = render("meeting", {"event": "paris-web/weekly", "date": "2027-02-02", "cancel": "This meeting is cancelled",
                              **answers})
    outcome = submit(weekly.root, "meeting", body)
    assert list(outcome.errors) == expected
    assert weekly.path(WEEKLY).read_text("utf-8") == COMMENTED


# ---- the change form

def test_a_new_title_changes_the_main_languages_text_only(weekly, capsys) -> None:
    assert run(weekly.root, "change", {"event": "paris-web/weekly", "title": "Atelier du mardi"}, "--json") == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Change event paris-web/weekly"
    after = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(COMMENTED, after) == (["  fr: Atelier hebdo  # the name on the poster"],
                                               ["  fr: Atelier du mardi # the name on the poster"])


@pytest.mark.parametrize(("status", "title", "written"), [
    ("It is cancelled", "Cancel event paris-web/soiree", "cancelled"),
    ("It is postponed; the new date is not known yet", "Postpone event paris-web/soiree", "postponed"),
])
def test_cancel_or_postpone_an_event(site, status: str, title: str, written: str) -> None:
    outcome = submit(site.root, "change", render("change", {"event": "paris-web/soiree", "status": status}))
    assert outcome.ok, outcome.errors
    assert outcome.title == title
    assert read_file(site.path("events/paris-web/soiree.yaml"), "x").data["status"] == written
    assert load_network(site.root).network.events["paris-web/soiree"].status == written


def test_a_new_date_keeps_the_length_and_ends_a_postponement(site) -> None:
    assert submit(site.root, "change", render("change", {
        "event": "paris-web/soiree", "status": "It is postponed; the new date is not known yet"})).ok
    outcome = submit(site.root, "change", render("change", {"event": "paris-web/soiree", "start": "2027-01-12 18:30",
                                                            "online": "https://meet.example.org/soiree"}))
    assert outcome.ok, outcome.errors
    data = read_file(site.path("events/paris-web/soiree.yaml"), "x").data
    assert (data["start"], data["end"]) == ("2027-01-12T18:30", "2027-01-12T20:30")
    assert "status" not in data
    assert data["online"] == {"url": "https://meet.example.org/soiree"}


def test_a_change_said_wrong(site) -> None:
    outcome = submit(site.root, "change", render("change", {"event": "paris-web/soiree"}))
    assert outcome.errors == (("What happens", "or another answer is needed: say what changes"),)
    outcome = submit(site.root, "change", render("change", {"event": "paris-web/soiree", "end": "2026-12-08 18:00"}))
    assert outcome.errors == (("New end", "must be after start (2026-12-08T19:00)"),)


def test_a_call_for_proposals_website_and_code_of_conduct_keep_the_files_comments(weekly, capsys) -> None:
    outcome = submit(weekly.root, "change", render("change", {
        "event": "paris-web/weekly", "cfp": "https://paris-web.example.org/propose", "cfp_closes": "2026-11-20",
        "website": "https://paris-web.example.org", "code_of_conduct": "https://paris-web.example.org/conduct"}))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Change event paris-web/weekly"
    after = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(COMMENTED, after) == ([], [
        "website: https://paris-web.example.org", "code_of_conduct: https://paris-web.example.org/conduct",
        "call_for_proposals:", "  url: https://paris-web.example.org/propose", "  closes: 2026-11-20"])
    root = str(weekly.root)
    capsys.readouterr()
    assert main(["--root", root, "validate", "--strict"]) == 0, capsys.readouterr().out
    assert main(["--root", root, "fmt", "--check", str(weekly.path(WEEKLY))]) == 0
    # a new address keeps the closing date; a new date alone keeps the address
    assert submit(weekly.root, "change", render("change", {"event": "paris-web/weekly",
                                                           "cfp": "mailto:talks@paris-web.example.org"})).ok
    assert submit(weekly.root, "change", render("change", {"event": "paris-web/weekly",
                                                           "cfp_closes": "2026-11-25"})).ok
    again = weekly.path(WEEKLY).read_text("utf-8")
    assert changed_lines(after, again) == (
        ["  url: https://paris-web.example.org/propose", "  closes: 2026-11-20"],
        ["  url: mailto:talks@paris-web.example.org", "  closes: 2026-11-25"])
    assert "# Christmas week: the library is closed." in again
    assert "# second floor" in again
    call = load_network(weekly.root).network.events["paris-web/weekly"].call_for_proposals
    assert call is not None
    assert (call.url, str(call.closes)) == ("mailto:talks@paris-web.example.org", "2026-11-25")


@pytest.mark.parametrize(("answers", "expected"), [
    ({"cfp_closes": "2026-11-20"}, [("New closing date for proposals", "needs a New call for proposals: the event "
                                                                       "has no call for proposals yet")]),
    ({"cfp": "https://x.example/cfp", "cfp_closes": "2026-12-02"},
     [("New closing date for proposals", "must not be after the event starts (2026-12-01T19:00); give the last "
                                         "day proposals are taken, before the event")]),
    ({"website": "javascript:alert(1)"},
     [("New event website", "must be a web address starting with https:// or http:// (got 'javascript:alert(1)')")]),
    ({"code_of_conduct": "ftp://x.example/coc"},
     [("New code of conduct", "must be a web address starting with https:// or http:// "
                              "(got 'ftp://x.example/coc')")]),
    ({"cfp": "javascript:alert(1)"},
     [("New call for proposals", "must be a web address starting with https:// or http://, or a mailto: address "
                                 "(got 'javascript:alert(1)')")]),
])
def test_new_fields_of_a_change_said_wrong_leave_the_file(weekly, answers, expected) -> None:
    outcome = submit(weekly.root, "change", render("change", {"event": "paris-web/weekly", **answers}))
    assert list(outcome.errors) == expected
    assert weekly.path(WEEKLY).read_text("utf-8") == COMMENTED


# ---- the translation form

def test_a_translation_of_a_club_turns_its_texts_into_maps(site, capsys) -> None:
    assert run(site.root, "translation", {"record": "sao-paulo-lab", "language": "en", "name": "Web Lab",
                                          "summary": "We learn the web."}, "--json", author="joao") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Add en translation of club sao-paulo-lab"
    assert result["author_is_leader"] is True
    data = read_file(site.path("clubs/sao-paulo-lab.yaml"), "x").data
    assert data["name"] == {"pt-BR": "Laboratório Web", "en": "Web Lab"}
    assert data["summary"] == {"pt-BR": "Aprendemos a web.", "en": "We learn the web."}
    assert load_network(site.root).network.clubs["sao-paulo-lab"].name.text("en") == "Web Lab"


def test_a_translation_of_an_event_adds_one_line(weekly) -> None:
    outcome = submit(weekly.root, "translation", render("translation", {
        "record": "paris-web/weekly", "language": "de", "name": "Wöchentliche Werkstatt"}))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Add de translation of event paris-web/weekly"
    assert changed_lines(COMMENTED, weekly.path(WEEKLY).read_text("utf-8")) == (
        [], ["  de: Wöchentliche Werkstatt"])
    outcome = submit(weekly.root, "translation", render("translation", {
        "record": "paris-web/weekly", "language": "en", "name": "Workshop every Tuesday"}))
    assert outcome.title == "Update en translation of event paris-web/weekly"


@pytest.mark.parametrize(("answers", "expected"), [
    ({"language": "fr"}, [("Language", "is the event's main language ('fr'); to correct its texts, use the change "
                                       "form")]),
    ({"language": "Deutsch"}, [("Language", "must be a language code such as 'pt', 'pt-BR' or 'en' "
                                            "(got 'Deutsch')")]),
    ({"name": "", "summary": "Jede Woche."}, [("Summary", "cannot be translated: the event has no summary yet")]),
    ({"name": ""}, [("Name or title", "or a Summary or Description is needed: the texts to translate")]),
    ({"record": "lyon"}, [("Club or event id", "is not the id of a club of the network (got 'lyon'); "
                                                "see the file names in content/clubs/")]),
])
def test_a_translation_said_wrong(weekly, answers, expected) -> None:
    body = render("translation", {"record": "paris-web/weekly", "language": "de", "name": "Werkstatt", **answers})
    assert list(submit(weekly.root, "translation", body).errors) == expected
    assert weekly.path(WEEKLY).read_text("utf-8") == COMMENTED


# ---- every form, through the command line, leaves a tree that validates and is canonical

EACH_FORM = [
    ("club", {"name": "Porto Web", "summary": "Aprendemos a web.", "languages": "pt", "region": "europe",
              "city": "Porto", "country": "PT", "timezone": "Europe/Lisbon", "leader": "Inês",
              "event_title": "Oficina", "event_start": "2027-02-06", "event_venue": "Biblioteca"}),
    ("event", {"club": "paris-web", "title": "Atelier du jeudi", "start": "2027-01-07 19:00", "repeat": "Monthly",
               "days": "1st thursday", "until": "2027-06-03", "venue": "Bibliothèque", "second_language": "en",
               "second_title": "Thursday workshop"}),
    ("meeting", {"event": "paris-web/weekly", "date": "2027-01-12", "online_only": "This meeting is held online only",
                 "online": "https://meet.example.org/atelier", "note": "En ligne"}),
    ("change", {"event": "paris-web/weekly", "status": "It is cancelled", "summary": "Annulé: la salle ferme."}),
    ("translation", {"record": "paris-web", "language": "de", "summary": "Wir lernen das Web gemeinsam."}),
]


@pytest.mark.parametrize(("kind", "answers"), EACH_FORM, ids=[k for k, _ in EACH_FORM])
def test_each_form_leaves_a_tree_that_validates_and_is_canonical(weekly, capsys, kind, answers) -> None:
    root = str(weekly.root)
    assert run(weekly.root, kind, answers, "--json", author="ines-gh") == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert main(["--root", root, "validate"]) == 0, capsys.readouterr().out
    assert main(["--root", root, "fmt", "--check", *(str(weekly.root / f) for f in files)]) == 0
    if kind == "club":
        assert main(["--root", root, "codeowners"]) == 0
        assert main(["--root", root, "codeowners", "--check"]) == 0


def test_an_event_called_off_takes_place_after_all(site) -> None:
    event = {"event": "paris-web/soiree"}
    assert submit(site.root, "change", render("change", {**event, "status": "It is cancelled"})).ok
    outcome = submit(site.root, "change", render("change", {
        **event, "status": "It takes place after all (it was cancelled or postponed)"}))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Change event paris-web/soiree"
    assert "status" not in read_file(site.path("events/paris-web/soiree.yaml"), "x").data


@pytest.mark.parametrize(("kind", "answers"), [
    ("translation", {"record": "paris-web", "language": "pt [skip ci]", "name": "x"}),
    ("translation", {"record": "paris-web #1", "language": "pt", "name": "x"}),
    ("meeting", {"event": "paris-web/weekly fixes #1", "date": "2027-01-12", "note": "x"}),
    ("meeting", {"event": "paris-web/weekly", "date": "2027-01-12 [skip ci]", "note": "x"}),
    ("change", {"event": "paris-web/weekly\nCo-authored-by: x", "title": "x"}),
])
def test_hostile_ids_are_refused_before_they_reach_a_title(site, tmp_path, capsys, kind, answers) -> None:
    title = tmp_path / "title.txt"
    assert run(site.root, kind, answers, "--json", "--title-file", str(title)) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == ""
    assert result["files"] == []
    assert not title.exists()
