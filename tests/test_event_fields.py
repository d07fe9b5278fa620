"""Issue #13, the fields real event lists carry: a venue of only a city and a country, an event
held at its club's place, an online address sent later, online accessibility, an event's
website, code of conduct, call for proposals and social accounts, a club's code of conduct and
social accounts. Real YAML records → one real build → each field on the pages in every UI
language (parsed HTML), in the API (validated against the published schema files), in the
JSON-LD (parsed from the page) and in the calendar feeds (read by ical.js); hostile values are
refused with their file, line and field."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BASE_FILES, REPO, Site
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from sitebuild import build

from groundgame import i18n
from groundgame.config import UI_LANGUAGES
from groundgame.content.network import load_network
from groundgame.model.social import account_name, network_of

SITE_URL = "https://example.org/clubs"
PREFIX = {lang: "" if lang == "en" else lang.lower() + "/" for lang in UI_LANGUAGES}

CLUB = BASE_FILES["clubs/paris-web.yaml"].replace("        status: active\n", """\
        contact:
          email: bonjour@example.org
          social:
            - https://mastodon.example.org/@atelier
            - https://bsky.app/profile/atelier.example.org
            - https://social.example.net/@atelier
        code_of_conduct: https://atelier.example.org/charte
        status: active
""")

FILES = {
    **BASE_FILES,
    "clubs/paris-web.yaml": CLUB,
    "clubs/leaders-online.yaml": """
        name: Leaders online
        summary: Calls for club leaders.
        languages: [en]
        region: europe
        online: true
        timezone: UTC
        leaders:
          - {name: Ana, github: ana}
        status: active
    """,
    # A listing's city, with everything else it carries.
    "events/paris-web/festival.yaml": """
        title: {fr: Festival du web, en: Web festival}
        description: {fr: Deux jours., en: Two days.}
        website: https://festival.example.org/2027/
        start: 2027-05-20
        end: 2027-05-21
        venue: {city: Lyon, country: FR}
        online:
          url: https://video.example.org/festival
          accessibility: {sign_language: true, transcripts: true, notes: {fr: Interprètes LSF., en: LSF interpreters.}}
        registration: {url: https://festival.example.org/2027/register}
        code_of_conduct: https://festival.example.org/conduct
        call_for_proposals: {url: https://festival.example.org/2027/cfp, closes: 2027-03-31}
        social:
          - https://fosstodon.org/@webfest
          - https://bsky.app/profile/webfest.example.org
    """,
    # Neither a venue nor online: at the club's usual place (Paris), under its code of conduct.
    "events/paris-web/chez-nous.yaml": """
        title: {fr: Soirée au club, en: Evening at the club}
        start: 2026-12-15T19:00
        call_for_proposals: {url: "mailto:talks@example.org"}
    """,
    # Online, the address sent to registered people.
    "events/leaders-online/kickoff.yaml": """
        title: Kick-off call
        start: 2026-12-10T14:00
        online: true
        registration: {url: https://leaders.example.org/register}
        call_for_proposals: {url: https://leaders.example.org/cfp, closes: 2026-11-15}
    """,
}


INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span",
                    "strong", "sub", "sup", "time", "u", "var", "wbr"})


class Page(HTMLParser):
    """The text, links (in order) and JSON-LD of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.links: list[tuple[str, dict[str, str]]] = []  # (href, attributes), in page order
        self.ld: list[dict] = []
        self._script: dict[str, str] | None = None
        self._buffer: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag not in INLINE:
            self.words.append(" ")
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        if tag == "script":
            self._script, self._buffer = a, []

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.words.append(" ")
        if tag == "script" and self._script is not None:
            if self._script.get("type") == "application/ld+json":
                data = json.loads("".join(self._buffer))
                self.ld.extend(data if isinstance(data, list) else [data])
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        else:
            self.words.append(data)

    @property
    def text(self) -> str:
        """The words as a reader sees them: inline elements (``<bdi>``, ``<a>``) add no space."""
        return " ".join("".join(self.words).split())

    def href(self, url: str) -> int:
        """Where the link to ``url`` is among the page's links (it must be there)."""
        found = [i for i, (href, _) in enumerate(self.links) if href == url]
        assert found, url
        return found[0]


def page(out: Path, lang: str, key: str) -> Page:
    return Page((out / PREFIX[lang] / key / "index.html").read_text("utf-8"))


def say(lang: str, message: str, **values: str) -> str:
    text = i18n.gettext(lang, message)
    return " ".join((text % values if values else text).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("fields"))
    for rel, text in FILES.items():
        site.write(rel, text)
    out = site.root / "output"
    build(site.root, out, SITE_URL)
    return out


# --- the model and the rules ------------------------------------------------------------
def test_the_records_validate_and_read_as_written(tmp_path: Path) -> None:
    site = Site(tmp_path)
    for rel, text in FILES.items():
        site.write(rel, text)
    outcome = load_network(site.root, jobs=1)
    assert outcome.ok, [p.text() for p in outcome.problems]
    assert [p.text() for p in outcome.problems] == []
    net = outcome.network
    festival = net.events["paris-web/festival"]
    assert (festival.venue.name, festival.venue.city, festival.venue.country) == ("", "Lyon", "FR")
    assert festival.online_access.facts() == (("sign_language", True), ("transcripts", True))
    assert festival.call_for_proposals.closes.isoformat() == "2027-03-31"
    assert festival.social == ("https://fosstodon.org/@webfest", "https://bsky.app/profile/webfest.example.org")
    at_home = net.events["paris-web/chez-nous"]
    assert at_home.at_club_place
    assert not at_home.online
    assert at_home.venue is None
    later = net.events["leaders-online/kickoff"]
    assert later.online
    assert later.address_later
    assert later.online_url == ""
    club = net.clubs["paris-web"]
    assert club.code_of_conduct == "https://atelier.example.org/charte"
    assert "social" not in club.contact
    assert len(club.social) == 3


@pytest.mark.parametrize(("url", "network", "name"), [
    ("https://mastodon.social/@a", "Mastodon", "Mastodon"),
    ("https://mastodon.example.org/@a", "Mastodon", "Mastodon"),
    ("https://bsky.app/profile/a.example.org", "Bluesky", "Bluesky"),
    ("https://www.linkedin.com/company/a", "LinkedIn", "LinkedIn"),
    ("https://social.example.net/@a", "", "social.example.net"),
])
def test_a_social_account_is_named_from_its_host(url: str, network: str, name: str) -> None:
    assert (network_of(url), account_name(url)) == (network, name)


EVENT = "events/paris-web/new.yaml"
ONLINE_EVENT = "events/leaders-online/new.yaml"
CLUB_FILE = "clubs/paris-web.yaml"
START = "title: x\nstart: 2026-12-08T19:00\n"
AT = "content/events/paris-web/new.yaml"
LONG = "https://example.org/" + "a" * 2000


@pytest.mark.parametrize(("rel", "text", "expected"), [
    (ONLINE_EVENT, START, [
        "content/events/leaders-online/new.yaml:1:1: needs a venue or an online address: its club 'leaders-online' "
        "has no location where it could be held; add venue: {name: ..., city: ..., country: ..} or online: "
        "{url: https://...} (online: true when the address is sent to registered people)"]),
    (EVENT, START + "venue: {city: Lyon}\n", [
        f"{AT}:3:8: venue.country: is required but missing; give the venue's name, or its city and country "
        "(city: Lisbon, country: PT)"]),
    (EVENT, START + "venue: {}\n", [
        f"{AT}:3:8: venue.city: is required but missing; give the venue's name, or its city and country "
        "(city: Lisbon, country: PT)",
        f"{AT}:3:8: venue.country: is required but missing; give the venue's name, or its city and country "
        "(city: Lisbon, country: PT)"]),
    (EVENT, START + "venue: {city: Lyon, country: XX}\n", [
        f"{AT}:3:30: venue.country: must be an ISO 3166-1 country code (got 'XX')"]),
    (EVENT, START + "website: javascript:alert(1)\n", [
        f"{AT}:3:10: website: must be a web address starting with https:// or http:// (got 'javascript:alert(1)')"]),
    (EVENT, START + "website: mailto:a@example.org\n", [
        f"{AT}:3:10: website: must be a web address starting with https:// or http:// (got 'mailto:a@example.org')"]),
    (EVENT, START + f"website: {LONG}\n", [
        f"{AT}:3:10: website: must be at most 2,000 characters (this one has 2,020); shorten it"]),
    (EVENT, START + "code_of_conduct: \"https://example.org/coc\\n\"\n", [
        f"{AT}:3:18: code_of_conduct: must be a web address starting with https:// or http://, on one line, but has "
        "a line break (U+000A LINE FEED at character 24); remove the line break at the end: a '|' or '>' block adds "
        "one, so write the value on the same line as its field"]),
    (EVENT, START + "call_for_proposals: {url: \"javascript:alert(1)\"}\n", [
        f"{AT}:3:27: call_for_proposals.url: must be a web address starting with https:// or http://, or a mailto: "
        "address (got 'javascript:alert(1)')"]),
    (EVENT, START + "call_for_proposals: {closes: 2026-12-01}\n", [
        f"{AT}:3:21: call_for_proposals.url: is required but missing"]),
    (EVENT, START + "call_for_proposals: {url: https://example.org/cfp, closes: 2026-12-09}\n", [
        f"{AT}:3:60: call_for_proposals.closes: must not be after the event starts (2026-12-08T19:00); give the "
        "last day proposals are taken, before the event"]),
    (EVENT, START + "call_for_proposals: {url: https://example.org/cfp, closes: 2026-02-30}\n", [
        f"{AT}:3:60: call_for_proposals.closes: is not a real date or time (got '2026-02-30'); check the day of the "
        "month and the hour"]),
    (EVENT, START + "social: [http://mastodon.social/@a]\n", [
        f"{AT}:3:10: social[0]: must be a web address starting with https:// (got 'http://mastodon.social/@a')"]),
    (EVENT, START + "social: [\"javascript://bsky.app/%0aalert(1)\"]\n", [
        f"{AT}:3:10: social[0]: must be a web address starting with https:// (got 'javascript://bsky.app/%0aalert(1)')"]),
    (EVENT, START + "social: [" + ", ".join(f"https://a.example/{n}" for n in range(11)) + "]\n", [
        f"{AT}:3:9: social: must have at most 10 accounts (this one has 11); keep the ones that matter most"]),
    (EVENT, START + "social: [https://a.example/x, https://a.example/x]\n", [
        f"{AT}:3:9: social: lists 'https://a.example/x' twice; give each entry once"]),
    (EVENT, START + "online: false\n", [
        f"{AT}:3:9: online: must be true, or left out for an event that is not online (got 'false')"]),
    (EVENT, START + "online: yes\n", [
        f"{AT}:3:9: online: must be {{url: https://...}} or true (online, the address sent later) (got 'yes'); "
        "write true or false"]),
    (EVENT, START + "online: {accessibility: {captions: maybe}}\n", [
        f"{AT}:3:36: online.accessibility.captions: must be true or false (got 'maybe')"]),
    (EVENT, START + "online: {accessibility: {step_free: true}}\n", [
        f"{AT}:3:26: online.accessibility.step_free: is not a known field; known fields are: captions, "
        "sign_language, captions_or_sign_language, transcripts, notes"]),
    (EVENT, START + "online: {url: https://v.example/x, accessibility: {captions: true, "
                    "captions_or_sign_language: true}}\n", [
        f"{AT}:3:95: warning: online.accessibility.captions_or_sign_language: says less than captions: true, given "
        "too; leave captions_or_sign_language out"]),
    (CLUB_FILE, CLUB.replace("https://bsky.app/profile/atelier.example.org", "\"https://bsky.app/\\u202eevil\""), [
        "content/clubs/paris-web.yaml:15:7: contact.social[1]: must be a web address starting with https:// (got "
        "'https://bsky.app/\\u202eevil')"]),
    (CLUB_FILE, CLUB.replace("https://atelier.example.org/charte", "javascript:alert(1)"), [
        "content/clubs/paris-web.yaml:17:18: code_of_conduct: must be a web address starting with https:// or "
        "http:// (got 'javascript:alert(1)')"]),
])
def test_a_refused_value_is_named_with_its_file_line_and_field(site: Site, rel: str, text: str,
                                                             expected: list[str]) -> None:
    for extra, body in FILES.items():
        if extra.startswith("clubs/leaders-online"):
            site.write(extra, body)
    path = site.write(rel, textwrap.dedent(text) if rel == CLUB_FILE else text)
    outcome = load_network(site.root, [path], jobs=1)
    assert [p.text() for p in outcome.problems] == expected


# --- the pages, in every UI language ------------------------------------------------------
@pytest.mark.build
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_event_page_shows_every_new_field(built: Path, lang: str) -> None:
    festival = page(built, lang, "events/paris-web/festival")
    assert f"Lyon, {i18n.country_name('FR', lang)}" in festival.text
    assert say(lang, "Online accessibility") in festival.text
    for label in ("Sign language", "Transcripts"):
        assert f"{say(lang, label)}: {say(lang, 'yes')}" in festival.text
    assert festival.links[festival.href("https://festival.example.org/2027/")][1]["rel"] == "nofollow noopener"
    coc = festival.href("https://festival.example.org/conduct")
    assert coc < festival.href("https://festival.example.org/2027/register"), "the code of conduct comes first"
    festival.href("https://festival.example.org/2027/cfp")
    assert say(lang, "Open until %(day)s", day=i18n.format_day(date(2027, 3, 31), lang,
                                                                "long")) in festival.text
    for url, _name in (("https://fosstodon.org/@webfest", "Mastodon"),
                      ("https://bsky.app/profile/webfest.example.org", "Bluesky")):
        _href, attrs = festival.links[festival.href(url)]
        assert "me" in attrs["rel"].split()
    assert "Mastodon" in festival.text
    assert "Bluesky" in festival.text
    festival.href("/clubs/" + PREFIX[lang] + "calls/")  # "All open calls"
    calls = page(built, lang, "calls")
    assert say(lang, "Open calls for proposals") in calls.text
    calls.href("https://festival.example.org/2027/cfp")
    calls.href("/clubs/" + PREFIX[lang] + "events/paris-web/festival/")

    at_home = page(built, lang, "events/paris-web/chez-nous")
    place = f"Paris, {i18n.country_name('FR', lang)}"
    assert say(lang, "At the club's usual place: %(place)s", place=place) in at_home.text
    assert say(lang, "The club's code of conduct") in at_home.text
    at_home.href("https://atelier.example.org/charte")
    at_home.href("mailto:talks@example.org")

    later = page(built, lang, "events/leaders-online/kickoff")
    assert say(lang, "Online: the address will be sent to registered people.") in later.text
    assert say(lang, "Join online") not in later.text
    assert say(lang, "Closed on %(day)s", day=i18n.format_day(date(2026, 11, 15), lang,
                                                               "long")) in later.text
    assert not any(href == "https://leaders.example.org/cfp" for href, _ in later.links), "a closed call: no link"


@pytest.mark.build
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_club_page_shows_its_code_of_conduct_and_social_accounts(built: Path, lang: str) -> None:
    club = page(built, lang, "clubs/paris-web")
    assert say(lang, "Our code of conduct") in club.text
    club.href("https://atelier.example.org/charte")
    for url in ("https://mastodon.example.org/@atelier", "https://bsky.app/profile/atelier.example.org",
                "https://social.example.net/@atelier"):
        assert "me" in club.links[club.href(url)][1]["rel"].split()
    assert "Mastodon:" in club.text
    assert "Bluesky:" in club.text
    assert "social.example.net:" in club.text


# --- JSON-LD ------------------------------------------------------------------------------
GOOGLE_REQUIRED = ("name", "startDate", "location")


def _ld(built: Path, key: str) -> dict:
    (found,) = [d for d in page(built, "en", key).ld if d["@type"] == "Event"]
    assert all(found.get(k) for k in GOOGLE_REQUIRED), found
    assert found["@context"] == "https://schema.org"
    return found


@pytest.mark.build
def test_json_ld_of_the_new_fields(built: Path) -> None:
    festival = _ld(built, "events/paris-web/festival")
    assert festival["url"] == f"{SITE_URL}/events/paris-web/festival/"
    assert festival["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = festival["location"]
    assert place == {"@type": "Place", "name": "Lyon",
                     "address": {"@type": "PostalAddress", "addressLocality": "Lyon", "addressCountry": "FR"}}
    assert virtual == {"@type": "VirtualLocation", "url": "https://video.example.org/festival"}
    assert (festival["startDate"], festival["endDate"]) == ("2027-05-20", "2027-05-21")  # dates stay dates
    assert festival["organizer"] == {"@type": "Organization", "name": "Paris Web Workshop",
                                     "url": f"{SITE_URL}/clubs/paris-web/"}
    assert festival["offers"] == {"@type": "Offer", "url": "https://festival.example.org/2027/register",
                                  "availability": "https://schema.org/InStock"}  # no cost given: no price
    assert festival["sameAs"] == ["https://festival.example.org/2027/", "https://fosstodon.org/@webfest",
                                  "https://bsky.app/profile/webfest.example.org"]

    at_home = _ld(built, "events/paris-web/chez-nous")
    assert at_home["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert at_home["location"] == {"@type": "Place", "name": "Paris", "address": {
        "@type": "PostalAddress", "addressLocality": "Paris", "addressCountry": "FR"}}

    later = _ld(built, "events/leaders-online/kickoff")
    assert later["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert later["location"] == {"@type": "VirtualLocation", "url": "https://leaders.example.org/register"}

    (club,) = page(built, "en", "clubs/paris-web").ld
    assert club["@type"] == "Organization"
    assert club["sameAs"][-3:] == ["https://mastodon.example.org/@atelier",
                                   "https://bsky.app/profile/atelier.example.org", "https://social.example.net/@atelier"]


# --- the API, against the published schema files --------------------------------------------
def _validator(out: Path, name: str) -> Draft202012Validator:
    resources = []
    for path in (out / "schemas").rglob("*.schema.json"):
        body = json.loads(path.read_bytes())
        Draft202012Validator.check_schema(body)
        resources.append((f"{SITE_URL}/{path.relative_to(out).as_posix()}", Resource.from_contents(body)))
    return Draft202012Validator({"$ref": f"{SITE_URL}/schemas/api/{name}.schema.json"},
                                registry=Registry().with_resources(resources))


def _document(out: Path, rel: str, schema: str) -> dict:
    document = json.loads((out / "api/v1" / rel).read_bytes())
    validator = _validator(out, schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    return document


@pytest.mark.build
def test_the_api_gives_the_new_fields(built: Path) -> None:
    festival = _document(built, "events/paris-web/festival.json", "event")["event"]
    assert festival["venue"]["name"] is None
    assert festival["venue"]["city"] == "Lyon"
    assert festival["website"] == "https://festival.example.org/2027/"
    assert festival["code_of_conduct"] == "https://festival.example.org/conduct"
    assert festival["call_for_proposals"] == {"url": "https://festival.example.org/2027/cfp", "closes": "2027-03-31",
                                              "closes_utc": "2027-03-31T22:00:00Z"}
    assert festival["social"] == [{"url": "https://fosstodon.org/@webfest", "network": "Mastodon"},
                                  {"url": "https://bsky.app/profile/webfest.example.org", "network": "Bluesky"}]
    assert festival["online"] == {"url": "https://video.example.org/festival", "address_later": False,
                                  "accessibility": {"captions": None, "sign_language": True,
                                                    "captions_or_sign_language": None, "transcripts": True,
                                                    "notes": {"fr": "Interprètes LSF.", "en": "LSF interpreters."}}}
    assert festival["at_club_location"] is False
    at_home = _document(built, "events/paris-web/chez-nous.json", "event")["event"]
    assert (at_home["venue"], at_home["online"], at_home["at_club_location"]) == (None, None, True)
    assert at_home["call_for_proposals"] == {"url": "mailto:talks@example.org", "closes": None,
                                             "closes_utc": "2026-12-15T18:00:00Z"}  # open until the event starts
    later = _document(built, "events/leaders-online/kickoff.json", "event")["event"]
    assert later["online"] == {"url": None, "address_later": True, "accessibility": None}
    assert later["online_url"] is None
    assert later["occurrences"][0]["online_only"] is True
    club = _document(built, "clubs/paris-web.json", "club")["club"]
    assert club["code_of_conduct"] == "https://atelier.example.org/charte"
    assert [s["network"] for s in club["social"]] == ["Mastodon", "Bluesky", None]
    assert club["contact"] == {"email": "bonjour@example.org"}


# --- the calendar feeds, as ical.js reads them ----------------------------------------------
ICALJS = """
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
const out = {};
for (const path of JSON.parse(readFileSync(0, "utf8"))) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  out[path] = calendar.getAllSubcomponents("vevent").map((c) => ({
    description: c.getFirstPropertyValue("description"), location: c.getFirstPropertyValue("location"),
    conference: c.getFirstPropertyValue("conference")}));
}
process.stdout.write(JSON.stringify(out));
"""


def icaljs(paths: list[Path]) -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules/ical.js/package.json").is_file():
        pytest.fail("node and ical.js are needed (make test installs them)")
    done = subprocess.run([node, "--input-type=module", "-e", ICALJS], input=json.dumps([str(p) for p in paths]),
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "TZ": "UTC"}, check=True)
    return json.loads(done.stdout)


@pytest.mark.build
def test_the_feeds_carry_the_new_fields(built: Path) -> None:
    files = {name: built / "calendar/events" / f"{name}.ics" for name in
             ("paris-web/festival", "paris-web/chez-nous", "leaders-online/kickoff")}
    read = icaljs(list(files.values()))
    (festival,) = read[str(files["paris-web/festival"])]
    lines = festival["description"].split("\n")
    assert "https://festival.example.org/2027/" in lines  # the website
    assert "Code de conduite: https://festival.example.org/conduct" in lines  # the file is in French, as the event
    assert "Appel à propositions: https://festival.example.org/2027/cfp" in lines
    assert "Ouvert jusqu’au 31 mars 2027" in lines
    assert festival["location"] == "Lyon, France"
    (at_home,) = read[str(files["paris-web/chez-nous"])]
    assert at_home["location"] == "Paris, France"
    assert "Code de conduite: https://atelier.example.org/charte" in at_home["description"].split("\n")
    (later,) = read[str(files["leaders-online/kickoff"])]
    assert "Online: the address will be sent to registered people." in later["description"].split("\n")
    assert later["conference"] is None
    assert later["location"] is None
    assert "Call for proposals: https://leaders.example.org/cfp" in later["description"].split("\n")


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_visitor_sees_the_new_fields_in_the_browser(built: Path, lang: str) -> None:
    """In Chromium: the code of conduct is shown above the registration link, the call for
    proposals and the social accounts are visible links with the network's name, and an event
    whose address comes later shows the sentence and no join button, left to right and right to left."""
    from browserkit import chromium, serve

    with serve(built.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{base}/output/{PREFIX[lang]}events/paris-web/festival/")
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")

        def box(href: str) -> dict[str, float]:
            link = page.locator(f'a[href="{href}"]').first
            assert link.is_visible(), href
            found = link.bounding_box()
            assert found, href
            assert found["width"] > 0, href
            return found

        conduct = box("https://festival.example.org/conduct")
        register = box("https://festival.example.org/2027/register")
        assert conduct["y"] < register["y"]  # read before signing up
        box("https://festival.example.org/2027/cfp")
        for url, network in (("https://fosstodon.org/@webfest", "Mastodon"),
                             ("https://bsky.app/profile/webfest.example.org", "Bluesky")):
            box(url)
            assert network in page.locator(f'a[href="{url}"]').first.inner_text()
        page.goto(f"{base}/output/{PREFIX[lang]}events/leaders-online/kickoff/")
        assert page.locator(".address-later").is_visible()
        assert page.locator(".address-later").inner_text().strip() == say(
            lang, "Online: the address will be sent to registered people.")
        assert page.get_by_text(say(lang, "Join online"), exact=True).count() == 0
