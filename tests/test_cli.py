"""The command line, in-process: output formats, exit codes, paths, and `new`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from groundgame.cli import main
from groundgame.content.network import load_network

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sample_network_validates(capsys):
    code, out, _ = run(capsys, "--root", str(REPO), "validate", "--strict")
    assert code == 0
    assert out.strip().endswith("0 errors, 0 warnings (all valid).")


def test_sample_network_is_as_rich_as_promised():
    network = load_network(REPO).network
    assert len(network.regions) >= 5
    assert len(network.clubs) >= 12
    assert len(network.campaigns) >= 1
    assert len(network.events) >= 40
    languages = {lang for club in network.clubs.values() for lang in club.languages}
    assert {"ar", "pt-BR", "es", "fr", "ja", "id", "en"} <= languages
    zones = {event.timezone for event in network.events.values()}
    assert {"America/Sao_Paulo", "Australia/Melbourne", "Asia/Tokyo", "Europe/Paris"} <= zones
    series = [e for e in network.events.values() if e.repeat]
    assert any(e.repeat.except_dates and e.repeat.changes for e in series)
    assert any(e.status == "cancelled" for e in network.events.values())
    assert any(e.report for e in network.events.values())
    assert any(e.all_day and e.end != e.start for e in network.events.values())
    assert any(e.online_url and e.venue is None for e in network.events.values())
    years = {e.start.year for e in network.events.values()}
    assert years == {2026, 2027}


def test_errors_exit_1_and_name_file_line_and_field(site, capsys):
    site.write("events/paris-web/bad.yaml", "title: x\nstart: 2026-12-08T19:00\ntimezone: Europe/Pariss\n"
                                            "venue: {name: Lib}\n")
    code, out, _ = run(capsys, "--root", str(site.root), "validate")
    assert code == 1
    assert out.splitlines() == [
        "content/events/paris-web/bad.yaml:3:11: timezone: must be an IANA time zone (got 'Europe/Pariss'); "
        "did you mean 'Europe/Paris'?",
        "Checked 8 files: 1 error, 0 warnings (fix the errors above).",
    ]


def test_github_format_prints_annotations_with_escaped_text(site, capsys):
    site.write("events/paris-web/bad.yaml", "title: x\nstart: 2026-12-08T19:00\nscale: 'a,b:c%'\nvenue: {name: L}\n")
    code, out, _ = run(capsys, "--root", str(site.root), "validate", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=content/events/paris-web/bad.yaml,line=3,col=8,title=scale::must be one of micro, medium, "
        "large (got 'a,b:c%25')")


def test_json_format_is_machine_readable(site, capsys):
    site.write("events/paris-web/bad.yaml", "title: x\nstart: 2026-12-08T19:00\nvenue: {name: Lib}\nscale: huge\n")
    code, out, _ = run(capsys, "--root", str(site.root), "validate", "--format", "json")
    assert code == 1
    body = json.loads(out)
    assert body["errors"] == 1
    assert body["problems"][0] == {
        "file": "content/events/paris-web/bad.yaml", "line": 4, "column": 8, "field": "scale", "severity": "error",
        "message": "must be one of micro, medium, large (got 'huge')", "hint": ""}


def test_paths_check_only_those_files_but_against_the_whole_tree(site, capsys, monkeypatch):
    site.write("events/paris-web/other-bad.yaml", "title: x\n")
    good = site.write("events/sao-paulo-lab/good.yaml", "title: Oficina\nstart: 2026-12-08T19:00\n"
                                                        "cohosts: [paris-web]\nvenue: {name: Biblioteca}\n")
    monkeypatch.chdir(site.root)
    code, out, _ = run(capsys, "validate", str(good.relative_to(site.root)))
    assert code == 0
    # The event, and what it depends on: its club, the co-host and their regions (not paris-web's other events).
    assert out.splitlines() == [
        "content/events/sao-paulo-lab/good.yaml:3:11: warning: cohosts[0]: 'paris-web' has not agreed to co-host "
        "this event, so it is shown under 'sao-paulo-lab' only; to agree, a leader of paris-web adds "
        "'sao-paulo-lab' (every event of the club) or 'sao-paulo-lab/good' (this event) to cohosting in "
        "content/clubs/paris-web.yaml",
        "Checked 5 files: 0 errors, 1 warning (all valid).",
    ]
    code, out, _ = run(capsys, "validate", "content/events/paris-web")
    assert code == 1
    assert "content/events/paris-web/other-bad.yaml:1:1: start: is required but missing" in out


def test_a_path_outside_content_is_an_error(site, capsys, monkeypatch):
    stray = site.root / "notes.yaml"
    stray.write_text("a: 1\n")
    monkeypatch.chdir(site.root)
    code, out, _ = run(capsys, "validate", "notes.yaml")
    assert code == 1
    assert out.splitlines()[0] == "notes.yaml: is not inside the content/ folder"


@pytest.mark.parametrize(("argv", "message"), [
    (["validate", "content/events/nope.yaml"], "groundgame: content/events/nope.yaml: no such file\n"),
    (["--root", "/nonexistent", "validate"], "groundgame: --root /nonexistent: no content/ folder there\n"),
])
def test_usage_errors_exit_2(site, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(site.root)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err == message


def test_unknown_option_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--format", "xml"])
    assert caught.value.code == 2


def test_warnings_pass_unless_strict(site, capsys):
    site.write("events/paris-web/late.yaml", "title: x\nstart: 2026-10-25T02:30\nvenue: {name: Lib}\n")
    assert run(capsys, "--root", str(site.root), "validate")[0] == 0
    assert run(capsys, "--root", str(site.root), "validate", "--strict")[0] == 1
