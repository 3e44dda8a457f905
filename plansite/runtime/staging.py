"""An atomic site build: written beside the site directory, put in its place in one rename when complete.

The builder writes into `.<site>.building` beside the site directory (on the same file system, so a rename
moves it), and that directory takes the site's place once everything, search index included, is written.
A build that fails or is interrupted (Ctrl+C, SIGTERM, SIGKILL) leaves the previous site as it was; what it
left beside it goes at the start of the next build (`begin`). Nothing here knows MkDocs: the plugin
(plansite/mkdocs_plugin) points MkDocs at `Staging.building` and calls `publish` or `discard`.
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path


def beside(site: Path, what: str) -> Path:
    """`.<site>.<what>` next to the site directory: on its file system, so one rename puts it in its place."""
    return site.parent / f".{site.name}.{what}"


@dataclass
class Staging:
    """A build written beside the site (`building`) and swapped into its place (`target`) when complete."""

    target: Path

    @property
    def building(self) -> Path:
        return beside(self.target, "building")

    @property
    def search_scratch(self) -> Path:
        return beside(self.target, "search")  # the page bodies Pagefind reads


class InPlace(Exception):
    """The site cannot be built beside its directory: it is rebuilt where it is. The message says why."""


def begin(site_dir: str | Path) -> Staging:
    """Prepare a build beside `site_dir`, after removing what a killed build left there; InPlace if it cannot be."""
    staging = Staging(Path(os.path.realpath(site_dir)))  # a symlinked site: its directory is swapped
    if os.path.ismount(staging.target):  # no rename moves a mount point
        raise InPlace(f"{staging.target} is a mount point; the site is rebuilt where it is")
    aside = beside(staging.target, "previous")
    if os.path.lexists(aside) and not os.path.lexists(staging.target):
        os.rename(aside, staging.target)  # killed between the two renames of a swap (see swap): put it back
    for leftover in (staging.building, staging.search_scratch, aside):  # what a killed build left
        remove(leftover)
    try:
        staging.building.mkdir(parents=True)
    except OSError as error:
        raise InPlace(f"cannot write beside {staging.target} ({error}); the site is rebuilt where it is") from None
    return staging


def publish(staging: Staging) -> None:
    """The end of a complete build: the new site takes the previous one's place, which is then removed."""
    previous = swap(staging.building, staging.target)
    if previous is not None:
        remove(previous)


def discard(staging: Staging) -> None:
    """The end of a failed or interrupted build: what it wrote goes, the previous site stays."""
    for path in (staging.building, staging.search_scratch):
        shutil.rmtree(path, ignore_errors=True)  # never hides the error that stopped the build


def swap(building: Path, target: Path) -> Path | None:
    """Put `building` in the place of `target`; returns where the previous site now is, if there was one."""
    if not os.path.lexists(target):
        os.rename(building, target)
        return None
    if exchange(building, target):  # one step: `target` is never missing
        return building
    aside = beside(target, "previous")  # two steps: `target` is missing for the time of one rename
    os.rename(target, aside)
    os.rename(building, target)
    return aside


def exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swaps two paths atomically. False where it is not available."""
    renameat2 = exchange_function()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


@functools.cache
def exchange_function():
    """glibc's renameat2, or None where there is none (not Linux, glibc older than 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
