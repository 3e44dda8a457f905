"""Large HTML blocks held back from Python-Markdown, and pages written wholly in HTML."""

from __future__ import annotations

import os
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from plansite.render.outline import Heading, anchor_ids


@dataclass
class HeldPage:
    block: str  # the key of its HTML in HtmlBlocks.blocks
    headings: list[Heading]
    meta: dict  # its front matter
    # Every id in its HTML, what links into it may name, joined by NUL (`anchor_ids` gives them as a set): as
    # sets, the ids of the 2,000-plan site's held pages took 16.2 MB, joined 1.2 MB (measured).
    anchors: str = ""

    def anchor_ids(self) -> set[str]:
        return set(self.anchors.split("\0")) - {""}


class Stored(NamedTuple):
    """A compressed block written to a file (`HtmlBlocks` with `spill`): where it is."""

    file: str
    offset: int
    length: int


class _SpillFile:
    """This process's file of blocks in a folder: one a process, however many HtmlBlocks it fills, so that reading
    them back takes one descriptor per process; a forked worker opens its own (`_append`)."""

    def __init__(self, folder: Path) -> None:
        self.process, self.folder = os.getpid(), folder
        self.name = str(folder / str(self.process))  # the folder is made by the build (HtmlBlocks): never here
        self.descriptor = os.open(self.name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.size = os.fstat(self.descriptor).st_size

    def append(self, compressed: bytes) -> Stored:
        written = 0
        while written < len(compressed):
            written += os.write(self.descriptor, compressed[written:])
        stored = Stored(self.name, self.size, len(compressed))
        self.size += len(compressed)
        return stored


_writer: _SpillFile | None = None


def _append(folder: Path, compressed: bytes) -> Stored:
    global _writer
    if _writer is None or _writer.process != os.getpid() or _writer.folder != folder:
        _close_writer()  # a previous build's, or the parent's (closed here, in this process only)
        _writer = _SpillFile(folder)
    return _writer.append(compressed)


def _close_writer(folder: Path | None = None) -> None:
    """This process's spill file closed: the one in `folder`, or whichever it is."""
    global _writer
    if _writer is not None and folder in (None, _writer.folder):
        os.close(_writer.descriptor)
        _writer = None


class HtmlBlocks:
    """Large HTML blocks held back from Python-Markdown, which would only parse them to pass them through.

    Measured on 500 plans: Markdown spent about 25 ms a document page in its HTML parser on blocks it does
    not change. With `defer` on, a block becomes an empty placeholder element and `restore` puts the HTML
    back into the page MkDocs produced. With `defer` off (writing Markdown files), blocks stay inline.
    A page written wholly in HTML (`hold_page`) also leaves its headings, for the table of contents, and its
    front matter, so that its HTML can be indexed for search before MkDocs reads the page.

    Every block is held compressed until a page is written: the held pages are most of a build's memory
    (as text, about twice their UTF-8 size, since Vietnamese letters take two bytes each). zlib at level 1
    keeps about a quarter of the UTF-8 bytes of a page.

    With `spill` (a folder), the compressed blocks are written to a file there as they are made, each process its
    own, and only where each is is held: 29.0 MB of blocks at 2,000 plans that a build held from its render to its
    end, beside a render worker's copy of the corpus at 10,000 plans. With the ids joined (`HeldPage.anchors`), the
    build held 2,147 MB at the end of the render at 10,000 plans instead of 2,280. `release` removes the folder.
    """

    PLACEHOLDER = re.compile(r'<div data-plansite-block="([\w-]+)"></div>')

    def __init__(self, defer: bool, prefix: str = "b", spill: Path | None = None):
        self.defer = defer
        self.prefix = prefix  # keeps keys unique when several processes render parts of one site
        self.spill = spill
        if spill is not None:
            spill.mkdir(parents=True, exist_ok=True)
        self.blocks: dict[str, bytes | Stored] = {}  # compressed UTF-8: `html(key)` gives the text back
        self.pages: dict[str, HeldPage] = {}  # page path (`van-ban/x.md`) -> a page held whole
        self._readers: dict[str, int] = {}  # spill file -> a descriptor to read it

    def hold(self, html: str) -> Markup:
        if not self.defer:
            return Markup(html)
        return self._placeholder(self._store(html))

    def hold_page(self, page: str, html: str, headings, meta: dict) -> Markup:
        if not self.defer:
            return Markup(html)
        key = self._store(html)
        self.pages[page] = HeldPage(key, list(headings), meta, "\0".join(sorted(anchor_ids(html))))
        return self._placeholder(key)

    def _store(self, html: str) -> str:
        key = f"{self.prefix}{len(self.blocks)}"
        compressed = zlib.compress(str(html).encode("utf-8"), 1)
        self.blocks[key] = compressed if self.spill is None else _append(self.spill, compressed)
        return key

    def html(self, key: str) -> str:
        block = self.blocks[key]
        if isinstance(block, Stored):
            reader = self._readers.get(block.file)
            if reader is None:
                opened = os.open(block.file, os.O_RDONLY)
                reader = self._readers.setdefault(block.file, opened)
                if reader != opened:  # another thread opened it meanwhile
                    os.close(opened)
            block = os.pread(reader, block.length, block.offset)  # no shared position: safe from any thread
        return zlib.decompress(block).decode("utf-8")

    def release(self) -> None:
        """The spill folder removed, once no block is wanted any more."""
        if self.spill is None:
            return
        readers, self._readers = self._readers, {}
        for descriptor in readers.values():
            os.close(descriptor)
        _close_writer(self.spill)
        shutil.rmtree(self.spill, ignore_errors=True)

    def __getstate__(self) -> dict:  # sent from a worker: its descriptors stay there
        return {**self.__dict__, "_readers": {}}

    @staticmethod
    def _placeholder(key: str) -> Markup:
        return Markup(f'\n\n<div data-plansite-block="{key}"></div>\n\n')

    def page_html(self, page: str) -> str:
        return self.html(self.pages[page].block)

    def restore(self, page_html: str) -> str:
        return self.PLACEHOLDER.sub(lambda match: self.html(match.group(1)), page_html)
