"""Rendering the site again after an edit, rendering only the pages the edit changes (`mkdocs serve`).

`RenderState` keeps, from one build to the next: the documents as rendered, every generated file, and what
each page read of the corpus while it was rendered (reads.py: (document id, field) pairs, however the page
reached the document). After an edit:

- when the edited documents changed only in fields that nothing computes relations from (SAFE_FIELDS: the
  title), with the same documents, registries and settings, the pages whose record holds one of the changed
  (id, field) pairs, or (id, "*"), are rendered again and every other page is the previous build's. A pair
  of documents whose alignment changed (the alignment reads every title up the chain) is a change too, to the
  pages that read that pair's alignment or targets. A kind none of whose pages read a change is not run at all, unless it makes files of its
  own (open data, archives): those are made again each time, and with `defer_files` after the pages (`later`).
- anything else (a parent link, a new document, a registry, an edit to a body) renders the whole site again,
  as a build does; the MkDocs plugin still converts and writes only the pages whose content changed.

Either way the files are those a full render of the edited corpus gives, in the same order
(tests/test_serve.py compares the served site with a fresh build).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plansite.corpus.model import Document, PublishedCorpus
from plansite.render import reads
from plansite.render.blocks import HtmlBlocks
from plansite.render.context import DIRECTIVE_ID, RenderContext, Reused
from plansite.render.page import Download, Later
from plansite.render.pages import KINDS
from plansite.render.paging import ROWS_PER_PAGE
from plansite.render.site import SiteFile, SiteFiles, _origin, kinds_in_workers, page_source
from plansite.runtime.forking import PARALLEL_FROM
from plansite.runtime.gcpause import gc_paused

# Fields no analysis builds relations from (graph, citations, coverage): an edit to them alone changes only
# the pages that read them.
SAFE_FIELDS = frozenset({"title"})
_FIELDS = tuple(item.name for item in dataclasses.fields(Document))


@dataclass
class Rendered:
    """One build's render: its files in order, where each came from, what each page read."""

    files: dict[str, SiteFile] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    reads: dict[str, frozenset] = field(default_factory=dict)  # path -> (document id, field) pairs read
    kind_paths: dict[str, list[str]] = field(default_factory=dict)  # a kind -> its paths, in order
    items: dict[str, dict] = field(default_factory=dict)  # a kind rendered per item -> item -> (reads, paths)
    # Kinds that made a file of their own (not a corpus file copied as it is): such a file may read the corpus
    # folder itself (the corpus archive zips every file in it), which no record sees, so the kind always runs.
    makes_files: set[str] = field(default_factory=set)


