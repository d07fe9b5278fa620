"""The fallback chain in the calendar files, the Atom feeds and the notify e-mails (#15).

A Japanese club holds an event whose languages are Arabic and English. A reader of Japanese
gets its English text (the site's default comes before the record's primary, as on the pages),
read back by the programs that read each document: ical.js for the .ics files, ElementTree for
the Atom feed, the ``email`` package for the announcement.
"""

from __future__ import annotations

import email
import xml.etree.ElementTree as ET
from email.policy import default
from pathlib import Path

import pytest
from feedkit import CONFIG, FAR_FUTURE, FAR_PAST, NOW, commit_all, load, network_repo
from feedkit import build as build_feeds
from readers import icaljs_meetings

from groundgame import urls
from groundgame.feeds import ical
from groundgame.feeds.calendars import Calendars
from groundgame.feeds.history import History
from groundgame.feeds.upcoming import write_upcoming
from groundgame.model.records import MailingList
from groundgame.model.schedule import Schedule
from groundgame.output import Writer
from groundgame.tools.notify.compose import Composer
from groundgame.tools.notify.plan import Message, club_file

pytestmark = pytest.mark.build  # a git repository and its feeds

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EVENT = "tokyo-lab/warsha"
ARABIC, ENGLISH = "ورشة الويب", "Web workshop"
FILES = {
    "clubs/tokyo-lab.yaml": """
        name: {ja: 東京ラボ, en: Tokyo Lab}
        summary: {ja: ウェブを一緒に学びます。, en: We learn the web together.}
        languages: [ja, en]
        region: asia-pacific
        location: {city: Tokyo, country: JP}
        timezone: Asia/Tokyo
        leaders:
          - {name: Aiko, github: aiko}
        status: active
    """,
    "events/tokyo-lab/warsha.yaml": f"""
        title: {{ar: {ARABIC}, en: {ENGLISH}}}
        summary: {{ar: نتعلم معا بناء صفحة., en: We build a page together.}}
        languages: [ar, en]
        start: 2026-12-10T19:00
        end: 2026-12-10T21:00
        venue: {{name: Community hall, city: Tokyo, country: JP}}
    """,
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fallback")
    site = network_repo(folder / "site")
    for rel, text in FILES.items():
        site.write(rel, text)
    commit_all(site.root, "a Japanese club's Arabic and English event", NOW)
    out = folder / "out"
    build_feeds(site.root, out, parts=("ical",))
    return site.root, out


def test_the_japanese_calendar_file_of_an_arabic_first_event_is_in_english(tree):
    root, out = tree
    event = load(root).events[EVENT]
    own = out / urls.ical_event(EVENT)
    japanese = out / ical.event_feed_path(CONFIG, event, "ja")  # the file the Japanese page links
    assert japanese != own
    shown = icaljs_meetings([own, japanese], FAR_PAST, FAR_FUTURE)
    assert [m.summary for m in shown[own]] == [ARABIC]
    assert [m.summary for m in shown[japanese]] == [ENGLISH]
    club = out / ical.club_feed_path(CONFIG, load(root).clubs["tokyo-lab"],
                                     (event,), "ja")  # the club's own file is Japanese: the same file
    assert club == out / urls.ical_club("tokyo-lab")
    assert ENGLISH in [m.summary for m in icaljs_meetings([club], FAR_PAST, FAR_FUTURE)[club]]


def test_the_clubs_upcoming_atom_feed_gives_the_english_title_marked_english(tree, tmp_path):
    root, _ = tree
    network = load(root)
    writer = Writer(tmp_path)
    write_upcoming(network, CONFIG, writer, NOW, History.from_repo(root), Schedule.of(network))
    feed = ET.parse(tmp_path / urls.upcoming_club("tokyo-lab")).getroot()
    assert feed.get(XML_LANG) == "ja"
    (entry,) = feed.findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title is not None
    assert title.get(XML_LANG) == "en"
    assert (title.text or "").endswith(f" · {ENGLISH}")  # after the day
    content = entry.find(f"{ATOM}content")
    assert content is not None
    assert "We build a page together." in (content.text or "")


def test_a_japanese_announcement_of_an_arabic_first_event_is_in_english(tree, tmp_path):
    root, _ = tree
    network = load(root)
    event, club = network.events[EVENT], network.clubs["tokyo-lab"]
    schedule = Schedule.of(network)
    composer = Composer(CONFIG, Calendars(network, CONFIG, NOW, History.from_repo(root), schedule),
                        "Clubs <notify@clubs.example.org>", NOW)
    message = Message("announce", "announce:tokyo:list@lists.example.org", club_file(club.id),
                      MailingList("list@lists.example.org", "https://lists.example.org/tokyo"), ("ja",), club, event,
                      meetings=schedule[event.id][:1])
    parsed = email.message_from_bytes(composer.email(message).as_bytes(), policy=default)
    assert ENGLISH in str(parsed["Subject"])
    assert ARABIC not in str(parsed["Subject"])
    text = parsed.get_body(("plain",)).get_content()
    assert ENGLISH in text
    assert "We build a page together." in text
    assert ARABIC not in text
    (attachment,) = [p for p in parsed.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = tmp_path / "attached.ics"
    calendar.write_bytes(attachment.get_payload(decode=True))
    assert [m.summary for m in icaljs_meetings([calendar], FAR_PAST, FAR_FUTURE)[calendar]] == [ENGLISH]
