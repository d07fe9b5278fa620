"""The notify workflow: on main only (a schedule, or by hand on main), never on a pull request; one run
at a time and none cancelled; the one write permission pushes the ledger; SMTP settings from secrets,
through env only; the whole history checked out."""

from __future__ import annotations

from pathlib import Path

from groundgame.content.yamlfile import parse_bytes

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "notify.yml"
SMTP = ("HOST", "PORT", "USER", "PASSWORD", "FROM", "SECURITY")


def test_it_runs_on_main_only_one_run_at_a_time():
    workflow = parse_bytes(WORKFLOW.read_bytes(), WORKFLOW.name).data
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["jobs"]["notify"]["concurrency"] == {"group": "notify", "cancel-in-progress": False}
    job = workflow["jobs"]["notify"]
    assert job["if"] == "github.ref == 'refs/heads/main'"
    assert job["permissions"] == {"contents": "write"}
    checkout = job["steps"][0]
    assert checkout["with"] == {"ref": "main", "persist-credentials": False, "fetch-depth": 0}


def test_smtp_settings_come_from_secrets_through_env():
    workflow = parse_bytes(WORKFLOW.read_bytes(), WORKFLOW.name).data
    send = workflow["jobs"]["notify"]["steps"][-1]
    for name in SMTP:
        assert send["env"][f"GROUNDGAME_SMTP_{name}"] == f"${{{{ secrets.GROUNDGAME_SMTP_{name} }}}}"
    assert ".venv/bin/groundgame notify --push origin" in send["run"]


def test_each_successful_deploy_starts_it_on_main():
    """deploy.yml's last job, after the deploy, dispatches notify.yml on main with nothing but
    ``actions: write`` (a workflow_dispatch is the event the workflow's own token may start)."""
    deploy = parse_bytes((WORKFLOW.parent / "deploy.yml").read_bytes(), "deploy.yml").data
    job = deploy["jobs"]["notify"]
    assert job["needs"] == "deploy"
    assert job["permissions"] == {"actions": "write"}
    assert job["steps"][-1]["run"] == "gh workflow run notify.yml --ref main"
