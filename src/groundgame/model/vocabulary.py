"""The network's shared vocabulary: the topics, programs, audiences and formats records may name.

Organizers write ids (``web-literacy``); the maintainers keep, in ``content/vocabulary/``, what
each id is called and means in any number of languages, so that pages show a label in the
reader's language instead of a raw id, and two spellings of one topic cannot drift apart.
A kind with no file of its own is free: any slug is accepted for it (``has`` says which).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from groundgame.model.records import Localized
from groundgame.suggest import LONGEST_GUESS, folded

KINDS = ("topic", "program", "audience", "format")

# Where each kind's terms are used, and the file that holds them (content/vocabulary/<file>).
FILES = {"topic": "topics.yaml", "program": "programs.yaml", "audience": "audiences.yaml",
         "format": "formats.yaml"}


@dataclass(frozen=True)
class Term:
    """One id of one kind, with what it is called (``label``) and means (``description``)."""

    kind: str
    id: str
    label: Localized
    description: Localized | None = None


_NONE: Mapping[str, Term] = MappingProxyType({})


@dataclass(frozen=True)
class Vocabulary:
    """Every term by kind, each kind in id order. A kind absent from ``tables``
    has no file: its values are free slugs. (Plain dicts, read-only by type: a network is
    pickled by the build's cache and its workers, which a ``MappingProxyType`` is not.)"""

    tables: Mapping[str, Mapping[str, Term]] = field(default_factory=dict)

    kinds = KINDS

    def has(self, kind: str) -> bool:
        """Whether ``kind`` has a vocabulary file (and so its values must be terms)."""
        return kind in self.tables

    def terms(self, kind: str) -> Mapping[str, Term]:
        """The terms of ``kind``, in id order (empty when it has no file)."""
        return self.tables.get(kind, _NONE)

    def get(self, kind: str, term_id: str) -> Term | None:
        return self.terms(kind).get(term_id)

    def named(self, kind: str, text: str) -> str | None:
        """The id of the term of ``kind`` whose id or label in any language ``text`` is, ignoring
        case, accents, hyphens and word order (``Accesibilidad``, ``Open Data``); None if none is."""
        if len(text) > LONGEST_GUESS:
            return None
        keys = self._keys.get(kind, {})
        key = folded(text)
        return keys.get(key) or keys.get(" ".join(sorted(key.split())))

    @cached_property
    def _keys(self) -> dict[str, dict[str, str]]:
        """Every id and label, folded (and with its words in order), to its id, per kind: made
        once, on the first lookup (a file may hold 300 terms labelled in 40 languages)."""
        found: dict[str, dict[str, str]] = {}
        for kind, table in self.tables.items():
            keys = found.setdefault(kind, {})
            for term_id, term in table.items():
                for name in (term_id, *term.label.texts.values()):
                    key = folded(name)
                    keys.setdefault(key, term_id)
                    keys.setdefault(" ".join(sorted(key.split())), term_id)
        return found

    def __len__(self) -> int:
        return sum(len(table) for table in self.tables.values())
