"""Every page kind of the sample site, read in Chromium in Arabic and Japanese (issue #15).

One page of each kind the build wrote (kinds found from the built tree by the shape of their
addresses, so a new kind is walked without editing this file), plus the pages named below, is
opened in ``ar`` and ``ja`` and checked for what a reader of that language would trip on:

(a) a raw vocabulary id: a text equal to a topic, program, audience or format id, or to its
    de-slugged form ("web literacy"), the ids read from the content's YAML with PyYAML;
(b) English text without ``lang="en"``: a text whose nearest ``lang`` is the page's and which
    holds an English word (see ``english_words``);
(c) on Arabic pages, left-to-right organizer text not isolated: a text node whose strong
    characters are all left-to-right, inside a right-to-left block, and in no element with
    ``dir`` nor in a ``<bdi>``; and, measured with ``Range.getBoundingClientRect()``, the "12" of
    "12 rue de la Roquette" left of its "rue".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from browserkit import chromium, serve
from sitebuild import REPO, build

pytestmark = [pytest.mark.build, pytest.mark.browser]

LANGS = ("ar", "ja")
# Pages walked whatever their kind's representative: the venue address the issue names, and
# an Arabic-first club and event (the Japanese fallbacks that skipped English).
NAMED = ("events/paris-atelier-du-web/atelier-mensuel/", "clubs/cairo-web-club/",
         "events/cairo-web-club/warshat-html-lil-banat/")
SEARCH_QUERY = "Paris"

# Names of products, formats and acronyms that stay in Latin letters in every language: the
# translators kept each of them in the ar and ja catalogs (Atom, GitHub, Google, Outlook,
# JavaScript, .ics, PDF, API), or they name a file format or service the site links (iCal, RSS,
# JSON, webcal, OpenStreetMap, Pagefind, Mastodon, Bluesky), or a paper size as printers name it
# (the Arabic flyer's "A4 or Letter"). No reader needs them translated.
BRANDS = frozenset(w.lower() for w in (
    "iCal", "ics", "RSS", "Atom", "JSON", "GitHub", "Google", "Outlook", "JavaScript", "webcal",
    "OpenStreetMap", "Pagefind", "Mastodon", "Bluesky", "PDF", "API", "Letter", "https", "http", "UTC", "GMT",
))
# Short English words the UI's msgids may lack but English sentences in organizer text use.
_COMMON = """
the and for with from this that these your our you are was were will have has not all any but
into about their they them there here when where what which who how one two three first last
next each every more most other some such only also just like very can may must new day days
week weeks month months year years time night nights weekend morning evening club clubs event
events meeting meetings meetup workshop workshops session sessions online free open learn learning
teach teaching teachers students kids children people community network volunteers leaders
welcome join bring laptop needed provided please register registration held hosted host
monthly weekly annual together build make makers maker party hack hackathon repair code coding
web literacy privacy source software study group call talk talks showcase camp festival
"""
COMMON = frozenset(_COMMON.split())

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
SEPARATORS = re.compile(r"[,،、·|:：;()（）・\[\]]|\s+و\s*|\s+and\s+|\s+—\s+")


def vocabulary_ids() -> set[str]:
    """Topic, program, audience and format ids used by the content (and its vocabulary, if any)."""
    ids: set[str] = set(vocabulary_labels())
    files = [*(REPO / "content" / "clubs").glob("*.yaml"), *(REPO / "content" / "events").glob("*/*.yaml")]
    for path in files:
        record = yaml.safe_load(path.read_text("utf-8")) or {}
        for field in ("topics", "programs", "audiences"):
            ids.update(str(v) for v in record.get(field) or ())
        if isinstance(record.get("format"), str):
            ids.add(record["format"])
    return ids


@functools.cache
def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Each term of ``content/vocabulary/`` (its top-level keys) and its labels by language."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted((REPO / "content" / "vocabulary").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8")) or {}
        for term, entry in doc.items():
            label = entry.get("label") if isinstance(entry, dict) else None
            found.setdefault(str(term), {}).update(label if isinstance(label, dict) else {})
    return found


def raw_forms(ids: set[str], lang: str) -> set[str]:
    """How a raw id reads on a page: as is, de-slugged ("web literacy"), de-slugged with a capital
    ("Web literacy"); less the forms that are the term's own label in ``lang`` ("Arduino")."""
    labels = vocabulary_labels()
    forms: set[str] = set()
    for term in ids:
        words = term.replace("-", " ")
        own = labels.get(term, {}).get(lang)
        forms.update(f for f in (term, words, words[:1].upper() + words[1:]) if f != own)
    return forms


