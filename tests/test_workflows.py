"""The GitHub workflows: actionlint (with shellcheck) and zizmor's pedantic persona find nothing,
every action is pinned, tokens are least-privilege, every command they call exists, and what they
install comes from the hash-pinned lock, which agrees with pyproject.toml."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections import deque
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

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


def test_the_four_workflows_are_there() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "issue-form.yml", "notify.yml", "pull-request.yml"]


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
        assert 0 < job["timeout-minutes"] <= 30, "a stuck job stops long before GitHub's six hours"
        for scope, level in job["permissions"].items():
            assert level in ("read", "write"), scope
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), step.get("name")
    assert "pull_request_target" not in text


def test_triggers_and_write_access() -> None:
    pr, deploy, form = (load(WORKFLOW_DIR / n) for n in ("pull-request.yml", "deploy.yml", "issue-form.yml"))
    assert list(pr["on"]) == ["pull_request", "workflow_dispatch"]  # dispatched by the issue-form bot
    assert list(pr["on"]["workflow_dispatch"]["inputs"]) == ["branch"]
    assert [p for job in pr["jobs"].values() for p in job["permissions"]] == ["contents"]
    assert set(deploy["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert form["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert form["jobs"]["make"]["permissions"] == {"contents": "read"}
    assert form["jobs"]["publish"]["permissions"] == {"contents": "write", "pull-requests": "write",
                                                      "issues": "write"}
    assert form["jobs"]["dispatch"]["permissions"] == {"actions": "write"}
    assert form["jobs"]["dispatch"]["needs"] == "publish"
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
    assert seen == {"validate", "codeowners", "summary", "report", "form", "notify"}


def test_every_make_target_in_the_workflows_exists() -> None:
    targets = {m for path in WORKFLOWS for m in re.findall(r"\bmake ([\w./-]+)", path.read_text("utf-8"))}
    assert targets == {"build"}
    for target in targets:
        result = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


# The hash-pinned lock. pyproject.toml names ranges (what `make build` and `make test` install on
# a contributor's machine); requirements/workflows.in mirrors its runtime dependencies and build
# backend, and requirements/workflows.txt pins every package of their closure by version and file
# hash. The workflows install from the lock alone, with pip checking every file's hash.
LOCK_DIR = REPO / "requirements"
LOCK_IN = LOCK_DIR / "workflows.in"
LOCK = LOCK_DIR / "workflows.txt"
COMPILE = ("pip-compile --allow-unsafe --generate-hashes --no-emit-find-links --no-emit-index-url "
           "--output-file=requirements/workflows.txt --strip-extras requirements/workflows.in")
HOW_TO_COMPILE = ("with Python 3.11 (the oldest pyproject.toml allows) and pip-tools 7 installed (a throwaway venv: "
                  "`python3.11 -m venv /tmp/pip-tools && /tmp/pip-tools/bin/pip install 'pip-tools>=7.4,<8'`), "
                  f"run at the top of the repository `/tmp/pip-tools/bin/{COMPILE}`, then commit both files")
LOCKED_INSTALLS = (
    # every package, by hash, from wheels: building an sdist would fetch its build backend unpinned
    ("--require-hashes", "--no-deps", "--only-binary=:all:", "-r", "requirements/workflows.txt"),
    ("--no-deps", "--no-build-isolation", "."),  # groundgame itself, built by the locked hatchling
)
# Commands that fetch or install software; a job holding a write token runs none of them except
# the two locked pip installs above.
INSTALLERS = {"pip", "pip3", "uv", "uvx", "pipx", "poetry", "pdm", "conda", "easy_install", "npm", "npx", "yarn",
              "pnpm", "bun", "apt", "apt-get", "dpkg", "snap", "brew", "gem", "cargo", "go", "curl", "wget", "make"}
# Actions a job holding a write token may use: they install nothing.
ACTIONS_IN_WRITE_JOBS = {"actions/checkout", "actions/download-artifact", "actions/deploy-pages",
                         "actions/create-github-app-token"}


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: Version


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def runtime_requirements() -> list[Requirement]:
    """What the workflows need installed: [project] dependencies and the [build-system] requires."""
    data = pyproject()
    return [Requirement(r) for r in (*data["project"]["dependencies"], *data["build-system"]["requires"])]


def logical_lines(text: str) -> list[str]:
    """A requirements file's lines, continuations joined, comments and blank lines dropped (pip's rules)."""
    lines = []
    for line in text.replace("\\\n", " ").splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if line:
            lines.append(line)
    return lines


def lock_problems(text: str) -> tuple[dict[NormalizedName, Pin], list[str]]:
    """The pins of a lock file, and every line that is not one package at one version with its hashes."""
    pins: dict[NormalizedName, Pin] = {}
    problems = []
    for line in logical_lines(text):
        requirement, *hashes = re.split(r"\s+--hash[=\s]", line)
        if requirement.startswith("-"):
            problems.append(f"{line!r}: an option; the lock holds only `name==version --hash=sha256:…` lines")
            continue
        req = Requirement(requirement)
        specs = list(req.specifier)
        if req.url or len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
            problems.append(f"{requirement!r}: must pin one exact version (name==version)")
            continue
        if not hashes:
            problems.append(f"{requirement!r}: has no --hash; pip --require-hashes refuses it")
        problems += [f"{requirement!r}: {h!r} is not a sha256 hash" for h in hashes
                     if not re.fullmatch(r"sha256:[0-9a-f]{64}", h.strip())]
        name = canonicalize_name(req.name)
        if name in pins:
            problems.append(f"{requirement!r}: {name} is pinned twice")
        pins[name] = Pin(name, Version(specs[0].version))
    return pins, problems


def locked_pins() -> dict[NormalizedName, Pin]:
    pins, problems = lock_problems(LOCK.read_text("utf-8"))
    assert not problems, problems
    return pins


def _shell_commands(script: str) -> list[list[str]]:
    """The simple commands of a script: continuations joined, split at ``&& || ; |``, env assignments
    and ``sudo`` dropped."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"&&|\|\||[;|]", line):
            words = shlex.split(part, comments=True)
            while words and (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]) or words[0] in ("sudo", "env")):
                words = words[1:]
            if words:
                commands.append(words)
    return commands


