"""Topics, programs, audiences and formats by their labels in every UI language, and the pages
and feeds of each format, scale and audience (#15).

One real Pelican build of the sample ``content/`` (copied, with two labels taken out of its
vocabulary so that a label falls back). The expected labels are read from
``content/vocabulary/*.yaml`` with PyYAML, the expected events and clubs from the records'
YAML files, the pages with ``html.parser``, the feeds with ical.js through node.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from readers import icaljs_meetings
from sitebuild import EPOCH, REPO, build

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/clubs"
BASE = "/clubs/"
LANGS = ("en", "pt-BR", "ja", "ar")  # of the seven, to keep the build short: both directions, a parent
DEFAULT = "en"
RTL = {"ar", "fa", "he", "ur"}
NOW = datetime.fromtimestamp(int(EPOCH), UTC)
FAR_PAST, FAR_FUTURE = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
FILES = {"topic": "topics.yaml", "program": "programs.yaml", "audience": "audiences.yaml", "format": "formats.yaml"}
# Taken out of the copy's vocabulary: an Arabic topic label and a Japanese audience label.
DROPPED = {("topic", "ar"), ("audience", "ja")}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TERM_LINK = re.compile(r"/(?:clubs/(topic|program|audience)|calendar/(format|scale))/([a-z0-9-]+)/$")


# -- a small element tree from html.parser ---------------------------------------------------
class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return " ".join("".join(c if isinstance(c, str) else c.text() for c in self.children).split())

    def iter(self, tag: str | None = None):  # type: ignore[no-untyped-def]
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def lang(self) -> tuple[str, str]:
        """The language and direction in effect at this element (the nearest ancestor's)."""
        node: Node | None = self
        lang = direction = ""
        while node is not None:
            lang = lang or node.attrs.get("lang", "")
            direction = direction or node.attrs.get("dir", "")
            node = node.parent
        return lang, direction

    def marked(self, text: str) -> tuple[str, str]:
        """The ``lang`` and ``dir`` in effect at ``text`` in this element: those of the innermost
        element that holds exactly it, else this one's."""
        holders = [n for n in (self, *self.iter()) if n.text() == text]
        return (holders[-1] if holders else self).lang()


class Tree(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = self.at = Node("#root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def page(out: Path, lang: str, key: str) -> Node:
    prefix = "" if lang == DEFAULT else lang.lower() + "/"
    return Tree((out / prefix / key / "index.html").read_text("utf-8")).root


# -- what the YAML files say -------------------------------------------------------------------
def vocabulary(root: Path) -> dict[str, dict[str, dict]]:
    return {kind: yaml.safe_load((root / "content" / "vocabulary" / name).read_text("utf-8"))
            for kind, name in FILES.items()}


def pick(texts: str | dict[str, str], lang: str) -> tuple[str, str]:
    """What the README's fallback chain gives in ``lang``: the language, any of the same base
    language, the site's default, else the first (a term's main language)."""
    if isinstance(texts, str):
        return texts, "en"
    if lang in texts:
        return texts[lang], lang
    same = [t for t in texts if t.split("-")[0] == lang.split("-")[0]]
    chosen = same[0] if same else DEFAULT if DEFAULT in texts else next(iter(texts))
    return texts[chosen], chosen


def records(root: Path, folder: str) -> dict[str, dict]:
    found = {}
    for path in sorted((root / "content" / folder).rglob("*.yaml")):
        key = path.relative_to(root / "content" / folder).with_suffix("").as_posix()
        found[key] = yaml.safe_load(path.read_text("utf-8"))
    return found


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facets")
    shutil.copytree(REPO / "content", root / "content")
    vocab = vocabulary(root)
    clubs = records(root, "clubs")
    for kind, lang in DROPPED:  # the first term of that kind some club names loses its label in lang
        term = next(v for c in clubs.values() for v in c.get(kind + "s", ()) if v in vocab[kind])
        del vocab[kind][term]["label"][lang]
        path = root / "content" / "vocabulary" / FILES[kind]
        path.write_text(yaml.safe_dump(vocab[kind], allow_unicode=True, sort_keys=False, width=4096), "utf-8")
    return root


@pytest.fixture(scope="module")
def site(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("facets-site")
    build(tree, out, SITE_URL, GROUNDGAME_SEARCH=False, GROUNDGAME_LANGUAGES=list(LANGS))
    return out


def dropped_terms(tree: Path) -> dict[str, tuple[str, str]]:
    """(kind, lang) → the term whose label the copy lacks in lang."""
    vocab = vocabulary(tree)
    return {f"{kind}/{lang}": (kind, next(t for t, v in vocab[kind].items() if lang not in v["label"]))
            for kind, lang in DROPPED}


def expect_label(tree: Path, kind: str, term: str, lang: str) -> tuple[str, str]:
    return pick(vocabulary(tree)[kind][term]["label"], lang)


def check_marked(node: Node, text: str, found_lang: str, page_lang: str, where: str) -> None:
    """A label in another language than the page's carries that language and its direction."""
    lang, direction = node.marked(text)
    if found_lang != page_lang:
        assert (lang, direction) == (found_lang, "rtl" if found_lang in RTL else "ltr"), where
    else:
        assert lang == page_lang, where


# -- labels ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ar", "ja"])
def test_every_link_to_a_term_is_named_by_its_label(site, tree, lang):
    """Chips on cards, a club's and an event's facts, the directory's and calendar's links: every
    link to a topic's, program's, audience's or format's page says the label, marked where it falls back."""
    vocab = vocabulary(tree)
    keys = ["clubs/", "calendar/", "search/", "map/", "regions/europe/", "clubs/topic/web-literacy/"]
    keys += [f"clubs/{c}/" for c in records(tree, "clubs")]
    keys += [f"events/{e}/" for e, data in records(tree, "events").items() if data.get("format")][:10]
    seen = 0
    for key in keys:
        for a in page(site, lang, key).iter("a"):
            found = TERM_LINK.search(a.attrs.get("href", ""))
            if not found or found.group(2) == "scale" or "hreflang" in a.attrs:  # the language switcher
                continue
            kind, term = found.group(1) or found.group(2), found.group(3)
            text = a.text().split(" (")[0]  # the directory's links end with the count
            label, label_lang = pick(vocab[kind][term]["label"], lang)
            assert text == label, (key, term)
            check_marked(a, label, label_lang, lang, f"{lang}/{key} {term}")
            seen += 1
    assert seen > 40


@pytest.mark.parametrize("lang", ["ar", "ja"])
def test_facet_pages_say_the_label_in_their_heading_title_and_description(site, tree, lang):
    vocab = vocabulary(tree)
    clubs = records(tree, "clubs")
    shown = {(k, v) for c in clubs.values() for k in ("topic", "program", "audience") for v in c.get(k + "s", ())}
    shown |= {("format", e["format"]) for e in records(tree, "events").values() if e.get("format")}
    for kind, term in sorted(shown):
        key = f"calendar/format/{term}/" if kind == "format" else f"clubs/{kind}/{term}/"
        html = page(site, lang, key)
        label, label_lang = pick(vocab[kind][term]["label"], lang)
        (h1,) = html.iter("h1")
        assert label in h1.text(), (key, h1.text())
        assert term not in h1.text().replace(label, ""), (key, h1.text())
        marks = [n for n in h1.iter() if n.text() == label]
        if label_lang != lang:
            assert marks, key
            assert marks[0].lang() == (label_lang, "rtl" if label_lang in RTL else "ltr"), key
        (title,) = html.iter("title")
        assert label in title.text(), (key, title.text())
        assert "<" not in title.text(), (key, title.text())
        assert all(isinstance(c, str) for c in title.children), key
        description = vocab[kind][term].get("description")
        if description:
            text, text_lang = pick(description, lang)
            (about,) = [p for p in html.iter("p") if "about" in p.classes()]
            assert about.text() == text, key
            check_marked(about, text, text_lang, lang, key)


def test_a_label_missing_in_the_page_language_falls_back_marked(site, tree):
    """The copy's vocabulary lacks an Arabic topic label and a Japanese audience label: those
    pages show the English one with lang="en" dir="ltr" (and the fallback text in their <title>)."""
    for name, (kind, term) in dropped_terms(tree).items():
        lang = name.split("/")[1]
        label, label_lang = expect_label(tree, kind, term, lang)
        assert label_lang == "en"
        html = page(site, lang, f"clubs/{kind}/{term}/")
        (h1,) = html.iter("h1")
        assert [n.lang() for n in h1.iter() if n.text() == label] == [("en", "ltr")]
        assert label in next(html.iter("title")).text()
        options = [o for s in page(site, lang, "clubs/").iter("select") if s.attrs["name"] == kind
                   for o in s.iter("option") if o.attrs["value"] == term]
        assert [(o.text(), o.attrs.get("lang"), o.attrs.get("dir")) for o in options] == [(label, "en", "ltr")]


@pytest.mark.parametrize("lang", ["ar", "ja"])
def test_filter_options_are_labels(site, tree, lang):
    """The directory's and the search page's filters list each term by its label, never its id."""
    vocab = vocabulary(tree)
    checked = 0
    for key, kinds in (("clubs/", ("topic", "program", "audience")), ("search/", ("topic", "program", "audience",
                                                                                   "format"))):
        selects = {s.attrs["name"]: s for s in page(site, lang, key).iter("select")}
        for kind in kinds:
            options = [o for o in selects[kind].iter("option") if o.attrs["value"]]
            assert options, (key, kind)
            for option in options:
                label, label_lang = pick(vocab[kind][option.attrs["value"]]["label"], lang)
                assert option.text() == label, (key, option.attrs["value"])
                if label_lang != lang:
                    assert (option.attrs.get("lang"), option.attrs.get("dir")) == (label_lang, "ltr")
                checked += 1
    assert checked > 30


# -- the pages of a format, a scale, an audience ---------------------------------------------------
def event_ids(section: Node) -> set[str]:
    found = set()
    for a in section.iter("a"):
        match = re.search(r"/events/([^/]+/[^/]+)/$", a.attrs.get("href", ""))
        if match:
            found.add(match.group(1))
    return found


@pytest.fixture(scope="module")
def coming(site, tree) -> tuple[set[str], set[str]]:
    """The events with a meeting to come that takes place, and those over (none to come,
    cancelled or not), as ical.js reads each event's own calendar file."""
    files = {e: site / "calendar" / "events" / f"{e}.ics" for e in records(tree, "events")}
    shown = icaljs_meetings(list(files.values()), NOW, FAR_FUTURE)
    return ({e for e, path in files.items() if any(m.status != "CANCELLED" for m in shown[path])},
            {e for e, path in files.items() if not shown[path]})


@pytest.mark.parametrize("facet", ["format", "scale"])
def test_each_format_and_scale_has_a_page_of_its_events_in_every_language(site, tree, coming, facet):
    upcoming, over = coming
    events = records(tree, "events")
    values = sorted({e[facet] for e in events.values() if e.get(facet)})
    assert len(values) >= 3
    for value in values:
        expected = {e for e, data in events.items() if data.get(facet) == value}
        for lang in LANGS:
            html = page(site, lang, f"calendar/{facet}/{value}/")
            sections = {s.attrs.get("aria-labelledby"): s for s in html.iter("section")}
            listed_next = event_ids(sections["next"])
            listed_past = event_ids(sections["past"]) if "past" in sections else set()
            assert listed_next == expected & upcoming, (lang, value)
            assert listed_past <= expected & over, (lang, value)
            if len(expected & over) <= 12:  # a page shows the latest twelve past events
                assert listed_past == expected & over, (lang, value)
            alternates = {link.attrs["hreflang"] for link in html.iter("link") if link.attrs.get("rel") == "alternate"
                          and "hreflang" in link.attrs}
            assert alternates >= set(LANGS), (lang, value)


def test_event_pages_link_their_format_and_scale_pages(site, tree):
    events = records(tree, "events")
    event_id, data = next((e, d) for e, d in events.items() if d.get("format") and d.get("scale"))
    hrefs = {a.attrs.get("href") for a in page(site, "ja", f"events/{event_id}/").iter("a")}
    assert f"{BASE}ja/calendar/format/{data['format']}/" in hrefs
    assert f"{BASE}ja/calendar/scale/{data['scale']}/" in hrefs
    for key in ("calendar/", "search/"):
        hrefs = {a.attrs.get("href") for a in page(site, "ar", key).iter("a")}
        assert f"{BASE}ar/calendar/format/{data['format']}/" in hrefs, key
        assert f"{BASE}ar/calendar/scale/{data['scale']}/" in hrefs, key


def test_each_audience_has_a_directory_page_of_its_clubs(site, tree):
    clubs = records(tree, "clubs")
    audiences = sorted({a for c in clubs.values() for a in c.get("audiences", ())})
    assert len(audiences) >= 5
    directory = page(site, "ja", "clubs/")
    links = {a.attrs.get("href") for a in directory.iter("a")}
    (select,) = [s for s in directory.iter("select") if s.attrs["name"] == "audience"]
    assert {o.attrs["value"] for o in select.iter("option") if o.attrs["value"]} == set(audiences)
    for audience in audiences:
        assert f"{BASE}ja/clubs/audience/{audience}/" in links
        expected = {c for c, data in clubs.items() if audience in data.get("audiences", ())}
        for lang in ("en", "ar"):
            cards = [li for li in page(site, lang, f"clubs/audience/{audience}/").iter("li") if "card" in li.classes()]
            listed = set()
            for card in cards:
                (heading,) = card.iter("h3")
                listed.add(next(heading.iter("a")).attrs["href"].rstrip("/").split("/")[-1])
            assert listed == expected, (lang, audience)
    club_id, data = next((c, d) for c, d in clubs.items() if d.get("audiences"))
    hrefs = {a.attrs.get("href") for a in page(site, "ar", f"clubs/{club_id}/").iter("a")}
    assert {f"{BASE}ar/clubs/audience/{a}/" for a in data["audiences"]} <= hrefs


# -- the feeds ----------------------------------------------------------------------------------------
def feed_uids(paths: list[Path]) -> dict[Path, set[str]]:
    return {p: {m.uid for m in shown} for p, shown in icaljs_meetings(paths, FAR_PAST, FAR_FUTURE).items()}


def test_each_format_scale_and_audience_feed_lists_exactly_its_events(site, tree):
    """Read by ical.js: a value's feed holds the events of the network's feed (its window) with
    that value; an audience's, those hosted or co-hosted (when the co-host agrees) by its clubs."""
    events, clubs = records(tree, "events"), records(tree, "clubs")
    own = {e: site / "calendar" / "events" / f"{e}.ics" for e in events}
    uid = {e: next(iter(u)) for e, u in zip(own, feed_uids(list(own.values())).values(), strict=True)}
    assert len(set(uid.values())) == len(events)

    def cohosts(event_id: str) -> set[str]:
        host = event_id.split("/")[0]
        return {c for c in events[event_id].get("cohosts", ())
                if host in clubs[c].get("cohosting", ()) or event_id in clubs[c].get("cohosting", ())}

    wanted: dict[Path, set[str]] = {}
    for facet, folder in (("format", "formats"), ("scale", "scales")):
        for value in {e[facet] for e in events.values() if e.get(facet)}:
            wanted[site / "calendar" / folder / f"{value}.ics"] = {
                e for e, d in events.items() if d.get(facet) == value}
    for audience in {a for c in clubs.values() for a in c.get("audiences", ())}:
        members = {c for c, d in clubs.items() if audience in d.get("audiences", ())}
        wanted[site / "calendar" / "audiences" / f"{audience}.ics"] = {
            e for e in events if {e.split("/")[0], *cohosts(e)} & members}
    network = site / "calendar" / "all.ics"
    read = feed_uids([network, *wanted])
    in_window = read[network]
    assert len(wanted) > 15
    for path, chosen in wanted.items():
        assert read[path] == {uid[e] for e in chosen} & in_window, path
    assert sum(1 for path in wanted if read[path]) > 12