def organizer_latin_words(lang: str) -> set[str]:
    """Latin-letter words organizers wrote in ``lang`` (a ``ja:`` text, or any text of a record
    whose first language is ``lang``): part of that language's text, like "Maker Party" in
    a Japanese title, so not English to flag."""
    words: set[str] = set()

    def walk(value: object, inside: bool) -> None:
        if isinstance(value, str):
            if inside:
                words.update(w.lower() for w in LATIN_WORD.findall(value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, inside or k == lang)
        elif isinstance(value, list):
            for v in value:
                walk(v, inside)

    for path in (REPO / "content").rglob("*.yaml"):
        record = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(record, dict):
            first = (record.get("languages") or [None])[0]
            walk(record, first == lang)
    return words


def english_words() -> set[str]:
    """Words of the UI's English msgids (placeholders out) and ``COMMON``, less ``BRANDS``."""
    with (REPO / "src" / "groundgame" / "locale" / "messages.pot").open("rb") as f:
        catalog = read_po(f)
    words = set(COMMON)
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            words.update(w.lower() for w in LATIN_WORD.findall(re.sub(r"%\(\w+\)[sd]", " ", msgid or "")))
    return words - BRANDS


def page_kinds(out: Path, langs: tuple[str, ...]) -> dict[str, list[str]]:
    """Pages of ``langs`` by kind: the address with its variable parts as ``*``.

    A part is variable when it holds a digit (years, months, pages), is a record's id or a news
    slug, or when its folder has no page of its own and holds several (``clubs/topic/*``,
    ``regions/*``, ``events/*/*``). A page's language is its ``<html lang>``."""
    ids = {p.stem for p in (REPO / "content").rglob("*.yaml")}
    ids |= {p.name for p in (REPO / "content" / "events").iterdir() if p.is_dir()}
    ids |= {p.parent.name for p in out.glob("news/*/index.html")}
    kinds: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*.html")):
        head = path.read_text("utf-8", errors="replace")[:400]
        found = re.search(r'<html lang="([^"]+)"', head)
        if not found or found.group(1) not in langs:
            continue
        rel = path.relative_to(out)
        parts = list(rel.parts[:-1]) if rel.name == "index.html" else [*rel.parts[:-1], rel.name]
        prefix = 1 if parts and parts[0] in langs else 0
        parts = parts[prefix:]
        shape = []
        for i, part in enumerate(parts):
            folder = out.joinpath(*rel.parts[:prefix + i])  # the folder that holds ``part``
            many = not (folder / "index.html").exists() and sum(1 for c in folder.iterdir() if c.is_dir()) > 1
            folder_part = i < len(parts) - 1 or rel.name == "index.html"  # not a file's name (404.html)
            numbered = folder_part and any(c.isdigit() for c in part)
            shape.append("*" if numbered or part in ids or many else part)
        address = "/" + "/".join(rel.parts[:-1]) + ("/" if rel.name == "index.html" else "/" + rel.name)
        kinds.setdefault(f"{found.group(1)}:{'/'.join(shape)}", []).append(address.replace("//", "/"))
    return kinds


# Runs in the page: what it finds, as plain data. Texts are the visible text nodes (and options,
# the title, and aria-label/alt/title/placeholder attributes), with the nearest lang.
CHECK = r"""
([pageLang]) => {
  const texts = [];
  const base = (l) => (l || "").toLowerCase().split("-")[0];
  const langOf = (el) => { const l = el.closest("[lang]"); return l ? l.getAttribute("lang") : ""; };
  const where = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  const skip = (el) => el.closest("script, style, noscript, code, pre, kbd, samp, template");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el) || !n.data.trim()) continue;
    const option = el.closest("option");
    const shown = option ? option.closest("select").checkVisibility() : el.checkVisibility();
    if (!shown) continue;
    nodes.push(n);
    texts.push({text: n.data, lang: langOf(el), where: where(el)});
  }
  for (const el of document.body.querySelectorAll("[aria-label], [alt], [title], [placeholder]")) {
    if (skip(el) || !el.checkVisibility()) continue;
    for (const a of ["aria-label", "alt", "title", "placeholder"]) {
      if (el.hasAttribute(a)) texts.push({text: el.getAttribute(a), lang: langOf(el), where: "@" + a});
    }
  }
  // The site's name ends every title; it is the network's own name (marked in the header).
  const site = document.querySelector('meta[property="og:site_name"]');
  const title = site ? document.title.replace(" · " + site.content, "") : document.title;
  texts.push({text: title, lang: document.documentElement.lang, where: "title"});
  const ltrOnly = [];
  if (document.documentElement.dir === "rtl") {
    const strongL = /[\p{L}]/u, strongR = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
    for (const n of nodes) {
      const el = n.parentElement;
      const letters = n.data.replace(/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/gu, "");
      if (strongR.test(n.data) || !strongL.test(letters)) continue;
      // An SVG <text> (a chart's label) is laid out on its own, apart from the page's lines.
      if (el.closest("svg")) continue;
      const isolated = el.closest("bdi, [dir]");
      if (isolated && isolated !== document.documentElement) continue;
      ltrOnly.push({text: n.data.trim().slice(0, 60), where: where(el)});
    }
  }
  let roquette = null;
  for (const n of nodes) {
    const at = n.data.indexOf("12 rue de la Roquette");
    if (at < 0) continue;
    const box = (from, to) => {
      const r = document.createRange();
      r.setStart(n, from);
      r.setEnd(n, to);
      return r.getBoundingClientRect();
    };
    const twelve = box(at, at + 2), rue = box(at + 3, at + 6);
    roquette = {twelve: twelve.left, rue: rue.left, top: twelve.top === rue.top};
    break;
  }
  return {texts, ltrOnly, roquette, lang: document.documentElement.lang, dir: document.documentElement.dir};
}
"""

URL = re.compile(r"\b(?:https?|webcal|mailto):\S+|\bwww\.\S+|\S+@\S+|@[\w.-]+|\b[\w-]+(?:\.[\w-]+)+(?:/\S*)?")
ZONE = re.compile(r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[\w/+-]+")


def english_in(text: str, english: set[str], allowed: set[str]) -> list[str]:
    """The English words of ``text`` (URLs, addresses, handles and zone ids taken out)."""
    text = ZONE.sub(" ", URL.sub(" ", text))
    return [w for w in LATIN_WORD.findall(text) if w.lower() in english and w.lower() not in allowed]


def raw_ids_in(text: str, forms: set[str]) -> list[str]:
    """The parts of ``text`` (split at list and label separators) that are raw ids (``raw_forms``)."""
    return [part.strip() for part in SEPARATORS.split(text) if part.strip() in forms]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    out = tmp_path_factory.mktemp("rtl") / "output"
    build(REPO, out, "http://127.0.0.1")  # served from the domain's root; links are root-relative
    with serve(out) as address:
        yield address, out


@pytest.fixture(scope="module")
def walked(site: tuple[str, Path]) -> dict[str, dict]:
    return walk(*site)


def walk(address: str, out: Path) -> dict[str, dict]:
    """What ``CHECK`` found on each page walked, by address."""
    chosen: dict[str, str] = {}
    for kind, pages in page_kinds(out, LANGS).items():
        chosen.setdefault(pages[0], kind)
    for lang in LANGS:
        for named in NAMED:
            chosen.setdefault(f"/{lang}/{named}", f"{lang}:named")
        chosen[f"/{lang}/search/?q={SEARCH_QUERY}"] = f"{lang}:search?q"
    found: dict[str, dict] = {}
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        for url, kind in chosen.items():
            page.goto(address + url, wait_until="domcontentloaded")  # after the deferred scripts ran
            if "search?q" in kind:
                page.wait_for_function("document.getElementById('search-status').textContent.trim() !== ''")
            result = page.evaluate(CHECK, [kind.split(":")[0]])
            result["kind"] = kind
            found[url] = result
        context.close()
    return found


def test_every_kind_is_walked(walked: dict[str, dict]) -> None:
    kinds = {r["kind"].split(":", 1)[1] for r in walked.values()}
    for expected in ("", "clubs", "clubs/*", "events/*/*", "regions/*", "campaigns/*", "calendar",
                     "calendar/*/*", "calendar/past", "map", "search", "calls", "contribute", "news", "news/*",
                     "404.html", "clubs/topic/*", "clubs/city/*", "clubs/region/*", "clubs/program/*"):
        assert expected in kinds, f"no {expected!r} page walked: {sorted(kinds)}"
    assert {r["lang"] for r in walked.values()} == set(LANGS)
    assert all(r["dir"] == ("rtl" if r["lang"] == "ar" else "ltr") for r in walked.values())


def test_no_raw_vocabulary_ids(walked: dict[str, dict]) -> None:
    ids = vocabulary_ids()
    assert "web-literacy" in ids  # the content's ids were read
    forms = {lang: raw_forms(ids, lang) for lang in LANGS}
    assert {"web-literacy", "web literacy", "Web literacy"} <= forms["ja"]
    found = [f"{url} <{t['where']}>: {hit!r}" for url, r in walked.items() for t in r["texts"]
             if t["lang"].split("-")[0] == r["lang"] for hit in raw_ids_in(t["text"], forms[r["lang"]])]
    assert not found, f"{len(found)} raw vocabulary ids:\n" + "\n".join(found[:60])


def test_no_english_without_lang(walked: dict[str, dict]) -> None:
    english = english_words()
    assert {"subscribe", "calendar", "the"} <= english
    allowed = {lang: organizer_latin_words(lang) for lang in LANGS}
    found = [f"{url} <{t['where']}>: {t['text'].strip()[:80]!r} {words}"
             for url, r in walked.items() for t in r["texts"]
             # A <title> cannot mark a language: the organizer names in it are what they are,
             # and its UI words are the <h1>'s (checked); raw ids in it are checked above.
             if t["lang"].lower().split("-")[0] == r["lang"] and t["where"] != "title"
             and (words := english_in(t["text"], english, allowed[r["lang"]]))]
    assert not found, f"{len(found)} English texts without lang=\"en\":\n" + "\n".join(found[:80])


def test_left_to_right_text_is_isolated_on_arabic_pages(walked: dict[str, dict]) -> None:
    arabic = {url: r for url, r in walked.items() if r["lang"] == "ar"}
    found = [f"{url} <{n['where']}>: {n['text']!r}" for url, r in arabic.items() for n in r["ltrOnly"]]
    assert not found, f"{len(found)} left-to-right texts not isolated:\n" + "\n".join(found[:80])


def test_an_address_reads_in_its_order_on_arabic_pages(walked: dict[str, dict]) -> None:
    measured = walked["/ar/events/paris-atelier-du-web/atelier-mensuel/"]["roquette"]
    assert measured is not None, "the venue's address is not on the page"
    assert measured["top"], "the address is broken over two lines"
    assert measured["twelve"] < measured["rue"], "'12' is right of 'rue' in '12 rue de la Roquette'"