def _installer(words: list[str]) -> tuple[str, list[str]] | None:
    """``(tool, arguments)`` when the command runs an installer (pip also as ``python -m pip``)."""
    tool = Path(words[0]).name
    if re.fullmatch(r"python[\d.]*", tool) and words[1:3] == ["-m", "pip"]:
        return "pip", words[3:]
    if re.fullmatch(r"python[\d.]*", tool) and words[1:3] == ["-m", "venv"] and "--upgrade-deps" in words:
        return "venv --upgrade-deps", words[3:]
    if tool in INSTALLERS:
        return tool, words[1:]
    return None


def holds_write(workflow: dict, job: dict) -> bool:
    """Whether a job's token can write: a scope at ``write``, ``write-all``, or nothing said anywhere (then
    the repository's default applies, which may be write)."""
    permissions = job.get("permissions", workflow.get("permissions", "write-all"))
    if isinstance(permissions, str):
        return permissions == "write-all"
    return "write" in permissions.values()


def write_job_install_problems(workflow: dict) -> list[str]:
    """What a job holding a write permission installs other than from the hash-pinned lock."""
    problems = []
    for job_id, job in workflow["jobs"].items():
        if not holds_write(workflow, job):
            continue
        locked = False
        for step in job.get("steps", []):
            if "uses" in step and step["uses"].split("@")[0] not in ACTIONS_IN_WRITE_JOBS:
                problems.append(f"{job_id}: uses {step['uses'].split('@')[0]}, not known to install nothing")
            for words in _shell_commands(step.get("run", "")):
                found = _installer(words)
                if found is None or (found[0] == "pip" and found[1][:1] != ["install"]):
                    continue  # pip check, pip --version, …
                arguments = tuple(a for a in found[1][1:] if a not in ("--quiet", "-q"))
                if found[0] == "pip" and sorted(arguments) == sorted(LOCKED_INSTALLS[0]):
                    locked = True
                elif found[0] == "pip" and sorted(arguments) == sorted(LOCKED_INSTALLS[1]) and locked:
                    pass
                else:
                    problems.append(f"{job_id}: `{shlex.join(words)}` installs without --require-hashes from "
                                    "requirements/workflows.txt")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_jobs_holding_a_write_token_install_only_from_the_lock(path: Path) -> None:
    assert write_job_install_problems(load(path)) == []


