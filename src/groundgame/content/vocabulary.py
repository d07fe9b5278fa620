"""Read the network's vocabulary (``content/vocabulary/*.yaml``) and judge records against it.

Each kind of term has a file of its own, kept by the maintainers (CODEOWNERS): an id, as
clubs and events write it, mapped to its label and description in any number of
languages. A file goes through the same steps as a record's (YAML traps, the schema
``schemas/vocabulary.schema.json``, language tags CLDR knows), each problem at its line.

Once a kind has a file, every value of that kind in a club or an event must be one of its
terms; a kind without a file keeps free slugs (a new network, or the tests' small trees,
need no vocabulary). A value that is not a term gets the term it names (its id or a label
in any language, accents, case, hyphens and word order aside: ``Vocabulary.named``), else the
nearest ids and labels (``suggest.close_matches``), else is told to add the term to the file
in the same pull request. A value that is not even an id (``Accesibilidad``) is the schema's
problem; ``improve_hints`` gives it the term as its hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from groundgame.content import salvage, schema
from groundgame.content.files import SLUG, VOCABULARY_FOLDER, SourceFile, display_path
from groundgame.content.reading import Reader
from groundgame.content.rules import Failed
from groundgame.content.yamlfile import LoadError, read_file
from groundgame.document import Document, Loc
from groundgame.model.records import Club, Event, Localized, Record
from groundgame.model.vocabulary import FILES, KINDS, Term, Vocabulary
from groundgame.problems import Problem, Severity
from groundgame.suggest import LONGEST_GUESS, close_matches, folded

FOLDER = VOCABULARY_FOLDER  # content/vocabulary/
SCHEMA_KIND = "vocabulary"  # schemas/vocabulary.schema.json
KIND_OF_FILE = {name: kind for kind, name in FILES.items()}

# The fields of each record kind that hold terms: field → kind of term.
CLUB_FIELDS = {"topics": "topic", "programs": "program", "audiences": "audience"}
EVENT_FIELDS = {"topics": "topic", "format": "format"}


def file_of(kind: str) -> str:
    """``topic`` → ``content/vocabulary/topics.yaml``, as messages name it."""
    return f"content/{FOLDER}/{FILES[kind]}"


def is_vocabulary(path: Path, root: Path) -> bool:
    """Whether ``path`` is (or would be) a file of ``content/vocabulary/``."""
    return display_path(path, root).startswith(f"content/{FOLDER}/")


def classify(path: Path, root: Path) -> SourceFile | None:
    """The vocabulary file ``path`` is (for ``groundgame fmt``), or None if it is none."""
    if not is_vocabulary(path, root) or path.name not in KIND_OF_FILE or path.parent.name != FOLDER:
        return None
    return SourceFile(SCHEMA_KIND, KIND_OF_FILE[path.name], path, display_path(path, root))


def discover(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """The vocabulary files of ``root/content/vocabulary`` (kind ``vocabulary``, id the kind of
    term), and a problem for anything else there, which would not be read."""
    folder = root / "content" / FOLDER
    shown = display_path(folder, root)
    if folder.is_symlink():
        return [], [Problem(shown, 0, 0, "", "must be a folder, not a symbolic link")]
    if not folder.is_dir():
        return [], []
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir()):
        display = display_path(entry, root)
        if entry.name in KIND_OF_FILE and entry.is_file() and not entry.is_symlink():
            found.append(SourceFile(SCHEMA_KIND, KIND_OF_FILE[entry.name], entry, display))
        elif entry.is_symlink():
            problems.append(Problem(display, 0, 0, "", "must be a regular file, not a symbolic link"))
        elif entry.name != ".gitkeep":
            guess = close_matches(entry.name, list(KIND_OF_FILE))
            problems.append(Problem(display, 0, 0, "", "will not be read: the vocabulary files are "
                                    + ", ".join(KIND_OF_FILE),
                                    hint=f"did you mean {guess[0]}?" if guess else "move it elsewhere or delete it"))
    return found, problems


def load(root: Path) -> tuple[Vocabulary, list[Problem]]:
    """The vocabulary of ``root``'s tree, and every problem of its files.

    A file that does not parse gives its kind no table (its values are then not judged: the
    file's own problem is the one to fix); a term the schema refused in part is kept with
    what could be read (its id, at least), so that records naming it get no second problem.
    """
    sources, problems = discover(root)
    tables: dict[str, dict[str, Term]] = {}
    for source in sources:
        try:
            doc = read_file(source.fs_path, source.display)
        except LoadError as exc:
            problems.append(exc.problem)
            continue
        terms, found = read_doc(source.id, doc)
        tables[source.id] = terms
        problems.extend(found)
    return Vocabulary({kind: tables[kind] for kind in KINDS if kind in tables}), problems


def read_doc(kind: str, doc: Document) -> tuple[dict[str, Term], list[Problem]]:
    """The terms of one parsed vocabulary file of ``kind``, and its problems."""
    problems = schema.check(SCHEMA_KIND, doc)
    if problems:
        doc, _refused = salvage.accepted(SCHEMA_KIND, doc)
    reader = Reader(doc)
    terms: dict[str, Term] = {}
    data = doc.data if isinstance(doc.data, dict) else {}
    for term_id, body in data.items():
        if not isinstance(term_id, str) or not SLUG.fullmatch(term_id):
            continue  # refused by the schema, and reported there
        body = body if isinstance(body, dict) else {}
        label = _localized(reader, (term_id, "label"), body.get("label"))
        terms[term_id] = Term(kind, term_id, label or Localized({"en": term_id}, "en"),
                              _localized(reader, (term_id, "description"), body.get("description")))
    return dict(sorted(terms.items())), problems + reader.problems + _same_labels(doc, terms)  # id order


def _same_labels(doc: Document, terms: dict[str, Term]) -> list[Problem]:
    """A warning at each label that another term of the file has in the same language (case and
    accents aside): pages could not tell the two apart, and a value written as that label names
    only the first."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for term_id, term in terms.items():
        body = doc.data.get(term_id)
        label = body.get("label") if isinstance(body, dict) else None
        if not isinstance(label, (str, dict)):
            continue  # no label of its own: the id stands in
        for lang, text in term.label.texts.items():
            first = seen.setdefault((lang, folded(text)), term_id)
            if first != term_id:
                loc: Loc = (term_id, "label", lang) if isinstance(label, dict) else (term_id, "label")
                found.append(doc.problem(loc, f"is also the label of {first!r} in {lang!r} ({text!r})",
                                         hint="give each term a label of its own, or merge the two terms",
                                         severity=Severity.WARNING))
    return found


def _localized(reader: Reader, loc: Loc, raw: object) -> Localized | None:
    """A label or description: a text (read as English) or a map whose first language is its main one."""
    if isinstance(raw, str):
        return Localized.of(raw, "en")
    if not isinstance(raw, dict) or not raw:
        return None
    texts = {tag: text for tag, text in raw.items() if isinstance(text, str)}
    for tag in texts:
        reader.language(loc + (tag,), tag, key=True)
    return Localized(texts, next(iter(texts))) if texts else None


# --- judging records ---------------------------------------------------------------------

def fields_of(record: Record) -> dict[str, str]:
    if isinstance(record, Club):
        return CLUB_FIELDS
    if isinstance(record, Event):
        return EVENT_FIELDS
    return {}


def values(record: Record, name: str) -> Iterator[tuple[Loc, str]]:
    """Each value of field ``name`` of ``record`` with its place (``topics[2]``, ``format``)."""
    value = getattr(record, name)
    if isinstance(value, str):
        if value:
            yield (name,), value
        return
    for i, item in enumerate(value):
        if isinstance(item, str):
            yield (name, i), item


def check(record: Record, vocabulary: Vocabulary, failed: Failed) -> Iterator[Problem]:
    """A problem at each value of a club or an event that is not a term of its kind's file
    (kinds without a file are free)."""
    fields = fields_of(record)
    for name, kind in fields.items():
        if not vocabulary.has(kind):
            continue
        terms = vocabulary.terms(kind)
        for loc, value in values(record, name):
            if value in terms or failed.any(loc):
                continue
            elsewhere = next((other for other, of in fields.items() if of != kind and value in vocabulary.terms(of)),
                             None)
            hint = f"it is a {fields[elsewhere]} ({file_of(fields[elsewhere])}): did you mean to list it under " \
                   f"{elsewhere}?" if elsewhere else _hint(kind, value, vocabulary)
            yield record.doc.problem(loc, f"{value!r} is not in the vocabulary ({file_of(kind)})", hint=hint)


def guesses(kind: str, value: str, vocabulary: Vocabulary) -> list[str]:
    """The terms ``value`` may mean: the one whose id or label (in any language) it is, ignoring
    case, accents, hyphens and word order (``Vocabulary.named``), else the closest ids and main
    labels (``suggest.close_matches``). Not every label of every language is compared: a file may
    hold 12,000 of them, and each value of each record not in the vocabulary is guessed for."""
    exact = vocabulary.named(kind, value)
    if exact is not None:
        return [exact]
    names: dict[str, str] = {}
    for term_id, term in vocabulary.terms(kind).items():
        names.setdefault(term_id, term_id)
        names.setdefault(term.label.text(), term_id)
    return list(dict.fromkeys(names[found] for found in close_matches(value[:LONGEST_GUESS], names)))


def _hint(kind: str, value: str, vocabulary: Vocabulary) -> str:
    found = guesses(kind, value, vocabulary)
    if found:
        return "did you mean " + " or ".join(repr(g) for g in found) + "?"
    return f"use a term of {file_of(kind)}, or add this one there (with its label) in the same pull request"


def improve_hints(record_kind: str, doc: Document, problems: Iterable[Problem], vocabulary: Vocabulary
                  ) -> list[Problem]:
    """The schema's problems of a record, each at a value of a vocabulary field that is not a
    slug (``Accesibilidad``, ``Web literacy``) given the term it names as its hint."""
    fields = {"club": CLUB_FIELDS, "event": EVENT_FIELDS}.get(record_kind, {})
    if not fields or not any(vocabulary.has(kind) for kind in fields.values()):
        return list(problems)
    out = []
    for problem in problems:
        name, _, index = problem.field.partition("[")
        kind = fields.get(name)
        raw = doc.data.get(name) if kind and vocabulary.has(kind) else None
        if index.endswith("]") and index[:-1].isdigit() and isinstance(raw, list) and int(index[:-1]) < len(raw):
            raw = raw[int(index[:-1])]
        elif index:
            raw = None
        if isinstance(raw, str) and kind:
            found = guesses(kind, raw, vocabulary)
            if found and found[0] != raw:
                problem = replace(problem, hint=f"did you mean {found[0]!r}? ({file_of(kind)} has it)")
        out.append(problem)
    return out
