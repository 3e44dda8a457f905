"""Independent pieces of work in forked worker processes, when the machine has cores to spare.

Forked workers inherit the parent's memory (the corpus, the graph, the templates), so only the tasks and
the results cross between processes. Where fork does not exist, or one core is all there is, the work
runs in this process: the results are the same either way (tests/test_rendering.py checks it).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

MAX_WORKERS = 4
# Forking workers costs a fraction of a second: below this many items (files, pages) it does not pay.
PARALLEL_FROM = 200
# Small enough that the workers finish together, large enough that handing out a task costs nothing.
ITEMS_PER_TASK = 50


def worker_count() -> int:
    """How many worker processes are worth starting here: 0 when the work should stay in this process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = min(os.cpu_count() or 1, MAX_WORKERS)
    return cores if cores >= 2 else 0


def map_in_workers(function: Callable[[Task], Result], tasks: Iterable[Task], workers: int) -> Iterator[Result]:
    """`function(task)` for each task, in the order of the tasks.

    The workers start at once: the caller may do other work before it reads the results. `function` must
    be defined at module level (it is sent to the workers by name).
    """
    if workers < 1:
        return map(function, tasks)
    pool = multiprocessing.get_context("fork").Pool(workers)
    results = pool.imap(function, tasks)

    def collect() -> Iterator[Result]:
        with pool:  # leaving stops the workers, also when the caller gives up half-way
            yield from results

    return collect()


def chunks(items: list, size: int) -> list[list]:
    return [items[start:start + size] for start in range(0, len(items), size)]
