"""The index of cited documents, and an entry per cited document listing the paragraphs that cite it."""

from __future__ import annotations

from plansite.render.context import RenderContext
from plansite.render.paging import Listing, by_province, paginate
from plansite.render.urls import Paths

# The other entries of the same number an entry links to, at most: a number without its year (`1/KH-UBND`)
# may be cited with as many dates as there are plans.
NAMESAKES_SHOWN = 10


def listing(context: RenderContext, entry) -> Listing:
    """The citing documents, each with its citing paragraphs, by the province of the citing document (central
    documents first): a law every plan cites would otherwise list every plan on one page. A document weighs
    as many rows as it has citing paragraphs."""
    groups = by_province(entry.mentions_by_document(), lambda row: context.graph.province_of(row[0]))
    return paginate(Paths.cited(entry.key), groups, context.rows_per_page, weight=lambda row: len(row[1]))


def pages(context: RenderContext):
    entries = context.graph.cited.values()
    for entry in entries:
        # A document held in the corpus and cited often gets an entry too: it lists the citing paragraphs, so
        # the document's own page stays the same size however often it is cited; cited a few times, its own
        # page lists them (RenderContext.cited_on_document). Search finds such a document by its own page;
        # the entry would only be a second result for the same document.
        if context.cited_on_document(entry):
            continue
        split = listing(context, entry)
        yield context.html_page(Paths.cited(entry.key), "cited.html.j2", entry.title, search=entry.target is None,
                                entry=entry, node_label=context.node_label, listing=split, namesakes_shown=NAMESAKES_SHOWN)
        for part in split.own_parts:
            yield context.html_page(part.path, "cited_part.html.j2", part.title(entry.title), search=False,
                                    entry=entry, node_label=context.node_label, part=part)
    # Every plan that another cites has an entry: the index is numbered, most cited first.
    index = paginate(Paths.cited_index, [("", "", sorted(entries, key=lambda e: (-len(e.mentions), e.label)))], context.rows_per_page)
    yield context.markdown_page(Paths.cited_index, "cited_index.md.j2", "Văn bản được viện dẫn", entries=index.rows, listing=index)
    for part in index.own_parts:
        yield context.html_page(part.path, "cited_index_part.html.j2", part.title("Văn bản được viện dẫn"), search=False,
                                listing=index, part=part)
