"""Pause Python's cyclic garbage collector during the bulk phases of a build.

Loading and rendering thousands of documents creates millions of small, acyclic objects; the cyclic
collector keeps re-scanning them as the heap grows, which made loading 2,000 plans take 14.5 s instead
of 5.2 s (measured). Reference counting still frees everything; only cycle detection waits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
