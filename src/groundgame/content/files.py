"""Find the content files, and say which files look like content but will not be read.

Ids come from paths: ``content/clubs/<id>.yaml``, ``content/events/<club>/<slug>.yaml``.
Anything else inside the four record folders is an error rather than silently ignored:
a ``.yml`` file, a sub-folder, a README. Other folders of ``content/`` (news articles,
images) belong to the site generator and are left alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from groundgame.problems import Problem
from groundgame.suggest import close_matches

KIND_FOLDERS = {"regions": "region", "clubs": "club", "campaigns": "campaign", "events": "event"}
VOCABULARY_FOLDER = "vocabulary"  # content/vocabulary/: the shared terms (content.vocabulary reads it)
# The whole name (\A...\Z): with ``$``, ``paris\n`` would pass for ``paris``, and a club file
# whose name ends in a newline would write a CODEOWNERS rule of its own.
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_ID = 80  # characters; the schemas' slug maxLength, so that every id can be named in a field
_IGNORED_NAMES = frozenset({".gitkeep"})
# Pictures beside the records (``photo``, ``gallery``): not records, and not stray either.
PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


@dataclass(frozen=True)
class SourceFile:
    """A content file: its kind, its id, where it is, and how messages name it."""

    kind: str
    id: str
    fs_path: Path
    display: str


def slugify(text: str) -> str:
    """A slug close to ``text``, for suggestions (``São Paulo Lab`` → ``sao-paulo-lab``)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def display_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the project root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every content file below ``root/content``, and a problem for each stray file."""
    content = root / "content"
    files: list[SourceFile] = []
    problems: list[Problem] = []
    if content.is_symlink():  # read through, it would bring in files from anywhere (a link to / never ends)
        return files, [Problem("content", 0, 0, "", "must be a folder, not a symbolic link")]
    for folder, kind in KIND_FOLDERS.items():
        base = content / folder
        if base.is_symlink():
            problems.append(Problem(display_path(base, root), 0, 0, "", "must be a folder, not a symbolic link"))
            continue
        if not base.is_dir():
            continue
        depth = 2 if kind == "event" else 1
        for path in _walk(base, problems, root):
            rel = path.relative_to(base)
            display = display_path(path, root)
            if is_picture(path) and len(rel.parts) == depth:
                continue  # a club's or event's photo: checked with the record that names it
            problem = _stray(path, rel, depth, display)
            if problem is not None:
                problems.append(problem)
                continue
            files.append(SourceFile(kind, rel.with_suffix("").as_posix(), path, display))
    problems.extend(_records_elsewhere(content, root))
    files.sort(key=lambda f: f.display)
    return files, problems


def _records_elsewhere(content: Path, root: Path) -> list[Problem]:
    """YAML files in content/ outside the record folders, which nothing would read.

    Other folders (news articles, images) belong to the site generator; but a record
    written to ``content/event/`` or ``content/clubs.yaml`` would silently vanish.
    """
    problems: list[Problem] = []
    if not content.is_dir():
        return problems
    for entry in sorted(content.iterdir()):
        if entry.name in KIND_FOLDERS or entry.name == VOCABULARY_FOLDER or entry.name.startswith("."):
            continue
        candidates = _walk(entry, problems, root) if entry.is_dir() and not entry.is_symlink() else [entry]
        for path in candidates:
            if path.suffix.lower() not in (".yaml", ".yml"):
                continue
            guess = close_matches(entry.name.removesuffix(path.suffix), list(KIND_FOLDERS))
            hint = f"did you mean content/{guess[0]}/?" if guess else \
                "records belong in content/regions, clubs, campaigns or events"
            problems.append(Problem(display_path(path, root), 0, 0, "",
                                    "will not be read: it is not in a record folder", hint=hint))
    return problems


def classify(path: Path, root: Path) -> tuple[SourceFile | None, Problem | None]:
    """What a path given on the command line is: a content file, or a problem."""
    display = display_path(path, root)
    try:
        rel = path.resolve().relative_to((root / "content").resolve()) if not path.is_symlink() else \
            path.parent.resolve().relative_to((root / "content").resolve()) / path.name
    except ValueError:
        return None, Problem(display, 0, 0, "", "is not inside the content/ folder")
    kind = KIND_FOLDERS.get(rel.parts[0]) if len(rel.parts) > 1 else None
    if kind is None:
        return None, Problem(display, 0, 0, "", "is not in content/regions, clubs, campaigns or events")
    inner = Path(*rel.parts[1:])
    problem = _stray(path, inner, 2 if kind == "event" else 1, display)
    if problem is not None:
        return None, problem
    return SourceFile(kind, inner.with_suffix("").as_posix(), root / "content" / rel, display), None


def is_picture(path: Path) -> bool:
    """A picture file's name (a photo beside its record), not a link."""
    return path.suffix in PICTURE_SUFFIXES and not path.is_symlink()


