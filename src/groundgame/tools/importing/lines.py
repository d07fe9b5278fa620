"""Where each VEVENT and each of its properties is in an .ics file, for messages with lines.

``icalendar`` reads a file leniently (a broken property becomes ``vBroken`` with an entry in
the component's ``errors``) but keeps no positions. This scan unfolds the content lines the
same way (RFC 5545 §3.1: a line that starts with a space or tab continues the one before)
and notes, for each VEVENT in file order, the line it starts on and the first line of each
of its own properties (not those of a VALARM inside it). Components are matched to it by
their order, which is the file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = re.compile(r"[A-Za-z0-9-]+")


@dataclass
class Block:
    line: int  # the BEGIN:VEVENT line
    properties: dict[str, int] = field(default_factory=dict)  # name → first line

    def at(self, name: str) -> int:
        return self.properties.get(name.upper(), self.line)


@dataclass
class Scan:
    blocks: list[Block]
    bad: list[tuple[int, str]]  # (line, text) of lines that are no content line
    components: int  # components of any kind (VEVENT, VTODO, VALARM, VTIMEZONE…)


def scan(text: str, max_bad: int = 20) -> Scan:
    blocks: list[Block] = []
    bad: list[tuple[int, str]] = []
    components = 0
    depth_in_event = 0  # components open inside the current VEVENT (a VALARM)
    current: Block | None = None
    logical: list[tuple[int, str]] = []
    for number, row in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if row[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + row[1:])
        elif row.strip():
            logical.append((number, row))
    for number, row in logical:
        match = _NAME.match(row)
        rest = row[match.end():] if match else ""
        if match is None or not rest or rest[0] not in ":;" or ":" not in rest:
            if len(bad) < max_bad:
                bad.append((number, row[:80]))
            continue
        name = match.group().upper()
        value = rest.split(":", 1)[1].strip().upper() if rest[0] == ":" else ""
        if name == "BEGIN":
            components += 1
            if value == "VEVENT" and current is None:
                current = Block(number)
                blocks.append(current)
            elif current is not None:
                depth_in_event += 1
        elif name == "END":
            if current is not None and depth_in_event:
                depth_in_event -= 1
            elif current is not None and value == "VEVENT":
                current = None
        elif current is not None and not depth_in_event:
            current.properties.setdefault(name, number)
    return Scan(blocks, bad, components)
