"""Independent pieces of work in forked worker processes, when the machine has cores to spare.

Forked workers inherit the parent's memory (the corpus, the graph, the templates), so only the tasks and
the results cross between processes. Where fork does not exist, or one core is all there is, the work
runs in this process: the results are the same either way (tests/test_rendering.py checks it).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from plansite.runtime.gcpause import collect_young, worker_started

Task = TypeVar("Task")
Result = TypeVar("Result")

MAX_WORKERS = 4
# Forking workers costs a fraction of a second: below this many items (files, pages) it does not pay.
PARALLEL_FROM = 200
# Small enough that the workers finish together, large enough that handing out a task costs nothing.
ITEMS_PER_TASK = 50


# The most memory a build should take, all its processes together, in MB (the plugin's `memory_mb` option).
MEMORY_MB = 4096
# A forked worker shares its parent's memory until either of them writes to it, and Python writes to nearly
# every object it reads (its reference count): within seconds of the fork, both hold a copy of what they read.
# So a build with its workers holds a multiple of what it held when it forked them: each use of workers that
# measured its own gives it (`worker_count(copies)`). The others (the load, forked while the build holds little)
# take this one, the most measured before: 2.37 times, a build and its render worker at 10,000 plans, before the
# render wrote its pages to disk. Measured on two cores: more workers copy more.
COPIES = 2.4
_memory_mb = MEMORY_MB
_held_when_refused: float | None = None  # the resident memory at the first fork refused since set_memory_mb


def set_memory_mb(value: int) -> None:
    """The budget for the build about to start (and nothing refused yet)."""
    global _memory_mb, _held_when_refused
    _memory_mb, _held_when_refused = value, None


def held_when_refused() -> float | None:
    """The resident memory in MB at which workers were first refused since `set_memory_mb`; None if never."""
    return _held_when_refused


def worker_count(copies: float = COPIES) -> int:
    """How many worker processes are worth starting here: 0 when the work should stay in this process, which
    includes when the copies the workers would make take the build past its memory (`set_memory_mb`): when
    `copies` times what this process holds is more than that."""
    global _held_when_refused
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = min(os.cpu_count() or 1, MAX_WORKERS)
    held = resident_mb()
    if held is not None and held * copies > _memory_mb:
        _held_when_refused = _held_when_refused or held
        return 0
    return cores if cores >= 2 else 0


def resident_mb() -> float | None:
    """This process's resident memory in MB; None where the system does not say (no /proc)."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def map_in_workers(function: Callable[[Task], Result], tasks: Iterable[Task], workers: int) -> Iterator[Result]:
    """`function(task)` for each task, in the order of the tasks.

    The workers start at once: the caller may do other work before it reads the results. `function` must
    be defined at module level (it is sent to the workers by name).
    """
    if workers < 1:
        return map(function, tasks)
    # What this process made since its last collection is collected now, not after the fork: there the
    # collector's first pass would write into every object made since, so copy all of it (the render's end at
    # 10,000 plans: 4,129 → 4,071 MB for the build and its worker, measured).
    collect_young()
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=worker_started)
    return WorkerResults(pool, pool.imap(functools.partial(_collected, function), tasks))


class WorkerResults(Iterator[Result]):
    """The workers' results, in the order of the tasks. The workers stop once the last is read, when one fails,
    or at `close()`: a caller that fails before reading them all closes them, or they would go on working (and
    writing what they make) after it."""

    def __init__(self, pool, results: Iterator[Result]) -> None:
        self._pool, self._results = pool, results

    def __next__(self) -> Result:
        try:
            return next(self._results)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._pool.terminate()  # once: again does nothing


def _collected(function: Callable[[Task], Result], task: Task) -> Result:
    """`function(task)`, then the reference cycles the task left collected (`collect_young`): while the
    collector is paused they would pile up in the worker until it ends."""
    result = function(task)
    collect_young()
    return result


def chunks(items: list, size: int) -> list[list]:
    return [items[start:start + size] for start in range(0, len(items), size)]
