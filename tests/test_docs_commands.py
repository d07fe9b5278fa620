"""Every command quoted in README.md and CONTRIBUTING.md runs, so the docs cannot drift from the tools.

The convention: a fenced block marked ``sh`` holds commands to run, one a line (``\\`` joins
lines, ``#`` starts a comment). Each document's blocks run in order in one copy of the
repository (the sample network and the site), which is a git repository on ``main`` with
``.venv`` linked to this one: ``groundgame`` in-process, everything else as a subprocess.
Commands that cannot run inside the test suite are listed in ``NOT_RUN`` with the reason,
and only their existence is checked; any other command must run and succeed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from groundgame.cli import main

REPO = Path(__file__).resolve().parents[1]
NOT_RUN = {
    "make test": "runs this very test suite (CI runs it)",
    "make serve": "a web server that runs until it is stopped",
    "make bench": "the benchmark takes minutes; it is run by hand",
    "make lint": "ruff and mypy over everyone's code; CI-like checks, run by hand",
}
# Make never remakes the virtual environment in the copy: it is this one, linked.
MAKE = ["make", "-o", ".venv/bin/python", "-o", ".venv/.installed", "-o", ".venv/.installed-test"]
SKIP_DIRS = {".git", ".venv", "output", "bench", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis",
             "__pycache__"}
GIT_ENV = {"GIT_AUTHOR_NAME": "Organizer", "GIT_AUTHOR_EMAIL": "organizer@example.org",
           "GIT_COMMITTER_NAME": "Organizer", "GIT_COMMITTER_EMAIL": "organizer@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def quoted_commands(markdown: str) -> list[str]:
    """The commands of every ``sh`` block, continuation lines joined, comments dropped."""
    commands: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(shlex.join(words))
    return commands


def test_quoted_commands_are_found() -> None:
    text = "x\n```sh\nmake build   # build\n.venv/bin/groundgame new a \\\n  --name 'A b'\n```\n```text\nno\n```\n"
    assert quoted_commands(text) == ["make build", ".venv/bin/groundgame new a --name 'A b'"]


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This repository's files (not its history, venv or outputs) in a fresh git repository on main."""
    root = tmp_path / "site"
    shutil.copytree(REPO, root, ignore=lambda folder, names: [n for n in names if n in SKIP_DIRS])
    (root / ".venv").symlink_to(REPO / ".venv")
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path))  # no personal git or pre-commit settings
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit"))
    monkeypatch.delenv("GIT_DIR", raising=False)
    git = ["git", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "--quiet", "--initial-branch", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "--all"], cwd=root, check=True)
    subprocess.run([*git, "commit", "--quiet", "--message", "The site as it is"], cwd=root, check=True)
    monkeypatch.chdir(root)
    return root


def run(command: str, root: Path) -> tuple[int, str]:
    words = shlex.split(command)
    if command in NOT_RUN:
        target = words[1]
        result = subprocess.run([*MAKE, "--dry-run", target], cwd=REPO, capture_output=True, text=True, check=False)
        return result.returncode, result.stderr
    if words[0] in (".venv/bin/groundgame", "groundgame"):
        return main(words[1:]), ""
    if words[0] == "make":
        words = [*MAKE, *words[1:]]
    elif words[0] == "git":
        words = ["git", "-c", "commit.gpgsign=false", *words[1:]]
    elif not words[0].startswith(".venv/bin/"):
        pytest.fail(f"{command!r}: no rule to run this command in tests/test_docs_commands.py; add one")
    result = subprocess.run(words, cwd=root, capture_output=True, text=True, check=False, timeout=300,
                            env={**os.environ, "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"})
    return result.returncode, result.stdout[-3000:] + result.stderr[-3000:]


def run_every_command(doc: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command quoted in ``doc``, in order, in ``root``: each must succeed."""
    commands = quoted_commands((REPO / doc).read_text("utf-8"))
    assert commands, f"{doc} quotes no command"
    for command in commands:
        code, output = run(command, root)
        captured = capsys.readouterr()
        assert code == 0, f"{doc}: `{command}` exited {code}\n{output}{captured.out[-3000:]}{captured.err[-3000:]}"


@pytest.mark.build
def test_every_command_quoted_in_the_readme_runs(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_every_command("README.md", copy, capsys)


@pytest.mark.build
def test_contributing_walkthrough_leaves_a_valid_committed_event(copy: Path, capsys) -> None:
    """Every command CONTRIBUTING.md quotes runs, and together they leave a committed event."""
    run_every_command("CONTRIBUTING.md", copy, capsys)
    log = subprocess.run(["git", "log", "--format=%s", "-1"], cwd=copy, capture_output=True, text=True, check=True)
    assert log.stdout.strip() == "Add Soirée de Noël"
    assert (copy / "output" / "index.html").is_file()
    capsys.readouterr()
    assert main(["summary", "--base", "main"]) == 0
    assert "| added event | Soirée de Noël | 2026-12-18 18:30–21:00 (Europe/Paris) |" in capsys.readouterr().out
    assert (copy / ".git" / "hooks" / "pre-commit").is_file()


@pytest.mark.build
def test_the_pre_commit_hooks_catch_a_bad_file(copy: Path) -> None:
    subprocess.run([".venv/bin/pre-commit", "install"], cwd=copy, check=True, capture_output=True)
    event = copy / "content" / "events" / "paris-atelier-du-web" / "tard.yaml"
    event.write_text("title: Tard\nstart: 2026-12-8 19:00\nvenue: {name: Salle}\n", "utf-8")
    subprocess.run(["git", "add", str(event)], cwd=copy, check=True)
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "--message", "late"], cwd=copy,
                            capture_output=True, text=True, check=False)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "write it 2026-12-08T19:00; `groundgame fmt content/events/paris-atelier-du-web/tard.yaml`" in said
    assert "would reformat content/events/paris-atelier-du-web/tard.yaml" in said
    assert main(["fmt", str(event)]) == 0
    subprocess.run(["git", "add", str(event)], cwd=copy, check=True)
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "--message", "late"], cwd=copy,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_editor_settings_map_every_schema_to_its_folder() -> None:
    import json

    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    kinds = {"region": "regions", "club": "clubs", "campaign": "campaigns", "event": "events"}
    assert set(mapping) == {f"./schemas/{kind}.schema.json" for kind in kinds}
    for schema, pattern in mapping.items():
        assert (REPO / schema).is_file()
        kind = Path(schema).name.split(".")[0]
        files = sorted((REPO / "content").glob(pattern.removeprefix("content/")))
        assert files, pattern
        for path in files:
            first = path.read_text("utf-8").splitlines()[0]
            up = "../" * (len(path.relative_to(REPO).parts) - 1)
            assert first == f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json", path
            assert (path.parent / first.split("=", 1)[1]).resolve() == (REPO / schema).resolve()
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text("utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]


def test_commands_that_are_not_run_are_make_targets_that_exist() -> None:
    for command in NOT_RUN:
        assert command.startswith("make ")
        assert run(command, REPO)[0] == 0, command
