"""Files made in a forked process while this one goes on, then moved into a directory, each in one rename.

Under `mkdocs serve`, an edit's pages are written first and its downloads (calendar feeds, open data, the
corpus archive) are made afterwards, here: the forked process inherits the build's corpus and render as they
were when it started, so what it makes is what that build would have written, whatever the next build does in
this process meanwhile; it runs on the other core, without this process's lock on the interpreter. It writes
into a scratch directory beside the site (`scratch`, on the same file system), and `install` moves each file
into the site with one rename: a reader gets the previous file or the new one, never half of one.

Nothing here knows MkDocs (the plugin starts, stops and installs it).
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from plansite.runtime.staging import remove

FAILED = ".failed"  # in the scratch directory: the traceback of a make that raised


class BackgroundFilesError(Exception):
    """Making the files failed; the message is the traceback from the forked process."""


def can_fork() -> bool:
    return hasattr(os, "fork")


class BackgroundFiles:
    """`makers` (a path inside the site -> the function giving its content) run in a forked process, which
    writes each file under `scratch`; `wait()` then `install(site)`, or `close()` to stop and remove it all."""

    def __init__(self, makers: dict[str, Callable[[], str | bytes]], scratch: Path) -> None:
        self.paths = list(makers)
        self.scratch = scratch
        remove(scratch)
        scratch.mkdir(parents=True)
        self._status: int | None = None
        self._done = threading.Event()
        try:
            self.pid = os.fork()
        except OSError:
            remove(scratch)  # no process, so nothing would remove it
            raise
        if self.pid == 0:  # the forked process: make the files, never return
            _make(makers, scratch)
        threading.Thread(target=self._reap, name="background-files", daemon=True).start()

    def _reap(self) -> None:
        try:
            _, self._status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped elsewhere: its exit status is lost, so it counts as failed
            self._status = -1
        self._done.set()

    def wait(self) -> None:
        """Until every file is written; BackgroundFilesError if a maker raised or the process was stopped."""
        self._done.wait()
        failed = self.scratch / FAILED
        if failed.exists():
            raise BackgroundFilesError(failed.read_text(encoding="utf-8"))
        if not os.WIFEXITED(self._status) or os.WEXITSTATUS(self._status) != 0:
            raise BackgroundFilesError(f"the process making the files ended with status {self._status}")

    def install(self, site: Path) -> None:
        """Each file in its place in `site`, in one rename each; the scratch directory goes."""
        for path in self.paths:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.scratch / path, target)
        remove(self.scratch)

    def close(self) -> None:
        """Stop the process if it still runs, and remove what it wrote."""
        if not self._done.is_set():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._done.wait()
        remove(self.scratch)


def _make(makers: dict[str, Callable[[], str | bytes]], scratch: Path) -> None:
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C on the server's process group ends this one too
        gc.disable()  # a collection would touch, and so copy, every page of the parent's heap
        for path, make in makers.items():
            content = make()
            target = scratch / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        code = 0
    except BaseException:  # noqa: BLE001 - whatever it is, the parent reads it and the process ends here
        try:
            (scratch / FAILED).write_text(traceback.format_exc(), encoding="utf-8")
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)
