"""What a search result shows (issue #15): the text Pagefind indexed for each page, read back from
its fragments on the built sample site in every UI language. Only the record's own content is
indexed (none of the page's furniture: subscribe boxes, calendar buttons, stay in touch, forms
links), labels stay apart from their values, the summary leads, and the result's metadata is in
the page's language."""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import REPO, build
from test_site import Page

from groundgame.config import UI_LANGUAGES
from groundgame.content.network import load_network
from groundgame.i18n import gettext
from groundgame.site.facets import VALUE_LABELS

UI_BY_TAG = {lang.lower(): lang for lang in UI_LANGUAGES}
# The page furniture of record pages, as the visitor reads it; none of it may be indexed.
FURNITURE = (
    "Download the calendar file (.ics)", "Subscribe in Google Calendar", "Subscribe in Outlook",
    "Subscribing keeps your calendar app up to date when events change; the file is a one-time copy.",
    "Calendar address for other apps:", "Add to Google Calendar", "Add to Outlook",
    "Add this meeting to your calendar", "In your time zone:", "Stay in touch",
    "Join the club's announcement list", "Subscribe to the club's calendar", "Calendar address (.ics)",
    "The club's news (Atom feed)", "Follow new and changed events (Atom feed)", "Report a change",
    "Propose an event for this club", "change this meeting", "Join this club", "Our code of conduct",
    "All open calls", "All news",
)
SUBSCRIBE_TO = ("this event", "the whole series", "this club's calendar")


@dataclass(frozen=True)
class Fragment:
    url: str
    lang: str  # the UI language of the page (its <html lang>)
    content: str
    meta: dict[str, str]
    labels: tuple[str, ...]  # the page's <dt> labels


def read_fragments(site: Path) -> list[Fragment]:
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{"):])  # after Pagefind's short signature
        text = (site / data["url"].strip("/") / "index.html").read_text("utf-8")
        page = Page(text)
        labels = tuple(html.unescape(t) for t in re.findall(r"<dt>([^<]*)</dt>", text))
        tag = next(a["lang"] for t, a in page.elements if t == "html")
        # Pagefind's segmenter marks the word breaks it finds in Japanese with zero-width spaces.
        content = data["content"].replace("\u200b", "")
        found.append(Fragment(data["url"], UI_BY_TAG[tag.lower()], content, data["meta"], labels))
    return found


def record_key(url: str) -> str:
    """``/fr/clubs/x/`` → ``clubs/x/``."""
    parts = url.strip("/").split("/")
    if parts[0] in UI_BY_TAG:
        parts = parts[1:]
    return "/".join(parts) + "/"


@pytest.fixture(scope="module")
def fragments(tmp_path_factory: pytest.TempPathFactory) -> list[Fragment]:
    out = tmp_path_factory.mktemp("results") / "output"
    build(REPO, out, "http://127.0.0.1")
    return read_fragments(out)


@pytest.fixture(scope="module")
def network():
    return load_network(REPO).network


@pytest.mark.build
def test_every_ui_language_has_club_and_event_results(fragments) -> None:
    for lang in UI_LANGUAGES:
        keys = {record_key(f.url).split("/")[0] for f in fragments if f.lang == lang}
        assert {"clubs", "events", "regions", "campaigns"} <= keys, lang


@pytest.mark.build
def test_no_result_text_is_page_furniture(fragments) -> None:
    for f in fragments:
        strings = [gettext(f.lang, s) for s in FURNITURE]
        strings += [gettext(f.lang, "Subscribe to %(what)s") % {"what": gettext(f.lang, w)} for w in SUBSCRIBE_TO]
        found = [s for s in strings if s in f.content]
        assert not found, (f.url, found)
        assert ".ics" not in f.content, f.url  # no calendar file's address
        assert "webcal:" not in f.content, f.url


@pytest.mark.build
def test_labels_are_kept_apart_from_their_values(fragments, network) -> None:
    clubs = 0
    for f in fragments:
        key = record_key(f.url)
        if not key.startswith("clubs/"):
            continue
        club = network.clubs[key.split("/")[1]]
        zone = gettext(f.lang, "Time zone")
        assert f"{zone} {club.timezone}" in f.content, f.url
        assert f"{zone}{club.timezone}" not in f.content, f.url
        if club.location:
            where = gettext(f.lang, "Where")
            assert f"{where} {club.location.city}" in f.content, f.url
            assert f"{where}{club.location.city}" not in f.content, f.url
        clubs += 1
    assert clubs >= len(network.clubs) * len(UI_LANGUAGES)
    labelled = 0
    for f in fragments:
        for label in f.labels:
            # Every label the page shows is indexed as a word of its own: followed by a space or
            # a punctuation mark wherever it stands in the text, never by its value's first letter.
            after = [m.group(1) for m in re.finditer(re.escape(label) + r"(.|$)", f.content)]
            assert after, (f.url, label)
            assert any(c == "" or not c.isalnum() for c in after), (f.url, label, after)
            labelled += 1
    assert labelled > clubs * 3


@pytest.mark.build
def test_the_summary_leads_the_indexed_text(fragments, network) -> None:
    checked = 0
    for f in fragments:
        key = record_key(f.url)
        kind, _, rest = key.partition("/")
        record = {"clubs": network.clubs, "events": network.events, "campaigns": network.campaigns}.get(kind, {})
        found = record.get(rest.strip("/"))
        if found is None or found.summary is None:
            continue
        # The page's language's summary, or the one its fallbacks chose.
        summary = next((t for t in found.summary.texts.values() if t in f.content), None)
        assert summary is not None, f.url
        # Nothing but the title and its line of facts comes before it.
        assert f.content.index(summary) <= 200, (f.url, f.content[:f.content.index(summary)])
        checked += 1
    assert checked >= (len(network.clubs) + len(network.campaigns)) * len(UI_LANGUAGES)


@pytest.mark.build
def test_result_metadata_is_in_the_page_language(fragments) -> None:
    dates: dict[str, dict[str, str]] = {}
    for f in fragments:
        kind = record_key(f.url).split("/")[0]
        singular = {"clubs": "club", "events": "event", "regions": "region", "campaigns": "campaign"}.get(kind)
        if singular is None:
            assert f.meta["type"] == gettext(f.lang, VALUE_LABELS["kind"]["news"]), f.url
            continue
        assert f.meta["type"] == gettext(f.lang, VALUE_LABELS["kind"][singular]), f.url
        if kind == "events":
            dates.setdefault(record_key(f.url), {})[f.lang] = f.meta["date"]
    assert dates
    for key, by_lang in dates.items():
        for lang, shown in by_lang.items():
            if lang != "en":
                assert shown != by_lang["en"], (key, lang, shown)
