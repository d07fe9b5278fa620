"""Time zones from the ``tzdata`` package, the same on every machine.

``zoneinfo`` would prefer the operating system's zone files, which differ between
machines and CI; feeds and checks must not. So zones are read from the ``tzdata``
package's own files, explicitly, and the list of names is the one it ships.
"""

from __future__ import annotations

import importlib.resources
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import cache
from zoneinfo import ZoneInfo


@cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name that tzdata ships (links such as US/Pacific included)."""
    listing = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    return frozenset(listing.split())


@cache
def get_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; ``KeyError`` if tzdata has no such zone."""
    if name not in zone_names():
        raise KeyError(name)
    area = importlib.resources.files("tzdata.zoneinfo")
    resource = area.joinpath(*name.split("/"))
    with resource.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=name)


class WallTime(Enum):
    """How a local wall-clock time maps to instants in its zone."""

    NORMAL = "normal"
    GAP = "gap"  # skipped when clocks go forward: no such instant
    OVERLAP = "overlap"  # repeated when clocks go back: two instants


def wall_time(local: datetime, zone: ZoneInfo) -> WallTime:
    """Whether a naive local time exists once, never or twice in ``zone``."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return WallTime.NORMAL
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return WallTime.GAP if back != local else WallTime.OVERLAP


def offset_text(offset: timedelta | None) -> str:
    """``+02:00`` style text of a UTC offset."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
