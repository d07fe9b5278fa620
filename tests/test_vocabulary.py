"""The shared vocabulary (#15): content/vocabulary/*.yaml, read like every content file, and
every club's and event's topics, programs, audiences and format judged against it.

Files are real YAML in a temporary tree (conftest's ``site``); where a problem's line and
column are asserted, they come from PyYAML's own reading of the file, not from ours.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_hostile_values import _unbounded

from groundgame.cli import main
from groundgame.content import vocabulary as vocab
from groundgame.content.network import TextChecker, load_network
from groundgame.content.schema import validator

TOPICS = """\
# yaml-language-server: $schema=../../schemas/vocabulary.schema.json
accessibility:
  label: {en: Accessibility, es: Accesibilidad, ja: アクセシビリティ}
  description: {en: Making the web usable by everyone.}
open-data:
  label: {en: Open data, fr: Données ouvertes}
web-literacy:
  label: {en: Web literacy, fr: Littératie numérique}
"""
FORMATS = """\
workshop: {label: {en: Workshop, es: Taller, fr: Atelier}}
meetup: {label: Meetup}
"""
CLUB = "clubs/paris-web.yaml"
EVENT = "events/paris-web/soiree.yaml"


def with_vocabulary(site: Site, topics: str = TOPICS, formats: str = FORMATS) -> Site:
    site.write("vocabulary/topics.yaml", topics)
    site.write("vocabulary/formats.yaml", formats)
    return site


def set_field(site: Site, rel: str, name: str, value: str) -> Path:
    """The record ``rel`` with its field ``name`` written as ``value`` (YAML flow text)."""
    path = site.path(rel)
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith(f"{name}:")]
    path.write_text("\n".join([*lines, f"{name}: {value}"]) + "\n", "utf-8")
    return path


def position(path: Path, *loc: str | int) -> str:
    """``line:column`` of the value at ``loc``, as PyYAML reads the file (1-based)."""
    node = yaml.compose(path.read_text("utf-8"))
    for part in loc:
        node = node.value[part] if isinstance(part, int) else next(v for k, v in node.value if k.value == part)
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def problems(site: Site, *paths: Path) -> list[str]:
    outcome = load_network(site.root, list(paths) or None, jobs=1)
    return [p.text() for p in outcome.problems]


# --- records against the vocabulary ------------------------------------------------------

def test_an_unknown_term_is_reported_at_its_value_with_the_nearest_term(site: Site) -> None:
    with_vocabulary(site)
    path = set_field(site, CLUB, "topics", "[web-literacy, open-data, web-literacey]")
    assert problems(site) == [
        f"content/clubs/paris-web.yaml:{position(path, 'topics', 2)}: topics[2]: 'web-literacey' is not in the "
        "vocabulary (content/vocabulary/topics.yaml); did you mean 'web-literacy'?"]


def test_an_event_format_is_a_term_of_formats_yaml(site: Site) -> None:
    with_vocabulary(site)
    path = set_field(site, EVENT, "format", "workshp")
    assert problems(site) == [
        f"content/events/paris-web/soiree.yaml:{position(path, 'format')}: format: 'workshp' is not in the "
        "vocabulary (content/vocabulary/formats.yaml); did you mean 'workshop'?"]


def test_a_value_far_from_every_term_is_told_to_add_the_term_in_the_same_pull_request(site: Site) -> None:
    with_vocabulary(site)
    set_field(site, EVENT, "topics", "[quantum-basketry]")
    [found] = problems(site)
    assert "topics[0]: 'quantum-basketry' is not in the vocabulary (content/vocabulary/topics.yaml); use a term of " \
           "content/vocabulary/topics.yaml, or add this one there (with its label) in the same pull request" in found


def test_a_term_of_another_kind_is_told_where_it_belongs(site: Site) -> None:
    with_vocabulary(site)
    site.write("vocabulary/programs.yaml", "hive: {label: Hive}\n")
    set_field(site, CLUB, "topics", "[web-literacy, hive]")
    assert [p.split(": ", 1)[1] for p in problems(site)] == [
        "topics[1]: 'hive' is not in the vocabulary (content/vocabulary/topics.yaml); it is a program "
        "(content/vocabulary/programs.yaml): did you mean to list it under programs?"]


@pytest.mark.parametrize(("written", "meant"), [
    ("Accesibilidad", "accessibility"),  # a label in Spanish
    ("Open Data", "open-data"),  # a label with a space and capitals
    ("Littératie numérique", "web-literacy"),
    ("アクセシビリティ", "accessibility"),
])
def test_a_label_in_any_language_gives_the_id(site: Site, written: str, meant: str) -> None:
    with_vocabulary(site)
    path = set_field(site, CLUB, "topics", f"[web-literacy, '{written}']")
    [found] = problems(site)
    assert found.startswith(f"content/clubs/paris-web.yaml:{position(path, 'topics', 1)}: topics[1]: ")
    assert found.endswith(f"; did you mean {meant!r}? (content/vocabulary/topics.yaml has it)")


def test_a_label_of_a_format_gives_the_id(site: Site) -> None:
    with_vocabulary(site)
    set_field(site, EVENT, "format", "Taller")
    [found] = problems(site)
    assert "format: " in found
    assert found.endswith("did you mean 'workshop'? (content/vocabulary/formats.yaml has it)")


def test_a_network_without_vocabulary_files_keeps_free_slugs(site: Site) -> None:
    set_field(site, CLUB, "topics", "[anything-goes, web-literacey]")
    set_field(site, CLUB, "audiences", "[whoever]")
    set_field(site, EVENT, "format", "an-unheard-of-format")
    outcome = load_network(site.root, jobs=1)
    assert outcome.ok, [p.text() for p in outcome.problems]
    assert not any(outcome.network.vocabulary.has(kind) for kind in outcome.network.vocabulary.kinds)
    assert outcome.network.events["paris-web/soiree"].format == "an-unheard-of-format"


def test_only_the_kinds_with_a_file_are_judged(site: Site) -> None:
    with_vocabulary(site)
    set_field(site, CLUB, "programs", "[any-program]")  # no programs.yaml: free
    set_field(site, CLUB, "audiences", "[any-audience]")
    outcome = load_network(site.root, jobs=1)
    assert outcome.ok, [p.text() for p in outcome.problems]
    vocabulary = outcome.network.vocabulary
    assert (vocabulary.has("topic"), vocabulary.has("format"), vocabulary.has("program")) == (True, True, False)
    assert list(vocabulary.terms("topic")) == ["accessibility", "open-data", "web-literacy"]
    term = vocabulary.get("topic", "accessibility")
    assert term is not None
    assert term.label.primary == "en"
    assert term.label.texts["ja"] == "アクセシビリティ"
    assert vocabulary.get("format", "meetup").label.texts == {"en": "Meetup"}  # a plain label is English


def test_checking_one_file_uses_the_whole_trees_vocabulary(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    with_vocabulary(site)
    path = set_field(site, CLUB, "topics", "[open-dta]")
    assert main(["--root", str(site.root), "validate", str(path)]) == 1
    assert "topics[0]: 'open-dta' is not in the vocabulary (content/vocabulary/topics.yaml); did you mean " \
           "'open-data'?" in capsys.readouterr().out


def test_checking_a_vocabulary_file_checks_every_record_that_uses_it(site: Site) -> None:
    with_vocabulary(site)
    topics = site.path("vocabulary/topics.yaml")
    topics.write_text(TOPICS.replace("web-literacy:", "digital-literacy:"), "utf-8")  # paris-web uses web-literacy
    found = problems(site, topics)
    assert any(p.startswith("content/clubs/paris-web.yaml:") and "'web-literacy' is not in the vocabulary" in p
               for p in found), found


def test_new_and_the_issue_forms_check_text_against_the_vocabulary(site: Site) -> None:
    with_vocabulary(site)
    text = site.path(CLUB).read_text("utf-8").replace("topics: [web-literacy]", "topics: [web-literacey]")
    found = [p.text() for p in TextChecker(site.root).problems("club", "paris-web", text, "content/clubs/x.yaml")]
    assert any("did you mean 'web-literacy'?" in p for p in found), found


# --- the vocabulary files themselves ------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Web_Literacy:\n  label: {en: Web literacy}\n",
                 "content/vocabulary/topics.yaml:1:1: Web_Literacy: must be lowercase letters and digits joined by "
                 "single hyphens, like 'web-literacy' (got 'Web_Literacy')", id="bad-id"),
    pytest.param("web-literacy:\n  description: {en: Reading the web.}\n",
                 "content/vocabulary/topics.yaml:2:3: web-literacy.label: is required but missing; give the term a "
                 "label, such as label: {en: Web literacy}", id="missing-label"),
    pytest.param(f"web-literacy:\n  label: {{en: {'x' * 61}}}\n",
                 "content/vocabulary/topics.yaml:2:15: web-literacy.label.en: must be at most 60 characters "
                 "(this one has 61); shorten it", id="label-too-long"),
    pytest.param("web-literacy:\n  label: {en: Web literacy}\n  labels: {fr: Littératie}\n",
                 "content/vocabulary/topics.yaml:3:3: web-literacy.labels: is not a known field; did you mean "
                 "'label'?", id="unknown-field"),
    pytest.param("web-literacy:\n  label: {en: Web literacy, xx: Web}\n",
                 "content/vocabulary/topics.yaml:2:29: web-literacy.label.xx: must be a language tag CLDR knows, "
                 "such as 'en' or 'pt-BR' (got 'xx')", id="unknown-language"),
    pytest.param("web-literacy:\n  label: {en: \"Web\\nliteracy\"}\n",
                 "content/vocabulary/topics.yaml:2:15: web-literacy.label.en: must be one line", id="two-lines"),
])
def test_a_bad_vocabulary_file_is_reported_at_its_line(site: Site, text: str, expected: str) -> None:
    site.write("vocabulary/topics.yaml", text)
    found = problems(site)
    assert any(p == expected or p.startswith(expected) for p in found), found


def test_two_terms_with_one_label_are_a_warning(site: Site) -> None:
    site.write("vocabulary/topics.yaml", TOPICS + "open-datasets:\n  label: {en: Open Data, fr: Jeux de données}\n")
    outcome = load_network(site.root, jobs=1)
    path = site.path("vocabulary/topics.yaml")
    assert outcome.ok
    assert [p.text() for p in outcome.warnings] == [
        f"content/vocabulary/topics.yaml:{position(path, 'open-datasets', 'label', 'en')}: warning: "
        "open-datasets.label.en: is also the label of 'open-data' in 'en' ('Open Data'); give each term a label "
        "of its own, or merge the two terms"]


def test_a_vocabulary_file_has_a_bounded_number_of_terms(site: Site) -> None:
    site.write("vocabulary/topics.yaml", "".join(f"t{i}: {{label: T{i}}}\n" for i in range(301)))
    found = problems(site)
    assert "content/vocabulary/topics.yaml:1:1: must have at most 300 terms (this one has 301); a vocabulary file " \
           "holds at most 300 terms; merge terms that say the same thing" in found, found


def test_a_misnamed_file_in_the_vocabulary_folder_is_reported(site: Site) -> None:
    site.write("vocabulary/topic.yaml", TOPICS)
    found = problems(site)
    assert any(p.startswith("content/vocabulary/topic.yaml: will not be read") and "did you mean topics.yaml?" in p
               for p in found), found


def test_a_vocabulary_file_that_does_not_parse_does_not_fail_every_record(site: Site) -> None:
    site.write("vocabulary/topics.yaml", "web-literacy: {label: [unclosed\n")
    found = problems(site)
    assert len(found) == 1, found
    assert found[0].startswith("content/vocabulary/topics.yaml:"), found


def test_the_vocabulary_schema_is_bounded_and_valid() -> None:
    body = json.loads((REPO / "schemas/vocabulary.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(body)
    assert _unbounded(validator("vocabulary").schema, "vocabulary") == []


# --- the real content -----------------------------------------------------------------------

def test_the_real_vocabulary_covers_the_content_and_is_labelled_in_every_ui_language() -> None:
    """Read with PyYAML: every topic, program, audience and format of content/ is a term, labelled
    in the seven UI languages and described in English (test_cli checks that the sample validates)."""
    files = {name: yaml.safe_load((REPO / "content/vocabulary" / f"{name}.yaml").read_text("utf-8"))
             for name in ("topics", "programs", "audiences", "formats")}
    for name, terms in files.items():
        for term_id, term in terms.items():
            assert set(term["label"]) >= {"en", "es", "fr", "pt-BR", "id", "ja", "ar"}, (name, term_id)
            assert "en" in term["description"], (name, term_id)
    used: dict[str, set[str]] = {"topics": set(), "programs": set(), "audiences": set(), "formats": set()}
    for path in [*REPO.glob("content/clubs/*.yaml"), *REPO.glob("content/events/*/*.yaml")]:
        record = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for name in ("topics", "programs", "audiences"):
            used[name] |= set(record.get(name, ()))
        used["formats"] |= {record["format"]} if "format" in record else set()
    for name, ids in used.items():
        assert ids, name
        assert ids <= set(files[name]), (name, ids - set(files[name]))
    assert len(files["formats"]) == 13  # the event schema's former enum


def test_the_real_vocabulary_files_are_in_canonical_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "fmt", "--check", str(REPO / "content/vocabulary")]) == 0
    assert "0 of 4 files would reformat." in capsys.readouterr().out


# --- the JSON API -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The API of the feeds' test network with a topics and a formats file (no programs or audiences)."""
    from feedkit import NOW, build, commit_all, network_repo

    site = network_repo(tmp_path_factory.mktemp("vocabulary-site"))
    with_vocabulary(site, TOPICS + "open-hardware: {label: {en: Open hardware}}\n")  # written first, listed in id order
    commit_all(site.root, "vocabulary", NOW - timedelta(days=3))
    out = site.root / "out"
    build(site.root, out, parts=("api",))
    return out


