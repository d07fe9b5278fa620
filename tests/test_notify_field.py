"""The club's ``announcements`` field: read into the record, and hostile values refused with file, line and field."""

from __future__ import annotations

import pytest

from groundgame.content.network import load_network
from groundgame.model.records import MailingList

CLUB = "clubs/paris-web.yaml"
BASE = """
name: {fr: Atelier du Web, en: Paris Web Workshop}
summary: {fr: On apprend le web ensemble., en: We learn the web together.}
languages: [fr, en]
region: europe
location: {city: Paris, country: FR}
timezone: Europe/Paris
leaders: [{name: Camille, github: camille-fr}]
status: active
"""


def _load(site, announcements: str):
    path = site.write(CLUB, BASE + announcements)
    return load_network(site.root, [path])


def test_the_field_is_read_with_its_defaults_and_lists_per_language(site):
    outcome = _load(site, """announcements:
  address: annonces@lists.example.org
  subscribe: https://lists.example.org/annonces
  list_id: annonces.lists.example.org
  languages:
    en: {address: news@lists.example.org, subscribe: 'mailto:news-join@lists.example.org?subject=join'}
""")
    assert [p.text() for p in outcome.problems] == []
    club = outcome.network.clubs["paris-web"]
    assert club.announcements is not None
    assert club.announcements.reminder_days == 2
    assert club.announcements.lists(club.languages) == (
        (MailingList("annonces@lists.example.org", "https://lists.example.org/annonces", "annonces.lists.example.org"),
         ("fr",)),
        (MailingList("news@lists.example.org", "mailto:news-join@lists.example.org?subject=join"), ("en",)),
    )


def test_a_club_without_the_field_has_none(site):
    outcome = _load(site, "")
    assert outcome.network.clubs["paris-web"].announcements is None


ADDRESS = ("announcements.address: must be one plain email address such as 'announce@lists.example.org' "
           "(no name, angle brackets, commas or spaces)")


@pytest.mark.parametrize(("value", "said"), [
    ("'a@lists.example.org, b@evil.example'", ADDRESS),
    ("'Club <a@lists.example.org>'", ADDRESS),
    ('"a@lists.example.org\\r\\nBcc: x@evil.example"', "announcements.address: must be one plain email address"),
    ('"a@lists.example.org\\n"', "announcements.address: must be one plain email address"),
])
def test_an_address_that_could_add_a_recipient_or_a_header_is_refused(site, value, said):
    outcome = _load(site, f"announcements: {{address: {value}, subscribe: 'https://lists.example.org/a'}}\n")
    texts = [p.text() for p in outcome.problems]
    assert len(texts) == 1
    assert said in texts[0]
    assert texts[0].startswith("content/clubs/paris-web.yaml:9:")


@pytest.mark.parametrize(("field", "value", "said"), [
    ("subscribe", "'javascript:alert(1)'",
     "announcements.subscribe: must be a web address starting with https://, or mailto: with one email address"),
    ("subscribe", "'http://lists.example.org/a'",
     "announcements.subscribe: must be a web address starting with https://, or mailto: with one email address"),
    ("list_id", "'<a.example.org>'", "announcements.list_id: must be a list identifier"),
    ("reminder_days", "30", "announcements.reminder_days: must be at most 14"),
])
def test_other_fields_are_bounded(site, field, value, said):
    fields = {"address": "a@lists.example.org", "subscribe": "'https://lists.example.org/a'", field: value}
    text = ", ".join(f"{k}: {v}" for k, v in fields.items())
    outcome = _load(site, f"announcements: {{{text}}}\n")
    texts = [p.text() for p in outcome.problems]
    assert len(texts) == 1
    assert said in texts[0]


def test_a_list_of_its_own_must_be_for_one_of_the_clubs_languages(site):
    outcome = _load(site, """announcements:
  address: annonces@lists.example.org
  subscribe: https://lists.example.org/annonces
  languages: {de: {address: de@lists.example.org, subscribe: https://lists.example.org/de}}
""")
    assert [p.text() for p in outcome.problems] == [
        "content/clubs/paris-web.yaml:12:15: announcements.languages.de: must be one of the club's languages, "
        "fr, en (got 'de'); add it to 'languages', or remove this list"]
