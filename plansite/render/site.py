"""Render the corpus into site files: the pages of every page kind (plansite/render/pages), their downloads
and the open data, as a mapping {path inside the docs tree: content}. The MkDocs plugin serves it as
generated files; scripts/build_pages.py --out writes it to disk for inspection.

A page written in HTML (`Page.html`) reaches MkDocs as a placeholder: `HtmlBlocks` holds its HTML, headings
and metadata for the plugin, which puts them back after Python-Markdown (see blocks.py). Markdown pages
carry their metadata as front matter.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
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


class SiteFiles:
    """The generated files. Two different files for one path (an id the validator let through) stop the build,
    naming both: never is one silently replaced. The same corpus file published twice is one file."""

    def __init__(self, blocks: HtmlBlocks) -> None:
        self.blocks = blocks
        self.files: dict[str, SiteFile] = {}
        self._origins: dict[str, str] = {}

    def add(self, path: str, content: SiteFile, origin: str) -> None:
        if path in self.files and self.files[path] != content:
            raise RuntimeError(f"hai tệp được tạo cùng đường dẫn {path}: {self._origins[path]} và {origin}")
        self.files[path] = content
        self._origins.setdefault(path, origin)

    def add_all(self, produced: Iterable[Page | Download], origin: str) -> None:
        for item in produced:
            content = item.content if isinstance(item, Download) else page_source(item, self.blocks)
            self.add(item.path, content, origin)


def render_site(published: PublishedCorpus, blocks: HtmlBlocks | None = None, parallel_from: int = PARALLEL_FROM,
                directive_id: str = DIRECTIVE_ID, site_url: str = "", rows_per_page: int = ROWS_PER_PAGE) -> dict[str, SiteFile]:
    with gc_paused():
        context = RenderContext(published, blocks or HtmlBlocks(defer=False), directive_id, site_url, rows_per_page)
        files = SiteFiles(context.blocks)
        forked = [(kind, _start_in_workers(context, kind, parallel_from)) for kind in KINDS if getattr(kind, "IN_WORKERS", False)]
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


_CONTEXT: RenderContext | None = None  # what forked workers inherit


def _start_in_workers(context: RenderContext, kind, parallel_from: int) -> Iterator[tuple[list, HtmlBlocks]]:
    """A kind with one page per corpus item (documents) is most of the work: on a machine with several cores,
    forked workers render it in chunks while this process renders every other kind."""
    global _CONTEXT
    _CONTEXT = context  # workers forked from here on inherit the corpus, the graph and the templates
    items = kind.items(context)
    # One core is this process's, rendering the other kinds meanwhile: a worker per core besides it. A worker
    # for every core finished the documents no sooner (this process's share is the longer one) and, each
    # worker copying the pages of the corpus it touches, held 574 MB more at 2,000 plans, the build's peak.
    workers = max(worker_count() - 1, 0) if len(items) >= parallel_from else 0  # worker_count(): 0, or 2 and more
    prefix = "w" if workers else "p"  # keeps held-block keys unique across chunks
    jobs = [(kind.__name__, f"{prefix}{number}-", share) for number, share in enumerate(chunks(items, ITEMS_PER_TASK))]
    return map_in_workers(_render_chunk, jobs, workers)


def _render_chunk(job: tuple[str, str, list]) -> tuple[list[tuple[str, SiteFile, str]], HtmlBlocks, dict | None]:
    """Render some items of a kind with the context of the process that forked this worker: (path, content,
    origin) for each file, so that the parent checks every path; and, when reads are recorded (reads.py),
    what each item read."""
    module, prefix, items = job
    kind = next(k for k in KINDS if k.__name__ == module)
    blocks = HtmlBlocks(_CONTEXT.blocks.defer, prefix)
    produced = []
    noted = {} if reads.is_recording() else None
    for item in items:
        with reads.reads_into(set()) as read:
            paths = []
            for output in kind.render_item(_CONTEXT, item):
                content = output.content if isinstance(output, Download) else page_source(output, blocks)
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
