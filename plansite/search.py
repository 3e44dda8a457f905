"""The Pagefind search index: a few hundred KB fetched per query, whatever the corpus size.

Pagefind indexes only what is inside `data-pagefind-body` (overrides/main.html puts it around the content
of the pages marked `search: true`), and nothing of the theme around it. That content is known before the
theme is applied: for the pages written in HTML by the corpus templates, as soon as they are rendered; for
any other page, once MkDocs has converted it. So `BackgroundIndex` writes each searchable page's body into a
scratch directory and runs Pagefind on it then, on another core, while MkDocs writes the site. The index is
the one Pagefind makes from the finished site (tests/test_site.py compares them).
`index_site` runs Pagefind over a finished site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path

from markupsafe import escape

LANGUAGE = "vi"
# Permalink symbols (#, ¶ and the printed markers that link to a paragraph) are navigation, not text.
EXCLUDE_SELECTORS = [".headerlink", "a.node-anchor"]


class SearchIndexError(RuntimeError):
    pass


def _pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", LANGUAGE, "--quiet",
        "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS),
    ]
    return command + (["--output-path", str(output)] if output else [])


def _failure(stdout: str, stderr: str) -> SearchIndexError:
    return SearchIndexError(f"Pagefind không lập được chỉ mục tìm kiếm:\n{stdout}\n{stderr}")


def index_site(site_dir: Path, output: Path | None = None) -> str:
    """Run Pagefind (the binary ships inside the `pagefind[extended]` wheel) over a built site."""
    result = subprocess.run(_pagefind_command(site_dir, output), capture_output=True, text=True)
    if result.returncode != 0:
        raise _failure(result.stdout, result.stderr)
    return result.stdout


def search_body_page(title: str, content: str) -> str:
    """What Pagefind reads of a built page: the language, and the body main.html marks with its title."""
    return (
        f'<!doctype html>\n<html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body><div data-pagefind-body data-pagefind-meta="title:{escape(title)}">\n{content}\n</div></body></html>\n'
    )


class BackgroundIndex:
    """Pagefind running on the searchable pages' bodies while the rest of the build goes on.

    A thread writes the bodies into a scratch directory, runs Pagefind on it and removes it: file writes
    and waiting on a process leave Python's lock free, so the build itself is hardly slowed.
    """

    def __init__(self, pages: Iterable[tuple[str, str, str]], output: Path) -> None:
        """`pages`: (path in the site such as `van-ban/x/index.html`, title, body HTML) of every page to index."""
        self.output = output
        self.pages = list(pages)
        self.scratch = Path(tempfile.mkdtemp(prefix="plansite-search-"))
        # Removed when done, and also if the build is interrupted (Ctrl+C under `mkdocs serve`).
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.scratch, True)
        self._process: subprocess.Popen | None = None
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._error: SearchIndexError | None = None
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for path, title, content in self.pages:
                if self._cancelled.is_set():
                    return
                target = self.scratch / path  # the same path as in the site: Pagefind derives the same URL
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(search_body_page(title, content), encoding="utf-8")
            with self._lock:  # close() either sees the process or stops it from starting
                if self._cancelled.is_set():
                    return
                self._process = subprocess.Popen(
                    _pagefind_command(self.scratch, self.output), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            stdout, stderr = self._process.communicate()
            if self._process.returncode != 0 and not self._cancelled.is_set():
                self._error = _failure(stdout, stderr)
        except Exception as error:  # noqa: BLE001 - handed to the build by wait()
            self._error = SearchIndexError(str(error))
        finally:
            self._cleanup()

    def wait(self) -> None:
        """Wait for Pagefind to finish writing the index into `output`."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop: the build failed, or the index is not wanted any more."""
        with self._lock:
            self._cancelled.set()
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()
