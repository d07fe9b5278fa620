""""Now", for everything that depends on the date: the build time, or SOURCE_DATE_EPOCH.

Builds and tests set ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC; the
reproducible-builds.org convention) so that "upcoming" and "past" do not depend on the
day they run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from groundgame.problems import UsageError


def now(environ: Mapping[str, str] | None = None) -> datetime:
    """The current instant (aware, UTC), or the one ``SOURCE_DATE_EPOCH`` names."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {raw!r})") from None
