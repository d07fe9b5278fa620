"""`make bench`: build a synthetic network and measure groundgame on it.

Not a test: it prints numbers (and writes them to bench/out/results.json) for the
README's performance section. Each measurement runs the real command in a fresh
process, so start-up is included, and its peak memory is that process's (and its
workers') maximum resident size.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

GROUNDGAME = [sys.executable, "-m", "groundgame"]


def measure(argv: list[str], env: dict[str, str] | None = None, codes: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Wall seconds and peak resident memory (MiB) of one command, run to completion with an exit
    code in ``codes``."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in codes:
        raise SystemExit(f"{' '.join(argv)} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return {"seconds": round(seconds, 3), "peak_mib": round(usage.ru_maxrss / 1024, 1)}


def network(clubs: int, events: int) -> Path:
    """The synthetic network, written once per size and reused."""
    root = HERE / "out" / f"network-{clubs}-{events}"
    marker = root / ".complete"
    if not marker.exists():
        print(f"writing a synthetic network of {clubs} clubs and {events} events to {root} ...", flush=True)
        synthetic.write_network(root, clubs, events)
        marker.write_text("ok\n")
    return root


def best_of_three(argv: list[str], env: dict[str, str] | None = None,
                  codes: tuple[int, ...] = (0,)) -> dict[str, float]:
    return min((measure(argv, env, codes) for _ in range(3)), key=lambda r: r["seconds"])


def bench_validate(root: Path) -> dict[str, object]:
    files = sum(1 for _ in (root / "content").rglob("*.yaml"))
    whole = best_of_three([*GROUNDGAME, "--root", str(root), "validate"])
    content = root / "content"
    changed = [*sorted((content / "events").rglob("*.yaml"))[:4], content / "clubs" / "club-0001.yaml"]
    pull_request = best_of_three([*GROUNDGAME, "--root", str(root), "validate", *map(str, changed)])
    return {
        "files": files,
        "whole_seconds": whole["seconds"],
        "whole_files_per_second": round(files / whole["seconds"]),
        "whole_peak_mib": whole["peak_mib"],
        "pull_request_files": len(changed),
        "pull_request_seconds": pull_request["seconds"],
        "pull_request_peak_mib": pull_request["peak_mib"],
    }


def canonical_copy(root: Path) -> Path:
    """The network after `groundgame fmt` (what a tree that passes CI looks like), written once."""
    copy = root.with_name(root.name + "-canonical")
    marker = copy / ".complete"
    if not marker.exists():
        print(f"writing {copy} with `groundgame fmt` (once) ...", flush=True)
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(root / "content", copy / "content")
        subprocess.run([*GROUNDGAME, "--root", str(copy), "fmt", str(copy / "content")], check=True,
                       stdout=subprocess.DEVNULL)
        marker.write_text("ok\n")
    return copy


def bench_contributor_tools(root: Path) -> dict[str, object]:
    """fmt --check, codeowners --check and report stale, as the pull-request workflows run them."""
    at = [*GROUNDGAME, "--root", str(root)]
    subprocess.run([*at, "codeowners"], check=True, stdout=subprocess.DEVNULL)
    canonical = canonical_copy(root)
    fmt_written = best_of_three([*at, "fmt", "--check", str(root / "content")], codes=(0, 1))
    fmt_canonical = best_of_three([*GROUNDGAME, "--root", str(canonical), "fmt", "--check",
                                   str(canonical / "content")])
    codeowners = best_of_three([*at, "codeowners", "--check"])
    stale = best_of_three([*at, "report", "stale", "--format", "markdown"], env={"SOURCE_DATE_EPOCH": "1798761600"})
    return {
        "fmt_check_canonical_seconds": fmt_canonical["seconds"],
        "fmt_check_as_written_seconds": fmt_written["seconds"],  # nearly every file would be reformatted
        "fmt_check_peak_mib": max(fmt_canonical["peak_mib"], fmt_written["peak_mib"]),
        "codeowners_check_seconds": codeowners["seconds"],
        "codeowners_check_peak_mib": codeowners["peak_mib"],
        "report_stale_seconds": stale["seconds"],
        "report_stale_peak_mib": stale["peak_mib"],
    }


SECTIONS = {"validate": bench_validate, "contributor_tools": bench_contributor_tools}
OPTIONAL_SECTIONS = {"feeds": "bench_feeds", "site": "bench_site", "search": "bench_search",
                     "hostile_values": "bench_hostile_values", "markdown": "bench_markdown",
                     "incremental": "bench_incremental", "output_size": "bench_output_size",
                     "notify": "bench_notify", "cards": "bench_cards",
                     "photos": "bench_photos"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clubs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join([*SECTIONS, *OPTIONAL_SECTIONS]))
    args = parser.parse_args()
    root = network(args.clubs, args.events)
    wanted = args.only.split(",") if args.only else [*SECTIONS, *OPTIONAL_SECTIONS]
    results: dict[str, object] = {"clubs": args.clubs, "events": args.events, "cores": os.cpu_count()}
    for name in wanted:
        if name in SECTIONS:
            run = SECTIONS[name]
        else:
            try:
                run = importlib.import_module(OPTIONAL_SECTIONS[name]).run
            except ModuleNotFoundError:
                continue
        print(f"[{name}]", flush=True)
        results[name] = run(root)
        for key, value in results[name].items():  # type: ignore[union-attr]
            print(f"  {key}: {value}")
    out = HERE / "out" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
