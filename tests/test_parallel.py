"""The one parallel helper: forked workers and this process taking tasks from one queue."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from groundgame import parallel
from groundgame.output import OutputError, Writer


def _pid_of(task: int) -> tuple[int, int]:
    return task * task, os.getpid()


def test_results_come_back_in_order_from_more_than_one_process() -> None:
    results = parallel.run(list(range(200)), _slow_square, jobs=3)
    assert [r for r, _ in results] == [n * n for n in range(200)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids  # this process took tasks too
    assert len(pids) >= 2


def _slow_square(task: int) -> tuple[int, int]:
    sum(range(20_000))  # long enough that every process gets some
    return _pid_of(task)


def test_alongside_runs_here_while_the_workers_take_tasks(tmp_path: Path) -> None:
    marks: list[int] = []
    results = parallel.run(list(range(50)), _slow_square, jobs=2, alongside=lambda: marks.append(os.getpid()))
    assert marks == [os.getpid()]
    assert len(results) == 50


def test_one_job_few_tasks_or_a_nested_fan_out_run_here() -> None:
    assert {pid for _, pid in parallel.run([1, 2, 3], _pid_of, jobs=1)} == {os.getpid()}
    assert {pid for _, pid in parallel.run([1, 2, 3], _pid_of, jobs=2, minimum=10)} == {os.getpid()}

    def nested(task: int) -> set[int]:
        return {pid for _, pid in parallel.run(list(range(20)), _pid_of, jobs=2)} | {os.getpid()}

    for pids in parallel.run(list(range(8)), nested, jobs=2):
        assert len(pids) == 1  # each nested fan-out stayed in the process that asked for it


class RefusedError(Exception):
    pass


def _fail_in_worker(task: int) -> int:
    if parallel.in_worker():
        raise RefusedError(f"task {task} refused")
    return task


def test_a_workers_error_is_raised_here_with_its_type() -> None:
    with pytest.raises(RefusedError, match=r"task \d+ refused"):
        parallel.run(list(range(40)), _slow_fail, jobs=2)


def _slow_fail(task: int) -> int:
    sum(range(50_000))
    return _fail_in_worker(task)


class UnpicklableError(Exception):
    def __init__(self, a: str, b: str) -> None:  # a pickle round trip calls UnpicklableError(message) and fails
        super().__init__(f"{a} and {b}")


def _unpicklable_in_worker(task: int) -> int:
    sum(range(50_000))
    if parallel.in_worker():
        raise UnpicklableError("this", "that")
    return task


def test_an_error_that_cannot_travel_arrives_as_its_text() -> None:
    with pytest.raises(parallel.WorkerError, match=r"UnpicklableError: this and that"):
        parallel.run(list(range(40)), _unpicklable_in_worker, jobs=2)


def _die_in_worker(task: int) -> int:
    sum(range(50_000))
    if parallel.in_worker():
        os._exit(3)
    return task


def test_a_worker_that_dies_stops_the_build() -> None:
    with pytest.raises(parallel.WorkerError, match="stopped without finishing"):
        parallel.run(list(range(40)), _die_in_worker, jobs=2)


def test_progress_counts_every_tasks_size_once() -> None:
    seen: list[int] = []
    parallel.run([[1] * n for n in range(1, 30)], len, jobs=1, progress=seen.append, size=len)
    assert seen[-1] == sum(range(1, 30))
    assert seen == sorted(seen)


def _write_task(task: int, writer: Writer) -> int:
    sum(range(20_000))
    writer.write(f"t/{task}.txt", f"task {task}", category="bits", unit=f"unit:{task % 3}")
    return os.getpid()


def test_files_written_by_workers_are_the_writers_own(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    pids = parallel.write_each(list(range(60)), _write_task, writer, jobs=2)
    assert len(set(pids)) == 2
    assert writer.counts == {"bits": 60}
    assert len(writer.written) == 60
    assert sum(writer.made.sizes.values()) == sum(len(f"task {n}") for n in range(60))
    assert (tmp_path / "t/59.txt").read_text() == "task 59"
    with pytest.raises(OutputError, match="twice"):  # a path a worker wrote is guarded here
        writer.write("t/7.txt", "again")


def test_a_path_written_here_and_by_a_worker_is_refused(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    for n in range(60):
        writer.write(f"t/{n}.txt", "first")

    def write(task: int, local: Writer) -> None:
        sum(range(50_000))
        if parallel.in_worker():
            local.write(f"t/{task}.txt", "worker")

    with pytest.raises(OutputError, match="twice"):
        parallel.write_each(list(range(60)), write, writer, jobs=2)
