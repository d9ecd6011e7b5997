"""Running the normalisers over a batch's distinct values on several cores.

Why: preparing a million records applies the pure-Python normalisers to about two million
distinct values, one core's work for most of the preparation. The values are independent,
so chunks of them go to worker processes (threads would wait on each other for the
interpreter), and the parent takes chunks too once its own work is done. The parent keeps
everything that gives codes: it turns the results into vocabularies in the same order as
the serial path, so both paths give the same arrays and the same vocabularies.

Workers are started with "spawn", never "fork": when a batch is prepared, Arrow's and
rapidfuzz's thread pools may already run in the parent, and a forked child would inherit
their locks in whatever state they were. A spawned worker imports the normalisers (about
a second), which overlaps with the parent's own encoding because the pool is started
first. As with any spawned process, a script that resolves a large batch must start from
``if __name__ == "__main__":`` (the worker imports the script; without the guard the
worker fails and the parent does every chunk itself). The pool lives for one
preparation: the workers' caches hold this batch's values only and go with them.
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from enlace import normalize

# From this many records on, a batch is prepared in worker processes. Below it, starting
# the workers (about a second each) costs more than the normalisers take on one core.
PARALLEL_MIN_RECORDS = 200_000
# Values per task: small enough that the last tasks leave no core idle for long (a chunk
# of the slowest values, phone numbers the parser reads, takes well under a second), large
# enough that sending a task costs little beside its work.
MAX_CHUNK = 8_000
TASKS_PER_WORKER = 4


def available_cores() -> int:
    """Cores this process may run on (the scheduler's affinity, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cores_for(workers: int) -> int:
    """Cores a stage may use, for ``Settings.workers`` (as rapidfuzz reads it too): -1 (or
    any value below 1) means every core, more means that many. Stages of numpy and
    rapidfuzz work use them as threads (both let other threads run)."""
    return available_cores() if workers < 1 else workers


def pool_size(n: int, *, workers: int = 1, parallel_from: int = PARALLEL_MIN_RECORDS) -> int:
    """Worker processes to prepare n records with, beside this one; 0 means serially.

    workers follows the resolver's setting (``cores_for``): 1 means serial, more means
    that many processes in all, this one included (it normalises too, see ``Pending``). A daemonic process gets 0: Python
    does not let it have children, and the job worker resolves batches in daemonic
    processes, so a job prepares serially, which also keeps one job to one core.
    """
    if workers == 1 or n < parallel_from or multiprocessing.current_process().daemon:
        return 0
    return max(0, cores_for(workers) - 1)


def _apply(func: Callable, chunk: Sequence, bulk: bool) -> list:
    """One task: func on every value of the chunk (bulk: func takes the whole chunk)."""
    return list(func(chunk)) if bulk else [func(value) for value in chunk]


def _exit_without_teardown() -> None:
    """Each worker's start: when it is told to stop, it ends at once, without Python's
    teardown.

    Why: a worker ends holding the normalisers' caches of half a million values, and
    freeing them one object at a time took more than a second at a million records, while
    the parent waited for it. By then every result has been sent (the pool sends a worker
    its stop only after its last task, and results go out before the task ends), the worker
    has written no file and started no process, so there is nothing left to flush or join.
    The exit hook registered here runs first (last registered) and ends the process.
    """
    atexit.register(os._exit, 0)


def _ready() -> int:
    """A first task per worker: makes the pool start its processes now, and imports the
    normalisers there (this module imports them) while the parent still encodes columns."""
    return os.getpid() if normalize.__name__ else 0


class Pending:
    """Results of one ``Mapper.map`` call, in the order of its values.

    Asking for them puts the parent to work instead of waiting: it takes the chunks no
    worker has started yet, from the last one back, while the workers go on from the
    front, until the two meet. So the parent, whose own work is done by then, is one more
    worker, from the start: while the workers still start up it does not wait for them.
    """

    def __init__(self, parts: list[tuple[Future | None, Callable, Sequence, bool]]):
        self._parts = parts

    def result(self) -> list:
        """The results, handed over once: they are not kept here (without workers, they are
        computed now, so a batch holds one column's results at a time, as before)."""
        parts, self._parts = self._parts, []
        here: list[list | None] = [None] * len(parts)
        for i in range(len(parts) - 1, -1, -1):
            future, func, chunk, bulk = parts[i]
            if future is not None and not future.cancel():
                break  # a worker has it, and every chunk before it (they go in order)
            here[i] = _apply(func, chunk, bulk)
        out: list = []
        for part, mine in zip(parts, here, strict=True):
            out.extend(_collect(*part) if mine is None else mine)
        return out


def _collect(future: Future | None, func: Callable, chunk: Sequence, bulk: bool) -> list:
    """A task's result; a task whose worker died is done here instead (same function,
    same values), so a broken pool costs time, not the batch."""
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            pass
    return _apply(func, chunk, bulk)


class Mapper:
    """Applies module-level functions to lists of values, here (processes=0) or with the
    help of that many worker processes.

    Functions and values are pickled to the workers, so functions must be module-level and
    values plain (strings, tuples). ``map`` returns at once; ``Pending.result`` gives the
    results (once). Use as a context manager: the pool is shut down on leaving it.
    """

    def __init__(self, processes: int = 0):
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_exit_without_teardown)
            for _ in range(processes):
                self._pool.submit(_ready)

    def map(self, func: Callable, values: Sequence[Any], *, bulk: bool = False) -> Pending:
        if self._pool is None or not values:
            return Pending([(None, func, values, bulk)])
        runners = self.processes + 1  # the parent takes chunks too
        size = max(1, min(MAX_CHUNK, math.ceil(len(values) / (runners * TASKS_PER_WORKER))))
        parts: list[tuple[Future | None, Callable, Sequence, bool]] = []
        for start in range(0, len(values), size):
            chunk = values[start:start + size]
            try:
                future: Future | None = self._pool.submit(_apply, func, chunk, bulk)
            except BrokenProcessPool:
                future = None
            parts.append((future, func, chunk, bulk))
        return Pending(parts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Mapper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
