"""What every page kind renders with: the corpus, its graph, the templates and the URL helpers."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from markupsafe import Markup

from plansite.analysis.calendar import Due, entries
from plansite.analysis.graph import Graph, build_graph
from plansite.analysis.pairs import CorpusAlignments
from plansite.analysis.today import Today, locality_today
from plansite.corpus.model import PublishedCorpus
from plansite.render.blocks import HtmlBlocks
from plansite.render.environment import environment
from plansite.render.labels import NodeLabels
from plansite.render.outline import Outline
from plansite.render.page import Download, Later, Page
from plansite.render.paging import ROWS_PER_PAGE, regroup
from plansite.render.urls import Paths, alignment_link, html_href
from plansite.runtime.gcpause import page_made

# The document the site is about: the root of the one implementation tree the site draws. A document whose
# chains reach another root only is shown apart, as carrying out that other document.
DIRECTIVE_ID = "trung-uong-28-ct-tw-2023"
# A document the corpus holds, cited by at most this many paragraphs of other documents, lists them on its own
# page (`cited_on_document`): a few rows there, at most about 15 KB.
CITED_ON_DOCUMENT = 60


class Reused(NamedTuple):
    """A page not rendered again: the previous build's page at this path stands."""

    path: str


class RenderContext:
    def __init__(self, published: PublishedCorpus, blocks: HtmlBlocks, directive_id: str = DIRECTIVE_ID,
                 site_url: str = "", rows_per_page: int = ROWS_PER_PAGE) -> None:
        self.published = published
        self.rows_per_page = rows_per_page  # how many rows a listing's page holds at most (render/paging.py)
        self.site_url = site_url  # the canonical address, for files read outside the site (iCalendar feeds)
        self.corpus = published.corpus
        self.graph: Graph = build_graph(self.corpus)
        self.directive = self.corpus.documents.get(directive_id)
        self.directive_tree = self.graph.tree_of(directive_id)
        # Every plan against each document it carries out, before the document pages' workers fork: a parent's
        # page and its children's pages all read the same pairs.
        self.alignments = CorpusAlignments(self.corpus)
        self.node_label = NodeLabels()
        self.blocks = blocks  # the HTML blocks of Markdown pages, held back from Python-Markdown
        self.markdown_env = environment(markdown=True)
        self.markdown_env.filters["html_block"] = blocks.hold
        self.html_env = environment(markdown=False)
        self.html_env.filters["html_block"] = Markup  # an HTML page is held whole: its blocks need nothing
        # Incremental rendering (incremental.py): a page this says is unchanged is not rendered again, and
        # comes back as `Reused`, which the caller replaces with the previous build's page.
        self.reuse: Callable[[str], bool] | None = None
        # Under `mkdocs serve` (incremental.py): a download's content is made when asked for, not when yielded.
        self.defer_files = False

    @cached_property
    def due(self) -> list[Due]:
        """What falls due, for the calendar and for the localities' links to their feeds."""
        return entries(self.corpus)

    def locality_today(self, locality) -> Today:
        """What a former unit is today (analysis/today.py): its page and its documents' cards say it."""
        return locality_today(self.graph.history, locality)

    def download(self, path: str, make: Callable[[], str | bytes]) -> Download:
        """A file made by the site (not a corpus file): its content now, or `Later` when `defer_files`."""
        return Download(path, Later(make) if self.defer_files else make())

    def cited_on_document(self, entry) -> bool:
        """Whether a cited document's citing paragraphs are listed on its own page rather than on an entry of
        their own: when the corpus holds it and they are few (at most CITED_ON_DOCUMENT).
        Most held documents are cited by their children alone: at 2,000 plans, 1,270 of the 1,281 entries
        were such documents', 984 of them for at most five paragraphs, each entry a page of 14 KB around 1 KB
        of rows, and one more page through the theme."""
        return entry.target is not None and entry.paragraph_count <= CITED_ON_DOCUMENT

    def cited_place(self, entry) -> tuple[str, str]:
        """Where a cited document's citing paragraphs are listed: (page, anchor)."""
        if self.cited_on_document(entry):
            return Paths.document(entry.target.id), "duoc-vien-dan"
        return Paths.cited(entry.key), ""

    def reused(self, path: str) -> Reused | None:
        """The previous build's page at `path` when incremental rendering keeps it: what a kind yields instead
        of the page, before making what only the page needs."""
        return Reused(path) if self.reuse is not None and self.reuse(path) else None

    def markdown_page(self, path: str, template: str, title: str, meta: dict | None = None, **context) -> Page:
        if self.reused(path):
            return Reused(path)
        body = self._render(self.markdown_env, path, template, context)
        return Page(path, title, body, meta=meta or {})

    def html_page(self, path: str, template: str, title: str, meta: dict | None = None, search: bool = True, **context) -> Page:
        """A page written wholly in HTML: Python-Markdown would cost more than the rest of its build."""
        if self.reused(path):
            return Reused(path)
        outline = Outline()
        body = self._render(self.html_env, path, template, dict(context, outline=outline))
        return Page(path, title, body, html=True, headings=tuple(outline.headings), meta=meta or {}, search=search)

    def html_part(self, shown_on: str, template: str, **context) -> str:
        """HTML that a page fetches and shows (it is not a page of its own): its links relative to that page,
        `shown_on`."""
        return self._render(self.html_env, shown_on, template, dict(context, outline=Outline()))

    def _render(self, env, path: str, template: str, context: dict) -> str:
        def link(target: str, anchor: str = "") -> Markup:
            """A Markdown link target: MkDocs checks and rewrites it. For the few links in Markdown syntax."""
            relative = posixpath.relpath(target, posixpath.dirname(path) or ".")
            return Markup(relative + (f"#{anchor}" if anchor else ""))

        def href(target: str, anchor: str = "") -> Markup:
            return html_href(path, target, anchor)

        html = env.get_template(template).render({
            "page": path, "link": link, "href": href, "paths": Paths, "graph": self.graph, "corpus": self.corpus,
            "node_label": self.node_label, "rows_per_page": self.rows_per_page, "regroup": regroup,
            "cited_place": self.cited_place, "alignment_link": alignment_link, "locality_today": self.locality_today, **context,
        })
        page_made()  # the render's reference cycles are garbage now (plansite/runtime/gcpause.py)
        return html
