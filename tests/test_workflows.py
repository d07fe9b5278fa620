"""The GitHub workflows: actionlint (with shellcheck) and zizmor's pedantic persona find nothing,
every action is pinned, tokens are least-privilege, and every command they call exists."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from groundgame.cli import build_parser
from groundgame.content.yamlfile import parse_bytes

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOW_DIR = REPO / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOW_DIR.glob("*.yml"))
OFFLINE_ENV = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}


def load(path: Path) -> dict:
    return parse_bytes(path.read_bytes(), path.name).data


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck"),
                           *map(str, paths)], cwd=REPO, capture_output=True, text=True, check=False)


def zizmor(folder: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--pedantic", "--strict-collection", "--no-config",
                           "--no-ignores", "--no-progress", "--format", "json", "--cache-dir", str(tmp_path),
                           str(folder)], cwd=REPO, capture_output=True, text=True, check=False, env=OFFLINE_ENV)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_three_workflows_are_there() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "issue-form.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_and_shellcheck_find_nothing(path: Path) -> None:
    result = actionlint(path)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_pedantic_finds_nothing(tmp_path: Path) -> None:
    result = zizmor(REPO / ".github", tmp_path)  # the workflows and dependabot.yml
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    for path in WORKFLOWS:  # every file was audited (--strict-collection fails on an unreadable one)
        assert path.name in result.stderr


def test_the_linters_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    bad = folder / "bad.yml"
    bad.write_text("""\
name: bad
on: pull_request_target
jobs:
  x:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}" $HOME
""", "utf-8")
    found = {finding["ident"] for finding in json.loads(zizmor(folder, tmp_path / "cache").stdout)}
    assert {"template-injection", "unpinned-uses", "dangerous-triggers", "excessive-permissions"} <= found
    linted = actionlint(bad).stdout
    assert "potentially untrusted" in linted
    assert "SC2086" in linted


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_pinned_actions_least_privilege_and_no_expressions_in_scripts(path: Path) -> None:
    text = path.read_text("utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    workflow = load(path)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"], "each job names the permissions it needs"
        for scope, level in job["permissions"].items():
            assert level in ("read", "write"), scope
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), step.get("name")
    assert "pull_request_target" not in text


def test_triggers_and_write_access() -> None:
    pr, deploy, form = (load(WORKFLOW_DIR / n) for n in ("pull-request.yml", "deploy.yml", "issue-form.yml"))
    assert list(pr["on"]) == ["pull_request"]
    assert [p for job in pr["jobs"].values() for p in job["permissions"]] == ["contents"]
    assert set(deploy["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert form["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert form["jobs"]["propose"]["permissions"] == {"contents": "write", "pull-requests": "write",
                                                      "issues": "write"}
    body_step = next(s for s in steps(form) if s.get("id") == "form")
    assert body_step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    used = {s["uses"].split("@")[0] for s in steps(deploy) if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used


def _commands(script: str) -> list[list[str]]:
    """Every ``groundgame`` call in a script, its arguments up to a shell operator, variables filled in."""
    script = script.replace("\\\n", " ").replace('"$FORM_KIND"', "event")
    calls = []
    for line in script.splitlines():
        for match in re.finditer(r"\.venv/bin/groundgame ([^|>&;]*)", line):
            words = shlex.split(re.sub(r'"\$[A-Z_]+[^"]*"', "X", match.group(1)))
            calls.append(words)
    return calls


def test_every_groundgame_command_in_the_workflows_exists() -> None:
    parser = build_parser()
    seen = set()
    for path in WORKFLOWS:
        for step in steps(load(path)):
            for words in _commands(step.get("run", "")):
                parser.parse_args(words)  # exits (SystemExit 2) on an unknown command or option
                seen.add(words[0])
    assert seen == {"validate", "codeowners", "summary", "report", "form"}


def test_every_make_target_in_the_workflows_exists() -> None:
    targets = {m for path in WORKFLOWS for m in re.findall(r"\bmake ([\w./-]+)", path.read_text("utf-8"))}
    assert targets == {"build", ".venv/.installed"}
    for target in targets:
        result = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
