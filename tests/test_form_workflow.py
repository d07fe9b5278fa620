"""The issue-form workflow, run: its own ``run:`` steps, read from .github/workflows/issue-form.yml,
run with bash in order, job after job, as GitHub would run them.

Around the steps, this harness plays GitHub: each job gets a fresh checkout of main from a local
bare repository (origin, made from a copy of the sample site), the artifact is handed over by
copying its folder, ``${{ … }}`` values are filled in from an issue event, a step's ``if:`` is
evaluated, and ``gh`` is tests/standin/gh, which logs its calls and answers from a state file.
The make job runs groundgame from this virtualenv; the publish job has no groundgame on PATH.
What the workflow did is then read from the bare repository and the stand-in's log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOWS = REPO / ".github" / "workflows"
STANDIN_GH = Path(__file__).resolve().parent / "standin" / "gh"
SITE = ("content", ".github", "pelicanconf.py", "theme")  # what groundgame validate and codeowners read
SETUP_GIT = {"GIT_AUTHOR_NAME": "main", "GIT_COMMITTER_NAME": "main", "GIT_AUTHOR_EMAIL": "m@example.org",
             "GIT_COMMITTER_EMAIL": "m@example.org"}
GITHUB_TOKEN, APP_TOKEN = "ghs_workflow_token", "ghs_app_token"
FORGED = "fixes #1 [skip ci]"

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(shutil.which("jq") is None, reason="the gh stand-in applies --jq with jq")]


def load(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text("utf-8"))


# --- GitHub's expressions, as far as the workflows use them ---------------------------------------

def _split(expr: str, op: str) -> list[str]:
    """``expr`` cut at each ``op`` outside quotes and parentheses."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(expr):
        char = expr[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and expr.startswith(op, i):
            parts.append(expr[start:i])
            start = i = i + len(op)
            continue
        i += 1
    return [*parts, expr[start:]]


def _lookup(path: str, context: dict[str, Any]) -> Any:
    root, *keys = path.split(".")
    if root not in context:
        raise KeyError(f"no {root!r} context in this harness: {path}")
    values = [context[root]]
    for key in keys:
        if key == "*":
            values = [item for value in values for item in value]
        else:
            values = [value.get(key) if isinstance(value, dict) else None for value in values]
    return values if "*" in keys else values[0]


def evaluate(expr: str, context: dict[str, Any]) -> Any:
    expr = expr.strip()
    for op in ("||", "&&"):
        parts = _split(expr, op)
        if len(parts) > 1:
            value: Any = None
            for part in parts:
                value = evaluate(part, context)
                if bool(value) == (op == "||"):
                    return value
            return value
    if expr.startswith("!") and not expr.startswith("!="):
        return not evaluate(expr[1:], context)
    for op in ("==", "!="):
        parts = _split(expr, op)
        if len(parts) == 2:
            left, right = (evaluate(p, context) for p in parts)
            same = str(left if left is not None else "").lower() == str(right if right is not None else "").lower()
            return same if op == "==" else not same
    if call := re.fullmatch(r"(\w+)\((.*)\)", expr, re.S):
        args = [evaluate(a, context) for a in _split(call[2], ",")] if call[2].strip() else []
        name = call[1].lower()
        if name == "contains":
            return args[1] in args[0]
        if name == "tojson":
            return json.dumps(args[0], indent=2)
        if name in ("success", "always"):
            return True
        raise KeyError(f"no function {call[1]} in this harness")
    if quoted := re.fullmatch(r"'((?:[^']|'')*)'", expr):
        return quoted[1].replace("''", "'")
    if re.fullmatch(r"\d+", expr):
        return int(expr)
    return _lookup(expr, context)


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def fill(text: str, context: dict[str, Any]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: as_text(evaluate(m[1], context)), text, flags=re.S)


# --- the site, its origin, and one issue --------------------------------------------------------

@dataclass
class Issue:
    kind: str
    answers: dict[str, str]
    number: int = 42
    author: str = "organizer"
    title: str = f"Club: {FORGED}"
    labels: tuple[str, ...] = ()

    def body(self) -> str:
        """The issue's body as GitHub renders the submitted form: a ### heading per question."""
        template = load(REPO / ".github" / "ISSUE_TEMPLATE" / f"{self.kind}.yml")
        parts = []
        for item in template["body"]:
            if item["type"] == "markdown":
                continue
            label, answer = item["attributes"]["label"], self.answers.get(item["id"], "")
            if item["type"] == "checkboxes":
                answer = "\n".join(f"- [{'X' if answer else ' '}] {o['label']}" for o in item["attributes"]["options"])
            parts.append(f"### {label}\n\n{answer or '_No response_'}")
        return "\n\n".join(parts)

    def event(self) -> dict[str, Any]:
        labels = self.labels or (f"form: {self.kind}",)
        return {"issue": {"number": self.number, "title": self.title, "body": self.body(),
                          "user": {"login": self.author}, "labels": [{"name": n} for n in labels]}}


@dataclass
class Run:
    """What one run of the workflow did: each job's result and the log lines of gh it added."""

    results: dict[str, str]
    calls: list[dict[str, Any]]
    form: Path  # the handed-over folder, as the publish job received it

    def called(self, *prefix: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["args"][:len(prefix)] == list(prefix)]


@dataclass
class GitHub:
    """A repository on a stand-in GitHub: a bare origin, the gh state, and the runs of the workflow."""

    root: Path
    variables: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    runs: int = 0

    @property
    def origin(self) -> Path:
        return self.root / "origin.git"

    @property
    def state(self) -> Path:
        return self.root / "gh-state.json"

    @property
    def log(self) -> Path:
        return self.root / "gh-log.jsonl"

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.origin), *args], capture_output=True, text=True,
                              check=True, env=base_env(self.root)).stdout

    def head(self, branch: str) -> str:
        return self.git("rev-parse", f"refs/heads/{branch}").strip()

    def has_branch(self, branch: str) -> bool:
        return bool(self.git("branch", "--list", branch).strip())

    def pr(self, number: int) -> dict[str, Any]:
        return next(p for p in json.loads(self.state.read_text("utf-8"))["prs"] if p["number"] == number)

    def review(self, number: int, *reviews: tuple[int, str, str]) -> None:
        """Reviews (id, state, user) added to pull request ``number``, as people would give them."""
        state = json.loads(self.state.read_text("utf-8"))
        pr = next(p for p in state["prs"] if p["number"] == number)
        pr["reviews"] += [{"id": i, "state": s, "user": u} for i, s, u in reviews]
        self.state.write_text(json.dumps(state), "utf-8")

    def clone(self, branch: str) -> Path:
        """A fresh clone of ``branch``, with nothing of the runs' folders."""
        self.runs += 1
        target = self.root / f"clone-{self.runs}"
        subprocess.run(["git", "clone", "--quiet", "--branch", branch, str(self.origin), str(target)], check=True,
                       env=base_env(self.root))
        return target

    def groundgame(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "groundgame"), *args], cwd=cwd, capture_output=True, text=True, check=False,
                              env={**base_env(self.root), "PATH": f"{BIN}{os.pathsep}{system_path()}"})

    # -- running the workflow --

    def run(self, issue: Issue, *, before_publish: Any = None, action: str = "opened") -> Run:
        self.runs += 1
        run_dir = self.root / f"run-{self.runs}"
        run_dir.mkdir()
        seen = len(self.log.read_text("utf-8").splitlines()) if self.log.exists() else 0
        workflow = load(WORKFLOWS / "issue-form.yml")
        event = {**issue.event(), "action": action}
        github = {"event": event, "event_name": "issues", "repository": "clubs/site", "token": GITHUB_TOKEN,
                  "ref": "refs/heads/main", "ref_name": "main"}
        needs: dict[str, dict[str, Any]] = {}
        results: dict[str, str] = {}
        artifacts = run_dir / "artifacts"
        for job_id, job in workflow["jobs"].items():
            context = {"github": github, "vars": self.variables, "secrets": self.secrets, "needs": needs,
                       "steps": {}, "inputs": {}}
            wanted = [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])
            if any(results.get(n) != "success" for n in wanted) or not evaluate(job.get("if", "success()"), context):
                results[job_id] = "skipped"
                needs[job_id] = {"result": "skipped", "outputs": {}}
                continue
            if job_id == "publish" and before_publish is not None:
                before_publish(artifacts / "issue-form")
            outputs = self.run_job(job_id, job, run_dir / job_id, context, artifacts)
            results[job_id] = "success"
            needs[job_id] = {"result": "success", "outputs": outputs}
        lines = self.log.read_text("utf-8").splitlines() if self.log.exists() else []
        return Run(results, [json.loads(line) for line in lines[seen:]], artifacts / "issue-form")

    def run_job(self, job_id: str, job: dict[str, Any], runner: Path, context: dict[str, Any],
                artifacts: Path) -> dict[str, str]:
        workspace, temp, tools = runner / "work", runner / "temp", runner / "tools"
        for folder in (workspace, temp, tools):
            folder.mkdir(parents=True)
        (tools / "gh").write_text(f'#!/bin/sh\nexec "{sys.executable}" "{STANDIN_GH}" "$@"\n', "utf-8")
        (tools / "gh").chmod(0o755)
        path = [str(tools), *([str(BIN)] if job_id == "make" else []), system_path()]  # groundgame for make only
        env = {**base_env(self.root), "PATH": os.pathsep.join(path), "RUNNER_TEMP": str(temp), "CI": "true",
               "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "clubs/site", "GITHUB_EVENT_NAME": "issues",
               "GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main", "GITHUB_REF_TYPE": "branch",
               "GITHUB_STEP_SUMMARY": str(temp / "summary.md"), "GH_STATE": str(self.state), "GH_LOG": str(self.log)}
        context["runner"] = {"temp": str(temp)}
        for number, step in enumerate(job["steps"]):
            step_id = step.get("id", f"step{number}")
            if not evaluate(step.get("if", "success()"), context):
                context["steps"][step_id] = {"outcome": "skipped", "conclusion": "skipped", "outputs": {}}
                continue
            outputs = self.run_step(step, workspace, env, context, artifacts)
            context["steps"][step_id] = {"outcome": "success", "conclusion": "success", "outputs": outputs}
        return {key: fill(value, context) for key, value in job.get("outputs", {}).items()}

    def run_step(self, step: dict[str, Any], workspace: Path, env: dict[str, str], context: dict[str, Any],
                 artifacts: Path) -> dict[str, str]:
        given = {key: fill(str(value), context) for key, value in step.get("with", {}).items()}
        action = step.get("uses", "").split("@")[0]
        if action == "actions/checkout":  # main, at the event's commit
            subprocess.run(["git", "clone", "--quiet", "--branch", "main", str(self.origin), str(workspace)],
                           check=True, env=env)
            return {}
        if action == "actions/upload-artifact":
            shutil.copytree(given["path"], artifacts / given["name"])
            return {}
        if action == "actions/download-artifact":
            shutil.copytree(artifacts / given["name"], given["path"])
            return {}
        if action == "actions/create-github-app-token":
            assert given["app-id"], "an App token needs the App's id"
            assert given["private-key"], "an App token needs the App's key"
            assert {k: v for k, v in given.items() if k.startswith("permission-")} == {
                "permission-contents": "write", "permission-pull-requests": "write"}
            return {"token": APP_TOKEN}
        assert not action, f"no stand-in for {action} in this harness"
        if "requirements/workflows.txt" in step["run"]:  # the locked install: this virtualenv stands in
            (workspace / ".venv").symlink_to(BIN.parent)
            return {}
        output = workspace.parent / "temp" / f"output-{len(context['steps'])}"
        output.touch()
        script = workspace.parent / "temp" / "step.sh"
        script.write_text(step["run"], "utf-8")
        variables = {key: fill(str(value), context) for key, value in step.get("env", {}).items()}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                                env={**env, **variables, "GITHUB_OUTPUT": str(output)}, capture_output=True,
                                text=True, check=False)
        if result.returncode:
            raise StepError(step["name"], result.returncode, result.stdout + result.stderr)
        return dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines() if "=" in line)


