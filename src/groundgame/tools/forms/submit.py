"""From a form's answers to files under content/: new records, or edits of existing ones.

Every file of one form (a club and its first event, or one edited event) is written, then
checked together with the real loader; when a problem is found, every file is put back as
it was and the problems come back named by the form's labels. Nothing half-made stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from groundgame.content.network import load_network
from groundgame.problems import UsageError
from groundgame.tools.forms import changes, new
from groundgame.tools.forms.common import SAFE_TITLE, Errors, FilePlan, Plan, RefusedError, is_github_user
from groundgame.tools.forms.fields import FORMS
from groundgame.tools.forms.parse import parse_body


@dataclass(frozen=True)
class FormResult:
    """What became of a form: the files written or edited, or the problems to post (in the form's words).

    ``title`` is the pull request's title and commit subject, made from record ids only.
    """

    kind: str
    files: tuple[str, ...] = ()
    record_id: str = ""
    title: str = ""
    errors: tuple[tuple[str, str], ...] = ()  # (label, what to fix)
    asked_by: str = ""
    author_is_leader: bool = False
    edited: bool = False  # the form changed existing files (else it added new ones)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def path(self) -> str:
        return self.files[0] if self.files else ""


# ---- writing and checking

def _apply(root: Path, files: list[FilePlan]) -> Errors:
    """Write ``files``, check them with the loader; on a problem, put everything back."""
    made: list[Path] = []
    for file in files:
        for folder in reversed(file.path.parents):
            if not folder.exists():
                made.append(folder)
        file.path.parent.mkdir(parents=True, exist_ok=True)
        file.path.write_text(file.text, encoding="utf-8")
    loaded = load_network(root, [f.path for f in files], jobs=1)
    by_display = {f.display: f for f in files}
    errors = [by_display[p.path].words(p) if p.path in by_display else ("The form", p.message)
              for p in loaded.problems if p.is_error]
    if errors:
        for file in files:
            if file.original is None:
                file.path.unlink()
            else:
                file.path.write_text(file.original, encoding="utf-8")
        for folder in reversed(made):
            folder.rmdir()
    return list(dict.fromkeys(errors))


_PLANS: dict[str, Callable[[Path, dict[str, str]], Plan]] = {
    "event": new.event, "meeting": changes.meeting, "change": changes.change, "translation": changes.translation}


def submit(root: Path, kind: str, body: str, *, author: str = "", out_dir: str = "content") -> FormResult:
    """Turn a form body into files under ``root/out_dir``, or the errors to post; never half a file."""
    root = root.resolve()
    if (root / out_dir).resolve() != root / "content":
        raise UsageError(f"--out-dir {out_dir}: records are read from {root / 'content'}; write them there")
    if (author or kind == "club") and not is_github_user(author):
        raise UsageError(f"--author {author!r}: give the GitHub user name of the person who opened the issue")
    answers, errors = parse_body(body, FORMS[kind])
    if errors:
        return FormResult(kind, errors=tuple(errors), asked_by=author)
    try:
        plan = new.club(root, answers, author) if kind == "club" else _PLANS[kind](root, answers)
    except RefusedError as refused:
        return FormResult(kind, errors=tuple(refused.errors), asked_by=author)
    errors = _apply(root, plan.files)
    if errors:
        return FormResult(kind, errors=tuple(errors), asked_by=author)
    if not SAFE_TITLE.fullmatch(plan.title):
        raise AssertionError(f"a pull request title made from ids only: {plan.title!r}")
    return FormResult(kind, tuple(f.display for f in plan.files), plan.record_id, plan.title, asked_by=author,
                      author_is_leader=bool(author) and author.lower() in plan.leaders,
                      edited=any(f.original is not None for f in plan.files))
