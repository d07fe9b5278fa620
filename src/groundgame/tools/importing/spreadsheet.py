"""Placeholder: written in the next step."""

from __future__ import annotations

from groundgame.model.records import Club
from groundgame.tools.importing.drafts import Draft, Notes


def read(raw: bytes, notes: Notes, club: Club) -> list[Draft]:
    notes.error(0, "", "CSV import is not written yet")
    return []