class StepError(Exception):
    def __init__(self, name: str, code: int, output: str):
        super().__init__(f"{name}: exit {code}\n{output}")
        self.output = output


def system_path() -> str:
    """PATH without any virtualenv: the runner's tools (git, bash, jq, sed)."""
    return os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not Path(p, "activate").exists()
                           and Path(p).resolve() != BIN.resolve())


def base_env(root: Path) -> dict[str, str]:
    env = {"HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8", "PATH": system_path()}
    if "PYTHONPATH" in os.environ:  # a work tree's groundgame, when the tests run from one
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@pytest.fixture
def github(tmp_path: Path) -> GitHub:
    """A bare origin whose main holds a copy of the sample site."""
    site = GitHub(tmp_path)
    main = tmp_path / "main"
    main.mkdir()
    for name in SITE:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, main / name)
    env = {**base_env(tmp_path), **SETUP_GIT}
    git = ["git", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "--quiet", "--initial-branch", "main"], cwd=main, check=True, env=env)
    subprocess.run([*git, "add", "--all"], cwd=main, check=True, env=env)
    subprocess.run([*git, "commit", "--quiet", "-m", "The site"], cwd=main, check=True, env=env)
    subprocess.run(["git", "clone", "--quiet", "--bare", str(main), str(site.origin)], check=True, env=env)
    return site


