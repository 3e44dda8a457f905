"""The localities index, and a page per locality that has something to say: its documents and those of its
sub-localities, what it became on 1 July 2025 or what it was made of, and the documents of the units it replaced."""

from __future__ import annotations

import datetime as dt

from plansite.corpus.model import LEVEL_LABELS
from plansite.render.context import RenderContext
from plansite.render.pages.calendar import localities_of
from plansite.render.paging import paginate
from plansite.render.urls import Paths
from plansite.text.folding import fold_key


def pages(context: RenderContext):
    history = context.graph.history
    # The units with a calendar feed (pages/calendar.py): a unit's page links its own.
    feeds = {unit.id for item in context.due for unit in localities_of(item.document, context.corpus)}
    for locality in context.corpus.localities.values():
        if not history.has_page(locality):  # of ~4,100 units, those with something to say (analysis/localities.py)
            continue
        documents, earlier = history.documents(locality), history.earlier(locality)
        # A province lists its districts' and communes' plans: past a page, by year. The units it replaced keep
        # their documents on their own pages; this page then links there with their counts.
        years: dict[str, list] = {}
        for document in documents:
            years.setdefault(str(document.year) if document.year else "", []).append(document)
        order = sorted((year for year in years if year), reverse=True) + ([""] if "" in years else [])
        listing = paginate(Paths.locality(locality.id), [(year or "khong-ro-nam", f"Năm {year}" if year else "Không rõ năm", years[year])
                                                         for year in order], context.rows_per_page)
        earlier_inline = len(documents) + sum(len(unit_documents) for _, _, unit_documents in earlier) <= context.rows_per_page
        yield context.html_page(Paths.locality(locality.id), "locality.html.j2", locality.page_title,
                                locality=locality, documents=documents, earlier=earlier, listing=listing,
                                earlier_inline=earlier_inline, feed=locality.id in feeds)
        for part in listing.own_parts:
            yield context.html_page(part.path, "documents_part.html.j2", part.title(locality.page_title), search=False,
                                    listing=listing, part=part, whole_name=locality.page_title, base=locality.page_title)
    provinces = [unit for unit in context.corpus.localities.values() if unit.level == "province"]
    current = sorted((unit for unit in provinces if unit.is_current), key=lambda unit: fold_key(unit.name))
    current_rows = [
        (unit, [old for old, _ in history.predecessors(unit)],
         len(history.documents(unit)) + sum(len(documents) for _, _, documents in history.earlier(unit)))
        for unit in current
    ]
    with_pages = sorted((unit for unit in context.corpus.localities.values() if history.has_page(unit)),
                        key=lambda unit: (list(LEVEL_LABELS).index(unit.level), fold_key(unit.name), unit.valid_from or dt.date.min))
    # Up to every unit of the registry (some 4,100) once the corpus reaches them all: numbered pages.
    listing = paginate(Paths.localities, [("", "", with_pages)], context.rows_per_page)
    yield context.markdown_page(Paths.localities, "localities_index.md.j2", "Địa phương", current_provinces=current_rows,
                                former_count=sum(1 for unit in provinces if unit.valid_from is None), with_pages=with_pages,
                                listing=listing)
    for part in listing.own_parts:
        yield context.html_page(part.path, "localities_part.html.j2", part.title("Địa phương có trang riêng"), search=False,
                                listing=listing, part=part)
