"""Pausing Python's cycle collector while many long-lived small objects are made.

Loading a network makes millions of small objects that all stay alive; each collection
walks all of them again, which costs more than the work itself (measured: parsing 145 µs
a file with the collector, 82 µs without; reading the git log next to a loaded network of
10,000 events 0.9 s with it, 0.03 s without). Records and history entries hold no
reference cycles to collect.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the block (and back on after, if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