def records_beside_pictures(paths: list[Path], files: list[SourceFile]) -> list[Path]:
    """``paths``, each picture among them replaced by the records of its folder, one of which may
    name it (a pull request that changes only a photo checks the records that show it)."""
    folders = {p.parent.resolve() for p in paths if is_picture(p)}
    if not folders:
        return paths
    resolved: dict[Path, Path] = {}
    beside = [f.fs_path for f in files if f.kind in ("club", "event") and
              resolved.setdefault(f.fs_path.parent, f.fs_path.parent.resolve()) in folders]
    with_records = set(resolved.values()) & folders  # a picture elsewhere is judged as any other file
    return [p for p in paths if not (is_picture(p) and p.parent.resolve() in with_records)] + beside


MAX_FOLDER_DEPTH = 16  # folders below a folder of content/ that are looked into; a record is 1 or 2 deep


def walk(base: Path, too_deep: list[Path]) -> Iterator[tuple[Path, list[str], list[str]]]:
    """``os.walk(base)``, top-down, links not followed, without recursion and at most
    ``MAX_FOLDER_DEPTH`` folders deep: Python 3.11's os.walk recurses, and about 1,000 nested
    folders made every command die with RecursionError. A folder with sub-folders past the
    depth is put in ``too_deep``. Like os.walk, a caller may prune the ``dirnames`` it gets."""
    stack = [(base, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            with os.scandir(here) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        dirnames = [e.name for e in entries if e.is_dir()]  # a link to a folder too, as os.walk gives it
        filenames = [e.name for e in entries if not e.is_dir()]
        yield here, dirnames, filenames
        below = [name for name in dirnames if not (here / name).is_symlink()]
        if below and depth >= MAX_FOLDER_DEPTH:
            too_deep.append(here)
        elif below:
            stack.extend((here / name, depth + 1) for name in reversed(below))


def deep_problem(folder: Path, root: Path) -> Problem:
    return Problem(display_path(folder, root), 0, 0, "", f"has folders nested more than {MAX_FOLDER_DEPTH} deep; "
                                                         "nothing below them is read", hint="move or delete them")


def _walk(base: Path, problems: list[Problem], root: Path) -> list[Path]:
    found: list[Path] = []
    too_deep: list[Path] = []
    for here, dirnames, filenames in walk(base, too_deep):
        for name in dirnames:
            if (here / name).is_symlink():
                found.append(here / name)
        found.extend(here / name for name in filenames if name not in _IGNORED_NAMES)
    problems.extend(deep_problem(folder, root) for folder in too_deep)
    return found


def _stray(path: Path, rel: Path, depth: int, display: str) -> Problem | None:
    """Why ``path`` (``rel`` inside its kind's folder) is not a content file, or None."""
    if path.is_symlink():
        return Problem(display, 0, 0, "", "must be a regular file, not a symbolic link")
    if path.suffix != ".yaml":
        if path.suffix.lower() in (".yml", ".yaml"):
            return Problem(display, 0, 0, "", f"will not be read: content files end in '.yaml' (got {path.suffix!r})",
                           hint=f"rename it to {path.with_suffix('.yaml').name}")
        return Problem(display, 0, 0, "", "is not a content file; only .yaml records belong in this folder",
                       hint="move it elsewhere or delete it")
    if len(rel.parts) != depth:
        place = "content/events/<club-id>/<slug>.yaml" if depth == 2 else "content/<kind>s/<id>.yaml"
        return Problem(display, 0, 0, "", f"is in the wrong place; a record belongs at {place}")
    for part in (*rel.parts[:-1], rel.stem):
        if len(part) > MAX_ID:
            return Problem(display, 0, 0, "", f"has a name of {len(part):,} characters; an id is at most {MAX_ID}",
                           hint=f"rename it to {slugify(part)[:MAX_ID].strip('-')!r}" if slugify(part) else "")
        if not SLUG.fullmatch(part):
            return Problem(display, 0, 0, "", f"has a name that is not a valid id ({part!r}); ids are lowercase "
                           "letters and digits joined by single hyphens",
                           hint=f"rename it to {slugify(part)!r}" if slugify(part) else "")
    return None
