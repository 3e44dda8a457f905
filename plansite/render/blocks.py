"""Large HTML blocks held back from Python-Markdown, and pages written wholly in HTML."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from markupsafe import Markup

from plansite.render.outline import Heading, anchor_ids


@dataclass
class HeldPage:
    block: str  # the key of its HTML in HtmlBlocks.blocks
    headings: list[Heading]
    meta: dict  # its front matter
    anchors: frozenset[str] = frozenset()  # every id in its HTML: what links into it may name


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
    """

    PLACEHOLDER = re.compile(r'<div data-plansite-block="([\w-]+)"></div>')

    def __init__(self, defer: bool, prefix: str = "b"):
        self.defer = defer
        self.prefix = prefix  # keeps keys unique when several processes render parts of one site
        self.blocks: dict[str, bytes] = {}  # compressed UTF-8: `html(key)` gives the text back
        self.pages: dict[str, HeldPage] = {}  # page path (`van-ban/x.md`) -> a page held whole

    def hold(self, html: str) -> Markup:
        if not self.defer:
            return Markup(html)
        return self._placeholder(self._store(html))

    def hold_page(self, page: str, html: str, headings, meta: dict) -> Markup:
        if not self.defer:
            return Markup(html)
        key = self._store(html)
        self.pages[page] = HeldPage(key, list(headings), meta, frozenset(anchor_ids(html)))
        return self._placeholder(key)

    def _store(self, html: str) -> str:
        key = f"{self.prefix}{len(self.blocks)}"
        self.blocks[key] = zlib.compress(str(html).encode("utf-8"), 1)
        return key

    def html(self, key: str) -> str:
        return zlib.decompress(self.blocks[key]).decode("utf-8")

    @staticmethod
    def _placeholder(key: str) -> Markup:
        return Markup(f'\n\n<div data-plansite-block="{key}"></div>\n\n')

    def page_html(self, page: str) -> str:
        return self.html(self.pages[page].block)

    def restore(self, page_html: str) -> str:
        return self.PLACEHOLDER.sub(lambda match: self.html(match.group(1)), page_html)
