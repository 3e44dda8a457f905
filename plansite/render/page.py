"""What a page kind produces, whatever engine turns it into a site: pages and files to publish."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from plansite.render.outline import Heading

# A published file: text, bytes, or a file of the corpus copied as it is (never read into memory).
FileContent = str | bytes | Path


@dataclass(frozen=True)
class Page:
    """One page. `body` is HTML when `html` (the pages whose number grows with the corpus: their headings
    come along for the table of contents) and Markdown otherwise. `meta` holds what else the theme shows:
    description, JSON-LD, hidden parts."""

    path: str  # in the docs tree: `van-ban/x.md`
    title: str
    body: str
    html: bool = False
    headings: tuple[Heading, ...] = ()
    meta: Mapping = field(default_factory=dict)
    search: bool | None = None  # None: not a page of its own content (index pages); see search/pagefind.py

    def front_matter(self) -> dict:
        """All the page's metadata, as MkDocs' page.meta holds it."""
        data = {"title": self.title, **self.meta}
        if self.search is not None:
            data["search"] = self.search
        return data


@dataclass(frozen=True)
class Download:
    """A file published as it is: open data, a document's YAML or JSON, a source file."""

    path: str
    content: FileContent


@dataclass(frozen=True)
class Later:
    """The content of a download, made only when asked for (`RenderContext.download`): under `mkdocs serve`, an
    edit's downloads (feeds, open data, the corpus archive) are made after its pages are in place."""

    make: Callable[[], str | bytes]
