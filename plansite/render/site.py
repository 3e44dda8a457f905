"""Render the corpus into site files: the pages of every page kind (plansite/render/pages), their downloads
and the open data, as a mapping {path inside the docs tree: content}. The MkDocs plugin serves it as
generated files; scripts/build_pages.py --out writes it to disk for inspection.

A page written in HTML (`Page.html`) reaches MkDocs as a placeholder: `HtmlBlocks` holds its HTML, headings
and metadata for the plugin, which puts them back after Python-Markdown (see blocks.py). Markdown pages
carry their metadata as front matter.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from plansite.corpus.model import PublishedCorpus
from plansite.render import reads
from plansite.render.blocks import HtmlBlocks
from plansite.render.context import DIRECTIVE_ID, RenderContext
from plansite.render.page import Download, FileContent, Page
from plansite.render.pages import KINDS
from plansite.render.paging import ROWS_PER_PAGE
from plansite.runtime.forking import ITEMS_PER_TASK, PARALLEL_FROM, chunks, map_in_workers, worker_count
from plansite.runtime.gcpause import gc_paused

SiteFile = FileContent


def page_source(page: Page, blocks: HtmlBlocks) -> str:
    """What MkDocs reads for a page."""
    if page.html and blocks.defer:
        # The metadata travels with the held page, never through front matter: values from corpus files
        # would be parsed again as YAML by MkDocs (a C1 control character made it drop the block).
        return str(blocks.hold_page(page.path, page.body, page.headings, page.front_matter()))
    # JSON is valid YAML and far quicker to write than YAML itself.
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page.front_matter().items())
    return f"---\n{header}---\n{page.body}"


def _origin(kind, item=None) -> str:
    """Which part of the site made a file, for the message when two files take one path."""
    if item is None:
        return f"trang {kind.__name__.rsplit('.', 1)[-1]}"
    return f"{kind.ITEM_NAME} '{item}'"


class Spill:
    """Downloads written into the site as they are made, rather than held until MkDocs writes them: at 10,000
    plans the source files, the side-by-side parts, the open data and the calendars take 204 MB on disk (`du`),
    which a build held to the end of its render, and a forked render worker sent through a pipe. A download is
    first written under a name of its own (`take`: a worker writes there too), then moved to its path by the
    process that checks every path (`SiteFiles.add`). MkDocs, given the file at its own place, leaves it there."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.parts = site / ".plansite-parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count()

    def take(self, content: SiteFile) -> SiteFile:
        """A download's bytes written under a name of their own (`Spilled`); any other content as it is."""
        if not isinstance(content, bytes):
            return content
        part = self.parts / f"{os.getpid()}-{next(self._numbers)}"
        part.write_bytes(content)
        return Spilled(part)

    def done(self) -> None:
        shutil.rmtree(self.parts, ignore_errors=True)


class Spilled(type(Path())):
    """A download's bytes written by `Spill.take`, not yet at their path."""


class SiteFiles:
    """The generated files. Two different files for one path (an id the validator let through) stop the build,
    naming both: never is one silently replaced. The same corpus file published twice is one file.
    With a `spill`, a download's bytes are written into the site at its path and the file is that path."""

    def __init__(self, blocks: HtmlBlocks, spill: Spill | None = None) -> None:
        self.blocks = blocks
        self.spill = spill
        self.files: dict[str, SiteFile] = {}
        self._origins: dict[str, str] = {}
        self._spilled: set[str] = set()  # the paths whose file the spill wrote

    def add(self, path: str, content: SiteFile, origin: str) -> None:
        if self.spill is not None:
            content = self.spill.take(content)
        if path in self.files:
            # A download written to disk is the same file as another by its bytes; it differs from anything
            # else (a page, a corpus file), as it would held in memory.
            if isinstance(content, Spilled):
                same = path in self._spilled and self.files[path].read_bytes() == content.read_bytes()
                content.unlink()
            else:
                same = path not in self._spilled and self.files[path] == content
            if not same:
                raise RuntimeError(f"hai tệp được tạo cùng đường dẫn {path}: {self._origins[path]} và {origin}")
            return
        if isinstance(content, Spilled):
            target = self.spill.site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(content, target)
            content = target
            self._spilled.add(path)
        self.files[path] = content
        self._origins[path] = origin

    def add_all(self, produced: Iterable[Page | Download], origin: str) -> None:
        for item in produced:
            content = item.content if isinstance(item, Download) else page_source(item, self.blocks)
            self.add(item.path, content, origin)


