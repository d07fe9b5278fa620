"""The characters a text field may not hold, and how to name one in a message.

Organizer text reaches the PR check's log, the pages, the feeds and the review routing.
A line break in a one-line field splits a CODEOWNERS line or a log line; a control
character such as ESC drives the terminal that shows the log; a bidirectional control
(U+202E RIGHT-TO-LEFT OVERRIDE) makes a title read differently than it is stored. The
schemas refuse them (their patterns list the same characters); this module finds the
first one in a value and says which it is and where, so the organizer can find it.
"""

from __future__ import annotations

import unicodedata

# Characters that end a line for Python's str.splitlines, Unicode and most terminals.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# Bidirectional formatting controls: embeddings, overrides, isolates and the implicit marks.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# The two noncharacters of the first plane, which XML (the Atom feeds, the sitemap) cannot carry.
NONCHARACTERS = frozenset("\ufffe\uffff")

# Unicode gives control characters no name (unicodedata.name raises); these are their
# standard aliases (Unicode NameAliases.txt, "control" type).
_C0 = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
       "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
       "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
       "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
       "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
       "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
       "INFORMATION SEPARATOR ONE")
_CONTROL_NAMES = {**dict(enumerate(_C0)), 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
                  0x9D: "OPERATING SYSTEM COMMAND"}


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its name, as Unicode charts write them."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def kind_of(char: str) -> str:
    """``line break``, ``bidirectional control``, ``noncharacter`` or ``control character``: why
    ``char`` is refused."""
    if char in LINE_BREAKS:
        return "line break"
    if char in BIDI_CONTROLS:
        return "bidirectional control"
    if char in NONCHARACTERS:
        return "noncharacter"
    return "control character"
