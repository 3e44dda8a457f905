"""A document's page (metadata, chain, full text, extracts, provenance) and its downloads."""

from __future__ import annotations

from markupsafe import Markup, escape

from plansite.corpus.extracts import SECTIONED
from plansite.corpus.model import Document, Node
from plansite.render import opendata
from plansite.render.context import RenderContext
from plansite.render.environment import format_date
from plansite.render.markdown_text import search_variants
from plansite.render.page import Download
from plansite.render.urls import Paths, html_href

IN_WORKERS = True  # most of the build's work, one page per document, independent of each other
ITEM_NAME = "văn bản"
# A node that has children is a heading; below this depth it is a bold paragraph instead.
MAX_HEADING_DEPTH = 3


class DocumentView:
    def __init__(self, context: RenderContext, document: Document) -> None:
        graph = context.graph
        self.document = document
        self.page = Paths.document(document.id)
        self.locality = graph.locality_of(document)
        self.chain = graph.chain(document)
        self.parents = graph.delays(document)
        self.children = graph.children.get(document.id, [])
        self.cited_here = graph.citations_by_document(document)
        self.cited_entry = graph.cited_by_target.get(document.id)
        self.inferred = document.inferred_fields()
        self.extracts = SECTIONED
        self.node_label = context.node_label
        self._graph = graph

    def label(self, node_id: str) -> str:
        return self.node_label(self.document, node_id)

    def node_text(self, node: Node) -> Markup:
        """A node's text as HTML, escaped, each citation linked to the document or to its citation entry."""
        text, out, position = node.text, [], 0
        for citation, entry in self._graph.citations_in(self.document, node):
            if citation.start < position:
                continue
            target = Paths.document(entry.target.id) if entry.target else Paths.cited(entry.key)
            out.append(escape(text[position:citation.start]))
            out.append(Markup('<a href="%s">') % html_href(self.page, target) + escape(text[citation.start:citation.end]) + Markup("</a>"))
            position = citation.end
        out.append(escape(text[position:]))
        out.append(search_variants(text))
        return Markup("").join(out)

    def body_layout(self) -> list[tuple[str, object]]:
        """The body in reading order as ("heading", (node, depth)) and ("paragraphs", [(node, depth), ...]).

        Nodes with children near the top are headings (they make the table of contents); runs of other nodes
        are grouped so that each run is written as one HTML block.
        """
        layout: list[tuple[str, object]] = []

        def walk(nodes, depth: int) -> None:
            for node in nodes:
                if node.children and depth < MAX_HEADING_DEPTH:
                    layout.append(("heading", (node, depth)))
                else:
                    if not layout or layout[-1][0] != "paragraphs":
                        layout.append(("paragraphs", []))
                    layout[-1][1].append((node, depth))
                walk(node.children, depth + 1)

        walk(self.document.body, 0)
        return layout


def items(context: RenderContext) -> list[str]:
    return list(context.corpus.documents)


def render_item(context: RenderContext, doc_id: str):
    document = context.corpus.documents[doc_id]
    published = context.published
    yield Download(Paths.download(document.id, "yaml"), published.files[document.id])
    yield Download(Paths.download(document.id, "json"), opendata.document_json(published.records[document.id]))
    if document.provenance.source_file:
        yield Download(Paths.source(document.provenance.source_file), published.source_file(document))
    meta = {"description": _description(document), "jsonld": opendata.legislation_jsonld(document, context.corpus)}
    yield context.html_page(Paths.document(document.id), "document.html.j2", f"{document.short_title} – {document.issuer.name}",
                            meta=meta, view=DocumentView(context, document))


def pages(context: RenderContext):
    for doc_id in items(context):
        yield from render_item(context, doc_id)


def _description(document: Document) -> str:
    date = f" ngày {format_date(document.date)}" if document.date else ""
    return f"{document.short_title}{date} của {document.issuer.name} {document.title}"[:300]