CLUB = {"name": "Lisbon Web", "slug": "lisbon-web", "summary": f"We learn the web together; {FORGED}",
        "languages": "pt en", "region": "europe", "city": "Lisboa", "country": "PT", "timezone": "Europe/Lisbon",
        "leader": "Rui"}
EVENT = {"club": "paris-atelier-du-web", "title": "Soirée cartes", "start": "2027-03-19 14:00",
         "venue": "Bibliothèque", "city": "Paris", "country": "fr", "summary": FORGED}
ALLOWED_TITLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./:_-]{0,99}")
BRANCH = "issue-form/42"


def message(github: GitHub, rev: str) -> str:
    return github.git("log", "-1", "--format=%B", rev)


def trailers(github: GitHub, rev: str, key: str) -> list[str]:
    return github.git("log", "-1", f"--format=%(trailers:key={key},valueonly)", rev).split()


# --- a new club ---------------------------------------------------------------------------------

def test_a_club_form_becomes_a_pull_request_that_validates_with_its_codeowners(github: GitHub) -> None:
    run = github.run(Issue("club", CLUB))
    assert run.results == {"make": "success", "publish": "success", "dispatch": "success"}
    assert github.git("diff", "--name-status", "main", BRANCH) == (
        "M\t.github/CODEOWNERS\nA\tcontent/clubs/lisbon-web.yaml\n")
    clone = github.clone(BRANCH)
    checked = github.groundgame(clone, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    owners = github.groundgame(clone, "codeowners", "--check")
    assert owners.returncode == 0, owners.stdout + owners.stderr
    europe = next(line for line in (clone / ".github/CODEOWNERS").read_text("utf-8").splitlines()
                  if line.startswith("/content/regions/europe.yaml "))
    coordinators = [o for o in europe.split()[1:] if "/" not in o]
    assert f"/content/clubs/lisbon-web.yaml @organizer {' '.join(coordinators)}" in (
        clone / ".github/CODEOWNERS").read_text("utf-8")
    # main's CODEOWNERS, by which GitHub routes, does not name the new club: the bot asks its
    # region's coordinators itself (not the organizer, who asked)
    [opened] = json.loads(github.state.read_text("utf-8"))["prs"]
    assert opened["reviewers"] == [c.removeprefix("@") for c in coordinators]


def test_the_title_and_commit_are_made_from_ids_and_say_who_asked(github: GitHub) -> None:
    run = github.run(Issue("club", CLUB, title=f"Club: {FORGED}"))
    subject, _, body = message(github, BRANCH).partition("\n")
    assert ALLOWED_TITLE.fullmatch(subject), subject
    assert "lisbon-web" in subject, subject
    assert not re.search(r"#|\[|skip|fixes", subject, re.I)
    assert "#1" not in body
    assert "skip ci" not in body
    assert trailers(github, BRANCH, "Asked-by") == ["organizer"]
    assert trailers(github, BRANCH, "Issue") == ["#42"]
    [create] = run.called("pr", "create")
    args = create["args"]
    assert args[args.index("--title") + 1] == subject
    assert args[args.index("--head") + 1] == BRANCH
    assert args[args.index("--base") + 1] == "main"
    assert "@organizer" in create["body"]
    assert "#42" in create["body"]
    assert FORGED not in create["body"]
    assert "#1" not in create["body"].replace("#42", "")
    assert create["token"] == GITHUB_TOKEN
    assert create["repo"] == "clubs/site"
    [answer] = run.called("issue", "comment")
    assert answer["args"][2] == "42"
    assert "lisbon-web" in answer["body"]


def test_the_check_is_dispatched_on_the_bot_branch(github: GitHub) -> None:
    run = github.run(Issue("club", CLUB))
    [dispatched] = run.called("workflow", "run")
    assert dispatched["args"] == ["workflow", "run", "pull-request.yml", "--ref", BRANCH, "--field",
                                  f"branch={BRANCH}"]
    assert dispatched["token"] == GITHUB_TOKEN
    assert dispatched["repo"] == "clubs/site"
    check = load(WORKFLOWS / "pull-request.yml")
    assert list(check["on"]["workflow_dispatch"]["inputs"]) == ["branch"]


def test_with_an_app_the_app_token_opens_the_pull_request_and_nothing_is_dispatched(github: GitHub) -> None:
    github.variables["FORM_APP_ID"] = "123456"
    github.secrets["FORM_APP_PRIVATE_KEY"] = "-----BEGIN RSA PRIVATE KEY-----"
    run = github.run(Issue("club", CLUB))
    assert run.results["dispatch"] == "skipped"
    assert run.called("workflow", "run") == []
    assert {c["token"] for c in run.calls if c["args"][0] != "issue"} == {APP_TOKEN}
    assert [c["token"] for c in run.called("issue", "comment")] == [GITHUB_TOKEN]
    assert github.has_branch(BRANCH)


def test_a_form_with_problems_gets_an_answer_and_no_branch(github: GitHub) -> None:
    run = github.run(Issue("club", {**CLUB, "timezone": "Europe/Lisbonne"}))
    assert run.results == {"make": "success", "publish": "success", "dispatch": "skipped"}
    assert not github.has_branch(BRANCH)
    assert [c["args"][:2] for c in run.calls] == [["issue", "comment"]]
    assert "Time zone" in run.called("issue", "comment")[0]["body"]


KINDS = ("club", "event", "meeting", "change", "translation")


def test_each_form_template_labels_its_issues_with_a_kind_the_workflow_knows() -> None:
    templates = {p.stem: load(p)["labels"] for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    assert templates == {kind: [f"form: {kind}"] for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_each_form_label_runs_its_own_form(github: GitHub, kind: str) -> None:
    """An empty form of each kind: the converter of that kind answers with what is missing."""
    template = load(REPO / ".github" / "ISSUE_TEMPLATE" / f"{kind}.yml")
    required = [i["attributes"]["label"] for i in template["body"]
                if i["type"] != "markdown" and i.get("validations", {}).get("required")]
    run = github.run(Issue(kind, {}, labels=(f"form: {kind}", "help wanted")))
    assert run.results == {"make": "success", "publish": "success", "dispatch": "skipped"}
    [answer] = run.called("issue", "comment")
    assert required
    assert all(label in answer["body"] for label in required), answer["body"]
    assert not github.has_branch(BRANCH)


def test_a_meeting_form_becomes_a_pull_request_named_by_the_event(github: GitHub) -> None:
    event = "paris-atelier-du-web/atelier-mensuel"
    run = github.run(Issue("meeting", {"event": event, "date": "2027-01-13", "cancel": "yes"}, title=FORGED))
    assert github.git("diff", "--name-status", "main", BRANCH) == f"M\tcontent/events/{event}.yaml\n"
    subject = message(github, BRANCH).split("\n")[0]
    assert ALLOWED_TITLE.fullmatch(subject), subject
    assert "atelier-mensuel" in subject
    checked = github.groundgame(github.clone(BRANCH), "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(run.called("workflow", "run")) == 1


def test_an_issue_with_two_form_labels_is_refused(github: GitHub) -> None:
    with pytest.raises(StepError, match="more than one"):
        github.run(Issue("club", CLUB, labels=("form: club", "form: event")))


# --- what publish accepts from the first job ----------------------------------------------------

@pytest.mark.parametrize("title", [
    f"Add club lisbon-web {FORGED}",
    "Add club lisbon-web\nskip-checks: true",
    "Add club lisbon-web\n\nCloses #3",
    "A" * 101,
    "",
    "Ajout du club lisbon-web — « bienvenue »",
    "-n Add club",
])
def test_a_title_not_made_of_ids_is_replaced_by_a_fixed_one(github: GitHub, title: str) -> None:
    def forge(form: Path) -> None:
        (form / "title.txt").write_text(title, "utf-8")

    run = github.run(Issue("club", CLUB), before_publish=forge)
    fixed = "Content from issue form 42"
    assert message(github, BRANCH).split("\n")[0] == fixed
    args = run.called("pr", "create")[0]["args"]
    assert args[args.index("--title") + 1] == fixed


def test_a_title_made_of_ids_is_kept(github: GitHub) -> None:
    def name(form: Path) -> None:
        (form / "title.txt").write_text("Add event lisbon-web/encontros\n", "utf-8")

    github.run(Issue("club", CLUB), before_publish=name)
    assert message(github, BRANCH).split("\n")[0] == "Add event lisbon-web/encontros"


def test_a_patch_outside_content_and_codeowners_is_refused(github: GitHub) -> None:
    def widen(form: Path) -> None:
        patch = (form / "content.patch").read_text("utf-8")
        extra = ("diff --git a/.github/workflows/evil.yml b/.github/workflows/evil.yml\nnew file mode 100644\n"
                 "--- /dev/null\n+++ b/.github/workflows/evil.yml\n@@ -0,0 +1 @@\n+on: push\n")
        (form / "content.patch").write_text(patch + extra, "utf-8")

    with pytest.raises(StepError, match="outside content/"):
        github.run(Issue("club", CLUB), before_publish=widen)
    assert not github.has_branch(BRANCH)


# --- edits --------------------------------------------------------------------------------------

def test_an_edit_before_any_review_replaces_the_branch(github: GitHub) -> None:
    github.run(Issue("event", EVENT, title="Event"))
    first = github.head(BRANCH)
    run = github.run(Issue("event", {**EVENT, "title": "Soirée jeux"}, title="Event"), action="edited")
    second = github.head(BRANCH)
    assert github.git("rev-parse", f"{second}^") == github.git("rev-parse", "main")  # main + the new files
    assert subprocess.run(["git", "--git-dir", str(github.origin), "merge-base", "--is-ancestor", first, second],
                          check=False).returncode == 1  # replaced: force-pushed
    assert github.git("diff", "--name-status", "main", BRANCH) == (
        "A\tcontent/events/paris-atelier-du-web/soiree-jeux.yaml\n")
    assert run.called("pr", "create") == []
    assert run.called("api") == []
    assert run.called("pr", "comment") == []
    [edit] = [c for c in run.called("pr", "edit") if "--title" in c["args"]]
    assert edit["args"][:3] == ["pr", "edit", "7"]
    assert "soiree-jeux" in edit["args"][edit["args"].index("--title") + 1]
    assert github.pr(7)["title"] == message(github, BRANCH).split("\n")[0]
    assert len(run.called("workflow", "run")) == 1


def test_an_edit_after_a_review_adds_a_commit_dismisses_the_approvals_and_says_so(github: GitHub) -> None:
    github.run(Issue("event", EVENT, title="Event"))
    reviewed = github.head(BRANCH)
    github.review(7, (501, "APPROVED", "camille-durand"), (502, "COMMENTED", "jordipuig"))
    run = github.run(Issue("event", {**EVENT, "title": "Soirée jeux"}, title="Event"), action="edited")
    head = github.head(BRANCH)
    assert github.git("rev-list", "--parents", "-n", "1", head).split() == [head, reviewed]  # one commit on top
    assert github.git("diff", "--name-status", "--no-renames", reviewed, head) == (
        "D\tcontent/events/paris-atelier-du-web/soiree-cartes.yaml\n"
        "A\tcontent/events/paris-atelier-du-web/soiree-jeux.yaml\n")
    assert trailers(github, head, "Asked-by") == ["organizer"]
    assert trailers(github, head, "Issue") == ["#42"]
    assert message(github, head).split("\n")[0] == "Edited: " + github.pr(7)["title"]
    checked = github.groundgame(github.clone(BRANCH), "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    dismissals = [c["args"] for c in run.called("api", "--method", "PUT")]
    assert [a[3] for a in dismissals] == ["repos/clubs/site/pulls/7/reviews/501/dismissals"]
    assert [r["state"] for r in github.pr(7)["reviews"]] == ["DISMISSED", "COMMENTED"]
    [comment] = run.called("pr", "comment")
    assert comment["args"][2] == "7"
    assert head in comment["body"]
    assert "soiree-jeux.yaml" in comment["body"]
    assert "review" in comment["body"]
    assert "1 approval(s) dismissed" in comment["body"]
    assert run.called("pr", "create") == []
    assert len(run.called("workflow", "run")) == 1

    # Once reviewed, always added to: a later edit adds one more commit, with nothing left to dismiss.
    again = github.run(Issue("event", {**EVENT, "title": "Soirée quiz"}, title="Event"), action="edited")
    assert github.git("rev-parse", f"{github.head(BRANCH)}^").strip() == head
    assert again.called("api", "--method", "PUT") == []
    assert "0 approval(s) dismissed" in again.called("pr", "comment")[0]["body"]


def test_an_edit_after_main_moved_on_merges_main_in_one_commit(github: GitHub) -> None:
    github.run(Issue("event", EVENT, title="Event"))
    reviewed = github.head(BRANCH)
    github.review(7, (501, "APPROVED", "camille-durand"))
    work = github.clone("main")  # someone merges another change into main
    (work / "notes.txt").write_text("Another change, merged meanwhile.\n", "utf-8")
    env = {**base_env(github.root), **SETUP_GIT}
    subprocess.run(["git", "add", "--all"], cwd=work, check=True, env=env)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-qm", "News"], cwd=work, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", "main"], cwd=work, check=True, env=env)
    github.run(Issue("event", {**EVENT, "title": "Soirée jeux"}, title="Event"), action="edited")
    head = github.head(BRANCH)
    assert github.git("rev-list", "--parents", "-n", "1", head).split() == [head, reviewed, github.head("main")]
    assert github.git("diff", "--name-status", "main", BRANCH) == (
        "A\tcontent/events/paris-atelier-du-web/soiree-jeux.yaml\n")


def test_an_edit_that_changes_nothing_pushes_nothing(github: GitHub) -> None:
    github.run(Issue("event", EVENT, title="Event"))
    first = github.head(BRANCH)
    run = github.run(Issue("event", EVENT, title="Event, with a new title"), action="edited")
    assert github.head(BRANCH) == first
    assert run.results["dispatch"] == "skipped"
    assert [c["args"][:2] for c in run.calls if c["args"][0] != "auth"] == [
        ["pr", "list"], ["pr", "edit"], ["issue", "comment"]]


# --- the dispatched check -----------------------------------------------------------------------

def _merge_step() -> dict[str, Any]:
    steps = load(WORKFLOWS / "pull-request.yml")["jobs"]["check"]["steps"]
    return next(s for s in steps if s.get("if") == "github.event_name == 'workflow_dispatch'")


@pytest.mark.parametrize("asked", [BRANCH, "main"])
def test_the_dispatched_check_reads_the_dispatched_branch_merged_into_main(github: GitHub, asked: str) -> None:
    github.run(Issue("event", EVENT, title="Event"))
    head = github.head(BRANCH)
    checkout = github.clone(BRANCH)  # actions/checkout of the dispatched ref, fetch-depth 0
    step = _merge_step()
    context = {"inputs": {"branch": asked}, "github": {"event_name": "workflow_dispatch"}}
    assert evaluate(step["if"], context) is True
    env = {**base_env(github.root), "GITHUB_REF_NAME": BRANCH, "GITHUB_REF_TYPE": "branch", "GITHUB_SHA": head,
           **{k: fill(v, context) for k, v in step["env"].items()}}
    script = github.root / "merge.sh"
    script.write_text(step["run"], "utf-8")
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=checkout, env=env,
                            capture_output=True, text=True, check=False)
    if asked != BRANCH:
        assert result.returncode == 1
        assert "must name the branch" in result.stdout
        return
    assert result.returncode == 0, result.stdout + result.stderr

    def rev(name: str) -> str:
        return subprocess.run(["git", "rev-parse", name], cwd=checkout, capture_output=True, text=True,
                              check=True).stdout.strip()

    assert (rev("HEAD^1"), rev("HEAD^2")) == (github.head("main"), head)
    assert rev("HEAD^{tree}") == rev(f"{head}^{{tree}}")


def test_a_dispatched_check_fetches_main_and_runs_apart_from_other_branches() -> None:
    check = load(WORKFLOWS / "pull-request.yml")
    checkout = check["jobs"]["check"]["steps"][0]
    runs = (("pull_request", "2", "check-7"), ("workflow_dispatch", "0", f"check-refs/heads/{BRANCH}"))
    for event, depth, group in runs:
        context = {"github": {"event_name": event, "ref": f"refs/heads/{BRANCH}",
                              "event": {"pull_request": {"number": 7}} if event == "pull_request" else {}}}
        assert fill(str(checkout["with"]["fetch-depth"]), context) == depth
        assert fill(check["concurrency"]["group"], context) == group


def test_the_harness_evaluates_expressions_as_github_does() -> None:
    context = {"github": {"event": {"issue": {"labels": [{"name": "form: club"}, {"name": "bug"}]}}},
               "vars": {}, "steps": {"app": {"outputs": {}}}}
    assert evaluate("contains(github.event.issue.labels.*.name, 'form: club')", context) is True
    assert evaluate("contains(github.event.issue.labels.*.name, 'form: event') || 'x'", context) == "x"
    assert evaluate("vars.FORM_APP_ID != '' && 'a'", context) is False
    assert evaluate("steps.app.outputs.token || 'fallback'", context) == "fallback"
    assert json.loads(evaluate("toJSON(github.event.issue.labels.*.name)", context)) == ["form: club", "bug"]
    with pytest.raises(KeyError):
        evaluate("matrix.os", context)
