"""The localities index, and a page per locality with its documents and those of its sub-localities."""

from __future__ import annotations

from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    graph = context.graph
    for locality in context.corpus.localities.values():
        documents = [d for sub in [locality, *graph.sub_localities(locality)] for d in graph.documents_by_locality.get(sub.id, [])]
        yield context.html_page(Paths.locality(locality.id), "locality.html.j2", locality.full_name,
                                locality=locality, documents=documents)
    yield context.markdown_page(Paths.localities, "localities_index.md.j2", "Địa phương")