@pytest.mark.build
def test_the_api_publishes_the_vocabulary_under_its_schema(api_out: Path) -> None:
    from test_api import registry

    from groundgame import urls

    document = json.loads((api_out / urls.api("vocabulary.json")).read_bytes())
    checker = Draft202012Validator({"$ref": document["$schema"]}, registry=registry(api_out))
    assert [e.message for e in checker.iter_errors(document)] == []
    assert [t["id"] for t in document["topics"]] == ["accessibility", "open-data", "open-hardware", "web-literacy"]
    assert document["topics"][0] == {"id": "accessibility",
                                     "label": {"en": "Accessibility", "es": "Accesibilidad", "ja": "アクセシビリティ"},
                                     "description": {"en": "Making the web usable by everyone."}}
    assert document["formats"][1] == {"id": "workshop", "label": {"en": "Workshop", "es": "Taller", "fr": "Atelier"},
                                      "description": None}
    assert document["programs"] is None  # no file: free ids
    assert document["audiences"] is None
    document["topics"][0]["label"] = "Accessibility"  # the check above can fail
    assert list(checker.iter_errors(document))
    index = json.loads((api_out / urls.api("index.json")).read_bytes())
    assert index["documents"]["vocabulary.json"].endswith("/" + urls.api("vocabulary.json"))
    assert index["schemas"]["vocabulary"] == document["$schema"]
    assert index["contribution_schemas"]["vocabulary"].endswith("/schemas/vocabulary.schema.json")


_ANY = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=70),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=3), max_leaves=8)


_IDS = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8})?\Z") | st.text(max_size=20)
_BODIES = st.dictionaries(st.sampled_from(["label", "description", "x"]), _ANY, max_size=3)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=st.dictionaries(_IDS, _BODIES, max_size=4))
def test_any_vocabulary_file_gives_problems_never_a_traceback(site: Site, terms: dict) -> None:
    site.write("vocabulary/topics.yaml", yaml.safe_dump(terms, allow_unicode=True) if terms else "{}\n")
    vocabulary, found = vocab.load(site.root)  # the loader's reading of content/vocabulary/
    assert all(p.path == "content/vocabulary/topics.yaml" for p in found)
    for term in vocabulary.terms("topic").values():
        assert term.label.texts, term  # every term kept has a label to show (its id at least)
