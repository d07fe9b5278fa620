"""The one way the build spreads work over the cores: forked processes taking tasks from one queue.

Loading a large tree, rendering the pages and writing the events' calendar files all have
the same shape: many independent tasks over data this process already holds. Forking
shares that data without copying or pickling it; the tasks go into one queue that every
process, this one included, takes from until it is empty, so a slow task never leaves a
core idle. ``concurrent.futures`` would pickle every task's function and arguments and
keep this process out of the work; the build also needs to run something else here
first (``alongside``: the feeds while the others render pages) and to hand the files
written by a worker to this process's writer, which guards every path of the build.

One fan-out runs at a time: a fan-out asked for while another runs (the calendar files,
written ``alongside`` the pages) does its tasks in place, so a 2-core machine runs two
processes, not four, and a forked copy of the site's data is made once, not twice.
Without ``fork`` (Windows) or with one job, everything runs here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from groundgame.output import Handover, Writer
from groundgame.problems import GroundgameError

T = TypeVar("T")
R = TypeVar("R")

_state = {"worker": False, "running": False}


class WorkerError(GroundgameError):
    """A worker process stopped without finishing its tasks, or failed with an error that
    cannot be passed back as it is."""


def in_worker() -> bool:
    """True in a process this module forked."""
    return _state["worker"]


def default_jobs() -> int:
    """One process per core."""
    return os.cpu_count() or 1


def run(tasks: Sequence[T], work: Callable[[T], R], *, jobs: int = 0, minimum: int = 2,
        alongside: Callable[[], None] | None = None, progress: Callable[[int], None] | None = None,
        size: Callable[[T], int] | None = None) -> list[R]:
    """``work(task)`` for every task, on ``jobs`` processes (default: one per core); the results
    in the order of ``tasks``.

    ``alongside`` runs in this process first, while the workers start on the tasks.
    ``progress`` is called, in whichever process finished one, with the size of the tasks
    finished so far (``size(task)``, 1 each by default). Below ``minimum`` tasks, or when a
    fan-out already runs, the tasks run here. The first error of any process is raised here,
    after the other workers are stopped.
    """
    jobs = jobs or default_jobs()
    weigh = size or (lambda _task: 1)
    if (jobs < 2 or len(tasks) < max(minimum, 2) or _state["running"] or _state["worker"]
            or "fork" not in multiprocessing.get_all_start_methods()):
        if alongside:
            alongside()
        here, finished = [], 0
        for task in tasks:
            here.append(work(task))
            finished += weigh(task)
            if progress:
                progress(finished)
        return here
    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    for number in range(len(tasks)):
        queue.put(number)
    workers = min(jobs, len(tasks)) - 1
    for _ in range(workers + 1):
        queue.put(None)
    done = context.Value("q", 0)

    def take() -> Iterator[tuple[int, R]]:
        for number in iter(queue.get, None):
            result = work(tasks[number])
            with done.get_lock():
                done.value += weigh(tasks[number])
                finished = done.value
            if progress:
                progress(finished)
            yield number, result

    children: list[tuple[Any, Connection]] = []
    _state["running"] = True
    try:
        for _ in range(workers):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(take, send))
            child.start()
            send.close()
            children.append((child, receive))
        if alongside:
            alongside()
        results: dict[int, R] = dict(take())
        for child, receive in children:
            try:
                answer = receive.recv()
            except EOFError:  # it ended (killed, out of memory) without a word
                answer = None
            child.join()
            if not isinstance(answer, tuple) or answer[0] != "done":
                if isinstance(answer, tuple) and isinstance(answer[1], BaseException):
                    raise answer[1]
                raise WorkerError("a worker process stopped without finishing its tasks"
                                   + (f": {answer[1]}" if isinstance(answer, tuple) else ""))
            results.update(answer[1])
    finally:
        _state["running"] = False
        for child, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
    return [results[number] for number in range(len(tasks))]


def _child(take: Callable[[], Iterator[tuple[int, Any]]], send: Connection) -> None:
    """A worker: take tasks until the queue says stop, then send every result back at once."""
    _state["worker"] = True
    try:
        send.send(("done", list(take())))
    except BaseException as exc:  # passed back to the parent, which stops the build with it
        try:
            passed: Any = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
        except Exception:  # not every exception survives a pickle round trip
            passed = f"{type(exc).__name__}: {exc}"
        send.send(("failed", passed))
    finally:
        send.close()
        os._exit(0)


def write_each(tasks: Sequence[T], write: Callable[[T, Writer], R], writer: Writer, **options: Any) -> list[R]:
    """``write(task, w)`` for every task (as ``run``): ``w`` is ``writer`` in this process and a
    writer below the same folder in a worker, whose files ``writer`` then takes over, guarded
    and counted as if it had written them."""

    def work(task: T) -> tuple[R, Handover | None]:
        if not in_worker():
            return write(task, writer), None
        local = writer.for_worker()
        return write(task, local), local.handover()

    results = run(tasks, work, **options)
    for _, handover in results:
        if handover is not None:
            writer.take(handover)
    return [result for result, _ in results]