def render_site(published: PublishedCorpus, blocks: HtmlBlocks | None = None, parallel_from: int = PARALLEL_FROM,
                directive_id: str = DIRECTIVE_ID, site_url: str = "", rows_per_page: int = ROWS_PER_PAGE,
                site: Path | None = None) -> dict[str, SiteFile]:
    """Every file of the site. With `site` (the folder the site is being built in), the downloads are written
    there as they are made (`Spill`), and each is the path it was written to."""
    global _SPILL
    with gc_paused():
        context = RenderContext(published, blocks or HtmlBlocks(defer=False), directive_id, site_url, rows_per_page)
        _SPILL = Spill(site) if site is not None else None
        try:
            files = SiteFiles(context.blocks, _SPILL)
            with kinds_in_workers(context, parallel_from) as forked:  # stopped before their files go below
                for kind in KINDS:
                    if not getattr(kind, "IN_WORKERS", False):
                        files.add_all(kind.pages(context), _origin(kind))
                for _kind, results in forked:
                    for produced, worker_blocks, _reads in results:
                        for path, content, origin in produced:
                            files.add(path, content, origin)
                        context.blocks.blocks.update(worker_blocks.blocks)
                        context.blocks.pages.update(worker_blocks.pages)
            return files.files
        finally:
            if _SPILL is not None:
                _SPILL.done()
            _SPILL = None


_CONTEXT: RenderContext | None = None  # what forked workers inherit
_SPILL: Spill | None = None  # and where they write downloads, if anywhere
# The build and its render worker held at most 2.21 times what the build held when it forked the worker (10,000
# plans: 3,833 MB at the end of the render, 1,738 at the fork; 2,000 plans: 2.11 times), with the downloads and the
# pages' HTML written to disk as they are made (`Spill`, `HtmlBlocks.spill`); 2.33 times before.
RENDER_COPIES = 2.25


@contextmanager
def kinds_in_workers(context: RenderContext, parallel_from: int) -> Iterator[list[tuple[object, Iterator]]]:
    """Each kind rendered in forked workers (`IN_WORKERS`) with its results as they come. The workers stop when the
    block ends, also when it fails before reading them all: they would go on rendering, and writing, after it."""
    forked = []
    try:
        forked += [(kind, _start_in_workers(context, kind, parallel_from)) for kind in KINDS if getattr(kind, "IN_WORKERS", False)]
        yield forked
    finally:
        for _kind, results in forked:
            getattr(results, "close", lambda: None)()  # a map, where no worker was forked, has nothing to stop


def _start_in_workers(context: RenderContext, kind, parallel_from: int) -> Iterator[tuple[list, HtmlBlocks]]:
    """A kind with one page per corpus item (documents) is most of the work: on a machine with several cores,
    forked workers render it in chunks while this process renders every other kind."""
    global _CONTEXT
    _CONTEXT = context  # workers forked from here on inherit the corpus, the graph and the templates
    items = kind.items(context)
    # One core is this process's, rendering the other kinds meanwhile: a worker per core besides it. A worker
    # for every core finished the documents no sooner (this process's share is the longer one) and, each
    # worker copying the pages of the corpus it touches, held 574 MB more at 2,000 plans, the build's peak.
    workers = max(worker_count(RENDER_COPIES) - 1, 0) if len(items) >= parallel_from else 0  # worker_count(): 0, or 2 and more
    prefix = "w" if workers else "p"  # keeps held-block keys unique across chunks
    jobs = [(kind.__name__, f"{prefix}{number}-", share) for number, share in enumerate(chunks(items, ITEMS_PER_TASK))]
    return map_in_workers(_render_chunk, jobs, workers)


def _render_chunk(job: tuple[str, str, list]) -> tuple[list[tuple[str, SiteFile, str]], HtmlBlocks, dict | None]:
    """Render some items of a kind with the context of the process that forked this worker: (path, content,
    origin) for each file, so that the parent checks every path; and, when reads are recorded (reads.py),
    what each item read."""
    module, prefix, items = job
    kind = next(k for k in KINDS if k.__name__ == module)
    blocks = HtmlBlocks(_CONTEXT.blocks.defer, prefix, _CONTEXT.blocks.spill)
    produced = []
    noted = {} if reads.is_recording() else None
    for item in items:
        with reads.reads_into(set()) as read:
            paths = []
            for output in kind.render_item(_CONTEXT, item):
                content = output.content if isinstance(output, Download) else page_source(output, blocks)
                if _SPILL is not None:  # a download written here, not sent through the pipe
                    content = _SPILL.take(content)
                produced.append((output.path, content, _origin(kind, item)))
                paths.append(output.path)
        if noted is not None:
            noted[item] = (frozenset(read), tuple(paths))
    return produced, blocks, noted


def write_site_files(published: PublishedCorpus, out: Path) -> int:
    files = render_site(published)
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return len(files)
