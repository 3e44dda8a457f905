"""Headings of a page written in HTML, and the table of contents they make.

MkDocs builds a page's table of contents from the Markdown headings Python-Markdown saw. The pages written
in HTML (templates/*.html.j2) write each heading through `Outline.heading`, which produces the same HTML as
the `toc` extension and remembers the heading.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

from plansite.corpus.extracts import SECTIONED

_ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


class Heading(NamedTuple):
    level: int
    id: str
    title: str  # HTML, escaped


class Outline:
    def __init__(self) -> None:
        self.headings: list[Heading] = []

    def heading(self, level: int, anchor: str, text: object) -> Markup:
        """`<hN id=…>text<a class="headerlink">#</a></hN>`, as Python-Markdown's `toc` writes it (mkdocs.yml: no
        title; docs/assets/frame.js gives every permalink the same tooltip)."""
        title, anchor = escape(text), escape(anchor)
        self.headings.append(Heading(level, str(anchor), str(title)))
        return Markup(
            f'<h{level} id="{anchor}">{title}'
            f'<a class="headerlink" href="#{anchor}">#</a></h{level}>'
        )


def toc_tokens(headings: list[Heading], max_level: int = 6) -> list[dict]:
    """Nest headings as Python-Markdown's `toc_tokens` do ({level, id, name, children}), up to `max_level`."""
    roots: list[dict] = []
    open_tokens: list[dict] = []  # the current branch, outermost first
    for heading in headings:
        if heading.level > max_level:
            continue
        token = {"level": heading.level, "id": heading.id, "name": heading.title, "children": []}
        while open_tokens and open_tokens[-1]["level"] >= heading.level:
            open_tokens.pop()
        (open_tokens[-1]["children"] if open_tokens else roots).append(token)
        open_tokens.append(token)
    return roots


def anchor_ids(html: str) -> set[str]:
    """Every `id` in a piece of HTML: the anchors other pages may link to."""
    return set(_ID_ATTRIBUTE.findall(html))


_TEMPLATES = Path(__file__).resolve().parent / "templates"
_PAGE_ANCHORS = re.compile(r'heading\(\d, "([a-z0-9-]+)"|\bid="([a-z0-9-]+)"')


def document_page_anchors() -> frozenset[str]:
    """The anchors the document page gives its own parts (`top`, `thong-tin`, `noi-nhan`…), read from its
    template, and its extracts' sections (corpus/extracts.py): a body node may not take one (its id would
    appear twice)."""
    text = (_TEMPLATES / "document.html.j2").read_text(encoding="utf-8")
    return frozenset(a or b for a, b in _PAGE_ANCHORS.findall(text)) | {extract.section for extract in SECTIONED}
