"""Write a synthetic network (regions, clubs, events) for benchmarks.

Deterministic: the same arguments write the same files. A fifth of the events are
weekly or monthly series with a cancelled and a moved meeting.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

ZONES = [
    ("Europe/Paris", "FR", "fr"), ("America/Sao_Paulo", "BR", "pt-BR"), ("Asia/Tokyo", "JP", "ja"),
    ("Africa/Nairobi", "KE", "sw"), ("America/New_York", "US", "en"), ("Asia/Jakarta", "ID", "id"),
    ("Australia/Melbourne", "AU", "en"), ("Africa/Cairo", "EG", "ar"), ("America/Mexico_City", "MX", "es"),
]
REGIONS = ["europe", "latin-america", "asia-pacific", "africa", "north-america", "middle-east"]
TOPICS = ["web-literacy", "open-hardware", "privacy", "coding", "design", "data", "science", "art"]
FORMATS = ["workshop", "meetup", "hackfest", "talk"]
AUDIENCES = ["youth"]
PROGRAMS = ["clubs"]
UI_LANGUAGES = ["en", "es", "fr", "pt-BR", "id", "ja", "ar"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _dump(path: Path, schema: str, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
    up = "../../../" if schema == "event" else "../../"
    path.write_text(f"# yaml-language-server: $schema={up}schemas/{schema}.schema.json\n" + body, "utf-8")


def write_vocabulary(content: Path) -> None:
    """content/vocabulary/: every topic, audience, program and format the records below use
    (#15), each labelled in every UI language, so that the site's label lookups are measured."""
    for name, ids in (("topics", TOPICS), ("audiences", AUDIENCES), ("programs", PROGRAMS), ("formats", FORMATS)):
        terms = {term: {"label": {lang: f"{term.replace('-', ' ').capitalize()} ({lang})" for lang in UI_LANGUAGES},
                        "description": {"en": f"What {term} means."}} for term in sorted(ids)}
        path = content / "vocabulary" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# yaml-language-server: $schema=../../schemas/vocabulary.schema.json\n"
                        + yaml.safe_dump(terms, sort_keys=False, allow_unicode=True, width=100), "utf-8")


def write_network(root: Path, clubs: int, events: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    content = root / "content"
    write_vocabulary(content)
    for region in REGIONS:
        _dump(content / "regions" / f"{region}.yaml", "region", {
            "name": {"en": region.replace("-", " ").title()},
            "coordinators": [{"name": f"Coordinator {region}", "github": f"coord-{region}"}],
            "description": f"The clubs of {region}.",
        })
    _dump(content / "campaigns" / "maker-party.yaml", "campaign", {
        "name": "Maker Party", "summary": "A season of making.", "starts": "2027-07-01", "ends": "2027-09-30",
    })
    club_ids = []
    for n in range(clubs):
        zone, country, lang = ZONES[n % len(ZONES)]
        club_id = f"club-{n:04d}"
        club_ids.append((club_id, zone, lang))
        _dump(content / "clubs" / f"{club_id}.yaml", "club", {
            "name": {lang: f"Club {n}", "en": f"Club {n}"} if lang != "en" else f"Club {n}",
            "summary": {lang: f"Club {n} learns the web together.", **({"en": "We learn."} if lang != "en" else {})},
            "description": f"## About\n\nClub {n} meets **every week** to learn [the web](https://example.org/{n}).",
            "languages": [lang, "en"] if lang != "en" else ["en"],
            "region": REGIONS[n % len(REGIONS)],
            "location": {"city": f"City {n % 97}", "country": country,
                         "lat": round(rnd.uniform(-60, 60), 4), "lon": round(rnd.uniform(-170, 170), 4)},
            "timezone": zone,
            "topics": rnd.sample(TOPICS, 2),
            "levels": ["beginner"],
            "audiences": list(AUDIENCES),
            "programs": list(PROGRAMS),
            "leaders": [{"name": f"Leader {n}", "github": f"leader-{n}"}],
            "contact": {"website": f"https://club{n}.example.org/", "email": f"club{n}@example.org"},
            "join_url": f"https://club{n}.example.org/join",
            "founded": "2020-01-15",
            "status": "active",
        })
    start_day = date(2026, 6, 1)
    for n in range(events):
        club_id, zone, lang = club_ids[n % len(club_ids)]
        day = start_day + timedelta(days=rnd.randrange(0, 540))
        hour = rnd.choice([10, 14, 18, 19])
        record: dict = {
            "title": {lang: f"Event {n}", "en": f"Event {n}"} if lang != "en" else f"Event {n}",
            "summary": f"A {rnd.choice(['workshop', 'meetup', 'hackfest'])} about {rnd.choice(TOPICS)}.",
            "description": f"Bring a laptop. We will build **thing {n}** together.\n\n- step one\n- step two",
            "scale": rnd.choice(["micro", "medium"]),
            "format": rnd.choice(FORMATS),
            "topics": rnd.sample(TOPICS, 2),
            "levels": ["beginner"],
            "start": f"{day.isoformat()}T{hour:02d}:00",
            "end": f"{day.isoformat()}T{hour + 2:02d}:00",
            "venue": {"name": f"Library {n % 50}", "address": f"{n} Main Street", "city": "City",
                      "accessibility": {"step_free": True}},
            "registration": {"url": f"https://tickets.example.org/{n}", "capacity": 30},
        }
        if n % 5 == 0:
            weekday = WEEKDAYS[day.weekday()]
            record["repeat"] = {"every": "week", "on": [weekday], "count": 20}
            record["repeat"]["except"] = [(day + timedelta(weeks=3)).isoformat()]
            moved = day + timedelta(weeks=5)
            record["repeat"]["changes"] = {moved.isoformat(): {
                "start": f"{(moved + timedelta(days=1)).isoformat()}T{hour:02d}:00",
                "end": f"{(moved + timedelta(days=1)).isoformat()}T{hour + 2:02d}:00",
                "note": "Moved by a day."}}
        _dump(content / "events" / club_id / f"event-{n:05d}.yaml", "event", record)
    write_photos(content, clubs, events)


PHOTO_EVERY = {"clubs": 20, "events": 100}  # a photo on every 20th club and 100th event (#16)


def write_photos(content: Path, clubs: int, events: int) -> None:
    """Pictures drawn by ``pictures.py`` (1,600 × 1,067 JPEG, each different) beside some clubs and
    events, and their ``photo`` blocks at the end of those files."""
    import pictures

    scenes = sorted(pictures.SCENES)
    chosen = [content / "clubs" / f"club-{n:04d}.yaml" for n in range(0, clubs, PHOTO_EVERY["clubs"])]
    chosen += [content / "events" / f"club-{n % clubs:04d}" / f"event-{n:05d}.yaml"
               for n in range(0, events, PHOTO_EVERY["events"])]
    for number, record in enumerate(chosen):
        picture = record.with_suffix(".jpg")
        picture.write_bytes(pictures.jpeg(pictures.draw(scenes[number % len(scenes)], 1000 + number, (1600, 1067))))
        with record.open("a", encoding="utf-8") as file:
            file.write(f"photo:\n  file: {picture.name}\n  alt: A drawing of a {scenes[number % len(scenes)]}\n"
                       "  credit: groundgame contributors\n  licence: CC0-1.0\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--clubs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10000)
    args = parser.parse_args()
    write_network(args.root, args.clubs, args.events)


if __name__ == "__main__":
    main()
