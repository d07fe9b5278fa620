"""Benchmark section "notify": ``groundgame notify --dry-run`` on the synthetic network.

``run(root)`` copies the network into a temporary git repository (not timed), gives every tenth
club an announcement list (the synthetic network has none; ``synthetic.py`` is left as it is),
records the ledger with a first run (timed: it plans every message and commits the state), then
times the dry run that follows, best of three, in a fresh process each. ``bench/run.py`` calls it;
it also runs on its own: ``python bench/bench_notify.py [ROOT]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GROUNDGAME = [sys.executable, "-m", "groundgame"]
SITE_URL = "https://bench.example.org"
EVERY = 10  # one club in ten has a list
LIST = """
announcements:
  address: club-{n}@lists.example.org
  subscribe: https://lists.example.org/club-{n}
  list_id: club-{n}.lists.example.org
"""
_GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **_GIT_ENV})


def _timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return seconds, done.stdout


def run(root: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="groundgame-bench-notify-") as folder:
        copy = Path(folder) / "site"
        shutil.copytree(root / "content", copy / "content")
        clubs = sorted((copy / "content" / "clubs").glob("*.yaml"))
        with_lists = clubs[::EVERY]
        for number, path in enumerate(with_lists):
            with path.open("a", encoding="utf-8") as club:
                club.write(LIST.format(n=number))
        _git(copy, "init", "-q")
        _git(copy, "add", "-A")
        _git(copy, "commit", "-q", "-m", "synthetic network")
        command = [*GROUNDGAME, "--root", str(copy), "notify", "--site-url", SITE_URL]
        first, _ = _timed(command)
        runs = [_timed([*command, "--dry-run"]) for _ in range(3)]
        seconds = min(s for s, _ in runs)
        due = sum(1 for line in runs[0][1].splitlines() if line.startswith("would send"))
    return {"clubs": len(clubs), "clubs_with_lists": len(with_lists), "first_run_seconds": round(first, 3),
            "dry_run_seconds": round(seconds, 3), "messages_due": due}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path)
    args = parser.parse_args()
    root = args.root
    if root is None:
        sys.path.insert(0, str(HERE))
        import run as bench_run

        root = bench_run.network(1000, 10000)
    print(json.dumps(run(root), indent=2))


if __name__ == "__main__":
    main()
