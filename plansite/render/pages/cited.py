"""The index of cited documents, and an entry per cited document listing the paragraphs that cite it."""

from __future__ import annotations

from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    entries = context.graph.cited.values()
    for entry in entries:
        # Documents held in the corpus get an entry too: it lists the citing paragraphs, so the document's own
        # page stays the same size however often it is cited. Search finds such a document by its own page;
        # the entry would only be a second result for the same document.
        yield context.html_page(Paths.cited(entry.key), "cited.html.j2", entry.title, search=entry.target is None,
                                entry=entry, node_label=context.node_label)
    yield context.markdown_page(Paths.cited_index, "cited_index.md.j2", "Văn bản được viện dẫn",
                                entries=sorted(entries, key=lambda e: (-len(e.mentions), e.label)))
