"""The network's shared vocabulary: the topics, programs, audiences and formats records may name.

Organizers write ids (``web-literacy``); the maintainers keep, in ``content/vocabulary/``, what
each id is called and means in any number of languages, so that pages show a label in the
reader's language instead of a raw id, and two spellings of one topic cannot drift apart.
A kind with no file of its own is free: any slug is accepted for it (``has`` says which).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from groundgame.model.records import Localized

KINDS = ("topic", "program", "audience", "format")
kinds = KINDS  # the name the brief of #15 gives; the same tuple

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

    def __len__(self) -> int:
        return sum(len(table) for table in self.tables.values())
