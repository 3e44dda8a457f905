"""The build's garbage-collector policy, all of it: paused during the bulk phases, frozen in between.

Loading and rendering thousands of documents creates millions of small, acyclic objects; the cyclic
collector keeps re-scanning them as the heap grows, which made loading 2,000 plans take 14.5 s instead
of 5.2 s (measured). Reference counting still frees everything; only cycle detection waits (`gc_paused`).
Between the plugin's events, while MkDocs builds the pages, the heap is frozen instead (`freeze_build_heap`,
`release_build_heap` below).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Rendering a page from a template leaves reference cycles behind (Jinja's context and the macros it defines
# point at each other, and through them the page's view and its data), which only the collector frees. While
# it is paused, they piled up: 1.9 million objects at 2,000 plans in one process, and in each forked render
# worker (measured). Collecting the youngest generation after every few pages frees them; it scans only what
# was made since the last time, never the corpus.
YOUNG_EVERY = 16
_made = 0


def page_made() -> None:
    """Called after each page is rendered: the youngest generation is collected every `YOUNG_EVERY` pages."""
    global _made
    _made += 1
    if _made >= YOUNG_EVERY:
        _made = 0
        collect_young()


def collect_young() -> None:
    """While the collector is paused (a forked worker inherits the pause), collect the youngest generation:
    what was made since the last collection. The collector, when on, does so itself."""
    if not gc.isenabled():
        gc.collect(0)


def worker_started() -> None:
    """A forked worker's first step: freeze what it inherited (gc.freeze only moves the collector's lists:
    nothing is touched), so that its collections (`collect_young`) scan its own objects only: one that scanned
    the parent's would write into every object it scanned, and so copy the memory it shares with the parent
    (at 2,000 plans the two aligning workers and their parent peaked at 743 MB, 854 MB without it: measured)."""
    gc.freeze()


# --- the heap of a build, frozen between its events ----------------------------------------------------
# MkDocs builds every page after the corpus and the generated pages exist, and they live until the build
# ends: `freeze_build_heap` moves everything alive then out of the collector's sight (gc.freeze), so it is
# not re-scanned at every collection while MkDocs builds the pages. A frozen object is never collected, not
# even once it is garbage: `release_build_heap` must end every build that froze its heap, successful or not
# (the MkDocs plugin calls it in on_post_build and on_build_error). Without it `mkdocs serve` kept every
# rebuild's corpus and pages: +3.4 MB per rebuild of the 9-document corpus (benchmarks/serve_memory.py).


_frozen = False  # whether a build froze the heap: gc.get_freeze_count() counts it object by object (0.1 s)


def freeze_build_heap() -> None:
    global _frozen
    gc.freeze()
    _frozen = True


@contextmanager
def paused_then_frozen() -> Iterator[None]:
    """`gc_paused`, and what it made is frozen before the collector is on again: coming back on, it would scan
    the whole heap at once, the caches `mkdocs serve` keeps included (0.2 s of each edit's rebuild at 2,000
    plans, profiled). Frozen only when the block ends without an error."""
    with gc_paused():
        yield
        freeze_build_heap()


def release_build_heap(collect: bool = True) -> None:
    """Give the frozen heap back to the collector and, with `collect`, collect what the build left: nothing if
    none is frozen. A process that ends with the build (`mkdocs build`) need not collect: 1.1 s of CPU at
    2,000 plans."""
    global _frozen
    if _frozen:
        _frozen = False
        gc.unfreeze()
        if collect:
            gc.collect()


def collect_soon(delay: float, still_wanted: Callable[[], bool]) -> None:
    """Collect the heap `delay` seconds from now, in a thread, if `still_wanted()` then: for a build whose end
    something waits for (`mkdocs serve` holds the requests for the site until its build ends)."""

    def collect() -> None:
        if still_wanted():
            gc.collect()

    timer = threading.Timer(delay, collect)
    timer.daemon = True
    timer.start()