def test_every_workflow_installs_groundgame_the_same_locked_way() -> None:
    installs = [step for path in WORKFLOWS for step in steps(load(path)) if "requirements/workflows.txt" in
                step.get("run", "")]
    assert len(installs) == 4, "the issue-form job, the pull-request check, the deploy build and notify"
    assert all(step == installs[0] for step in installs), "one install step, the same in every workflow"
    commands = _shell_commands(installs[0]["run"])
    assert [_installer(words) for words in commands if words[0] != "touch"] == [
        None,  # python3 -m venv .venv
        ("pip", ["install", *LOCKED_INSTALLS[0]]),
        ("pip", ["install", *LOCKED_INSTALLS[1]]),
        ("pip", ["check"]),  # the lock is complete: every installed package's requirements are installed
    ]
    assert not any("make" in words for path in WORKFLOWS for step in steps(load(path))
                   for words in _shell_commands(step.get("run", "")) if "requirements/workflows.txt" in step["run"])


def test_the_form_is_read_where_nothing_can_be_written() -> None:
    """The job that installs groundgame and reads the issue's text holds a read-only token; the job that
    writes runs only git and gh over the files the first job handed over."""
    jobs = load(WORKFLOW_DIR / "issue-form.yml")["jobs"]
    make, publish = jobs["make"], jobs["publish"]
    assert publish["needs"] == "make"
    assert "groundgame form" in "".join(s.get("run", "") for s in make["steps"])
    for step in publish["steps"] + jobs["dispatch"]["steps"]:
        assert not re.search(r"\.venv|groundgame|python|\bpip\b", step.get("run", "")), step["name"]
    upload = next(s for s in make["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    download = next(s for s in publish["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert upload["with"]["name"] == download["with"]["name"]
    assert upload["with"]["path"].rstrip("/") == download["with"]["path"] == "${{ runner.temp }}/form"
    handed = {"comment.md", "content.patch", "title.txt"}
    assert {f for f in handed if f"$RUNNER_TEMP/form/{f}" in "".join(s.get("run", "") for s in make["steps"])} \
        == handed
    assert {f for f in handed if f"$RUNNER_TEMP/form/{f}" in "".join(s.get("run", "") for s in publish["steps"])} \
        == handed


def test_make_build_installs_nothing_once_the_locked_install_has_run() -> None:
    """The workflows install from the lock, mark the virtualenv installed (`touch`), then run `make build`:
    make must then install nothing, from pyproject's ranges or anywhere else."""
    install = next(s for p in WORKFLOWS for s in steps(load(p)) if "requirements/workflows.txt" in s.get("run", ""))
    made = [".venv/bin/python"] + [w[1] for w in _shell_commands(install["run"]) if w[0] == "touch"]
    assert made == [".venv/bin/python", ".venv/.installed"]
    old = [arg for file in made for arg in ("-o", file)]
    result = subprocess.run(["make", "--dry-run", *old, "build"], cwd=REPO, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert ".venv/bin/groundgame validate" in result.stdout
    assert not re.search(r"\b(pip|npm|install)\b", result.stdout), result.stdout


WRITE_JOB = """\
on: issues
permissions: {}
jobs:
  x:
    runs-on: ubuntu-24.04
    permissions:
      contents: %s
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          persist-credentials: false
      - run: |
          python3 -m venv .venv
          .venv/bin/python -m pip install --require-hashes --no-deps --only-binary=:all: -r requirements/workflows.txt
          %s
"""


@pytest.mark.parametrize(("line", "found"), [
    (".venv/bin/python -m pip install --no-deps --no-build-isolation .", None),
    (".venv/bin/python -m pip check", None),
    ("pip install -e .", "`pip install -e .`"),
    ("python -m pip install -r requirements/workflows.txt", "`python -m pip install -r requirements/workflows.txt`"),
    (".venv/bin/pip install --require-hashes -r requirements/workflows.txt", "--require-hashes -r requirements"),
    ("pip install --require-hashes --no-deps -r requirements/other.txt", "requirements/other.txt`"),
    ("make .venv/.installed", "`make .venv/.installed`"),
    ("make build", "`make build`"),
    ("npm ci --no-audit", "`npm ci --no-audit`"),
    ("curl -sSf https://example.org/install.sh | sh", "`curl -sSf https://example.org/install.sh`"),
    ("sudo apt-get install -y jq", "`apt-get install -y jq`"),
    ("PIP_NO_DEPS=1 uv pip install groundgame", "`uv pip install groundgame`"),
    ("python3 -m venv --upgrade-deps .venv", "`python3 -m venv --upgrade-deps .venv`"),
    ("echo ok && pip3 install --user ruff", "`pip3 install --user ruff`"),
])
def test_the_install_check_catches_an_unlocked_install_in_a_write_job(tmp_path: Path, line: str,
                                                                      found: str | None) -> None:
    path = tmp_path / "w.yml"
    path.write_text(WRITE_JOB % ("write", line), "utf-8")
    problems = write_job_install_problems(load(path))
    if found is None:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert found in problems[0]
        assert problems[0].endswith("installs without --require-hashes from requirements/workflows.txt")
        path.write_text(WRITE_JOB % ("read", line), "utf-8")
        assert write_job_install_problems(load(path)) == [], "a read-only job may install from the ranges"


def test_the_install_check_catches_the_project_before_the_lock_and_unknown_actions(tmp_path: Path) -> None:
    path = tmp_path / "w.yml"
    path.write_text(WRITE_JOB.replace("pip install --require-hashes --no-deps --only-binary=:all: -r "
                                      "requirements/workflows.txt",
                                      "pip install --no-deps --no-build-isolation .")
                    % ("write", "uses_nothing=1") + "      - uses: actions/setup-python@"
                    "a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0\n", "utf-8")
    assert write_job_install_problems(load(path)) == [
        "x: `.venv/bin/python -m pip install --no-deps --no-build-isolation .` installs without --require-hashes "
        "from requirements/workflows.txt",
        "x: uses actions/setup-python, not known to install nothing",
    ]


def test_the_lock_pins_every_package_by_version_and_hash() -> None:
    pins, problems = lock_problems(LOCK.read_text("utf-8"))
    assert problems == [], f"{LOCK.name} is not a hash-pinned lock; recompile it: {HOW_TO_COMPILE}"
    assert len(pins) > len(runtime_requirements())  # the whole closure, not only the named packages


@pytest.mark.parametrize(("text", "problem"), [
    ("pyyaml==6.0.4 \\\n    --hash=sha256:" + "a" * 64 + "\n", None),
    ("pyyaml==6.0.4\n", "'pyyaml==6.0.4': has no --hash; pip --require-hashes refuses it"),
    ("pyyaml>=6 --hash=sha256:" + "a" * 64 + "\n", "'pyyaml>=6': must pin one exact version (name==version)"),
    ("pyyaml==6.* --hash=sha256:" + "a" * 64 + "\n", "'pyyaml==6.*': must pin one exact version (name==version)"),
    ("pyyaml==6.0.4 --hash=md5:abc\n", "'pyyaml==6.0.4': 'md5:abc' is not a sha256 hash"),
    ("-e .\n", "'-e .': an option; the lock holds only `name==version --hash=sha256:…` lines"),
    ("--extra-index-url https://example.org/simple\n", "'--extra-index-url https://example.org/simple': an option"),
    ("x @ https://example.org/x.whl --hash=sha256:" + "a" * 64 + "\n", "must pin one exact version"),
    ("PyYAML==6.0.4 --hash=sha256:" + "a" * 64 + "\npyyaml==6.0.3 --hash=sha256:" + "b" * 64 + "\n",
     "'pyyaml==6.0.3': pyyaml is pinned twice"),
])
def test_the_lock_check_catches_a_line_without_a_hash_or_an_exact_pin(text: str, problem: str | None) -> None:
    problems = lock_problems("# header\n" + text)[1]
    assert problems == [] if problem is None else (len(problems) == 1 and problem in problems[0]), problems


def test_the_lock_covers_every_runtime_dependency_and_the_build_backend() -> None:
    """Names compared as PEP 503 normalizes them: `ruamel.yaml` is `ruamel-yaml`, `PyYAML` is `pyyaml`."""
    missing = sorted({canonicalize_name(r.name) for r in runtime_requirements()} - set(locked_pins()))
    assert missing == [], f"requirements/workflows.txt pins no {', '.join(missing)}; {HOW_TO_COMPILE}"


def test_the_locked_versions_satisfy_pyproject() -> None:
    pins = locked_pins()
    unmet = [f"{r} (locked {pins[canonicalize_name(r.name)].version})" for r in runtime_requirements()
             if canonicalize_name(r.name) in pins
             and not r.specifier.contains(pins[canonicalize_name(r.name)].version, prereleases=True)]
    assert unmet == [], f"the lock does not satisfy pyproject.toml's {'; '.join(unmet)}; {HOW_TO_COMPILE}"


def _canonical(req: Requirement) -> str:
    extras = f"[{','.join(sorted(canonicalize_name(e) for e in req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{canonicalize_name(req.name)}{extras}{req.specifier}{marker}"


def test_workflows_in_names_exactly_what_pyproject_names() -> None:
    wanted = {_canonical(r) for r in runtime_requirements()}
    listed = {_canonical(Requirement(line)) for line in logical_lines(LOCK_IN.read_text("utf-8"))}
    add, remove = sorted(wanted - listed), sorted(listed - wanted)
    assert (add, remove) == ([], []), (
        f"requirements/workflows.in must name pyproject.toml's [project] dependencies and [build-system] requires "
        f"as pyproject.toml writes them: add {add}, remove {remove}; then {HOW_TO_COMPILE}")


def test_the_lock_was_compiled_from_workflows_in_as_it_is() -> None:
    """pip-compile notes `via -r requirements/workflows.in` under each package that file names: a package
    added to or dropped from workflows.in since the last compile shows here."""
    direct = set()
    for block in re.split(r"\n(?=\S)", LOCK.read_text("utf-8")):
        if re.match(r"[A-Za-z0-9]", block) and re.search(r"#\s+(via\s+)?-r requirements/workflows\.in$", block, re.M):
            direct.add(canonicalize_name(Requirement(block.split()[0]).name))
    named = {canonicalize_name(Requirement(line).name) for line in logical_lines(LOCK_IN.read_text("utf-8"))}
    assert (sorted(named - direct), sorted(direct - named)) == ([], []), (
        f"requirements/workflows.txt was compiled from another workflows.in; {HOW_TO_COMPILE}")


def test_the_lock_was_compiled_by_the_documented_command_on_the_oldest_python() -> None:
    header = LOCK.read_text("utf-8").split("\n\n", 1)[0]
    oldest = re.fullmatch(r">=(\d+\.\d+)", pyproject()["project"]["requires-python"])
    assert oldest, "requires-python is a lower bound"
    assert f"autogenerated by pip-compile with Python {oldest[1]}\n" in header, HOW_TO_COMPILE
    assert f"#    {COMPILE}\n" in header, HOW_TO_COMPILE
    assert COMPILE in (REPO / "README.md").read_text("utf-8"), "the README says how to update the lock"


def test_the_lock_holds_every_package_that_the_locked_packages_require() -> None:
    """The closure, read from the metadata installed here, for every package installed at its locked
    version: pip installs the lock with --no-deps, so a requirement missing from it is missing in CI."""
    pins = locked_pins()
    seen: set[tuple[str, frozenset[str]]] = set()
    queue = deque((canonicalize_name(r.name), frozenset(r.extras)) for r in runtime_requirements())
    missing = []
    while queue:
        name, extras = queue.popleft()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here (hatchling: pip builds in isolation): nothing to read
        if name not in pins or Version(dist.version) != pins[name].version:
            continue  # another version here: its requirements may differ from the locked one's
        for line in dist.requires or []:
            req = Requirement(line)
            marker = req.marker or Marker("python_version >= '0'")
            if any(marker.evaluate({"extra": extra}) for extra in (*extras, "")):
                if canonicalize_name(req.name) not in pins:
                    missing.append(f"{name} requires {req}")
                queue.append((canonicalize_name(req.name), frozenset(req.extras)))
    assert len(seen) > len(runtime_requirements())
    assert missing == [], f"the lock lacks {missing}; {HOW_TO_COMPILE}"


def test_dependabot_keeps_the_actions_and_the_lock_current() -> None:
    config = load(REPO / ".github" / "dependabot.yml")
    updates = {(u["package-ecosystem"], u["directory"]): u for u in config["updates"]}
    assert set(updates) == {("github-actions", "/"), ("pip", "/requirements")}
    assert REPO / updates["pip", "/requirements"]["directory"].lstrip("/") == LOCK_DIR
    assert updates["pip", "/requirements"]["versioning-strategy"] == "lockfile-only"  # workflows.in stays a mirror
    assert LOCK_IN.with_suffix(".txt") == LOCK  # how Dependabot pairs a pip-compile source with its lock
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 1