class RenderState:
    def __init__(self) -> None:
        self.builds = 0
        self.rendered: Rendered | None = None
        self.blocks: HtmlBlocks | None = None
        self.documents: dict[str, Document] | None = None
        self.records: dict | None = None
        self.registries: dict | None = None
        self.settings: tuple | None = None
        self.pairs: dict[tuple[str, str], tuple] = {}
        self.summary = ""  # what the last render did, for the log
        # The downloads this render left to be made later (`defer_files`): their path -> the function making them.
        self.later: dict[str, Callable[[], str | bytes]] = {}
        self._served: dict[str, SiteFile] = {}  # the previous render's files, while a render decides what waits

    def forget(self) -> None:
        """The next render is a whole one (the last one's files did not all reach the site)."""
        self.rendered = None

    def render(self, published: PublishedCorpus, parallel_from: int = PARALLEL_FROM, directive_id: str = DIRECTIVE_ID,
               site_url: str = "", rows_per_page: int = ROWS_PER_PAGE, defer_files: bool = False) -> tuple[dict[str, SiteFile], HtmlBlocks]:
        """The site's files, in the order a full render gives them. With `defer_files`, a download the previous
        render made too is given as it was (its content is made later, by `later`): it is not a page, so
        nothing else waits for it, and it is most of an edit's render (the calendar feeds, the open data,
        the corpus archive)."""
        self.builds += 1
        self.later = {}
        self._served = self.rendered.files if defer_files and self.rendered is not None else {}
        settings = (directive_id, site_url, rows_per_page)
        published = dataclasses.replace(published, records=reads.NotedRecords(published.records))
        with gc_paused():
            changes = self._changes(published, settings)
            if changes is None:
                blocks = HtmlBlocks(defer=True)
                context = RenderContext(published, blocks, directive_id, site_url, rows_per_page)
                context.defer_files = bool(self._served)
                rendered = self._whole(context, parallel_from)
                self.summary = "whole site rendered"
            else:
                blocks = HtmlBlocks(defer=True, prefix=f"i{self.builds}-")  # new keys never meet kept ones
                context = RenderContext(published, blocks, directive_id, site_url, rows_per_page)
                context.defer_files = bool(self._served)
                rendered = self._again(context, changes | self._pair_changes(context))
            self.rendered, self.blocks, self.settings = rendered, blocks, settings
            self.documents, self.records = published.corpus.documents, dict(published.records)
            self.registries = published.registries
            self._served = {}
            self.pairs = {(pair.child.id, pair.parent.id): (pair.alignment, pair.targets)
                          for pairs in context.alignments.by_child.values() for pair in pairs}
        return rendered.files, blocks

    def _changes(self, published: PublishedCorpus, settings: tuple) -> set | None:
        """The (id, field) pairs the edit changed, or None when the whole site must be rendered again."""
        if self.rendered is None or settings != self.settings:
            return None
        documents = published.corpus.documents
        if list(documents) != list(self.documents) or published.registries != self.registries:
            return None
        changes: set = set()
        for doc_id, document in documents.items():
            before = self.documents[doc_id]
            if before is document:
                continue
            fields = {name for name in _FIELDS if getattr(before, name) != getattr(document, name)}
            record, record_before = published.records.get(doc_id), self.records[doc_id]
            if not fields <= SAFE_FIELDS or _without(record, SAFE_FIELDS) != _without(record_before, SAFE_FIELDS):
                return None
            if fields or record != record_before:
                changes |= {(doc_id, name) for name in fields} | {(doc_id, reads.ANY)}
        return changes

    def _pair_changes(self, context: RenderContext) -> set:
        changes = set()
        for pairs in context.alignments.by_child.values():
            for pair in pairs:
                before = self.pairs.get((pair.child.id, pair.parent.id))
                if before is None or not (before[0] is pair.alignment or before[0] == pair.alignment) or before[1] != pair.targets:
                    changes.add(reads.pair_key(pair.child.id, pair.parent.id))
        return changes

    def _whole(self, context: RenderContext, parallel_from: int) -> Rendered:
        rendered = Rendered()
        files = SiteFiles(context.blocks)
        with reads.recording(), kinds_in_workers(context, parallel_from) as forked:
            for kind in KINDS:
                if not getattr(kind, "IN_WORKERS", False):
                    self._run_kind(kind, context, files, rendered, None)
            for kind, results in forked:
                items = rendered.items.setdefault(kind.__name__, {})
                for produced, worker_blocks, noted in results:
                    for path, content, origin in produced:
                        files.add(path, content, origin)
                    context.blocks.blocks.update(worker_blocks.blocks)
                    context.blocks.pages.update(worker_blocks.pages)
                    items.update(noted)
                for item_reads, paths in items.values():
                    for path in paths:
                        rendered.reads[path] = item_reads
        rendered.files, rendered.origins = files.files, files._origins
        return rendered

    def _again(self, context: RenderContext, changes: set) -> Rendered:
        started = time.perf_counter()
        before, rendered = self.rendered, Rendered()
        files = SiteFiles(context.blocks)

        def stale(path: str) -> bool:
            return path not in before.reads or not before.reads[path].isdisjoint(changes)

        context.reuse = lambda path: not stale(path)
        again = 0
        with reads.recording():
            for kind in KINDS:
                name = kind.__name__
                if getattr(kind, "IN_WORKERS", False):
                    done = before.items.get(name, {})
                    items = rendered.items.setdefault(name, {})
                    for item in kind.items(context):
                        if item in done and done[item][0].isdisjoint(changes):
                            items[item] = done[item]
                            for path in done[item][1]:
                                self._keep(path, files, rendered, before)
                            continue
                        again += 1
                        with reads.reads_into(set()) as read:
                            paths = []
                            for output in kind.render_item(context, item):
                                content = output.content if isinstance(output, Download) else page_source(output, context.blocks)
                                files.add(output.path, content, _origin(kind, item))
                                paths.append(output.path)
                        items[item] = (frozenset(read), tuple(paths))
                        for path in paths:
                            rendered.reads[path] = items[item][0]
                elif (name in before.kind_paths and name not in before.makes_files
                      and not any(stale(path) for path in before.kind_paths[name])):
                    for path in before.kind_paths[name]:
                        self._keep(path, files, rendered, before)
                    rendered.kind_paths[name] = before.kind_paths[name]
                else:
                    again += self._run_kind(kind, context, files, rendered, before)
        rendered.files, rendered.origins = files.files, files._origins
        edited = {doc_id for doc_id, name in changes if name != "pair"}
        later = f"; {len(self.later)} downloads left for after the pages" if self.later else ""
        self.summary = (f"{again} pages rendered again for {len(edited)} changed documents "
                        f"in {time.perf_counter() - started:.1f} s, the other {len(rendered.files) - again} files kept{later}")
        return rendered

    def _run_kind(self, kind, context: RenderContext, files: SiteFiles, rendered: Rendered, before: Rendered | None) -> int:
        """Run a kind's pages, noting what each output read; a page the context reuses is the previous one."""
        paths, done = [], 0
        produced = iter(kind.pages(context))
        while True:
            with reads.reads_into(set()) as read:
                try:
                    output = next(produced)
                except StopIteration:
                    break
            if isinstance(output, Download) and isinstance(output.content, Later):
                output = self._made_or_later(output)
            if isinstance(output, Reused):
                self._keep(output.path, files, rendered, before)
                rendered.reads[output.path] = before.reads[output.path] | read
            else:
                files.add_all([output], _origin(kind))
                rendered.reads[output.path] = frozenset(read)
                done += output.path not in self.later
                if isinstance(output, Download) and not isinstance(output.content, Path):
                    rendered.makes_files.add(kind.__name__)
            paths.append(output.path)
        rendered.kind_paths[kind.__name__] = paths
        return done

    def _made_or_later(self, output: Download) -> Download:
        """A deferred download: the file the previous render gave at its path stands until it is made; a new
        path is made now (the pages may link to it)."""
        if output.path in self._served:
            self.later[output.path] = output.content.make
            return Download(output.path, self._served[output.path])
        return Download(output.path, output.content.make())

    def _keep(self, path: str, files: SiteFiles, rendered: Rendered, before: Rendered) -> None:
        """The previous build's file at `path`, with the HTML it holds back from Markdown."""
        content = before.files[path]
        files.add(path, content, before.origins[path])
        rendered.reads.setdefault(path, before.reads.get(path, frozenset()))
        blocks, old = files.blocks, self.blocks
        held = old.pages.get(path)
        if held is not None:
            blocks.pages[path] = held
            blocks.blocks[held.block] = old.blocks[held.block]
        elif isinstance(content, str) and path.endswith(".md"):
            for key in HtmlBlocks.PLACEHOLDER.findall(content):
                blocks.blocks[key] = old.blocks[key]


def _without(record, names: frozenset):
    return {key: value for key, value in record.items() if key not in names} if isinstance(record, dict) else record


def fingerprint(path: str, content: SiteFile, blocks: HtmlBlocks):
    """What a generated file's output depends on, to compare with the previous build's: a page's HTML held
    back from Markdown with its metadata, a Markdown page with its held blocks put back, a corpus file's
    stamp (the copy is made from the file itself)."""
    held = blocks.pages.get(path)
    if held is not None:
        return (blocks.blocks[held.block], held.meta, held.headings)
    if isinstance(content, Path):
        try:
            status = os.stat(content)
        except OSError:
            return None
        return (str(content), status.st_mtime_ns, status.st_size)
    if isinstance(content, str) and path.endswith(".md"):
        return blocks.restore(content)
    return content


def same(before, after) -> bool:
    return before is after or (before is not None and before == after)
